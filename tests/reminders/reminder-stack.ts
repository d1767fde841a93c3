/**
 * The stack the reminder tests run against: an in-memory emulator with the lists provisioned,
 * the real 2026/27 plan imported through the importer and the demo people seeded as `npm start`
 * does, and reminders composed as `waymark remind` composes them, posting to the emulator's inbox.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { loadDemoPeople } from '../../src/cli/demo-people.ts';
import { seedDemoPeople } from '../../src/cli/demo-seed.ts';
import { repositoryFromConfig } from '../../src/cli/graph-from-config.ts';
import type { ReminderConfig } from '../../src/config/config.ts';
import { startEmulator } from '../../src/emulator/server.ts';
import type { RunningEmulator } from '../../src/emulator/server.ts';
import { provisionSite } from '../../src/graph/provision.ts';
import type { ListRepository } from '../../src/graph/repository.ts';
import { GraphPlanStore } from '../../src/importer/graph-plan-store.ts';
import { runImport } from '../../src/importer/run-import.ts';
import { composeReminders } from '../../src/reminders/compose.ts';
import type { ComposeOptions, ComposedReminders } from '../../src/reminders/compose.ts';

export const PLAN = '2026/27';
const PLAN_FILE = fileURLToPath(new URL('../../data/delivery-plan-2026-27.txt', import.meta.url));
/** When the plan was imported; milestones count as last updated then. */
export const IMPORTED_AT = '2026-04-01T09:00:00.000Z';
export const TAB = 'http://127.0.0.1:4200/';

export interface InboxMessage {
  id: number;
  channel: string;
  receivedAt: string;
  cards: Record<string, unknown>[];
}

export interface ReminderStack {
  emulator: RunningEmulator;
  repository: ListRepository;
  config: ReminderConfig;
  /** Reminders composed with instant pacing and retries, posting to the inbox unless `overrides` says otherwise. */
  reminders(overrides?: Partial<ComposeOptions>): ComposedReminders;
  inbox(): Promise<InboxMessage[]>;
  clearInbox(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the stack with the real plan imported. */
export async function startReminderStack(): Promise<ReminderStack> {
  const emulator = await startEmulator({ port: 0, dataDir: null, retryAfterSeconds: 0 });
  try {
    const repository = await repositoryFromConfig(
      {
        graphBaseUrl: emulator.graphUrl,
        siteId: emulator.siteId,
        tenantId: '00000000-0000-4000-8000-00000000c0de',
        authorityHost: emulator.url,
        clientId: '11111111-1111-4111-8111-111111111111',
        clientSecret: undefined,
      },
      { retryDelaySeconds: 0 },
    );
    await provisionSite(repository.connection, repository.siteId);
    await runImport(PLAN_FILE, new GraphPlanStore(repository), { defaultPlan: PLAN, now: IMPORTED_AT });
    await seedDemoPeople(repository, PLAN, loadDemoPeople());
    const config: ReminderConfig = { time: '07:30', webhooks: {}, inboxUrl: emulator.url, tabBaseUrl: TAB };
    return {
      emulator,
      repository,
      config,
      reminders: (overrides = {}) =>
        composeReminders({
          repository,
          planName: PLAN,
          config,
          delivery: { minIntervalMs: 0, baseDelayMs: 0 },
          now: () => '2026-06-01T06:30:00.000Z',
          ...overrides,
        }),
      inbox: async () => ((await (await fetch(`${emulator.url}/inbox.json`)).json()) as { messages: InboxMessage[] }).messages,
      clearInbox: async () => {
        await fetch(`${emulator.url}/inbox`, { method: 'DELETE' });
      },
      close: () => emulator.close(),
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

/** Starts one stack for the test file (before its tests, closed after them); call the result inside tests. */
export function useReminderStack(): () => ReminderStack {
  let stack: ReminderStack | undefined;
  beforeAll(async () => {
    stack = await startReminderStack();
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
  });
  return () => {
    if (!stack) throw new Error('the reminder stack has not started');
    return stack;
  };
}
