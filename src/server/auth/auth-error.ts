/**
 * The one error of the service's authentication boundary. Callers branch on `reason`; the message
 * is safe to show the caller (it never echoes the token), and `details` keeps the library's text for logs.
 */

export type AuthErrorReason =
  /** No Authorization header, or not `Bearer <token>`. */
  | 'missing-token'
  /** Not a JWT, or one whose header or claims cannot be read. */
  | 'malformed'
  /** Signed with a key the issuer does not publish, or the signature does not match. */
  | 'bad-signature'
  /** Signed with an algorithm other than RS256 (including `none` and HS256). */
  | 'wrong-algorithm'
  | 'expired'
  /** nbf or iat in the future beyond the clock tolerance. */
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-audience'
  /** A valid token without the API's delegated scope (e.g. an app-only token, or one for another scope). */
  | 'wrong-scope'
  /** The issuer's keys could not be fetched. */
  | 'keys-unavailable'
  /** The access-groups file is missing or not valid (a configuration error, found at start). */
  | 'bad-configuration';

/** An authentication failure. */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    readonly reason: AuthErrorReason,
    message: string,
    readonly details?: string,
  ) {
    super(message);
  }
}
