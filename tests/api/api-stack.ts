/**
 * The API tests' stack: the real local stack (in-memory emulator with the 2026/27 plan and demo
 * people, the service with its write API) on free ports, plus helpers that get persona tokens from
 * the emulator's identity provider and call the API as the tab does.
 */
import { startLocalStack } from '../../src/cli/local-stack.ts';
import type { LocalStack } from '../../src/cli/local-stack.ts';
import { repositoryFromConfig } from '../../src/cli/graph-from-config.ts';
import type { Milestone, MilestoneUpdate } from '../../src/domain/records.ts';
import type { Stored } from '../../src/graph/list-records.ts';
import { eq } from '../../src/graph/repository.ts';
import type { ListRepository } from '../../src/graph/repository.ts';

export const API_SCOPE = 'api://waymark.local/access_as_user';

export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ApiStack {
  stack: LocalStack;
  /** An app-only repository on the same site, to look behind the API's back. */
  repository: ListRepository;
  milestones: Stored<Milestone>[];
  /** A persona's token for Waymark's API (or another scope). */
  token(persona: string, scope?: string): Promise<string>;
  call<T = Record<string, unknown>>(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<ApiAnswer<T>>;
  /** POSTs an update as `persona` with If-Match `eTag`. */
  update<T = Record<string, unknown>>(persona: string, id: string, eTag: string | undefined, body: unknown): Promise<ApiAnswer<T>>;
  history(id: string): Promise<Stored<MilestoneUpdate>[]>;
  close(): Promise<void>;
}

export async function startApiStack(): Promise<ApiStack> {
  const stack = await startLocalStack({ emulatorPort: 0, servicePort: 0, dataDir: null, buildTab: false, tabDir: 'no-tab-in-api-tests' });
  const repository = await repositoryFromConfig(stack.config, { retryDelaySeconds: 0 });
  const plan = await repository.loadPlan(stack.config.defaultPlan);
  const tokens = new Map<string, string>();
  const token = async (persona: string, scope = API_SCOPE): Promise<string> => {
    const key = `${persona} ${scope}`;
    const known = tokens.get(key);
    if (known) return known;
    const response = await fetch(`${stack.emulator.url}/dev/personas/${persona}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ scope }).toString(),
    });
    if (response.status !== 200) throw new Error(`no token for ${persona}: ${response.status} ${await response.text()}`);
    const issued = ((await response.json()) as { access_token: string }).access_token;
    tokens.set(key, issued);
    return issued;
  };
  const call = async <T>(method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiAnswer<T>> => {
    const response = await fetch(`${stack.service.url}${path}`, {
      method,
      headers: {
        ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(options.headers ?? {}),
      },
      ...(options.body !== undefined ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text === '' ? undefined : JSON.parse(text)) as T };
  };
  return {
    stack,
    repository,
    milestones: plan.milestones,
    token,
    call,
    update: async (persona, id, eTag, body) =>
      call(`POST`, `/api/milestones/${id}/updates`, { token: await token(persona), body, headers: eTag === undefined ? {} : { 'If-Match': eTag } }),
    history: async (id) => repository.list('MilestoneUpdates', { filter: eq('MilestoneItemId', id) }),
    close: () => stack.close(),
  };
}
