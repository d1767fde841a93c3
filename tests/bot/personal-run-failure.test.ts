/**
 * A reminder run while Teams' Bot Connector keeps failing: people's digests are reported as failed
 * (not dropped, and not quietly moved to a channel: Teams may well reach them tomorrow), recorded
 * in the ReminderLedger as failed with their tries and error, and sent by the next run once the
 * connector answers again, each exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReminderLedgerEntry } from '../../src/graph/list-records.ts';
import { eq } from '../../src/graph/repository.ts';
import type { ReminderRunReport } from '../../src/reminders/run-reminders.ts';
import { startBotStack } from './bot-stack.ts';
import type { BotStack } from './bot-stack.ts';
import { runPersonalReminders } from './reminder-run.ts';

const AS_OF = '2026-06-01';
let env: BotStack;

beforeAll(async () => {
  env = await startBotStack();
}, 120_000);

afterAll(async () => {
  await env?.close();
});

function run(): Promise<ReminderRunReport> {
  return runPersonalReminders(env, AS_OF);
}

async function ledger(): Promise<ReminderLedgerEntry[]> {
  return (await env.repository.list('ReminderLedger', { filter: eq('RunDate', AS_OF) })).map((row) => row.record);
}

async function botCards(): Promise<Map<string, number>> {
  const body = (await (await fetch(`${env.stack.emulator.url}/chats.json`)).json()) as { chats: { personaId: string; messages: { from: string; cards: unknown[] }[] }[] };
  return new Map(body.chats.map((chat) => [chat.personaId, chat.messages.filter((message) => message.from === 'bot' && message.cards.length > 0).length]));
}

async function setFault(fault: { status: number; times: number } | undefined): Promise<void> {
  await fetch(`${env.stack.emulator.url}/dev/bot/fault`, fault ? { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...fault, retryAfterSeconds: 0 }) } : { method: 'DELETE' });
}

describe('a reminder run while Teams keeps failing', () => {
  let failing: ReminderRunReport;
  let personalKeys: Set<string>;

  beforeAll(async () => {
    await setFault({ status: 503, times: 100_000 });
    try {
      failing = await run();
    } finally {
      await setFault(undefined);
    }
    personalKeys = new Set(failing.deliveries.filter((delivery) => delivery.channel === 'chat').flatMap((delivery) => delivery.keys));
  }, 120_000);

  it("reports every person's digest as failed, with its tries and Teams' answer, and sends no channel card in its place", () => {
    const personal = failing.deliveries.filter((delivery) => delivery.channel === 'chat');
    expect(personal.length).toBeGreaterThan(0);
    expect(failing.failed).toBe(personal.length);
    for (const delivery of personal) {
      expect(delivery).toMatchObject({ state: 'failed' });
      expect(delivery.attempts).toBeGreaterThan(1);
      expect(delivery.error).toMatch(/503/);
      expect(delivery.fallback).toBeUndefined();
    }
    // Channels' own digests go through their webhooks, which still work.
    expect(failing.deliveries.filter((delivery) => delivery.channel !== 'chat').every((delivery) => delivery.state === 'sent')).toBe(true);
  });

  it('records them in the ledger as failed, with the error', async () => {
    const rows = (await ledger()).filter((row) => personalKeys.has(row.key));
    expect(rows).toHaveLength(personalKeys.size);
    for (const row of rows) {
      expect(row.state).toBe('failed');
      expect(row.lastError).toMatch(/503/);
    }
    expect((await botCards()).size).toBe(0);
  });

  it('sends them with the next run once Teams answers, each person one card, and then nothing more', async () => {
    const next = await run();
    expect(next.failed).toBe(0);
    const personal = next.deliveries.filter((delivery) => delivery.channel === 'chat');
    expect(new Set(personal.flatMap((delivery) => delivery.keys))).toEqual(personalKeys);
    expect(personal.every((delivery) => delivery.state === 'sent')).toBe(true);
    // Channel digests were sent the first time and are not sent again.
    expect(next.deliveries.every((delivery) => delivery.channel === 'chat')).toBe(true);

    const cards = await botCards();
    expect(cards.size).toBe(personal.length);
    for (const count of cards.values()) expect(count).toBe(1);
    const rows = (await ledger()).filter((row) => personalKeys.has(row.key));
    expect(rows.every((row) => row.state === 'sent' && row.channel === 'chat')).toBe(true);

    const third = await run();
    expect(third.deliveries).toEqual([]);
  });
});
