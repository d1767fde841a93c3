/** The token checks with a local key set (the running-service cases are in tests/api/auth.test.ts). */
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import type { CryptoKey, JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTokenValidator, jwksUrl } from './token-validator.ts';
import type { TokenValidator } from './token-validator.ts';

const AUTHORITY = 'https://login.example/';
const TENANT = 'tenant-1';
const ISSUER = 'https://login.example/tenant-1/v2.0';
const API = 'api://waymark.example/11111111-1111-4111-8111-111111111111';
const API_CLIENT = '11111111-1111-4111-8111-111111111111';

let privateKey: CryptoKey;
let validator: TokenValidator;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  validator = createTokenValidator({ authorityHost: AUTHORITY, tenantId: TENANT, audiences: [API, API_CLIENT], requiredScope: 'access_as_user', keys: createLocalJWKSet({ keys: [jwk] }) });
});

const person = { oid: 'o-1', upn: 'manager@council.example', name: 'A Manager', scp: 'access_as_user', groups: ['g1', 'g2'], azp: 'tab-app' };

async function token(claims: JWTPayload & Record<string, unknown>, aud: string = API): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(ISSUER).setAudience(aud).setIssuedAt().setExpirationTime('1h').sign(privateKey);
}

describe('createTokenValidator', () => {
  it('publishes the issuer and the keys address Entra uses', () => {
    expect(validator.issuer).toBe(ISSUER);
    expect(jwksUrl(AUTHORITY, TENANT).href).toBe('https://login.example/tenant-1/discovery/v2.0/keys');
  });

  it.each<[string, JWTPayload & Record<string, unknown>, string, string, Record<string, unknown>]>([
    ['the Application ID URI as audience', person, API, 'Bearer', { oid: 'o-1', upn: 'manager@council.example', name: 'A Manager', groups: ['g1', 'g2'], groupsOverage: false, clientId: 'tab-app' }],
    ['the API client id as audience (Entra v2)', person, API_CLIENT, 'Bearer', { upn: 'manager@council.example' }],
    ['a lower-case scheme', person, API, 'bearer', { upn: 'manager@council.example' }],
    ['preferred_username when there is no upn (v2 tokens)', { ...person, upn: undefined, preferred_username: 'p@council.example' }, API, 'Bearer', { upn: 'p@council.example' }],
    ['the groups overage claim instead of groups', { ...person, groups: undefined, _claim_names: { groups: 'src1' } }, API, 'Bearer', { groups: [], groupsOverage: true }],
    ['access_as_user among other scopes', { ...person, scp: 'User.Read access_as_user' }, API, 'Bearer', { oid: 'o-1' }],
  ])('accepts %s', async (_name, claims, aud, scheme, expected) => {
    expect(await validator.verify(`${scheme} ${await token(claims, aud)}`)).toMatchObject(expected);
  });

  it.each<[string, () => Promise<string | undefined>, string]>([
    ['no header', async () => undefined, 'missing-token'],
    ['another scheme', async () => `Basic ${await token(person)}`, 'missing-token'],
    ['an app-only token (roles, no scp)', async () => `Bearer ${await token({ oid: 'app', roles: ['Sites.Selected'] })}`, 'wrong-scope'],
    ['a token without a user name', async () => `Bearer ${await token({ ...person, upn: undefined })}`, 'malformed'],
    ['another audience', async () => `Bearer ${await token(person, 'api://other')}`, 'wrong-audience'],
  ])('refuses %s', async (_name, header, reason) => {
    await expect(validator.verify(await header())).rejects.toMatchObject({ reason });
  });
});
