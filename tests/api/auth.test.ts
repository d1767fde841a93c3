/**
 * The write API refuses every token it should, against the running service and the emulator's
 * identity provider: no token, garbage, a forged signature (a key the issuer does not publish),
 * unsigned (alg none) and HS256 tokens, expired and not-yet-valid ones, the wrong audience, the
 * wrong issuer, and the wrong scope. Nothing is written by a refused request.
 */
import { SignJWT, decodeJwt, decodeProtectedHeader, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeApiFromConfig } from '../../src/server/api/write-api-setup.ts';
import { createTokenValidator } from '../../src/server/auth/token-validator.ts';
import { startService } from '../../src/server/service.ts';
import type { RunningService } from '../../src/server/service.ts';
import type { Milestone } from '../../src/domain/records.ts';
import type { Stored } from '../../src/graph/list-records.ts';
import { API_SCOPE, startApiStack } from './api-stack.ts';
import type { ApiStack } from './api-stack.ts';

let api: ApiStack;
let target: Stored<Milestone>;
let good: string;

beforeAll(async () => {
  api = await startApiStack();
  target = api.milestones.find((m) => m.record.directorates.includes('CF'))!;
  good = await api.token('performance-lead');
}, 60_000);

afterAll(async () => {
  await api?.close();
});

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The claims of a real persona token, to forge copies of. */
function claimsOf(token: string): Record<string, unknown> {
  return decodeJwt(token) as Record<string, unknown>;
}

async function post(token: string | undefined, headers: Record<string, string> = {}) {
  return api.call('POST', `/api/milestones/${target.id}/updates`, {
    ...(token !== undefined ? { token } : {}),
    body: { status: 'Complete' },
    headers: { 'If-Match': target.eTag, ...headers },
  });
}

describe('tokens the API accepts', () => {
  it('a persona token for the API scope: /api/me says who and what they may do', async () => {
    const answer = await api.call('GET', '/api/me', { token: good });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      upn: 'performance.lead@demo.waymark.example',
      name: 'Demo Performance Lead',
      roles: ['performance'],
      directorates: [],
      canUpdateAny: true,
      canUpdate: 'Any milestone of the plan (performance team).',
    });
  });
});

describe('tokens the API refuses', () => {
  const forged = async (mutate: (claims: Record<string, unknown>) => Record<string, unknown>, kid?: string) => {
    const { privateKey } = await generateKeyPair('RS256');
    const header = decodeProtectedHeader(good);
    return new SignJWT(mutate(claimsOf(good))).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: kid ?? String(header.kid) }).sign(privateKey);
  };

  it.each<[string, () => Promise<string | undefined>, number, string, string]>([
    ['no Authorization header', async () => undefined, 401, 'unauthenticated', 'Bearer realm="waymark"'],
    ['not a JWT', async () => 'not-a-token', 401, 'unauthenticated', 'malformed'],
    ['a forged signature under the issuer’s key id', () => forged((claims) => claims), 401, 'unauthenticated', 'bad-signature'],
    ['a forged signature under a key id the issuer does not publish', () => forged((claims) => claims, 'attacker-key'), 401, 'unauthenticated', 'bad-signature'],
    [
      'unsigned (alg none)',
      async () => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claimsOf(good))}.`,
      401,
      'unauthenticated',
      'wrong-algorithm',
    ],
    [
      'HS256 signed with a guessable secret',
      async () => new SignJWT(claimsOf(good)).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode('api://waymark.local')),
      401,
      'unauthenticated',
      'wrong-algorithm',
    ],
    ['a Graph token (wrong audience)', () => api.token('performance-lead', 'https://graph.microsoft.com/.default'), 401, 'unauthenticated', 'wrong-audience'],
    ['a token for another API (wrong audience)', () => api.token('performance-lead', 'api://another.app/access_as_user'), 401, 'unauthenticated', 'wrong-audience'],
    ['a token for the API without access_as_user (wrong scope)', () => api.token('performance-lead', 'api://waymark.local/Other.Scope'), 403, 'forbidden', 'insufficient_scope'],
  ])('refuses %s', async (_name, make, status, code, challenge) => {
    const token = await make();
    const answer = await post(token);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ error: { code, message: expect.any(String) } });
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="waymark"/);
    expect(answer.headers.get('www-authenticate')).toContain(challenge);
    expect((await api.call('GET', '/api/me', token ? { token } : {})).status).toBe(status);
  });

  it('a token from another tenant’s issuer (signed by the same keys) is refused: wrong issuer', async () => {
    const response = await fetch(`${api.stack.emulator.url}/dev/personas/performance-lead/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ scope: API_SCOPE, tenant: 'another-tenant' }).toString(),
    });
    const token = ((await response.json()) as { access_token: string }).access_token;
    expect(claimsOf(token).iss).toMatch(/another-tenant\/v2\.0$/);
    const answer = await post(token);
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toContain('wrong-issuer');
  });

  describe('the clock', () => {
    let skewed: RunningService[] = [];
    const serviceAt = async (offsetSeconds: number) => {
      const { config } = api.stack;
      const validator = createTokenValidator({
        authorityHost: config.authorityHost,
        tenantId: config.tenantId,
        audiences: [config.apiAppIdUri],
        requiredScope: 'access_as_user',
        now: () => new Date(Date.now() + offsetSeconds * 1000),
      });
      const service = await startService({ config, port: 0, writeApi: writeApiFromConfig(config, api.repository, { validator }) });
      skewed.push(service);
      return service;
    };
    afterAll(async () => {
      for (const service of skewed) await service.close();
      skewed = [];
    });

    it.each<[string, number, string]>([
      ['expired: the same real token two hours later', 2 * 3600, 'expired'],
      ['not yet valid: the same real token seen by a clock ten minutes slow', -600, 'not-yet-valid'],
    ])('%s → 401', async (_name, offset, reason) => {
      const service = await serviceAt(offset);
      const answer = await fetch(`${service.url}/api/me`, { headers: { Authorization: `Bearer ${good}` } });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toContain(reason);
    });

    it('within the clock tolerance (30 s late) the token is still accepted', async () => {
      const expiresIn = Number(claimsOf(good).exp) * 1000 - Date.now();
      const service = await serviceAt(expiresIn / 1000 + 30);
      expect((await fetch(`${service.url}/api/me`, { headers: { Authorization: `Bearer ${good}` } })).status).toBe(200);
    });
  });

  it('none of the refused requests wrote anything', async () => {
    const now = await api.repository.get('Milestones', target.id);
    expect(now.eTag).toBe(target.eTag);
    expect(await api.history(target.id)).toEqual([]);
  });
});
