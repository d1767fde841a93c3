/**
 * The bot tests' stack: the real local stack (in-memory emulator with the 2026/27 plan and demo
 * people, the service with the write API and the bot at /api/messages) on free ports, and helpers
 * that send the bot activities exactly as Teams sends them.
 */
import { startLocalStack } from '../../src/cli/local-stack.ts';
import type { LocalStack } from '../../src/cli/local-stack.ts';
import { loadDemoPeople } from '../../src/cli/demo-people.ts';
import { repositoryFromConfig } from '../../src/cli/graph-from-config.ts';
import type { Milestone, MilestoneUpdate } from '../../src/domain/records.ts';
import type { DemoPerson } from '../../src/emulator/identity/persona-routes.ts';
import type { Stored } from '../../src/graph/list-records.ts';
import { eq } from '../../src/graph/repository.ts';
import type { ListRepository } from '../../src/graph/repository.ts';

export interface InvokeAnswer {
  status: number;
  contentType: string | null;
  body: { statusCode: number; type: string; value: CardJson } | undefined;
}

/** A card as JSON, for finding things in it. */
export type CardJson = Record<string, unknown>;

export interface BotStack {
  stack: LocalStack;
  repository: ListRepository;
  milestones: Stored<Milestone>[];
  people: DemoPerson[];
  person(id: string): DemoPerson;
  /** POSTs an `adaptiveCard/action` invoke to /api/messages as Teams does when `persona` presses a button. */
  invoke(persona: string, verb: string, data: Record<string, unknown>, options?: { trigger?: 'manual' | 'automatic'; conversationId?: string; replyToId?: string }): Promise<InvokeAnswer>;
  /** POSTs any activity to /api/messages. */
  post(activity: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; text: string }>;
  read(id: string): Promise<Stored<Milestone>>;
  history(id: string): Promise<Stored<MilestoneUpdate>[]>;
  close(): Promise<void>;
}

export async function startBotStack(): Promise<BotStack> {
  const stack = await startLocalStack({ emulatorPort: 0, servicePort: 0, dataDir: null, buildTab: false, tabDir: 'no-tab-in-bot-tests' });
  const repository = await repositoryFromConfig(stack.config, { retryDelaySeconds: 0 });
  const plan = await repository.loadPlan(stack.config.defaultPlan);
  const people = loadDemoPeople();
  const person = (id: string): DemoPerson => {
    const found = people.find((entry) => entry.id === id);
    if (!found) throw new Error(`no demo persona ${id}`);
    return found;
  };
  const post = async (activity: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const response = await fetch(`${stack.service.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(activity) });
    return { status: response.status, text: await response.text() };
  };
  return {
    stack,
    repository,
    milestones: plan.milestones,
    people,
    person,
    post,
    invoke: async (persona, verb, data, options = {}) => {
      const who = person(persona);
      const response = await fetch(`${stack.service.url}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(teamsInvoke(stack.emulator.url, who, stack.config.tenantId, verb, data, options)),
      });
      const text = await response.text();
      return { status: response.status, contentType: response.headers.get('content-type'), body: text ? JSON.parse(text) : undefined };
    },
    read: (id) => repository.get('Milestones', id),
    history: (id) => repository.list('MilestoneUpdates', { filter: eq('MilestoneItemId', id) }),
    close: () => stack.close(),
  };
}

/** An invoke activity shaped as Teams sends it for an Action.Execute in a personal chat. */
export function teamsInvoke(
  serviceUrl: string,
  who: DemoPerson,
  tenantId: string,
  verb: string,
  data: Record<string, unknown>,
  options: { trigger?: 'manual' | 'automatic'; conversationId?: string; replyToId?: string } = {},
): Record<string, unknown> {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `f:${Math.random().toString(36).slice(2)}`,
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:${who.oid}`, name: who.displayName, aadObjectId: who.oid },
    conversation: { conversationType: 'personal', tenantId, id: options.conversationId ?? `a:test-${who.id}` },
    recipient: { id: '28:33333333-3333-4333-8333-333333333333', name: 'Waymark' },
    entities: [{ locale: 'en-GB', country: 'GB', platform: 'Web', timezone: 'Europe/London', type: 'clientInfo' }],
    channelData: { tenant: { id: tenantId }, source: { name: 'message' }, legacy: { replyToId: options.replyToId ?? '1:abc' } },
    replyToId: options.replyToId ?? '1:abc',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: options.trigger ?? 'manual' },
    locale: 'en-GB',
  };
}

/** Every element of a card, depth first. */
export function elements(node: unknown): Record<string, unknown>[] {
  if (Array.isArray(node)) return node.flatMap(elements);
  if (node === null || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  return [record, ...Object.values(record).flatMap(elements)];
}

/** The text of every TextRun and TextBlock, joined: what a person reads on the card. */
export function cardText(card: unknown): string {
  return elements(card)
    .filter((element) => element.type === 'TextRun' || element.type === 'TextBlock')
    .map((element) => String(element.text))
    .join('');
}

/** The container of one milestone on a personal card. */
export function itemOf(card: unknown, milestoneId: string): Record<string, unknown> | undefined {
  return elements(card).find((element) => element.type === 'Container' && element.id === `milestone-${milestoneId}`);
}
