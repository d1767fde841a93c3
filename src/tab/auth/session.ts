/**
 * The tab's session: which way it signs in (demo persona locally, Entra against a tenant), who
 * is signed in, and switching persona. Tokens are handed out through a SignInSlot, so the plan's
 * first load can start before sign-in has finished and simply waits for it.
 */
import type { TabConfig } from '../config.ts';
import { DEFAULT_PERSONA, choosePersona, fetchPersonas, personaSignIn, personaTokens } from './persona-sign-in.ts';
import type { DemoPersona, PersonaTokens } from './persona-sign-in.ts';
import { quietly } from '../browser-storage.ts';
import type { EntraSignInOptions } from './entra-sign-in.ts';
import { SignInError, SignInSlot, asSignInError } from './sign-in.ts';
import type { SignIn } from './sign-in.ts';

export interface SessionState {
  signIn?: SignIn;
  error?: SignInError;
  /** The demo personas, when signing in locally. */
  personas?: readonly DemoPersona[];
}

/** Where the tab runs, as far as sign-in cares (see entra-sign-in.ts). */
export type SignInHost = 'teams-naa' | 'teams' | 'browser';

const REMEMBERED_PERSONA = 'waymark.persona';
/** Who last signed in here (persona id or UPN): a reopened tab's saved picture is theirs only. */
const LAST_SIGNED_IN = 'waymark.person';

/** How a person is named in what the tab keeps for them: the persona id locally, else the UPN. */
export function personKey(signIn: SignIn): string {
  return signIn.person.personaId ?? signIn.person.upn;
}

/**
 * Who the tab will most likely sign in as, known before sign-in starts: the persona the address
 * asks for, else whoever signed in here last. Only a guess, so only for showing a picture of
 * their last view while sign-in runs (view-snapshot.ts), never for access.
 */
export function likelyPerson(search: string, storage: Pick<Storage, 'getItem'> | undefined): string | undefined {
  return new URLSearchParams(search).get('persona') ?? quietly(() => storage?.getItem(LAST_SIGNED_IN), undefined) ?? undefined;
}

export class Session {
  readonly slot = new SignInSlot();
  private state: SessionState = {};
  private readonly listeners = new Set<() => void>();
  private config?: TabConfig;
  /** The likely persona's token sources, started before the persona list arrives. */
  private early?: PersonaTokens;
  /**
   * How to sign in again from a click, inside Teams: a Teams client without NAA opens MSAL's
   * popup; with NAA, Teams shows its own consent window when Entra wants one. (A browser redirects.)
   */
  private signInByClick?: EntraSignInOptions;

  constructor(private readonly options: { fetchImpl?: typeof fetch; storage?: Pick<Storage, 'getItem' | 'setItem'>; location?: Pick<Location, 'search' | 'href'>; history?: Pick<History, 'replaceState'> } = {}) {
    this.slot.subscribe(() => {
      const { signIn, error } = this.slot.snapshot();
      if (signIn) quietly(() => this.options.storage?.setItem(LAST_SIGNED_IN, personKey(signIn)), undefined);
      this.set({ signIn, error });
    });
  }

  getState = (): SessionState => this.state;

  /** True where signing in (again) needs the person's click: inside Teams. */
  get signsInWithClick(): boolean {
    return this.signInByClick !== undefined;
  }

  /**
   * Signs in from the person's click, opening the sign-in window a browser would block without
   * one: the first sign-in, or when Entra asks the person to sign in again. Resolves when signed
   * in; a failure lands in the state, as at start.
   */
  signInWithClick = async (): Promise<void> => {
    const entra = this.signInByClick;
    if (!entra) return;
    try {
      const { entraSignIn } = await import('./entra-sign-in.ts');
      this.slot.set(await entraSignIn({ ...entra, clicked: true }));
    } catch (error) {
      this.slot.fail(asSignInError(error));
    }
  };
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Signs in the way the settings and the host allow. Never throws: failures land in the state. */
  async start(config: TabConfig, host: () => Promise<SignInHost>): Promise<void> {
    this.config = config;
    try {
      if (config.devIdentityUrl) {
        const asked = new URLSearchParams(this.options.location?.search ?? '').get('persona');
        const remembered = this.remembered();
        // Ask for the likely persona's Graph token while the list is on its way: one round trip, not two.
        const early = personaTokens(config.devIdentityUrl, asked ?? remembered ?? DEFAULT_PERSONA, config.apiScope, this.options.fetchImpl);
        this.early = early;
        early.graph().catch(() => undefined);
        const personas = await fetchPersonas(config.devIdentityUrl, this.options.fetchImpl);
        this.set({ personas });
        const persona = choosePersona(personas, asked, remembered);
        this.slot.set(personaSignIn(config.devIdentityUrl, persona, config.apiScope, this.options.fetchImpl, early));
        return;
      }
      if (config.clientId && config.tenantId && config.authorityHost) {
        const entra = { clientId: config.clientId, tenantId: config.tenantId, authorityHost: config.authorityHost, apiScope: config.apiScope, host: await host() };
        if (entra.host !== 'browser') this.signInByClick = entra;
        const { entraSignIn } = await import('./entra-sign-in.ts');
        this.slot.set(await entraSignIn(entra));
        return;
      }
      throw new SignInError('not-configured', 'Waymark does not know how to sign you in: the service publishes neither a tenant (TENANT_ID, CLIENT_ID) nor a local identity provider.');
    } catch (error) {
      this.slot.fail(asSignInError(error));
    }
  }

  /**
   * A Graph token for the signed-in person, for reading the plan. Before the persona list has
   * arrived it is the likely persona's early token: the identity provider only issues tokens for
   * personas it lists, so when that token comes back, its persona is the one choosePersona picks.
   * If it fails, the token waits for sign-in, which says what went wrong.
   */
  getGraphToken = async (): Promise<string> => {
    const early = this.early;
    if (early && !this.slot.snapshot().signIn && !this.slot.snapshot().error) {
      try {
        return await early.graph();
      } catch {
        // Sign-in reports it (an unknown persona, the provider down) through the slot below.
      }
    }
    return this.slot.getGraphToken();
  };

  /** Becomes another demo persona: remembered for next time and written to the address (`?persona=`). */
  switchPersona(id: string): void {
    const persona = this.state.personas?.find((candidate) => candidate.id === id);
    const devIdentityUrl = this.config?.devIdentityUrl;
    if (!persona || !devIdentityUrl) return;
    // Storage may be blocked (private windows, some Teams clients); the address still carries it.
    quietly(() => this.options.storage?.setItem(REMEMBERED_PERSONA, id), undefined);
    const href = this.options.location?.href;
    if (href && this.options.history) {
      const url = new URL(href);
      url.searchParams.set('persona', id);
      this.options.history.replaceState(null, '', url);
    }
    this.slot.set(personaSignIn(devIdentityUrl, persona, this.config?.apiScope, this.options.fetchImpl));
  }

  private remembered(): string | null {
    return quietly(() => this.options.storage?.getItem(REMEMBERED_PERSONA) ?? null, null);
  }

  private set(change: Partial<SessionState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }
}
