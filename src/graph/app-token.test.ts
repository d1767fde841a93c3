import { describe, expect, it } from 'vitest';
import { createAppTokenProvider } from './app-token.ts';
import { WaymarkGraphError } from './graph-error.ts';

function tokenEndpoint(answers: (() => Response)[]) {
  const calls: { url: string; body: string }[] = [];
  const fake = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), body: String(init?.body) });
    const answer = answers.shift();
    if (!answer) throw new Error('no more answers');
    return answer();
  }) as typeof fetch;
  return { fake, calls };
}

const ok = (token: string, expiresIn = 3600) => () => new Response(JSON.stringify({ access_token: token, expires_in: expiresIn, token_type: 'Bearer' }), { status: 200 });

describe('createAppTokenProvider', () => {
  it('posts the client-credentials grant to the tenant token endpoint', async () => {
    const { fake, calls } = tokenEndpoint([ok('t1')]);
    const getToken = createAppTokenProvider({ authorityHost: 'http://127.0.0.1:4100/', tenantId: 'tenant-1', clientId: 'app-1', clientSecret: 's3cret', fetch: fake });
    expect(await getToken()).toBe('t1');
    expect(calls[0]?.url).toBe('http://127.0.0.1:4100/tenant-1/oauth2/v2.0/token');
    const form = new URLSearchParams(calls[0]?.body);
    expect(Object.fromEntries(form)).toEqual({ grant_type: 'client_credentials', client_id: 'app-1', client_secret: 's3cret', scope: 'https://graph.microsoft.com/.default' });
  });

  it('reuses the token until five minutes before it expires, then asks again', async () => {
    let now = 0;
    const { fake, calls } = tokenEndpoint([ok('t1', 3600), ok('t2', 3600)]);
    const getToken = createAppTokenProvider({ authorityHost: 'https://login.example', tenantId: 't', clientId: 'c', clientSecret: 's', fetch: fake, now: () => now });
    expect(await Promise.all([getToken(), getToken()])).toEqual(['t1', 't1']);
    now = (3600 - 301) * 1000;
    expect(await getToken()).toBe('t1');
    now = (3600 - 299) * 1000;
    expect(await getToken()).toBe('t2');
    expect(calls).toHaveLength(2);
  });

  it('says clearly when the credentials are refused', async () => {
    const refused = () => new Response(JSON.stringify({ error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' }), { status: 401 });
    const { fake } = tokenEndpoint([refused]);
    const getToken = createAppTokenProvider({ authorityHost: 'https://login.example', tenantId: 't', clientId: 'c', clientSecret: 'wrong', fetch: fake });
    const error = await getToken().catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(WaymarkGraphError);
    expect(error).toMatchObject({ reason: 'unauthorised', statusCode: 401, code: 'invalid_client' });
    expect((error as Error).message).toMatch(/SECRET_CLIENT_SECRET/);
  });

  it('reports an unreachable authority as the network', async () => {
    const down = (async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    }) as typeof fetch;
    const getToken = createAppTokenProvider({ authorityHost: 'http://127.0.0.1:1', tenantId: 't', clientId: 'c', clientSecret: 's', fetch: down });
    await expect(getToken()).rejects.toMatchObject({ reason: 'network', message: expect.stringMatching(/connection refused/) });
  });
});
