import { describe, expect, it, vi } from 'vitest';
import { choosePersona, personaSignIn } from './persona-sign-in.ts';
import { SignInError, cachedToken } from './sign-in.ts';

const personas = [
  { id: 'slt-chief-executive', displayName: 'Demo Chief Executive', upn: 'chief.executive@demo.waymark.example' },
  { id: 'manager-cf', displayName: 'Demo Manager CF', upn: 'manager.cf@demo.waymark.example' },
];

describe('choosePersona', () => {
  it.each([
    ['the address names one', 'manager-cf', 'slt-chief-executive', 'manager-cf'],
    ['only an earlier visit chose one', null, 'manager-cf', 'manager-cf'],
    ['nothing says', null, null, 'slt-chief-executive'],
    ['the remembered one has gone', null, 'left-the-council', 'slt-chief-executive'],
  ])('chooses when %s', (_case, asked, remembered, expected) => {
    expect(choosePersona(personas, asked, remembered).id).toBe(expected);
  });

  it('refuses an unknown ?persona= by name, and says where to choose one', () => {
    expect(() => choosePersona(personas, 'mayor', null)).toThrowError(/no demo persona "mayor"\. Choose who to view as under "Viewing as \(demo\)"/);
  });
});

describe('personaSignIn', () => {
  it('asks the identity provider for a Graph token and an API token, each once while valid', async () => {
    const fetchImpl = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      const scope = new URLSearchParams(String(init?.body)).get('scope');
      return new Response(JSON.stringify({ access_token: `token-for-${scope}`, expires_in: 3600 }), { status: 200 });
    });
    const signIn = personaSignIn('http://idp', personas[1]!, 'api://waymark.local/access_as_user', fetchImpl as unknown as typeof fetch);
    expect(signIn.person).toEqual({ upn: 'manager.cf@demo.waymark.example', displayName: 'Demo Manager CF', personaId: 'manager-cf' });
    await expect(Promise.all([signIn.getGraphToken(), signIn.getGraphToken()])).resolves.toEqual([
      'token-for-https://graph.microsoft.com/.default',
      'token-for-https://graph.microsoft.com/.default',
    ]);
    await expect(signIn.getApiToken()).resolves.toBe('token-for-api://waymark.local/access_as_user');
    expect(fetchImpl).toHaveBeenCalledTimes(2);
    expect(String(fetchImpl.mock.calls[0]![0])).toBe('http://idp/dev/personas/manager-cf/token');
  });

  it('reports a refused token as a SignInError naming the persona', async () => {
    const fetchImpl = async () => new Response(JSON.stringify({ error: { message: 'There is no demo persona' } }), { status: 404 });
    const signIn = personaSignIn('http://idp', personas[1]!, undefined, fetchImpl as unknown as typeof fetch);
    await expect(signIn.getGraphToken()).rejects.toThrowError(/manager-cf: There is no demo persona/);
    await expect(signIn.getApiToken()).rejects.toBeInstanceOf(SignInError);
  });
});

describe('cachedToken', () => {
  it('renews a token five minutes before it expires', async () => {
    let now = 0;
    let issued = 0;
    const token = cachedToken(async () => ({ token: `t${++issued}`, expiresInSeconds: 3600 }), () => now);
    expect(await token()).toBe('t1');
    now = 54 * 60 * 1000;
    expect(await token()).toBe('t1');
    now = 56 * 60 * 1000;
    expect(await token()).toBe('t2');
  });

  it('asks again after a failure instead of remembering it', async () => {
    const fetchToken = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValueOnce({ token: 'ok', expiresInSeconds: 60 * 60 });
    const token = cachedToken(fetchToken);
    await expect(token()).rejects.toThrow('offline');
    await expect(token()).resolves.toBe('ok');
  });
});
