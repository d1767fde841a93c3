/**
 * A stand-in for Microsoft Entra's sign-in endpoints inside one browser profile, routed by
 * playwright (nothing leaves the machine): the tenant's OpenID configuration, /authorize (which
 * signs the person straight in, as Entra does for someone with a session) and /token (which
 * answers any code it issued). Enough for MSAL Browser to run its real redirect, popup and
 * hidden-frame flows; the tokens are unsigned, which MSAL in a browser does not check.
 */
import type { BrowserContext, Route } from 'playwright-core';

export const FAKE_AUTHORITY = 'https://login.microsoftonline.com';

export interface FakeEntraPerson {
  oid: string;
  upn: string;
  name: string;
}

export interface FakeEntra {
  /** Each /authorize request, in order: how it was loaded and where it asked to return. */
  authorizations: Array<{ redirectUri: string; prompt?: string; scope: string }>;
  /** The access tokens /token handed out, by the scope asked for. */
  issued: Map<string, string>;
}

const base64url = (value: string): string => Buffer.from(value).toString('base64url');

/** Routes Entra's endpoints for this tenant in the given browser profile. */
export async function routeFakeEntra(context: BrowserContext, tenantId: string, clientId: string, person: FakeEntraPerson): Promise<FakeEntra> {
  const tenant = `${FAKE_AUTHORITY}/${tenantId}`;
  const entra: FakeEntra = { authorizations: [], issued: new Map() };
  const nonces = new Map<string, string>();
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': 'GET, POST, OPTIONS' };
  const json = (route: Route, body: unknown) => route.fulfill({ status: 200, contentType: 'application/json', headers: cors, body: JSON.stringify(body) });

  await context.route(`${FAKE_AUTHORITY}/**`, async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
    if (url.pathname.endsWith('/.well-known/openid-configuration')) {
      return json(route, {
        issuer: `${tenant}/v2.0`,
        authorization_endpoint: `${tenant}/oauth2/v2.0/authorize`,
        token_endpoint: `${tenant}/oauth2/v2.0/token`,
        end_session_endpoint: `${tenant}/oauth2/v2.0/logout`,
        jwks_uri: `${tenant}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
      });
    }
    if (url.pathname.endsWith('/discovery/instance')) {
      return json(route, { tenant_discovery_endpoint: `${tenant}/v2.0/.well-known/openid-configuration`, metadata: [{ preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.windows.net', aliases: ['login.microsoftonline.com', 'login.windows.net'] }] });
    }
    if (url.pathname.endsWith('/oauth2/v2.0/authorize')) {
      const asked = url.searchParams;
      const redirectUri = asked.get('redirect_uri') ?? '';
      entra.authorizations.push({ redirectUri, prompt: asked.get('prompt') ?? undefined, scope: asked.get('scope') ?? '' });
      const code = `code-${entra.authorizations.length}`;
      nonces.set(code, asked.get('nonce') ?? '');
      const answer = new URLSearchParams({ code, state: asked.get('state') ?? '', client_info: clientInfo(person, tenantId) });
      const separator = asked.get('response_mode') === 'query' ? '?' : '#';
      return route.fulfill({ status: 302, headers: { location: `${redirectUri}${separator}${answer}` } });
    }
    if (url.pathname.endsWith('/oauth2/v2.0/token')) {
      const form = new URLSearchParams(request.postData() ?? '');
      const code = form.get('code') ?? '';
      const scope = (form.get('scope') ?? '').split(' ').filter((s) => !['openid', 'profile', 'offline_access'].includes(s)).join(' ');
      const accessToken = `fake-access-token-for ${scope}`;
      entra.issued.set(scope, accessToken);
      const now = Math.floor(Date.now() / 1000);
      const idToken = [
        base64url(JSON.stringify({ alg: 'none', typ: 'JWT' })),
        base64url(JSON.stringify({ aud: clientId, iss: `${tenant}/v2.0`, tid: tenantId, oid: person.oid, sub: person.oid, preferred_username: person.upn, name: person.name, nonce: nonces.get(code), iat: now, nbf: now, exp: now + 3600, ver: '2.0' })),
        'unsigned',
      ].join('.');
      return json(route, { token_type: 'Bearer', scope, expires_in: 3600, ext_expires_in: 3600, access_token: accessToken, id_token: idToken, client_info: clientInfo(person, tenantId) });
    }
    return route.fulfill({ status: 404, headers: cors, body: `The fake Entra has no ${url.pathname}` });
  });
  return entra;
}

function clientInfo(person: FakeEntraPerson, tenantId: string): string {
  return base64url(JSON.stringify({ uid: person.oid, utid: tenantId }));
}
