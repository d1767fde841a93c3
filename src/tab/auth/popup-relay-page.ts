/**
 * auth-relay.html: the window a tab in a Teams frame opens to sign in when Teams does not broker
 * the token (sign-in-pages.ts). On the person's click, MSAL's popup relay opens Microsoft's
 * sign-in in a second window, only on the tab's sign-in host, and passes the result back to the
 * tab. The click matters: browsers block a window opened without one.
 */
import { runPopupRelay } from '@azure/msal-browser/popup-relay';
import { loadTabConfig } from '../config.ts';
import { showSignInFailure } from './sign-in-pages.ts';
import { messageOf } from './sign-in.ts';

const button = document.getElementById('continue-sign-in') as HTMLButtonElement | null;
const status = document.getElementById('sign-in-status');

void loadTabConfig(window.location.search).then((config) => {
  if (!button || !status) return;
  if (!config.authorityHost) {
    showSignInFailure(document, 'Waymark does not know where to sign you in (AUTHORITY_HOST is not set). Tell your Waymark administrator.');
    return;
  }
  const allowedAuthorityOrigins = [config.authorityHost];
  button.disabled = false;
  button.addEventListener('click', () => {
    try {
      runPopupRelay({ allowedAuthorityOrigins });
      button.disabled = true;
      status.textContent = 'Microsoft sign-in has opened in another window. This one closes once you are signed in.';
    } catch (error) {
      showSignInFailure(document, `Sign-in cannot start from this window (${messageOf(error)}). Close it, then sign in again from Waymark.`);
    }
  });
});
