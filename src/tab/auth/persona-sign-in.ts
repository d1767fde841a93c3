/**
 * Local sign-in as a fictional demo persona: the emulator lists them (`GET /dev/personas`) and
 * signs their tokens with the keys it publishes, so the tab and the service handle those tokens
 * exactly as they handle Entra's. Never used against a real tenant: the service only publishes
 * an identity provider address in the local stack.
 */
import { SignInError, cachedToken } from './sign-in.ts';
import type { SignIn } from './sign-in.ts';

/** A demo persona as the emulator lists it. */
export interface DemoPersona {
  id: string;
  displayName: string;
  upn: string;
  jobTitle?: string;
}

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
/** Who you are when neither the address nor an earlier visit says: the person the whole-plan tab is for. */
export const DEFAULT_PERSONA = 'slt-chief-executive';

/** The personas the identity provider offers. */
export async function fetchPersonas(devIdentityUrl: string, fetchImpl: typeof fetch = fetch): Promise<DemoPersona[]> {
  let answer: Response;
  try {
    answer = await fetchImpl(`${devIdentityUrl}/dev/personas`, { headers: { Accept: 'application/json' } });
  } catch (error) {
    throw new SignInError('unavailable', `The local identity provider at ${devIdentityUrl} did not answer. Is \`npm start\` still running?`, error);
  }
  if (!answer.ok) throw new SignInError('unavailable', `The local identity provider answered ${answer.status} when asked for its demo personas.`);
  const body = (await answer.json()) as { value?: DemoPersona[] };
  return body.value ?? [];
}

/**
 * Which persona to be: `?persona=` first, then the one chosen last time, then the default.
 * An unknown `?persona=` is refused by name rather than silently swapped for someone else.
 */
export function choosePersona(personas: readonly DemoPersona[], asked: string | null | undefined, remembered: string | null | undefined): DemoPersona {
  const find = (id: string | null | undefined) => (id ? personas.find((persona) => persona.id === id) : undefined);
  if (asked) {
    const found = find(asked);
    if (!found) throw new SignInError('unknown-persona', `There is no demo persona "${asked}". Choose who to view as under "Viewing as (demo)" at the top.`);
    return found;
  }
  const chosen = find(remembered) ?? find(DEFAULT_PERSONA) ?? personas[0];
  if (!chosen) throw new SignInError('not-configured', 'The local identity provider offers no demo personas.');
  return chosen;
}

/** A persona's token sources, by persona id: created before the persona list arrives, so the first token is asked for at once. */
export interface PersonaTokens {
  personaId: string;
  graph: () => Promise<string>;
  api?: () => Promise<string>;
}

/** Token sources for persona `personaId` (cached until shortly before expiry). */
export function personaTokens(devIdentityUrl: string, personaId: string, apiScope: string | undefined, fetchImpl: typeof fetch = fetch): PersonaTokens {
  const tokenFor = (scope: string) =>
    cachedToken(async () => {
      let answer: Response;
      try {
        answer = await fetchImpl(`${devIdentityUrl}/dev/personas/${encodeURIComponent(personaId)}/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ scope }).toString(),
        });
      } catch (error) {
        throw new SignInError('unavailable', `The local identity provider at ${devIdentityUrl} did not answer.`, error);
      }
      const body = (await answer.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: { message?: string } };
      if (!answer.ok || !body.access_token) {
        throw new SignInError('failed', `No token for demo persona ${personaId}: ${body.error?.message ?? `the identity provider answered ${answer.status}`}.`);
      }
      return { token: body.access_token, expiresInSeconds: body.expires_in ?? 3600 };
    });
  return { personaId, graph: tokenFor(GRAPH_SCOPE), ...(apiScope ? { api: tokenFor(apiScope) } : {}) };
}

/** Signs in as `persona`, with `tokens` when they were already started for this persona. */
export function personaSignIn(devIdentityUrl: string, persona: DemoPersona, apiScope: string | undefined, fetchImpl: typeof fetch = fetch, tokens?: PersonaTokens): SignIn {
  const sources = tokens?.personaId === persona.id ? tokens : personaTokens(devIdentityUrl, persona.id, apiScope, fetchImpl);
  const api = sources.api;
  return {
    method: 'persona',
    person: { upn: persona.upn, displayName: persona.displayName, personaId: persona.id },
    getGraphToken: sources.graph,
    getApiToken: () => (api ? api() : Promise.reject(new SignInError('not-configured', 'The tab does not know the API scope (API_APP_ID_URI).'))),
  };
}
