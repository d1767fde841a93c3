import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import type { SigningKeyRecord } from '../store/state.ts';
import { GRAPH_AUDIENCE, TokenIssuer, TokenRejected } from './token-issuer.ts';

async function issuerAt(clock: { now: number }, record?: SigningKeyRecord): Promise<{ issuer: TokenIssuer; record: SigningKeyRecord }> {
  let created: SigningKeyRecord | undefined;
  const issuer = await TokenIssuer.create(record, (made) => (created = made), () => clock.now);
  const kept = record ?? created;
  if (!kept) throw new Error('no key record');
  return { issuer, record: kept };
}

describe('TokenIssuer', () => {
  it('signs RS256 tokens with its kid that verify against its JWKS, with the standard claims filled in', async () => {
    const clock = { now: Date.UTC(2026, 3, 1, 9) };
    const { issuer } = await issuerAt(clock);
    const { accessToken, expiresIn } = await issuer.issueToken({ tenant: 't1', origin: 'http://127.0.0.1:4100', claims: { appid: 'app', roles: ['Sites.Selected'] } });
    expect(expiresIn).toBe(3599);
    expect(decodeProtectedHeader(accessToken)).toMatchObject({ alg: 'RS256', kid: issuer.kid });
    const { payload } = await jwtVerify(accessToken, createLocalJWKSet(issuer.jwks()), { currentDate: new Date(clock.now) });
    expect(payload).toMatchObject({ iss: 'http://127.0.0.1:4100/t1/v2.0', aud: GRAPH_AUDIENCE, tid: 't1', appid: 'app', roles: ['Sites.Selected'] });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3599);
  });

  it('refuses an expired token, also after it was verified once', async () => {
    const clock = { now: Date.UTC(2026, 3, 1, 9) };
    const { issuer } = await issuerAt(clock);
    const { accessToken } = await issuer.issueToken({ tenant: 't1', origin: 'http://x', claims: {}, lifetimeSeconds: 60 });
    await expect(issuer.verify(accessToken)).resolves.toMatchObject({ tid: 't1' });
    clock.now += 61_000;
    await expect(issuer.verify(accessToken)).rejects.toThrow(/expired/);
  });

  it('refuses tokens signed by another key, for another audience, or not JWTs at all', async () => {
    const clock = { now: Date.now() };
    const { issuer } = await issuerAt(clock);
    const { issuer: other } = await issuerAt(clock);
    const foreign = await other.issueToken({ tenant: 't', origin: 'http://x', claims: {} });
    await expect(issuer.verify(foreign.accessToken)).rejects.toBeInstanceOf(TokenRejected);
    const wrongAudience = await issuer.issueToken({ tenant: 't', origin: 'http://x', claims: { aud: 'api://something-else' } });
    await expect(issuer.verify(wrongAudience.accessToken)).rejects.toThrow(/audience/);
    await expect(issuer.verify('not-a-token')).rejects.toBeInstanceOf(TokenRejected);
  });

  it('keeps verifying tokens after being rebuilt from its stored key', async () => {
    const clock = { now: Date.now() };
    const { issuer, record } = await issuerAt(clock);
    const { accessToken } = await issuer.issueToken({ tenant: 't', origin: 'http://x', claims: {} });
    const { issuer: again } = await issuerAt(clock, JSON.parse(JSON.stringify(record)) as SigningKeyRecord);
    expect(again.kid).toBe(issuer.kid);
    await expect(again.verify(accessToken)).resolves.toMatchObject({ tid: 't' });
  });
});
