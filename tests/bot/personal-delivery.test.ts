/**
 * People's reminder digests through the bot: a reminder run against the local stack (emulator as
 * Teams and Graph, the real 2026/27 plan, demo people) sends each person's digest to their 1:1
 * chat, installing the app for them first, records it in the ReminderLedger exactly as channel
 * cards are, sends nothing on a rerun, and posts the digest of a person Teams cannot reach to
 * their directorate's channel instead, saying why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReminderLedgerEntry } from '../../src/graph/list-records.ts';
import { eq } from '../../src/graph/repository.ts';
import type { ReminderRunReport } from '../../src/reminders/run-reminders.ts';
import { personalCardProblems } from './card-validation.ts';
import { startBotStack } from './bot-stack.ts';
import type { BotStack } from './bot-stack.ts';
import { runPersonalReminders } from './reminder-run.ts';

const AS_OF = '2026-06-01';
let env: BotStack;

interface ChatView {
  conversationId: string;
  personaId: string;
  messages: { from: string; cards: Record<string, unknown>[] }[];
}

beforeAll(async () => {
  env = await startBotStack();
}, 120_000);

afterAll(async () => {
  await env?.close();
});

function run(asOf: string): Promise<ReminderRunReport> {
  return runPersonalReminders(env, asOf);
}

async function chats(): Promise<ChatView[]> {
  return ((await (await fetch(`${env.stack.emulator.url}/chats.json`)).json()) as { chats: ChatView[] }).chats;
}

async function ledger(asOf: string): Promise<ReminderLedgerEntry[]> {
  return (await env.repository.list('ReminderLedger', { filter: eq('RunDate', asOf) })).map((row) => row.record);
}

describe('personal digests through the bot', () => {
  let first: ReminderRunReport;

  beforeAll(async () => {
    // One director the tenant will not let Waymark be installed for: their digest must still arrive somewhere.
    await fetch(`${env.stack.emulator.url}/dev/bot/install-policy`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ blocked: ['director-hc'] }) });
    first = await run(AS_OF);
  }, 120_000);

  it("sends each person's digest to their own 1:1 chat, and channels' digests to the channels", async () => {
    const personal = first.deliveries.filter((delivery) => !delivery.recipientKey.startsWith('channel:') && delivery.channel === 'chat');
    expect(personal.length).toBeGreaterThan(0);
    expect(first.failed).toBe(0);
    const open = await chats();
    for (const delivery of personal) {
      const upn = delivery.recipientKey;
      const persona = env.people.find((person) => person.upn.toLowerCase() === upn);
      expect(persona, `${upn} is a demo persona`).toBeDefined();
      const chat = open.find((entry) => entry.personaId === persona!.id);
      expect(chat?.messages.filter((message) => message.from === 'bot' && message.cards.length === 1)).toHaveLength(1);
    }
    // Channels still get theirs through their webhooks.
    expect(first.deliveries.filter((delivery) => delivery.recipientKey.startsWith('channel:')).every((delivery) => delivery.channel !== 'chat')).toBe(true);
  });

  it('sends cards that are Adaptive Cards 1.5 under 28 KB, with buttons that update in place', async () => {
    const cards = (await chats()).flatMap((chat) => chat.messages.flatMap((message) => message.cards));
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) {
      expect(personalCardProblems(card)).toEqual([]);
      expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28 * 1024);
      expect(JSON.stringify(card)).toContain('"verb":"milestone.complete"');
    }
  });

  it('records every personal reminder in the ledger as sent to the chat', async () => {
    const rows = await ledger(AS_OF);
    const personalKeys = new Set(first.deliveries.filter((delivery) => delivery.channel === 'chat').flatMap((delivery) => delivery.keys));
    const personalRows = rows.filter((row) => personalKeys.has(row.key));
    expect(personalRows).toHaveLength(personalKeys.size);
    for (const row of personalRows) expect(row).toMatchObject({ state: 'sent', channel: 'chat', runDate: AS_OF });
  });

  it("posts the digest of a person Teams cannot reach to their directorate's channel, saying why", async () => {
    const blocked = env.person('director-hc');
    const fallback = first.deliveries.find((delivery) => delivery.recipientKey === blocked.upn.toLowerCase());
    // The director of Health and Care has overdue milestones to hear about on this day.
    expect(fallback).toBeDefined();
    expect(fallback).toMatchObject({ state: 'sent', channel: 'hc' });
    expect(fallback?.fallback).toMatch(/could not be installed/);
    expect((await chats()).some((chat) => chat.personaId === 'director-hc')).toBe(false);
    const rows = (await ledger(AS_OF)).filter((row) => fallback!.keys.includes(row.key));
    expect(rows.every((row) => row.state === 'sent' && row.channel === 'hc')).toBe(true);
  });

  it('sends nothing when run again the same day', async () => {
    const before = (await chats()).reduce((total, chat) => total + chat.messages.length, 0);
    const again = await run(AS_OF);
    expect(again.deliveries).toEqual([]);
    expect(again.alreadySent).toBe(first.reminders);
    expect((await chats()).reduce((total, chat) => total + chat.messages.length, 0)).toBe(before);
  });
});

describe('pacing and retries', () => {
  it('retries a send Teams throttles (429 with Retry-After) and delivers it once', async () => {
    const persona = env.person('performance-lead');
    const before = (await chats()).find((chat) => chat.personaId === persona.id)?.messages.length ?? 0;
    await fetch(`${env.stack.emulator.url}/dev/bot/fault`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 429, times: 2, retryAfterSeconds: 0 }) });
    const result = await env.stack.bot.delivery.deliverPersonal(persona.upn, {
      recipientName: persona.displayName,
      title: 'Milestone reminders',
      asOf: AS_OF,
      items: [],
      viewAll: { title: 'Open my milestones', url: `${env.stack.service.url}/?view=mine` },
    });
    expect(result).toMatchObject({ ok: true });
    expect(result.attempts).toBeGreaterThanOrEqual(3);
    const after = (await chats()).find((chat) => chat.personaId === persona.id)?.messages.length ?? 0;
    expect(after - before).toBe(1);
  });

  it('reports, rather than throws, when Teams keeps failing', async () => {
    const persona = env.person('performance-lead');
    await fetch(`${env.stack.emulator.url}/dev/bot/fault`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 503, times: 50, retryAfterSeconds: 0 }) });
    try {
      const result = await env.stack.bot.delivery.deliverPersonal(persona.upn, { recipientName: persona.displayName, title: 'Milestone reminders', asOf: AS_OF, items: [], viewAll: { title: 'Open my milestones', url: env.stack.service.url } });
      expect(result).toMatchObject({ ok: false, reason: 'gave-up' });
      expect(result.ok ? '' : result.error).toMatch(/503/);
    } finally {
      await fetch(`${env.stack.emulator.url}/dev/bot/fault`, { method: 'DELETE' });
    }
  });
});
