/**
 * Bearer-token authentication of Graph requests: no token → 401 "Access token is empty."; a token
 * that fails signature, expiry or audience checks against the emulator's key → 401. The caller's
 * identity (application or user) is kept for createdBy / lastModifiedBy. People hold read rights
 * on the site (only the app writes), so a write with a delegated token is 403 accessDenied.
 */
import { graphErrors } from '../errors/graph-error-factory.ts';
import { TokenRejected } from '../identity/token-issuer.ts';
import type { TokenIssuer } from '../identity/token-issuer.ts';
import type { Actor } from '../store/state.ts';
import type { Caller, GraphRequest } from './graph-context.ts';

/** The caller of a request, or a 401 GraphHttpError. */
export async function authenticate(request: GraphRequest, issuer: TokenIssuer): Promise<Caller> {
  const header = request.headers.authorization?.trim() ?? '';
  const match = /^Bearer\s+(.*)$/i.exec(header);
  const token = match?.[1]?.trim() ?? '';
  if (token === '') throw graphErrors.accessTokenEmpty();
  try {
    const claims = await issuer.verify(token);
    return { actor: actorOf(claims), claims };
  } catch (error) {
    if (error instanceof TokenRejected) throw graphErrors.accessTokenInvalid(error.message);
    throw error;
  }
}

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/**
 * Refuses a write (a direct request or a part of a $batch; the $batch envelope itself is not a
 * write) made with a person's delegated token, as SharePoint does for a site reader.
 */
export function authoriseWrite(request: GraphRequest, caller: Caller): void {
  if (!WRITE_METHODS.has(request.method) || request.path.toLowerCase() === '/$batch') return;
  if (isDelegated(caller.claims)) throw graphErrors.accessDenied();
}

// Entra marks delegated tokens with idtyp 'user' (optional claim) and always gives them scp; app-only tokens have roles instead.
function isDelegated(claims: Record<string, unknown>): boolean {
  return claims.idtyp === 'user' || (typeof claims.scp === 'string' && claims.scp !== '');
}

// Delegated tokens name a person (name, upn/preferred_username); app-only tokens name an application.
function actorOf(claims: Record<string, unknown>): Actor {
  const text = (key: string): string | undefined => (typeof claims[key] === 'string' && claims[key] !== '' ? (claims[key] as string) : undefined);
  const email = text('upn') ?? text('preferred_username') ?? text('email');
  const name = text('name');
  if (name || email) {
    return { kind: 'user', id: text('oid') ?? text('sub') ?? email ?? 'user', displayName: name ?? email ?? 'User', ...(email ? { email } : {}) };
  }
  const appId = text('appid') ?? text('azp') ?? 'application';
  return { kind: 'application', id: appId, displayName: text('app_displayname') ?? appId };
}
