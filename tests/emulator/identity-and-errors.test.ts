/** The emulator's token endpoints, Graph authentication, and the shape of every Graph error. */
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import type { JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ID, TENANT, startTestEmulator } from './emulator-client.ts';
import type { TestEmulator } from './emulator-client.ts';

let client: TestEmulator;

beforeAll(async () => {
  client = await startTestEmulator();
});

afterAll(async () => {
  await client?.close();
});

async function tokenRequest(form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${client.emulator.url}/${TENANT}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('token endpoint', () => {
  it('issues a client-credentials token that verifies against the published keys', async () => {
    const answer = await tokenRequest({ grant_type: 'client_credentials', client_id: CLIENT_ID, scope: 'https://graph.microsoft.com/.default' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
    const token = answer.body.access_token as string;

    const config = (await (await fetch(`${client.emulator.url}/${TENANT}/v2.0/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(config.issuer).toBe(`${client.emulator.url}/${TENANT}/v2.0`);
    expect(config.token_endpoint).toBe(`${client.emulator.url}/${TENANT}/oauth2/v2.0/token`);
    const keys = (await (await fetch(config.jwks_uri ?? '')).json()) as JSONWebKeySet;
    expect(keys.keys[0]?.kid).toBe(decodeProtectedHeader(token).kid);

    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(keys), { issuer: config.issuer, audience: 'https://graph.microsoft.com' });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({ appid: CLIENT_ID, azp: CLIENT_ID, tid: TENANT, roles: ['Sites.Selected'] });
    expect((payload.exp ?? 0) - Math.floor(Date.now() / 1000)).toBeGreaterThan(3500);
  });

  const refusals: [string, Record<string, string>, string][] = [
    ['another grant type', { grant_type: 'password', client_id: CLIENT_ID, scope: 'https://graph.microsoft.com/.default' }, 'unsupported_grant_type'],
    ['no grant type', { client_id: CLIENT_ID, scope: 'https://graph.microsoft.com/.default' }, 'invalid_request'],
    ['no client id', { grant_type: 'client_credentials', scope: 'https://graph.microsoft.com/.default' }, 'invalid_request'],
    ['a scope without /.default', { grant_type: 'client_credentials', client_id: CLIENT_ID, scope: 'Sites.Read.All' }, 'invalid_scope'],
  ];
  it.each(refusals)('refuses %s with an OAuth error', async (_name, form, error) => {
    const answer = await tokenRequest(form);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe(error);
    expect(answer.body.error_description).toMatch(/^AADSTS\d+: /);
  });
});

describe('Graph authentication', () => {
  it('answers 401 InvalidAuthenticationToken "Access token is empty." without a token', async () => {
    const answer = await client.call('GET', `${client.site}/lists`, undefined, { Authorization: '' });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } });
  });

  it('answers 401 to a tampered token, a token of another emulator and a token that is not a JWT', async () => {
    const [header, payload, signature] = client.token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, roles: ['Sites.FullControl.All'] })).toString('base64url')}.${signature}`;
    const other = await startTestEmulator();
    try {
      for (const token of [tampered, other.token, 'garbage']) {
        const answer = await client.call('GET', `${client.site}/lists`, undefined, { Authorization: `Bearer ${token}` });
        expect(answer.status).toBe(401);
        expect((answer.body as { error: { code: string } }).error.code).toBe('InvalidAuthenticationToken');
      }
    } finally {
      await other.close();
    }
  });

  it('checks the token of a $batch before running any of its parts', async () => {
    const answer = await client.call('POST', '/$batch', { requests: [{ id: '1', method: 'POST', url: `${client.site}/lists`, headers: { 'Content-Type': 'application/json' }, body: { displayName: 'Sneaky' } }] }, { Authorization: 'Bearer nope' });
    expect(answer.status).toBe(401);
    expect((await client.call('GET', `${client.site}/lists/Sneaky`)).status).toBe(404);
  });
});

describe('error responses', () => {
  it('have exactly Graph\'s shape, with the request id in the body and the headers and the client-request-id echoed', async () => {
    const answer = await client.call('GET', `${client.site}/lists/NoSuchList`, undefined, { 'client-request-id': 'my-correlation-id' });
    expect(answer.status).toBe(404);
    const body = answer.body as { error: { code: string; message: string; innerError: Record<string, string> } };
    expect(Object.keys(body)).toEqual(['error']);
    expect(Object.keys(body.error)).toEqual(['code', 'message', 'innerError']);
    expect(Object.keys(body.error.innerError)).toEqual(['date', 'request-id', 'client-request-id']);
    expect(body.error.code).toBe('itemNotFound');
    expect(body.error.innerError['client-request-id']).toBe('my-correlation-id');
    expect(body.error.innerError.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(answer.headers.get('request-id')).toBe(body.error.innerError['request-id']);
    expect(answer.headers.get('client-request-id')).toBe('my-correlation-id');
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  });

  const cases: [string, string, string, unknown, number, string, RegExp?][] = [
    ['an unknown segment', 'GET', '/sites/root/drives', undefined, 400, 'BadRequest', /Resource not found for the segment 'drives'/],
    ['an unknown top-level segment', 'GET', '/me', undefined, 400, 'BadRequest', /segment 'me'/],
    ['an unknown site', 'GET', '/sites/contoso.sharepoint.com,1,2', undefined, 404, 'itemNotFound'],
    ['a method a resource does not support', 'PUT', '/sites/root', {}, 405, 'BadRequest'],
    ['a body that is not JSON', 'POST', '/sites/root/lists', '{"displayName":', 400, 'BadRequest', /JSON/],
    ['an unknown query option', 'GET', '/sites/root/lists?$frobnicate=1', undefined, 400, 'BadRequest', /\$frobnicate/],
    ['a repeated query option', 'GET', '/sites/root/lists?$select=id&$select=name', undefined, 400, 'BadRequest', /more than once/],
    ['a query option the resource does not take', 'GET', '/sites/root/lists?$top=3', undefined, 400, 'BadRequest', /\$top/],
    ['a $select of an unknown property', 'GET', '/sites/root/lists?$select=id,colour', undefined, 400, 'BadRequest', /colour/],
  ];
  it.each(cases)('for %s', async (_name, method, path, body, status, code, message) => {
    const answer = await client.call<{ error: { code: string; message: string } }>(method, path, body);
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
    if (message) expect(answer.body.error.message).toMatch(message);
  });

  it('answers a body over 4 MB with a Graph-shaped 413', async () => {
    const answer = await client.call<{ error: { code: string } }>('POST', '/$batch', 'x'.repeat(5 * 1024 * 1024));
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('RequestEntityTooLarge');
  });

  it('answers paths outside /v1.0 with a Graph-shaped 404', async () => {
    const response = await fetch(`${client.emulator.url}/beta/sites/root`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('NotFound');
  });
});

describe('sites', () => {
  it('serves the emulated site as root and by id', async () => {
    const root = await client.call('GET', '/sites/root');
    const byId = await client.call('GET', client.site);
    expect(root.status).toBe(200);
    expect(root.body).toMatchObject({ id: client.emulator.siteId, root: {} });
    expect(byId.body).toMatchObject({ id: client.emulator.siteId, displayName: expect.any(String), webUrl: expect.stringMatching(/^https:\/\//) });
    expect(root.body['@odata.context']).toBe(`${client.emulator.graphUrl}/$metadata#sites/$entity`);
  });

  it('answers CORS preflights so a browser tab can call it', async () => {
    const response = await fetch(`${client.emulator.graphUrl}/sites/root`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'PATCH', 'Access-Control-Request-Headers': 'authorization,if-match' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization,if-match');
  });
});
