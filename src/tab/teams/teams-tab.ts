/**
 * The Teams host adapter the tab's composition root (main.ts and mount.tsx) uses: decide at once whether the
 * page is inside Teams, connect TeamsJS only then (never waiting on it in a browser), follow the
 * Teams theme and deep links, tell Teams when content is on screen, and tell sign-in which way to go.
 */
import type { SignInHost } from '../auth/session.ts';
import type { Route } from '../routing.ts';
import type { TabTheme } from '../theme.ts';
import { connectTeams } from './teams-connection.ts';
import type { ConnectTeamsOptions, TeamsConnection, TeamsLaunch } from './teams-connection.ts';
import { detectTeamsHost } from './teams-host.ts';
import type { HostWindowHints, TeamsHostGuess } from './teams-host.ts';
import { launchAction } from './teams-launch.ts';

export interface TeamsTabStart {
  /** The synchronous guess: 'browser' means TeamsJS is never loaded. */
  host: TeamsHostGuess;
  /** The live connection inside Teams; undefined in a browser or when Teams did not answer. */
  connection: Promise<TeamsConnection | undefined>;
  /** How to sign in here, for Session.start(config, host). Resolves at once in a browser. */
  signInHost(): Promise<SignInHost>;
}

/**
 * Whether TeamsJS has given this page the bridge MSAL's NAA client talks through. TeamsJS sets it
 * up while initialising, only in a frame directly under the host: a page framed deeper has none.
 */
export function hasNaaBridge(): boolean {
  return typeof window !== 'undefined' && (window as Window & { nestedAppAuthBridge?: unknown }).nestedAppAuthBridge !== undefined;
}

/** Starts the Teams side of the tab; returns at once. */
export function startTeamsTab(options: ConnectTeamsOptions & { hints?: HostWindowHints; naaBridge?: () => boolean } = {}): TeamsTabStart {
  const host = detectTeamsHost(options.hints);
  const connection: Promise<TeamsConnection | undefined> =
    host === 'browser'
      ? Promise.resolve(undefined)
      : connectTeams(options).catch((error: unknown) => {
          console.warn(`Waymark carries on outside Teams: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        });
  const naaBridge = options.naaBridge ?? hasNaaBridge;
  return { host, connection, signInHost: async () => signInHostFor(host, await connection, naaBridge()) };
}

/**
 * The sign-in route for this host: Nested App Authentication when Teams recommends it (and the
 * bridge for it is there), the MSAL popup fallback inside Teams otherwise (a framed page cannot
 * redirect to the sign-in page), and redirect sign-in in a plain browser.
 */
export function signInHostFor(host: TeamsHostGuess, connection: TeamsConnection | undefined, naaBridge: boolean): SignInHost {
  if (connection) return connection.naaRecommended && naaBridge ? 'teams-naa' : 'teams';
  return host === 'teams' ? 'teams' : 'browser';
}

/** What following Teams changes in the page. */
export interface TeamsTabSurface {
  /** Moves the tab to a route (src/tab/router.ts' navigate). */
  navigate(route: Route, options: { replace: boolean }): void;
  /** Applies a theme (re-render the tab with it). */
  setTheme(theme: TabTheme): void;
  /** Loads another address afresh (another channel tab's, after Teams reused this page). */
  reload(url: string): void;
  /** The page's current query string and origin. */
  location(): { search: string; origin: string };
}

/** Follows the Teams theme and deep links (including cached-tab resumes); returns a function that stops. */
export function followTeams(connection: TeamsConnection, surface: TeamsTabSurface): () => void {
  let followed: string | undefined;
  const apply = (launch: TeamsLaunch) => {
    const action = launchAction(launch, { followed, ...surface.location() });
    if (launch.subPageId !== undefined) followed = launch.subPageId;
    if (action.kind === 'navigate') surface.navigate(action.route, { replace: action.replace });
    if (action.kind === 'reload') {
      surface.reload(action.url);
      return;
    }
    // A resumed tab already shows content: Teams waits for this before showing it again.
    if (launch.reason === 'resume') connection.notifySuccess();
  };
  surface.setTheme(connection.theme);
  apply(connection.launch);
  const stopTheme = connection.onThemeChange((theme) => surface.setTheme(theme));
  const stopLaunch = connection.onLaunch(apply);
  return () => {
    stopTheme();
    stopLaunch();
  };
}

/** A store whose state says whether anything is on screen yet (the tab's PlanStore fits). */
export interface ContentSource {
  getState(): { status: string };
  subscribe(listener: () => void): () => void;
}

/**
 * Tells Teams the tab has content as soon as the store leaves 'loading' (a cached copy, the plan,
 * or an error the page explains: Teams' own error page would say less).
 */
export function notifyWhenContent(connection: TeamsConnection, store: ContentSource): () => void {
  if (store.getState().status !== 'loading') {
    connection.notifySuccess();
    return () => {};
  }
  const stop = store.subscribe(() => {
    if (store.getState().status === 'loading') return;
    stop();
    connection.notifySuccess();
  });
  return stop;
}
