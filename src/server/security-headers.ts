/**
 * The security headers on everything the service sends, above all the tab's Content Security
 * Policy: the tab runs only its own scripts, talks only to the places it signs in and reads from,
 * and can be framed only by the Microsoft 365 hosts that run Teams tabs (so no other site can
 * frame a signed-in manager's tab and trick them into an update). Set through @fastify/helmet,
 * with every choice written out here rather than left to its defaults, because some of those
 * defaults would stop the tab working in Teams (`X-Frame-Options: SAMEORIGIN`) or signing in
 * (`Cross-Origin-Opener-Policy: same-origin` cuts MSAL's popup off from the tab).
 */
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Where Microsoft 365 frames a tab from: Teams on the web and desktop, the Microsoft 365 app and
 * Outlook, including the *.cloud.microsoft domain they are moving to. Microsoft's list, from
 * "Prerequisites" in the Teams tab requirements (learn.microsoft.com, tabs/how-to/tab-requirements).
 */
export const MICROSOFT_365_TAB_HOSTS = [
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.cloud.microsoft',
  'https://*.microsoft365.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook-sdf.office.com',
  'https://outlook-sdf.office365.com',
] as const;

/**
 * TeamsJS fetches the list of hosts it trusts from here when it starts inside a host (and falls
 * back to a copy it carries if it cannot), so the tab must be allowed to ask.
 */
export const TEAMS_JS_VALID_DOMAINS_ORIGIN = 'https://res.cdn.office.net';

/** The addresses, from the tab's public settings, that the tab's own code calls. */
export interface TabEndpoints {
  graphBaseUrl: string;
  authorityHost: string;
  /** The local emulator's identity provider (demo personas), when the local stack runs. */
  devIdentityUrl?: string;
  /** The write API, when it is served from somewhere other than the tab's own origin. */
  apiBaseUrl?: string;
}

/** The Content Security Policy's directives for the tab, as helmet takes them. */
export function tabContentSecurityPolicy(endpoints: TabEndpoints): Record<string, string[]> {
  const signIn = [endpoints.authorityHost, endpoints.devIdentityUrl].flatMap(webOriginOf);
  return {
    'default-src': ["'self'"],
    // The build leaves no inline script to allow: index.html's settings and chunk list are JSON
    // data blocks, which the browser never runs.
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    // Fluent UI (Griffel) writes its styles into <style> elements as components mount, and the
    // picture of the last view carries the styles it was drawn with.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...[endpoints.graphBaseUrl, endpoints.apiBaseUrl].flatMap(webOriginOf), ...signIn, TEAMS_JS_VALID_DOMAINS_ORIGIN].filter(unique),
    // MSAL renews a token silently in a hidden frame on the sign-in host.
    'frame-src': ["'self'", ...signIn].filter(unique),
    'frame-ancestors': ["'self'", ...MICROSOFT_365_TAB_HOSTS],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    // MSAL can post the sign-in request as a form (its POST and encrypted-response modes) instead
    // of navigating to it, which Waymark does not ask for but should not break.
    'form-action': ["'self'", ...signIn].filter(unique),
  };
}

/**
 * Pages that must keep the window that opened them: MSAL's popup relay (src/tab/auth/sign-in-pages.ts)
 * hands the sign-in back to the tab's frame through `window.opener`. With any opener policy but
 * `unsafe-none`, a page opened from a frame inside another site (a tab in Teams) loses its opener.
 */
export const PAGES_KEEPING_THEIR_OPENER: ReadonlySet<string> = new Set(['/auth-relay.html']);

/** Adds the security headers to every response of the service. */
export async function registerSecurityHeaders(app: FastifyInstance, endpoints: TabEndpoints): Promise<void> {
  app.addHook('onSend', async (request, reply) => {
    if (PAGES_KEEPING_THEIR_OPENER.has(request.url.split(/[?#]/)[0]!)) void reply.header('Cross-Origin-Opener-Policy', 'unsafe-none');
  });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: tabContentSecurityPolicy(endpoints) },
    // frame-ancestors above says who may frame the tab; X-Frame-Options cannot name Teams.
    xFrameOptions: false,
    // Windows the tab opens (MSAL's sign-in popup) keep their link to it; but see PAGES_KEEPING_THEIR_OPENER.
    crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' },
    // The tab page asks the browser to preconnect to the sign-in and Graph hosts (service.ts).
    xDnsPrefetchControl: { allow: true },
  });
}

/**
 * The address's origin ('https://graph.microsoft.com'): scheme, host and port only, so nothing in
 * it can break out of a header or an attribute. An address that is unset, not a URL (settings not
 * filled in) or not http(s) gives none.
 */
export function webOriginOf(address: string | undefined): string[] {
  if (!address || !URL.canParse(address)) return [];
  const url = new URL(address);
  return url.protocol === 'https:' || url.protocol === 'http:' ? [url.origin] : [];
}

function unique<T>(value: T, index: number, all: readonly T[]): boolean {
  return all.indexOf(value) === index;
}
