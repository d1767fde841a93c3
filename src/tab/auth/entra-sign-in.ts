/**
 * Sign-in with Microsoft Entra through MSAL, in the way the host supports best:
 *
 * - Inside Teams (and Outlook, the Microsoft 365 app) when the host recommends it: Nested App
 *   Authentication. The host brokers tokens; no popup, no redirect, no second sign-in.
 * - Inside a Teams client that does not recommend NAA (older desktop builds, some government
 *   clouds): the documented fallback is an MSAL popup from the tab's own origin, which Teams
 *   allows from a user gesture. Silent first; the popup only when Entra asks for interaction.
 *   The popup starts at the relay page and returns through the redirect bridge (sign-in-pages.ts).
 * - In a plain browser: MSAL redirect sign-in, returning to the same address (deep links survive).
 *   A silent renewal in a hidden frame returns through the redirect bridge.
 *
 * Loaded in its own chunk, only when the tab runs against a tenant (never with demo personas).
 */
import {
  InteractionRequiredAuthError,
  createNestablePublicClientApplication,
  createStandardPublicClientApplication,
} from '@azure/msal-browser';
import type { AccountInfo, AuthenticationResult, IPublicClientApplication } from '@azure/msal-browser';
import { SignInError, messageOf } from './sign-in.ts';
import type { SignIn } from './sign-in.ts';
import { POPUP_RELAY_PAGE, REDIRECT_BRIDGE_PAGE, signInPageAddress } from './sign-in-pages.ts';

export interface EntraSignInOptions {
  clientId: string;
  tenantId: string;
  /** https://login.microsoftonline.com (or a sovereign cloud's). */
  authorityHost: string;
  /** `<API_APP_ID_URI>/access_as_user`. */
  apiScope?: string;
  /** Where the tab runs; see the file comment. */
  host: 'teams-naa' | 'teams' | 'browser';
  /**
   * Called from the person's click: a sign-in window may open. Browsers block a window opened
   * without a click, so without this a popup sign-in stops at 'interaction-required' and the tab
   * offers a Sign in button (Session.signInWithClick).
   */
  clicked?: boolean;
}

// Waymark's delegated Graph permissions are granted by an administrator to the app registration.
const GRAPH_SCOPES = ['https://graph.microsoft.com/.default'];

/** Signs the person in (may navigate away for a redirect sign-in, in which case it never resolves). */
export async function entraSignIn(options: EntraSignInOptions): Promise<SignIn> {
  const folder = tabFolder();
  const bridge = signInPageAddress(REDIRECT_BRIDGE_PAGE, folder);
  const configuration = {
    auth: {
      clientId: options.clientId,
      authority: `${options.authorityHost.replace(/\/+$/, '')}/${options.tenantId}`,
      // A redirect sign-in comes back to the tab page; popups and hidden frames to the bridge.
      redirectUri: `${window.location.origin}${window.location.pathname}`,
      // In a Teams frame the popup cannot hear the bridge directly (partitioned storage).
      ...(options.host === 'teams' ? { popupRelayUri: signInPageAddress(POPUP_RELAY_PAGE, folder) } : {}),
    },
    cache: { cacheLocation: 'localStorage' as const },
  };
  let pca: IPublicClientApplication;
  try {
    pca = options.host === 'teams-naa' ? await createNestablePublicClientApplication(configuration) : await createStandardPublicClientApplication(configuration);
  } catch (error) {
    throw new SignInError('failed', `Sign-in could not start: ${messageOf(error)}`, error);
  }

  let account: AccountInfo | null = null;
  if (options.host === 'browser') {
    const returned = await pca.handleRedirectPromise().catch((error: unknown) => {
      throw new SignInError('failed', `Sign-in did not complete: ${messageOf(error)}`, error);
    });
    account = returned?.account ?? null;
  }
  // With NAA the host knows who is signed in to Teams, so the tab asks it rather than its own cache:
  // on a first open there is no account cached yet, and on a shared computer the cached one may be
  // someone else's. The person's click is needed only when Entra wants their consent.
  if (options.host === 'teams-naa') account = await brokeredAccount(pca);
  else account ??= pca.getActiveAccount() ?? pca.getAllAccounts()[0] ?? null;
  if (!account) account = (await interactive(pca, options, GRAPH_SCOPES, bridge)).account;
  pca.setActiveAccount(account);

  const acquire = async (scopes: string[]): Promise<string> => {
    try {
      return (await pca.acquireTokenSilent({ scopes, account: account ?? undefined, redirectUri: bridge })).accessToken;
    } catch (error) {
      if (!(error instanceof InteractionRequiredAuthError)) throw new SignInError('failed', `No token: ${messageOf(error)}`, error);
      return (await interactive(pca, options, scopes, bridge)).accessToken;
    }
  };
  return {
    method: options.host === 'teams-naa' ? 'entra-naa' : options.host === 'teams' ? 'entra-popup' : 'entra-redirect',
    person: { upn: account.username, displayName: account.name },
    getGraphToken: () => acquire(GRAPH_SCOPES),
    getApiToken: () => (options.apiScope ? acquire([options.apiScope]) : Promise.reject(new SignInError('not-configured', 'The tab does not know the API scope (API_APP_ID_URI).'))),
  };
}

/** The Teams account, from a token the host brokers silently; null when Entra wants interaction first. */
async function brokeredAccount(pca: IPublicClientApplication): Promise<AccountInfo | null> {
  try {
    return (await pca.acquireTokenSilent({ scopes: GRAPH_SCOPES })).account;
  } catch (error) {
    if (error instanceof InteractionRequiredAuthError) return null;
    throw new SignInError('failed', `Teams did not give Waymark a token: ${messageOf(error)}`, error);
  }
}

async function interactive(pca: IPublicClientApplication, options: EntraSignInOptions, scopes: string[], bridge: string): Promise<AuthenticationResult & { account: AccountInfo }> {
  if (options.host === 'browser') {
    await pca.acquireTokenRedirect({ scopes, redirectStartPage: window.location.href });
    // The page navigates to Entra; nothing after this runs.
    return new Promise(() => undefined);
  }
  if (!options.clicked) throw new SignInError('interaction-required', 'Sign in to Waymark with your Microsoft work account.');
  try {
    const result = await pca.acquireTokenPopup({ scopes, redirectUri: bridge });
    if (!result.account) throw new SignInError('failed', 'Sign-in returned no account.');
    return result as AuthenticationResult & { account: AccountInfo };
  } catch (error) {
    if (error instanceof SignInError) throw error;
    throw new SignInError('interaction-required', `Sign in to use Waymark: ${messageOf(error)}`, error);
  }
}

/**
 * The tab's folder (where index.html and the sign-in pages are), from this module's own address:
 * built, it sits in the folder's assets/; in the dev server, in src/tab/auth/ under src/tab/. Not
 * the page's address, which can be any path the service answers with the tab.
 */
function tabFolder(): string {
  // A variable, not a literal: Vite would otherwise take '../' for an asset to bundle.
  const up = '../';
  return new URL(up, import.meta.url).href;
}
