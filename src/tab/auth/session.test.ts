import { describe, expect, it, vi } from 'vitest';
import { memoryStorage } from '../testing/memory-storage.ts';
import { Session, likelyPerson } from './session.ts';
import type { EntraSignInOptions } from './entra-sign-in.ts';
import { SignInError } from './sign-in.ts';
import type { SignIn } from './sign-in.ts';

// MSAL's side is entra-sign-in.test.ts'; here only what the session does with its answers.
const entra = vi.hoisted(() => ({ signIn: vi.fn<(options: EntraSignInOptions) => Promise<SignIn>>() }));
vi.mock('./entra-sign-in.ts', () => ({ entraSignIn: entra.signIn }));

const PERSONAS = [
  { id: 'slt-chief-executive', displayName: 'Demo Chief Executive', upn: 'chief.executive@demo.waymark.example' },
  { id: 'manager-cf', displayName: 'Demo Manager CF', upn: 'manager.cf@demo.waymark.example' },
];

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => (resolve = res));
  return { promise, resolve };
}

/** An identity provider whose persona list answers only when the test says so. */
function identityProvider() {
  const list = deferred<Response>();
  const fetchImpl = vi.fn(async (url: string | URL | Request) => {
    const address = String(url);
    if (address.endsWith('/dev/personas')) return list.promise;
    const id = /personas\/([^/]+)\/token$/.exec(address)?.[1];
    if (!id || !PERSONAS.some((persona) => persona.id === id)) return new Response(JSON.stringify({ error: { message: 'There is no demo persona' } }), { status: 404 });
    return new Response(JSON.stringify({ access_token: `graph-token-for-${id}`, expires_in: 3600 }), { status: 200 });
  });
  return { fetchImpl: fetchImpl as unknown as typeof fetch, calls: fetchImpl.mock.calls, answerList: () => list.resolve(new Response(JSON.stringify({ value: PERSONAS }), { status: 200 })) };
}

const config = { plan: '2026/27', devIdentityUrl: 'http://idp' };

describe('Session.getGraphToken', () => {
  it("hands out the asked persona's token before the persona list has arrived", async () => {
    const idp = identityProvider();
    const session = new Session({ fetchImpl: idp.fetchImpl, location: { search: '?persona=manager-cf', href: 'http://tab/?persona=manager-cf' } });
    void session.start(config, async () => 'browser');
    await expect(session.getGraphToken()).resolves.toBe('graph-token-for-manager-cf');
    expect(session.slot.snapshot().signIn).toBeUndefined();
    idp.answerList();
    await vi.waitFor(() => expect(session.slot.snapshot().signIn?.person.personaId).toBe('manager-cf'));
    // The same token, not a second request for it.
    await expect(session.getGraphToken()).resolves.toBe('graph-token-for-manager-cf');
    expect(idp.calls.filter(([url]) => String(url).endsWith('/token'))).toHaveLength(1);
  });

  it('waits for sign-in, and reports its error, when the early token is refused', async () => {
    const idp = identityProvider();
    const session = new Session({ fetchImpl: idp.fetchImpl, location: { search: '?persona=mayor', href: 'http://tab/?persona=mayor' } });
    void session.start(config, async () => 'browser');
    const token = session.getGraphToken();
    idp.answerList();
    await expect(token).rejects.toThrowError(/no demo persona "mayor"/);
  });
});

describe('likelyPerson', () => {
  it('is the persona the address asks for, else whoever last signed in here, else nobody', async () => {
    const storage = memoryStorage();
    expect(likelyPerson('', storage)).toBeUndefined();

    const idp = identityProvider();
    const session = new Session({ fetchImpl: idp.fetchImpl, storage, location: { search: '', href: 'http://tab/' } });
    void session.start(config, async () => 'browser');
    idp.answerList();
    await vi.waitFor(() => expect(session.slot.snapshot().signIn).toBeDefined());

    expect(likelyPerson('', storage)).toBe(session.slot.snapshot().signIn!.person.personaId);
    expect(likelyPerson('?persona=manager-cf', storage)).toBe('manager-cf');
    expect(likelyPerson('', undefined)).toBeUndefined();
    const refusing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(likelyPerson('', refusing)).toBeUndefined();
  });
});

describe('Session with Entra', () => {
  const tenant = { plan: '2026/27', clientId: 'client', tenantId: 'tenant', authorityHost: 'https://login.microsoftonline.com' };
  const signedIn: SignIn = { method: 'entra-naa', person: { upn: 'manager.cf@council.example', displayName: 'Manager CF' }, getGraphToken: async () => 'graph', getApiToken: async () => 'api' };

  it.each(['teams-naa', 'teams'] as const)('inside Teams (%s), when Entra wants the person first: offers a Sign in that asks again from the click', async (host) => {
    entra.signIn.mockReset();
    entra.signIn.mockRejectedValueOnce(new SignInError('interaction-required', 'Sign in to Waymark with your Microsoft work account.'));
    entra.signIn.mockResolvedValueOnce(signedIn);
    const session = new Session();
    await session.start(tenant, async () => host);
    expect(session.getState().error?.reason).toBe('interaction-required');
    expect(session.signsInWithClick).toBe(true);

    await session.signInWithClick();
    expect(entra.signIn).toHaveBeenLastCalledWith(expect.objectContaining({ host, clicked: true }));
    expect(session.getState().signIn?.person.upn).toBe('manager.cf@council.example');
  });

  it('in a plain browser: no click is needed, sign-in redirects', async () => {
    entra.signIn.mockReset();
    entra.signIn.mockResolvedValueOnce(signedIn);
    const session = new Session();
    await session.start(tenant, async () => 'browser');
    expect(session.signsInWithClick).toBe(false);
  });
});
