/**
 * Who is using the tab and how it gets tokens for them. Three ways in, one shape out: a demo
 * persona from the local emulator, Microsoft Entra through MSAL in a plain browser, or Nested App
 * Authentication inside Teams. The data and update code only ever see a SignIn.
 */

/** The person the tab acts for. */
export interface SignedInPerson {
  upn: string;
  displayName?: string;
  /** Set for a demo persona (local only). */
  personaId?: string;
}

export interface SignIn {
  readonly method: 'persona' | 'entra-naa' | 'entra-popup' | 'entra-redirect';
  readonly person: SignedInPerson;
  /** A delegated Graph token (read the site). */
  getGraphToken(): Promise<string>;
  /** A token for Waymark's API (`access_as_user`); undefined when the tab knows no API scope. */
  getApiToken(): Promise<string>;
}

export type SignInErrorReason =
  /** The tab knows neither an identity provider nor an app registration. */
  | 'not-configured'
  /** `?persona=` named nobody the identity provider knows. */
  | 'unknown-persona'
  /** The identity provider did not answer. */
  | 'unavailable'
  /** The person has to sign in (or consent) interactively. */
  | 'interaction-required'
  | 'failed';

/** The one error sign-in reports; callers branch on `reason`. */
export class SignInError extends Error {
  override readonly name = 'SignInError';
  constructor(
    readonly reason: SignInErrorReason,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** A failure's own words. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Any failure during sign-in as the SignInError the tab reports ('failed' unless it already says why). */
export function asSignInError(error: unknown): SignInError {
  return error instanceof SignInError ? error : new SignInError('failed', messageOf(error), error);
}

/**
 * Where the tab's data code asks for tokens before sign-in has finished: callers wait until a
 * SignIn is set (or sign-in fails), and always use the current one after a persona switch.
 */
export class SignInSlot {
  private current?: SignIn;
  private failure?: SignInError;
  private state: { signIn?: SignIn; error?: SignInError } = {};
  private waiting: { resolve: (signIn: SignIn) => void; reject: (error: SignInError) => void }[] = [];
  private readonly listeners = new Set<() => void>();

  set(signIn: SignIn): void {
    this.current = signIn;
    this.failure = undefined;
    for (const waiter of this.waiting.splice(0)) waiter.resolve(signIn);
    this.notify();
  }

  fail(error: SignInError): void {
    this.failure = error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
    this.notify();
  }

  /** The current SignIn, waiting for the first. */
  ready(): Promise<SignIn> {
    if (this.current) return Promise.resolve(this.current);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  getGraphToken = async (): Promise<string> => (await this.ready()).getGraphToken();
  getApiToken = async (): Promise<string> => (await this.ready()).getApiToken();

  /** The current SignIn or failure, for React's useSyncExternalStore. */
  snapshot = (): { signIn?: SignIn; error?: SignInError } => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private notify(): void {
    this.state = { signIn: this.current, error: this.failure };
    for (const listener of this.listeners) listener();
  }
}

/**
 * Caches a token until shortly before it expires, and shares one request among callers asking
 * at the same time (a cold tab asks for its Graph token from several places at once).
 */
export function cachedToken(fetchToken: () => Promise<{ token: string; expiresInSeconds: number }>, now: () => number = Date.now): () => Promise<string> {
  // Renew five minutes early, so a request never leaves with a token about to expire.
  const MARGIN_MS = 5 * 60 * 1000;
  let cached: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;
  return () => {
    if (cached && cached.expiresAt - MARGIN_MS > now()) return Promise.resolve(cached.token);
    pending ??= fetchToken()
      .then(({ token, expiresInSeconds }) => {
        cached = { token, expiresAt: now() + expiresInSeconds * 1000 };
        return token;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}
