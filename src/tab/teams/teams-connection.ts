/**
 * The tab's live link to Teams once TeamsJS has initialised: the theme and its changes, the
 * subPageId of deep links (at start, and again whenever Teams shows a cached tab or reports a new
 * context, because a cached tab keeps its first context), whether Nested App Authentication is
 * recommended, and telling Teams when the tab has content.
 */
import { tabThemeFromTeams } from '../theme.ts';
import type { TabTheme } from '../theme.ts';
import { loadTeamsSdk } from './teams-sdk.ts';
import type { TeamsContext, TeamsSdk } from './teams-sdk.ts';

/** Why the tab may have to show something else: Teams launched, resumed, or changed its context. */
export interface TeamsLaunch {
  reason: 'start' | 'resume' | 'context' | 'visible';
  /** The deep link's sub-page (`milestone:<id>` …), when Teams reports one. */
  subPageId?: string;
  /** On resume: the address Teams asked for (another tab of the app may reuse this page). */
  contentUrl?: string;
}

export interface TeamsConnection {
  readonly sdk: TeamsSdk;
  readonly context: TeamsContext;
  /** The theme at start; follow changes with onThemeChange. */
  readonly theme: TabTheme;
  /** The launch that opened the tab (its subPageId, if a deep link opened it). */
  readonly launch: TeamsLaunch;
  /** Whether the host recommends Nested App Authentication (see isNaaRecommended). */
  readonly naaRecommended: boolean;
  onThemeChange(listener: (theme: TabTheme) => void): () => void;
  onLaunch(listener: (launch: TeamsLaunch) => void): () => void;
  /** Tells Teams the tab has content (once per launch; again after each resume). */
  notifySuccess(): void;
  /** Tells Teams the tab could not start; Teams shows its own error page. */
  notifyFailure(message: string): void;
}

export type TeamsConnectErrorReason = 'timeout' | 'failed';

/** TeamsJS did not start: not really inside Teams, or the host did not answer in time. */
export class TeamsConnectError extends Error {
  override readonly name = 'TeamsConnectError';
  constructor(
    readonly reason: TeamsConnectErrorReason,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface ConnectTeamsOptions {
  /** Default: TeamsJS itself, loaded in its own chunk. */
  loadSdk?: () => Promise<TeamsSdk>;
  /** How long initialisation may take before the tab carries on as in a browser (default 4 s). */
  timeoutMs?: number;
  /**
   * Opt into app suspension (Teams keeps the page and shows it again) by registering the lifecycle
   * handlers; content pages only, never the configuration page. Default true.
   */
  cacheable?: boolean;
  /** Where to watch for the page becoming visible again; default the page's document. */
  visibility?: VisibilitySource;
}

/** The page's visibility, as `document` reports it. */
export interface VisibilitySource {
  readonly visibilityState: string;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
}

const DEFAULT_TIMEOUT_MS = 4_000;

/** Initialises TeamsJS (within the timeout) and reads the context; rejects with TeamsConnectError. */
export async function connectTeams(options: ConnectTeamsOptions = {}): Promise<TeamsConnection> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TeamsConnectError('timeout', `Teams did not answer within ${timeoutMs} ms.`)), timeoutMs);
  });
  let sdk: TeamsSdk;
  let context: TeamsContext;
  try {
    [sdk, context] = await Promise.race([
      (async () => {
        const loaded = await (options.loadSdk ?? loadTeamsSdk)();
        await loaded.app.initialize();
        return [loaded, await loaded.app.getContext()] as const;
      })(),
      deadline,
    ]);
  } catch (error) {
    if (error instanceof TeamsConnectError) throw error;
    throw new TeamsConnectError('failed', `TeamsJS could not start: ${error instanceof Error ? error.message : String(error)}`, error);
  } finally {
    clearTimeout(timer);
  }
  return new LiveTeamsConnection(sdk, context, options);
}

/** Whether the host recommends Nested App Authentication; false when it cannot say. */
export function isNaaRecommended(sdk: Pick<TeamsSdk, 'nestedAppAuth'>): boolean {
  try {
    return sdk.nestedAppAuth.isNAAChannelRecommended();
  } catch {
    return false;
  }
}

class LiveTeamsConnection implements TeamsConnection {
  readonly theme: TabTheme;
  readonly launch: TeamsLaunch;
  readonly naaRecommended: boolean;
  private readonly themeListeners = new Set<(theme: TabTheme) => void>();
  private readonly launchListeners = new Set<(launch: TeamsLaunch) => void>();
  private reported = false;

  constructor(
    readonly sdk: TeamsSdk,
    readonly context: TeamsContext,
    options: ConnectTeamsOptions,
  ) {
    this.theme = tabThemeFromTeams(context.app.theme);
    this.launch = compactLaunch({ reason: 'start', subPageId: context.page.subPageId });
    this.naaRecommended = isNaaRecommended(sdk);

    sdk.app.registerOnThemeChangeHandler((name) => emit(this.themeListeners, tabThemeFromTeams(name)));
    // Hidden in the TeamsJS reference, yet the way some hosts hand a live tab a new subPageId.
    optional(() => sdk.app.registerOnContextChangeHandler?.((next) => emit(this.launchListeners, compactLaunch({ reason: 'context', subPageId: next.page.subPageId }))));
    if (options.cacheable ?? true) {
      // Registering both handlers is what opts a tab into suspension; nothing needs saving first.
      optional(() => sdk.app.lifecycle.registerBeforeSuspendOrTerminateHandler(async () => {}));
      optional(() =>
        sdk.app.lifecycle.registerOnResumeHandler((resume) => {
          this.reported = false;
          void this.reread('resume', resume.contentUrl.toString());
        }),
      );
    }
    const visibility = options.visibility ?? (typeof document === 'undefined' ? undefined : document);
    visibility?.addEventListener('visibilitychange', () => {
      if (visibility.visibilityState === 'visible') void this.reread('visible');
    });
  }

  onThemeChange(listener: (theme: TabTheme) => void): () => void {
    this.themeListeners.add(listener);
    return () => this.themeListeners.delete(listener);
  }

  onLaunch(listener: (launch: TeamsLaunch) => void): () => void {
    this.launchListeners.add(listener);
    return () => this.launchListeners.delete(listener);
  }

  notifySuccess(): void {
    if (this.reported) return;
    this.reported = true;
    optional(() => void Promise.resolve(this.sdk.app.notifySuccess()).catch(() => undefined));
  }

  notifyFailure(message: string): void {
    this.reported = true;
    optional(() => this.sdk.app.notifyFailure(message));
  }

  /** The context again: Teams reports the deep link of a resumed or re-shown tab only there. */
  private async reread(reason: 'resume' | 'visible', contentUrl?: string): Promise<void> {
    let subPageId: string | undefined;
    try {
      subPageId = (await this.sdk.app.getContext()).page.subPageId;
    } catch {
      subPageId = undefined;
    }
    emit(this.launchListeners, compactLaunch({ reason, subPageId, contentUrl }));
  }
}

function compactLaunch(launch: TeamsLaunch): TeamsLaunch {
  const subPageId = launch.subPageId?.trim();
  return { reason: launch.reason, ...(subPageId ? { subPageId } : {}), ...(launch.contentUrl ? { contentUrl: launch.contentUrl } : {}) };
}

function emit<T>(listeners: Set<(value: T) => void>, value: T): void {
  for (const listener of [...listeners]) listener(value);
}

/** Runs a TeamsJS call that older hosts may not support; the tab works without it. */
function optional(call: () => void): void {
  try {
    call();
  } catch {
    // Not supported by this host (older clients throw "not supported"); carry on without it.
  }
}
