/**
 * Bearer tokens the tab sends the service, checked as Microsoft Entra's are: signature against
 * the issuer's published keys (`{AUTHORITY_HOST}/{TENANT_ID}/discovery/v2.0/keys`, fetched and
 * cached by jose, refetched when a new key id appears), RS256 only, issuer
 * `{AUTHORITY_HOST}/{TENANT_ID}/v2.0`, the API's audience, expiry with a small clock tolerance,
 * and the API's delegated scope. The same code checks the emulator's persona tokens locally.
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { AuthError } from './auth-error.ts';

/** Who the token says the caller is. */
export interface VerifiedUser {
  /** Entra object id. */
  oid: string;
  upn: string;
  name?: string;
  /** Group object ids from the `groups` claim. */
  groups: string[];
  /** True when Entra left the groups out because the person is in too many (the "groups overage" claim). */
  groupsOverage: boolean;
  /** The client application that asked for the token (azp / appid). */
  clientId?: string;
}

export interface TokenValidatorOptions {
  /** https://login.microsoftonline.com, or the emulator's origin. */
  authorityHost: string;
  tenantId: string;
  /** Accepted audiences: the API's Application ID URI, and its client id when configured (Entra v2 tokens may carry either). */
  audiences: readonly string[];
  /** The delegated scope a token must carry, e.g. `access_as_user`. */
  requiredScope: string;
  /** Allowed clock difference for exp/nbf/iat; default 60 s. */
  clockToleranceSeconds?: number;
  /** The key set; default the issuer's published keys. Tests may inject one. */
  keys?: JWTVerifyGetKey;
  /** The current time; default the system clock. */
  now?: () => Date;
}

/** Checks an Authorization header and returns the user it names, or throws AuthError. */
export interface TokenValidator {
  verify(authorization: string | undefined): Promise<VerifiedUser>;
  /** The issuer tokens must come from. */
  readonly issuer: string;
}

/** Where an issuer publishes its signing keys (the same path on Entra and the emulator). */
export function jwksUrl(authorityHost: string, tenantId: string): URL {
  return new URL(`${trimSlash(authorityHost)}/${encodeURIComponent(tenantId)}/discovery/v2.0/keys`);
}

export function createTokenValidator(options: TokenValidatorOptions): TokenValidator {
  const issuer = `${trimSlash(options.authorityHost)}/${options.tenantId}/v2.0`;
  const keys = options.keys ?? createRemoteJWKSet(jwksUrl(options.authorityHost, options.tenantId));
  const tolerance = options.clockToleranceSeconds ?? 60;
  return {
    issuer,
    async verify(authorization) {
      const token = bearerToken(authorization);
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          algorithms: ['RS256'],
          issuer,
          audience: [...options.audiences],
          clockTolerance: tolerance,
          requiredClaims: ['exp', 'iss', 'aud'],
          ...(options.now ? { currentDate: options.now() } : {}),
        }));
      } catch (error) {
        throw rejection(error);
      }
      return userOf(payload, options.requiredScope);
    },
  };
}

function bearerToken(authorization: string | undefined): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization?.trim() ?? '');
  if (!match?.[1]) throw new AuthError('missing-token', 'Sign in first: send the access token for Waymark’s API as "Authorization: Bearer <token>".');
  return match[1];
}

function userOf(payload: JWTPayload, requiredScope: string): VerifiedUser {
  const text = (key: string): string | undefined => (typeof payload[key] === 'string' && payload[key] !== '' ? (payload[key] as string) : undefined);
  const scopes = (text('scp') ?? '').split(' ');
  if (!scopes.includes(requiredScope)) {
    throw new AuthError('wrong-scope', `The token does not carry the delegated scope ${requiredScope}; ask for <API_APP_ID_URI>/${requiredScope} when signing in.`, `scp: ${text('scp') ?? 'none'}`);
  }
  const oid = text('oid') ?? text('sub');
  const upn = text('upn') ?? text('preferred_username') ?? text('email');
  if (!oid || !upn) throw new AuthError('malformed', 'The token does not say who the user is (no oid or user name).');
  const groups = Array.isArray(payload.groups) ? payload.groups.filter((group): group is string => typeof group === 'string') : [];
  const claimNames = payload._claim_names;
  const groupsOverage = typeof claimNames === 'object' && claimNames !== null && 'groups' in claimNames;
  const name = text('name');
  const clientId = text('azp') ?? text('appid');
  return { oid, upn, groups, groupsOverage, ...(name ? { name } : {}), ...(clientId ? { clientId } : {}) };
}

function rejection(error: unknown): AuthError {
  const details = error instanceof Error ? error.message : String(error);
  if (error instanceof joseErrors.JWTExpired) return new AuthError('expired', 'The token has expired; sign in again.', details);
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'iss':
        return new AuthError('wrong-issuer', 'The token was not issued by this tenant’s identity provider.', details);
      case 'aud':
        return new AuthError('wrong-audience', 'The token is not for Waymark’s API (wrong audience).', details);
      case 'nbf':
      case 'iat':
        return new AuthError('not-yet-valid', 'The token is not valid yet; check the computer’s clock.', details);
      default:
        return new AuthError('malformed', `The token's ${error.claim} claim is not valid.`, details);
    }
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed || error instanceof joseErrors.JOSENotSupported) {
    return new AuthError('wrong-algorithm', 'The token is not signed with an accepted algorithm (RS256).', details);
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWKSMultipleMatchingKeys) {
    return new AuthError('bad-signature', 'The token’s signature does not match the identity provider’s published keys.', details);
  }
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid || error instanceof TypeError) {
    return new AuthError('keys-unavailable', 'The identity provider’s signing keys could not be fetched; try again shortly.', details);
  }
  return new AuthError('malformed', 'The token is not a well-formed signed JWT.', details);
}

function trimSlash(text: string): string {
  return text.replace(/\/+$/, '');
}
