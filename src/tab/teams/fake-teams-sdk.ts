/**
 * A stand-in for TeamsJS in tests: records what the tab asks of Teams and lets a test play the
 * host (change the theme, resume a cached tab, save the configuration page).
 */
import type { TabInstanceConfig, TeamsContext, TeamsResumeContext, TeamsSaveEvent, TeamsSdk } from './teams-sdk.ts';

export interface FakeTeams {
  sdk: TeamsSdk;
  /** What app.getContext() answers next. */
  context: TeamsContext;
  calls: { notifySuccess: number; notifyFailure: string[]; setConfig: TabInstanceConfig[]; validity: boolean[] };
  registered: { beforeSuspend: boolean; resume: boolean };
  naaRecommended: boolean | 'throws';
  changeTheme(name: string): void;
  changeContext(context: TeamsContext): void;
  resume(context: TeamsResumeContext): void;
  /** Presses Teams' Save button; resolves with how the page answered. */
  save(): Promise<{ ok: true } | { ok: false; reason?: string }>;
}

/** A fake Teams host; `initialize` may be replaced to hang or fail. */
export function fakeTeams(context: Partial<TeamsContext> = {}, options: { initialize?: () => Promise<void>; setConfig?: (config: TabInstanceConfig) => Promise<void> } = {}): FakeTeams {
  let onTheme: ((name: string) => void) | undefined;
  let onContext: ((context: TeamsContext) => void) | undefined;
  let onResume: ((context: TeamsResumeContext) => void) | undefined;
  let onSave: ((event: TeamsSaveEvent) => void) | undefined;
  const fake: FakeTeams = {
    context: { app: { theme: 'default' }, page: { id: 'plan' }, ...context },
    calls: { notifySuccess: 0, notifyFailure: [], setConfig: [], validity: [] },
    registered: { beforeSuspend: false, resume: false },
    naaRecommended: true,
    sdk: {
      app: {
        initialize: options.initialize ?? (async () => {}),
        getContext: async () => structuredClone(fake.context),
        registerOnThemeChangeHandler: (handler) => {
          onTheme = handler;
        },
        registerOnContextChangeHandler: (handler) => {
          onContext = handler;
        },
        notifySuccess: () => {
          fake.calls.notifySuccess += 1;
        },
        notifyFailure: (message) => {
          fake.calls.notifyFailure.push(message);
        },
        lifecycle: {
          registerBeforeSuspendOrTerminateHandler: () => {
            fake.registered.beforeSuspend = true;
          },
          registerOnResumeHandler: (handler) => {
            fake.registered.resume = true;
            onResume = handler;
          },
        },
      },
      pages: {
        config: {
          registerOnSaveHandler: (handler) => {
            onSave = handler;
          },
          setConfig: async (config) => {
            fake.calls.setConfig.push(config);
            await options.setConfig?.(config);
          },
          setValidityState: (valid) => {
            fake.calls.validity.push(valid);
          },
        },
        getConfig: async () => fake.calls.setConfig.at(-1) ?? { contentUrl: '' },
      },
      nestedAppAuth: {
        isNAAChannelRecommended: () => {
          if (fake.naaRecommended === 'throws') throw new Error('not supported');
          return fake.naaRecommended;
        },
      },
    },
    changeTheme: (name) => onTheme?.(name),
    changeContext: (next) => {
      fake.context = next;
      onContext?.(next);
    },
    resume: (next) => onResume?.(next),
    save: () =>
      new Promise((resolve) => {
        if (!onSave) throw new Error('the page registered no save handler');
        onSave({ notifySuccess: () => resolve({ ok: true }), notifyFailure: (reason) => resolve({ ok: false, reason }) });
      }),
  };
  return fake;
}
