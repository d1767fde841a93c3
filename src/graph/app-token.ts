/**
 * App-only tokens for Graph by the OAuth 2.0 client-credentials grant, for the CLI and the
 * service. This is one standard form POST rather than MSAL Node because MSAL refuses authorities
 * that are not https, and the local emulator issues tokens over plain http on 127.0.0.1; against
 * Entra ID (https://login.microsoftonline.com) the request is the same.
 */
import { WaymarkGraphError, networkError } from './graph-error.ts';

export interface AppTokenOptions {
  /** https://login.microsoftonline.com, or the emulator's http://127.0.0.1:PORT. */
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Defaults to Graph's `.default` scope (the app's granted permissions). */
  scope?: string;
  fetch?: typeof fetch;
  /** Milliseconds since the epoch; injected in tests. */
  now?: () => number;
}

/** Returns a bearer token for Graph. */
export type TokenProvider = () => Promise<string>;

// Renew this long before expiry so a token never expires in the middle of a paged read.
const RENEW_BEFORE_MS = 5 * 60 * 1000;

/** A token provider that asks the token endpoint once and reuses the token until 5 minutes before it expires. */
export function createAppTokenProvider(options: AppTokenOptions): TokenProvider {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const endpoint = `${options.authorityHost.replace(/\/+$/, '')}/${encodeURIComponent(options.tenantId)}/oauth2/v2.0/token`;
  let cached: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  const request = async (): Promise<string> => {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: options.clientId,
      client_secret: options.clientSecret,
      scope: options.scope ?? 'https://graph.microsoft.com/.default',
    });
    let response: Response;
    try {
      response = await doFetch(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      });
    } catch (error) {
      throw networkError(options.authorityHost, error);
    }
    const text = await response.text();
    const json = parseJson(text);
    if (!response.ok) {
      const code = typeof json.error === 'string' ? json.error : undefined;
      const description = typeof json.error_description === 'string' ? json.error_description : text.slice(0, 500);
      throw new WaymarkGraphError(
        response.status >= 500 ? 'unavailable' : 'unauthorised',
        `The token endpoint ${endpoint} refused Waymark's credentials (HTTP ${response.status}${code ? `, ${code}` : ''}). Check TENANT_ID, CLIENT_ID and SECRET_CLIENT_SECRET.`,
        { statusCode: response.status, code, details: description, requestId: response.headers.get('x-ms-request-id') ?? undefined },
      );
    }
    const token = json.access_token;
    const expiresIn = Number(json.expires_in);
    if (typeof token !== 'string' || token === '') {
      throw new WaymarkGraphError('unauthorised', `The token endpoint ${endpoint} answered without an access token.`, { details: text.slice(0, 500) });
    }
    const lifetimeMs = (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600) * 1000;
    cached = { token, renewAt: now() + Math.max(0, lifetimeMs - RENEW_BEFORE_MS) };
    return token;
  };

  return async () => {
    if (cached && now() < cached.renewAt) return cached.token;
    // Concurrent callers share one request rather than each asking for a token.
    pending ??= request().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
