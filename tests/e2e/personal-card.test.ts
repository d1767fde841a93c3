/**
 * A personal card, end to end in Chromium: the reminder run sends a manager their digest in a 1:1
 * chat (the emulator standing in for Teams), the manager presses "Mark complete" on the card in
 * the emulator's chats page, which sends the bot the invoke Teams would, and the tab then shows the
 * milestone complete with the update in its history. axe-core checks the chats page too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryFromConfig } from '../../src/cli/graph-from-config.ts';
import type { ListRepository } from '../../src/graph/repository.ts';
import { composeReminders } from '../../src/reminders/compose.ts';
import { axeViolations, startBrowserStack, waitForPlan } from './browser-stack.ts';
import type { BrowserStack } from './browser-stack.ts';

const AS_OF = '2026-06-01';
let env: BrowserStack;
let repository: ListRepository;

beforeAll(async () => {
  env = await startBrowserStack();
  repository = await repositoryFromConfig(env.stack.config);
  const report = await composeReminders({
    repository,
    planName: env.stack.config.defaultPlan,
    config: { time: '07:30', webhooks: {}, inboxUrl: env.stack.emulator.url, tabBaseUrl: env.stack.service.url },
    personal: env.stack.bot.delivery,
    delivery: { minIntervalMs: 0, baseDelayMs: 0 },
  }).run(AS_OF);
  if (!report.deliveries.some((delivery) => delivery.recipientKey === 'manager.cf@demo.waymark.example' && delivery.channel === 'chat')) {
    throw new Error('the reminder run sent the Children and Families manager no personal card');
  }
}, 120_000);

afterAll(async () => {
  await env?.close();
});

/** The milestones on the newest card in a persona's chat, in the order shown. */
async function milestonesOnCard(persona: string): Promise<string[]> {
  const { chats } = (await (await fetch(`${env.stack.emulator.url}/chats.json`)).json()) as { chats: { personaId: string; messages: { cards: unknown[] }[] }[] };
  const card = chats.find((chat) => chat.personaId === persona)?.messages.at(-1)?.cards[0];
  return [...JSON.stringify(card).matchAll(/"id":"milestone-([^"]+)"/g)].map((match) => match[1]!);
}

describe('a personal card in the chat', () => {
  it('a manager marks a milestone complete from the card and the tab shows it, with its history', async () => {
    const [milestoneId] = await milestonesOnCard('manager-cf');
    expect(milestoneId).toBeDefined();
    const before = await repository.get('Milestones', milestoneId!);
    expect(before.record.status).not.toBe('Complete');

    const chat = await (await env.newContext()).newPage();
    await chat.goto(`${env.stack.emulator.url}/chats?persona=manager-cf`);
    const item = chat.locator(`#milestone-${milestoneId}`);
    await item.getByRole('button', { name: 'Mark complete' }).click();
    await expect.poll(() => chat.getByRole('status').innerText(), { timeout: 15_000 }).toMatch(/Waymark answered “Mark complete”/);
    // The card is answered in place: the item now says it was saved.
    await expect.poll(() => chat.locator(`#milestone-${milestoneId}`).innerText()).toMatch(/Saved/);

    const after = await repository.get('Milestones', milestoneId!);
    expect(after.record).toMatchObject({ status: 'Complete', lastUpdatedByUpn: 'manager.cf@demo.waymark.example' });

    const tab = await env.open({ persona: 'manager-cf', milestone: milestoneId! });
    await waitForPlan(tab);
    const row = tab.locator('tr[aria-current="true"]');
    await expect.poll(() => row.innerText()).toMatch(/complete/i);
    const history = tab.getByRole('list', { name: /Update history/ });
    await expect.poll(() => history.innerText()).toContain('Demo Programme Manager, Children and Families');
  });

  it('the chats page has no WCAG 2.2 AA violations', async () => {
    const page = await (await env.newContext()).newPage();
    await page.goto(`${env.stack.emulator.url}/chats?persona=director-cf`);
    await page.locator('.ac-adaptiveCard').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
});
