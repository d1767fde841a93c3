/**
 * Is this page inside Teams (or Outlook, the Microsoft 365 app)? Decided at once, without TeamsJS:
 * TeamsJS' initialize() rejects at once in a top-level window but waits 60 s in a foreign iframe,
 * and the tab must never wait on it outside Teams. So TeamsJS is tried only when the page is
 * framed (or in Teams mobile's web view) AND carries a sign that Teams loaded it: the `host=teams`
 * parameter every URL in the app manifest and the channel tab's saved settings carry, or a
 * Microsoft 365 host among the frame's ancestors.
 */

/** The query parameter (and value) that the manifest's and channel tab's URLs carry. */
export const TEAMS_HOST_PARAM = 'host';
export const TEAMS_HOST_VALUE = 'teams';

/** The bits of `window` detection reads; a plain object in tests. */
export interface HostWindowHints {
  /** True when the page is in a frame (window.parent !== window). */
  framed: boolean;
  /** Teams mobile loads tabs in a web view with a native bridge instead of a parent frame. */
  nativeBridge: boolean;
  search: string;
  /** location.ancestorOrigins where the browser has it (Chromium, Safari), else empty. */
  ancestorOrigins: readonly string[];
  referrer: string;
}

// Hosts that run Teams apps (Teams, Outlook, the Microsoft 365 app), old and new domains.
const MICROSOFT_365_HOSTS = [/(^|\.)teams\.microsoft\.com$/, /(^|\.)teams\.cloud\.microsoft$/, /(^|\.)teams\.live\.com$/, /(^|\.)cloud\.microsoft$/, /(^|\.)office\.com$/, /(^|\.)office365\.com$/, /(^|\.)outlook\.com$/];

/** Where the page runs, as far as TeamsJS goes: worth initialising ('teams') or not ('browser'). */
export type TeamsHostGuess = 'teams' | 'browser';

/** Decides synchronously whether to start TeamsJS at all. */
export function detectTeamsHost(hints: HostWindowHints = readHostHints()): TeamsHostGuess {
  if (!hints.framed && !hints.nativeBridge) return 'browser';
  if (new URLSearchParams(hints.search).get(TEAMS_HOST_PARAM) === TEAMS_HOST_VALUE) return 'teams';
  const origins = [...hints.ancestorOrigins, hints.referrer].filter((text) => text !== '');
  return origins.some(isMicrosoft365Origin) ? 'teams' : 'browser';
}

/** True for an origin (or URL) of a host that runs Teams apps. */
export function isMicrosoft365Origin(text: string): boolean {
  try {
    const { protocol, hostname } = new URL(text);
    return protocol === 'https:' && MICROSOFT_365_HOSTS.some((pattern) => pattern.test(hostname));
  } catch {
    return false;
  }
}

/** The hints of the current window. */
export function readHostHints(win: Window = window): HostWindowHints {
  let framed: boolean;
  try {
    framed = win.parent !== win;
  } catch {
    // A cross-origin parent can make even this comparison throw in old browsers: framed.
    framed = true;
  }
  const ancestors = win.location.ancestorOrigins;
  return {
    framed,
    nativeBridge: 'nativeInterface' in win,
    search: win.location.search,
    ancestorOrigins: ancestors ? Array.from(ancestors) : [],
    referrer: win.document.referrer,
  };
}
