/**
 * The part of TeamsJS (@microsoft/teams-js) the tab uses, as a narrow interface: tests hand in a
 * fake, and the real library loads in its own chunk only when the page runs inside Teams, so a
 * plain browser never downloads or waits on it.
 */

/** What the host tells the tab about where it is (a subset of TeamsJS' app.Context). */
export interface TeamsContext {
  app: { theme: string; locale?: string; host?: { name?: string; clientType?: string } };
  page: { id: string; subPageId?: string; frameContext?: string };
  channel?: { id?: string; displayName?: string };
  team?: { displayName?: string };
}

/** The tab instance's settings, as pages.config.setConfig takes them. */
export interface TabInstanceConfig {
  contentUrl: string;
  websiteUrl?: string;
  entityId?: string;
  suggestedDisplayName?: string;
}

/** Teams' save event on the configuration page. */
export interface TeamsSaveEvent {
  notifySuccess(): void;
  notifyFailure(reason?: string): void;
}

/** pages.config: the channel tab's configuration page. */
export interface TeamsPagesConfig {
  registerOnSaveHandler(handler: (event: TeamsSaveEvent) => void): void;
  setConfig(config: TabInstanceConfig): Promise<void>;
  setValidityState(valid: boolean): void;
}

/** What Teams passes when it shows a suspended (cached) tab again. */
export interface TeamsResumeContext {
  entityId: string;
  contentUrl: URL;
}

export interface TeamsSdk {
  app: {
    initialize(validMessageOrigins?: string[]): Promise<void>;
    getContext(): Promise<TeamsContext>;
    registerOnThemeChangeHandler(handler: (theme: string) => void): void;
    /** Hidden in TeamsJS' reference; some hosts use it to report a new subPageId to a live tab. */
    registerOnContextChangeHandler?(handler: (context: TeamsContext) => void): void;
    notifySuccess(): Promise<unknown> | void;
    /** Tells Teams the tab could not load; Teams shows its own error page with this message. */
    notifyFailure(message: string): void;
    lifecycle: {
      registerBeforeSuspendOrTerminateHandler(handler: () => Promise<void>): void;
      registerOnResumeHandler(handler: (context: TeamsResumeContext) => void): void;
    };
  };
  pages: { config: TeamsPagesConfig; getConfig(): Promise<TabInstanceConfig> };
  nestedAppAuth: { isNAAChannelRecommended(): boolean };
}

/** Loads TeamsJS (its own chunk) and presents it as a TeamsSdk. */
export async function loadTeamsSdk(): Promise<TeamsSdk> {
  const teams = await import('@microsoft/teams-js');
  return {
    app: {
      initialize: (origins) => teams.app.initialize(origins),
      getContext: async () => (await teams.app.getContext()) as TeamsContext,
      registerOnThemeChangeHandler: (handler) => teams.app.registerOnThemeChangeHandler(handler),
      registerOnContextChangeHandler: (handler) => teams.app.registerOnContextChangeHandler((context) => handler(context as TeamsContext)),
      notifySuccess: () => teams.app.notifySuccess(),
      notifyFailure: (message) => teams.app.notifyFailure({ reason: teams.app.FailedReason.Other, message }),
      lifecycle: {
        registerBeforeSuspendOrTerminateHandler: (handler) => teams.app.lifecycle.registerBeforeSuspendOrTerminateHandler(handler),
        registerOnResumeHandler: (handler) => teams.app.lifecycle.registerOnResumeHandler(handler),
      },
    },
    pages: {
      config: {
        registerOnSaveHandler: (handler) => teams.pages.config.registerOnSaveHandler(handler),
        setConfig: (config) => teams.pages.config.setConfig(config),
        setValidityState: (valid) => teams.pages.config.setValidityState(valid),
      },
      getConfig: () => teams.pages.getConfig(),
    },
    nestedAppAuth: { isNAAChannelRecommended: () => teams.nestedAppAuth.isNAAChannelRecommended() },
  };
}
