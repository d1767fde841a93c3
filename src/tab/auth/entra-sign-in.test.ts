// @vitest-environment jsdom
/**
 * How the tab asks MSAL to sign in, per host: where each kind of sign-in comes back to. MSAL itself
 * is replaced at its boundary; the flows it runs against Entra are MSAL's (and not reachable here).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const msal = vi.hoisted(() => {
  const account = { username: 'manager.cf@council.example', name: 'Manager CF', homeAccountId: 'h', environment: 'e', tenantId: 't', localAccountId: 'l' };
  const pca = {
    handleRedirectPromise: vi.fn(async () => null),
    getActiveAccount: vi.fn(() => null),
    getAllAccounts: vi.fn((): unknown[] => []),
    setActiveAccount: vi.fn(),
    acquireTokenSilent: vi.fn(async () => ({ accessToken: 'silent-token', account })),
    acquireTokenPopup: vi.fn(async () => ({ accessToken: 'popup-token', account })),
    acquireTokenRedirect: vi.fn(async () => undefined),
  };
  return { account, pca, configurations: [] as Array<{ auth: Record<string, unknown> }> };
});

vi.mock('@azure/msal-browser', () => {
  class InteractionRequiredAuthError extends Error {}
  const create = async (configuration: { auth: Record<string, unknown> }) => {
    msal.configurations.push(configuration);
    return msal.pca;
  };
  return { InteractionRequiredAuthError, createNestablePublicClientApplication: create, createStandardPublicClientApplication: create };
});

const { entraSignIn } = await import('./entra-sign-in.ts');
const { InteractionRequiredAuthError } = await import('@azure/msal-browser');

const OPTIONS = { clientId: 'client', tenantId: 'tenant', authorityHost: 'https://login.microsoftonline.com/' };
// Run from the sources, the tab's folder is src/tab/: the pages sit beside index.html there too.
const BRIDGE = expect.stringMatching(/\/src\/tab\/auth-redirect\.html$/);
const RELAY = expect.stringMatching(/\/src\/tab\/auth-relay\.html$/);

beforeEach(() => {
  msal.configurations.length = 0;
  for (const mock of Object.values(msal.pca)) mock.mockClear();
  msal.pca.getAllAccounts.mockReturnValue([msal.account]);
});
afterEach(() => vi.restoreAllMocks());

describe('entraSignIn', () => {
  it('in a plain browser: a redirect sign-in comes back to the tab page, a silent renewal to the redirect bridge, and no relay', async () => {
    const signIn = await entraSignIn({ ...OPTIONS, host: 'browser' });
    const { auth } = msal.configurations[0]!;
    expect(auth.authority).toBe('https://login.microsoftonline.com/tenant');
    expect(auth.redirectUri).toBe(`${window.location.origin}${window.location.pathname}`);
    expect(auth.popupRelayUri).toBeUndefined();
    await expect(signIn.getGraphToken()).resolves.toBe('silent-token');
    expect(msal.pca.acquireTokenSilent).toHaveBeenCalledWith(expect.objectContaining({ scopes: ['https://graph.microsoft.com/.default'], redirectUri: BRIDGE }));
  });

  it('in a Teams client without NAA: no sign-in window opens until the person clicks (browsers would block it)', async () => {
    msal.pca.getAllAccounts.mockReturnValue([]);
    await expect(entraSignIn({ ...OPTIONS, host: 'teams' })).rejects.toMatchObject({ name: 'SignInError', reason: 'interaction-required' });
    expect(msal.pca.acquireTokenPopup).not.toHaveBeenCalled();
    const signIn = await entraSignIn({ ...OPTIONS, host: 'teams', clicked: true });
    expect(signIn.person.upn).toBe('manager.cf@council.example');
    expect(msal.pca.acquireTokenPopup).toHaveBeenCalledTimes(1);
  });

  it('in a Teams client without NAA: the popup starts at the relay page and returns through the bridge', async () => {
    msal.pca.acquireTokenSilent.mockRejectedValueOnce(new InteractionRequiredAuthError('consent_required', 'consent needed'));
    const signIn = await entraSignIn({ ...OPTIONS, host: 'teams', clicked: true });
    expect(msal.configurations[0]!.auth.popupRelayUri).toEqual(RELAY);
    await expect(signIn.getGraphToken()).resolves.toBe('popup-token');
    expect(msal.pca.acquireTokenPopup).toHaveBeenCalledWith(expect.objectContaining({ redirectUri: BRIDGE }));
  });

  it('with Nested App Authentication: Teams brokers the token, so no relay page', async () => {
    await entraSignIn({ ...OPTIONS, host: 'teams-naa' });
    expect(msal.configurations[0]!.auth.popupRelayUri).toBeUndefined();
  });

  it('with Nested App Authentication, on a first open: the host signs the Teams user in silently, with no click', async () => {
    msal.pca.getAllAccounts.mockReturnValue([]);
    const signIn = await entraSignIn({ ...OPTIONS, host: 'teams-naa' });
    expect(signIn.person.upn).toBe('manager.cf@council.example');
    expect(msal.pca.acquireTokenSilent).toHaveBeenCalledWith({ scopes: ['https://graph.microsoft.com/.default'] });
    expect(msal.pca.setActiveAccount).toHaveBeenCalledWith(msal.account);
    expect(msal.pca.acquireTokenPopup).not.toHaveBeenCalled();
  });

  it("with Nested App Authentication: the Teams user's account, not one cached here for an earlier person", async () => {
    msal.pca.getAllAccounts.mockReturnValue([{ ...msal.account, username: 'someone.else@council.example', homeAccountId: 'other' }]);
    msal.pca.getActiveAccount.mockReturnValueOnce({ ...msal.account, username: 'someone.else@council.example', homeAccountId: 'other' } as never);
    const signIn = await entraSignIn({ ...OPTIONS, host: 'teams-naa' });
    expect(signIn.person.upn).toBe('manager.cf@council.example');
    expect(msal.pca.acquireTokenSilent).toHaveBeenCalledWith({ scopes: ['https://graph.microsoft.com/.default'] });
    expect(msal.pca.setActiveAccount).toHaveBeenCalledWith(msal.account);
  });

  it('with Nested App Authentication, when Entra wants consent first: asks for the click, then the host\'s window', async () => {
    msal.pca.getAllAccounts.mockReturnValue([]);
    msal.pca.acquireTokenSilent.mockRejectedValueOnce(new InteractionRequiredAuthError('consent_required', 'consent needed'));
    await expect(entraSignIn({ ...OPTIONS, host: 'teams-naa' })).rejects.toMatchObject({ name: 'SignInError', reason: 'interaction-required' });
    msal.pca.acquireTokenSilent.mockRejectedValueOnce(new InteractionRequiredAuthError('consent_required', 'consent needed'));
    const signIn = await entraSignIn({ ...OPTIONS, host: 'teams-naa', clicked: true });
    expect(signIn.person.upn).toBe('manager.cf@council.example');
    expect(msal.pca.acquireTokenPopup).toHaveBeenCalledTimes(1);
  });

  it('with Nested App Authentication, when the host fails: says so, rather than offering a sign-in that cannot help', async () => {
    msal.pca.getAllAccounts.mockReturnValue([]);
    msal.pca.acquireTokenSilent.mockRejectedValueOnce(new Error('NestedAppAuthUnavailable'));
    await expect(entraSignIn({ ...OPTIONS, host: 'teams-naa' })).rejects.toMatchObject({ name: 'SignInError', reason: 'failed', message: expect.stringContaining('NestedAppAuthUnavailable') });
  });
});
