/**
 * The tab's settings, fixed at build time from env/.env.<environment> (see vite.config.ts, which
 * passes only these public keys; secrets never enter the bundle). The address may choose the
 * plan and the theme, but never where Graph is: a link must not be able to send the person's
 * token to another host.
 */
import { isTabTheme, themeFromAddress } from './theme.ts';
import type { TabTheme } from './theme.ts';

export interface TabConfig {
  graphBaseUrl?: string;
  siteId?: string;
  clientId?: string;
  tenantId?: string;
  authorityHost?: string;
  plan: string;
  /** Where the write API is (the service's origin). */
  apiBaseUrl?: string;
  /** The scope asked for to call the API, `<API_APP_ID_URI>/access_as_user`. */
  apiScope?: string;
  /** The local emulator acting as identity provider for demo personas; only the local stack sets it. */
  devIdentityUrl?: string;
}

/** What the service publishes at `/tab-config.json` (src/server/service.ts' PublicTabConfig). */
export interface ServiceTabSettings {
  graphBaseUrl?: string;
  siteId?: string;
  tenantId?: string;
  clientId?: string;
  authorityHost?: string;
  plan?: string;
  apiBaseUrl?: string;
  apiScope?: string;
  devIdentityUrl?: string;
}

/**
 * The build-time settings overlaid with those the service publishes, so one built tab serves any
 * environment. `?plan=` still chooses the plan; a blank published value never clears a built one.
 */
export function withServiceSettings(config: TabConfig, published: ServiceTabSettings, search: string): TabConfig {
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
  const asked = text(new URLSearchParams(search).get('plan') ?? undefined);
  return {
    graphBaseUrl: text(published.graphBaseUrl)?.replace(/\/+$/, '') ?? config.graphBaseUrl,
    siteId: text(published.siteId) ?? config.siteId,
    clientId: text(published.clientId) ?? config.clientId,
    tenantId: text(published.tenantId) ?? config.tenantId,
    authorityHost: text(published.authorityHost)?.replace(/\/+$/, '') ?? config.authorityHost,
    plan: asked ?? text(published.plan) ?? config.plan,
    apiBaseUrl: text(published.apiBaseUrl)?.replace(/\/+$/, '') ?? config.apiBaseUrl,
    apiScope: text(published.apiScope) ?? config.apiScope,
    devIdentityUrl: text(published.devIdentityUrl)?.replace(/\/+$/, '') ?? config.devIdentityUrl,
  };
}

/**
 * The settings for this page: the built ones, then whatever the service beside the tab publishes.
 * A tab hosted without the service (static files only) keeps its built settings.
 */
export async function loadTabConfig(search: string, fetchImpl: typeof fetch = fetch, build: TabBuildConfig = builtIn(), embedded: ServiceTabSettings | undefined = embeddedSettings()): Promise<TabConfig> {
  const config = readTabConfig(search, build);
  // The service writes its settings into the page it serves, so sign-in starts without a round trip.
  if (embedded) return withServiceSettings(config, embedded, search);
  try {
    const answer = await fetchImpl('tab-config.json', { cache: 'no-cache', headers: { Accept: 'application/json' } });
    if (!answer.ok) return config;
    return withServiceSettings(config, (await answer.json()) as ServiceTabSettings, search);
  } catch {
    return config;
  }
}

/** The id of the element in which the service writes its settings into index.html. */
export const EMBEDDED_SETTINGS_ID = 'waymark-settings';

/** The settings the service wrote into this page (`<script id="waymark-settings" type="application/json">`), if any. */
export function embeddedSettings(doc: Pick<Document, 'getElementById'> | undefined = typeof document === 'undefined' ? undefined : document): ServiceTabSettings | undefined {
  const text = doc?.getElementById(EMBEDDED_SETTINGS_ID)?.textContent;
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as ServiceTabSettings) : undefined;
  } catch {
    return undefined;
  }
}

/** The build-time values, as vite.config.ts writes them. */
export interface TabBuildConfig {
  GRAPH_BASE_URL?: string;
  SHAREPOINT_SITE_ID?: string;
  CLIENT_ID?: string;
  TENANT_ID?: string;
  AUTHORITY_HOST?: string;
  WAYMARK_PLAN?: string;
}

declare const __WAYMARK_TAB_CONFIG__: TabBuildConfig | undefined;

const DEFAULT_PLAN = '2026/27';

/** The settings for this page: build-time values, with `?plan=` choosing another plan. */
export function readTabConfig(search: string, build: TabBuildConfig = builtIn()): TabConfig {
  const params = new URLSearchParams(search);
  const blank = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());
  return {
    graphBaseUrl: blank(build.GRAPH_BASE_URL)?.replace(/\/+$/, ''),
    siteId: blank(build.SHAREPOINT_SITE_ID),
    clientId: blank(build.CLIENT_ID),
    tenantId: blank(build.TENANT_ID),
    authorityHost: blank(build.AUTHORITY_HOST),
    plan: blank(params.get('plan') ?? undefined) ?? blank(build.WAYMARK_PLAN) ?? DEFAULT_PLAN,
  };
}

/** Where the tab keeps the theme Teams last gave it. */
export const LAST_TEAMS_THEME = 'waymark.teams-theme';

/**
 * `?theme=light|dark|contrast`, else the theme Teams last gave this tab (`lastTeamsTheme`: so a tab
 * in dark Teams opens dark, not light until TeamsJS has answered), else the system's dark-mode
 * preference, else light.
 */
export function readTheme(search: string, prefersDark: boolean, lastTeamsTheme?: string | null): TabTheme {
  const asked = themeFromAddress(search);
  if (asked) return asked;
  if (isTabTheme(lastTeamsTheme)) return lastTeamsTheme;
  return prefersDark ? 'dark' : 'light';
}

function builtIn(): TabBuildConfig {
  return typeof __WAYMARK_TAB_CONFIG__ === 'undefined' ? {} : __WAYMARK_TAB_CONFIG__;
}
