/**
 * The tab's settings, fixed at build time from env/.env.<environment> (see vite.config.ts, which
 * passes only these public keys; secrets never enter the bundle). The address may choose the
 * plan and the theme, but never where Graph is: a link must not be able to send the person's
 * token to another host.
 */
import type { TabTheme } from './theme.ts';

export interface TabConfig {
  graphBaseUrl?: string;
  siteId?: string;
  clientId?: string;
  tenantId?: string;
  authorityHost?: string;
  plan: string;
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

/** `?theme=light|dark|contrast`, else the system's dark-mode preference, else light. */
export function readTheme(search: string, prefersDark: boolean): TabTheme {
  const asked = new URLSearchParams(search).get('theme');
  if (asked === 'light' || asked === 'dark' || asked === 'contrast') return asked;
  return prefersDark ? 'dark' : 'light';
}

function builtIn(): TabBuildConfig {
  return typeof __WAYMARK_TAB_CONFIG__ === 'undefined' ? {} : __WAYMARK_TAB_CONFIG__;
}
