/**
 * A thin raw-HTTP client for the emulator tests: starts an in-memory emulator, gets an app token
 * from its token endpoint as any client-credentials client would, and sends Graph requests with
 * plain fetch, so the tests see exactly what goes over the wire.
 */
import { startEmulator } from '../../src/emulator/server.ts';
import type { EmulatorOptions, RunningEmulator } from '../../src/emulator/server.ts';

export const TENANT = '00000000-0000-4000-8000-00000000c0de';
export const CLIENT_ID = '11111111-1111-4111-8111-111111111111';

export interface WireResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface TestEmulator {
  emulator: RunningEmulator;
  token: string;
  /** `/sites/{siteId}` of the emulated site. */
  site: string;
  /** Sends a request to `${graphUrl}${path}` with the token (unless headers.Authorization overrides it). */
  call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<WireResponse<T>>;
  /** Follows an absolute link (nextLink, deltaLink, Location) with the token. */
  follow<T = Record<string, unknown>>(link: string, headers?: Record<string, string>): Promise<WireResponse<T>>;
  close(): Promise<void>;
}

/** Gets an app-only token from the emulator's token endpoint. */
export async function fetchToken(url: string, clientId = CLIENT_ID): Promise<string> {
  const response = await fetch(`${url}/${TENANT}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'local', scope: 'https://graph.microsoft.com/.default' }).toString(),
  });
  if (response.status !== 200) throw new Error(`token endpoint answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

/** Starts an in-memory emulator on a free port and signs in to it. */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({ port: 0, dataDir: null, retryAfterSeconds: 0, ...options });
  const token = await fetchToken(emulator.url);
  const send = async <T>(url: string, method: string, body: unknown, headers: Record<string, string>): Promise<WireResponse<T>> => {
    const response = await fetch(url, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text === '' ? undefined : JSON.parse(text)) as T };
  };
  return {
    emulator,
    token,
    site: `/sites/${emulator.siteId}`,
    call: (method, path, body, headers = {}) => send(`${emulator.graphUrl}${path}`, method, body, headers),
    follow: (link, headers = {}) => send(link, 'GET', undefined, headers),
    close: () => emulator.close(),
  };
}

/** A column definition as provisioning sends it. */
export const column = {
  text: (name: string, extra: Record<string, unknown> = {}) => ({ name, text: { allowMultipleLines: false, maxLength: 255 }, ...extra }),
  note: (name: string) => ({ name, text: { allowMultipleLines: true } }),
  number: (name: string, extra: Record<string, unknown> = {}) => ({ name, number: {}, ...extra }),
  date: (name: string, extra: Record<string, unknown> = {}) => ({ name, dateTime: { format: 'dateOnly' }, ...extra }),
  dateTime: (name: string, extra: Record<string, unknown> = {}) => ({ name, dateTime: { format: 'dateTime' }, ...extra }),
  choice: (name: string, choices: string[], extra: Record<string, unknown> = {}) => ({ name, choice: { choices }, ...extra }),
  boolean: (name: string, extra: Record<string, unknown> = {}) => ({ name, boolean: {}, ...extra }),
};

/** Creates a generic list and fails the test if it cannot. */
export async function createList(client: TestEmulator, displayName: string, columns: unknown[]): Promise<{ id: string }> {
  const created = await client.call<{ id: string }>('POST', `${client.site}/lists`, { displayName, columns, list: { template: 'genericList' } });
  if (created.status !== 201) throw new Error(`creating list ${displayName} answered ${created.status}: ${JSON.stringify(created.body)}`);
  return created.body;
}

/** Creates items through $batch, 20 a call, and returns their ids in order. */
export async function seedItems(client: TestEmulator, list: string, records: Record<string, unknown>[]): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < records.length; start += 20) {
    const chunk = records.slice(start, start + 20);
    const answer = await client.call<{ responses: { id: string; status: number; body: { id: string } }[] }>('POST', '/$batch', {
      requests: chunk.map((fields, index) => ({
        id: String(index + 1),
        method: 'POST',
        url: `${client.site}/lists/${list}/items`,
        headers: { 'Content-Type': 'application/json' },
        body: { fields },
      })),
    });
    const byId = new Map(answer.body.responses.map((response) => [response.id, response]));
    for (let index = 0; index < chunk.length; index++) {
      const response = byId.get(String(index + 1));
      if (response?.status !== 201) throw new Error(`seeding ${list} failed: ${JSON.stringify(response)}`);
      ids.push(response.body.id);
    }
  }
  return ids;
}

/** Reads every page of a query, following @odata.nextLink, and returns the items and the number of pages. */
export async function readAll<T = Record<string, unknown>>(client: TestEmulator, path: string, headers: Record<string, string> = {}): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  let answer = await client.call<{ value: T[]; '@odata.nextLink'?: string }>('GET', path, undefined, headers);
  for (;;) {
    if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    pages += 1;
    items.push(...answer.body.value);
    const next = answer.body['@odata.nextLink'];
    if (!next) return { items, pages };
    answer = await client.follow(next, headers);
  }
}
