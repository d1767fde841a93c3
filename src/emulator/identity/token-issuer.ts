/**
 * The emulator's stand-in for Microsoft Entra ID's token service: an RS256 key pair (made once
 * and kept in the emulator's state, so tokens survive a restart with the same data folder),
 * tokens signed with it, verification of the bearer tokens Graph requests carry, and the public
 * key set. Other parts of the emulator (e.g. demo personas) issue tokens through issueToken.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, calculateJwkThumbprint, errors as joseErrors, exportJWK, generateKeyPair, importJWK, jwtVerify } from 'jose';
import type { CryptoKey, JWK, JWTPayload } from 'jose';
import type { SigningKeyRecord } from '../store/state.ts';

/** Graph's resource URI, the audience of every token the emulator issues for Graph. */
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
/** Graph's application id, which Entra also uses as the audience of Graph tokens. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** Lifetime of an issued token, as Entra's client-credentials tokens (3599 s). */
export const TOKEN_LIFETIME_SECONDS = 3599;

/** The claims a token is issued with; iss, aud, iat, nbf, exp, tid and ver are filled in when absent. */
export interface TokenRequest {
  /** The tenant in the token URL (`/{tenant}/oauth2/v2.0/token`). */
  tenant: string;
  /** The issuer's origin (`http://127.0.0.1:4100`); iss becomes `${origin}/${tenant}/v2.0`. */
  origin: string;
  claims: JWTPayload & Record<string, unknown>;
  lifetimeSeconds?: number;
}

/** An issued token. */
export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
  claims: JWTPayload & Record<string, unknown>;
}

/** Why a bearer token was refused (the 401 message). */
export class TokenRejected extends Error {
  override readonly name = 'TokenRejected';
}

/** Issues and verifies the emulator's tokens. */
export class TokenIssuer {
  // Verified tokens by their text, so a token is checked cryptographically once, not per request.
  private readonly verified = new Map<string, JWTPayload & Record<string, unknown>>();

  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    private readonly publicJwk: JWK,
    readonly kid: string,
    private readonly now: () => number,
  ) {}

  /** The issuer for a key record; `record` is made (and returned through `onCreated`) when absent. */
  static async create(record: SigningKeyRecord | undefined, onCreated: (record: SigningKeyRecord) => void, now: () => number = Date.now): Promise<TokenIssuer> {
    let keyRecord = record;
    if (!keyRecord) {
      const pair = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
      const publicJwk = await exportJWK(pair.publicKey);
      const privateJwk = await exportJWK(pair.privateKey);
      const kid = await calculateJwkThumbprint(publicJwk);
      keyRecord = { kid, privateJwk: { ...privateJwk }, publicJwk: { ...publicJwk } };
      onCreated(keyRecord);
    }
    const privateKey = (await importJWK(keyRecord.privateJwk as JWK, 'RS256')) as CryptoKey;
    const publicKey = (await importJWK(keyRecord.publicJwk as JWK, 'RS256')) as CryptoKey;
    return new TokenIssuer(privateKey, publicKey, keyRecord.publicJwk as JWK, keyRecord.kid, now);
  }

  /** Signs a token with the given claims (the standard ones are added unless given). */
  async issueToken(request: TokenRequest): Promise<IssuedToken> {
    const lifetime = request.lifetimeSeconds ?? TOKEN_LIFETIME_SECONDS;
    const issuedAt = Math.floor(this.now() / 1000);
    const claims: JWTPayload & Record<string, unknown> = {
      aud: GRAPH_AUDIENCE,
      iss: `${request.origin}/${request.tenant}/v2.0`,
      iat: issuedAt,
      nbf: issuedAt,
      exp: issuedAt + lifetime,
      tid: request.tenant,
      ver: '2.0',
      uti: randomUUID().replace(/-/g, '').slice(0, 22),
      ...request.claims,
    };
    const accessToken = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.kid }).sign(this.privateKey);
    return { accessToken, expiresIn: lifetime, claims };
  }

  /** The claims of a valid token; throws TokenRejected saying why it is not valid. */
  async verify(token: string): Promise<JWTPayload & Record<string, unknown>> {
    const cached = this.verified.get(token);
    if (cached) {
      if (typeof cached.exp === 'number' && cached.exp * 1000 <= this.now()) {
        this.verified.delete(token);
        throw new TokenRejected('Lifetime validation failed, the token is expired.');
      }
      return cached;
    }
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        algorithms: ['RS256'],
        audience: [GRAPH_AUDIENCE, GRAPH_APP_ID, `${GRAPH_AUDIENCE}/`],
        currentDate: new Date(this.now()),
      });
      if (this.verified.size > 10_000) this.verified.clear();
      this.verified.set(token, payload);
      return payload;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new TokenRejected('Lifetime validation failed, the token is expired.');
      if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'aud') throw new TokenRejected('Invalid audience.');
      if (error instanceof joseErrors.JWSSignatureVerificationFailed) throw new TokenRejected('Invalid signature.');
      if (error instanceof joseErrors.JOSEError) throw new TokenRejected(`The token is not valid (${error.code}).`);
      throw new TokenRejected('The token is not well formed.');
    }
  }

  /** The public key set (`/discovery/v2.0/keys`). */
  jwks(): { keys: JWK[] } {
    return { keys: [{ ...this.publicJwk, kid: this.kid, use: 'sig', alg: 'RS256', kty: 'RSA' }] };
  }
}
