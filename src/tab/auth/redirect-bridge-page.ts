/**
 * auth-redirect.html: where Microsoft Entra returns a popup's or hidden frame's sign-in. MSAL's
 * redirect bridge passes the result to the tab that asked for it (sign-in-pages.ts) and closes
 * the window; if there is no result to pass on, the person is told what to do.
 */
import { broadcastResponseToMainFrame } from '@azure/msal-browser/redirect-bridge';
import { showSignInFailure } from './sign-in-pages.ts';
import { messageOf } from './sign-in.ts';

broadcastResponseToMainFrame().catch((error: unknown) => {
  showSignInFailure(document, `Sign-in could not finish in this window (${messageOf(error)}). Close it, then sign in again from Waymark.`);
});
