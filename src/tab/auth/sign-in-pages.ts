/**
 * The two small pages MSAL Browser 5 needs beside the tab when it signs in through a popup or a
 * hidden frame, and how the tab addresses them. MSAL hands such a sign-in's result back through a
 * "redirect bridge" page at the redirect address (auth-redirect.html), and, when the tab runs in a
 * frame whose storage is partitioned from the popup's (a tab in Teams on the web), through a
 * "popup relay" page the popup opens first (auth-relay.html). The redirect sign-in of a plain
 * browser returns to the tab page itself, and Nested App Authentication uses neither.
 */

/** Where the built pages are, relative to the tab's own folder (vite.config.ts builds them there). */
export const REDIRECT_BRIDGE_PAGE = 'auth-redirect.html';
export const POPUP_RELAY_PAGE = 'auth-relay.html';

/** The page's full address for MSAL, given the address of the tab's folder (where index.html is). */
export function signInPageAddress(page: string, tabFolder: string): string {
  return new URL(page, tabFolder).href;
}

/** Writes what went wrong into the page's status line, as an alert a screen reader announces. */
export function showSignInFailure(doc: Document, message: string): void {
  const status = doc.getElementById('sign-in-status');
  if (!status) return;
  status.setAttribute('role', 'alert');
  status.textContent = message;
}
