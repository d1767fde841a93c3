/**
 * The emulator's Teams Workflows webhooks and card inbox: what it accepts and refuses, fault
 * injection, persistence with the rest of the emulator's data, and the inbox page in real
 * Chromium (the cards rendered by Microsoft's renderer, headings, landmarks, keyboard, axe-core).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDigestCard } from '../../src/cards/digest-card.ts';
import { workflowsMessage } from '../../src/cards/adaptive-card.ts';
import { startEmulator } from '../../src/emulator/server.ts';
import type { RunningEmulator } from '../../src/emulator/server.ts';
import { axeViolations } from '../e2e/browser-stack.ts';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function card(name: string, title = 'Open the family hub') {
  return workflowsMessage(
    buildDigestCard({
      recipientName: name,
      title: 'Milestone reminders',
      asOf: '2026-06-01',
      items: [{ projectCode: 'PE1', projectTitle: 'Families First', milestoneTitle: title, dueDate: '2026-05-29', status: 'On track', link: 'http://127.0.0.1:4200/?milestone=1' }],
      viewAll: { title: 'Open my milestones', url: 'http://127.0.0.1:4200/?view=mine' },
    }).card,
  );
}

let emulator: RunningEmulator;
const post = (name: string, body: unknown) => fetch(`${emulator.url}/webhooks/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const inbox = async () => ((await (await fetch(`${emulator.url}/inbox.json`)).json()) as { messages: { id: number; channel: string; cards: unknown[] }[] }).messages;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, dataDir: null });
});
afterAll(async () => {
  await emulator?.close();
});

describe('webhooks', () => {
  it('accepts a Workflows message with 202 and keeps it, newest first', async () => {
    expect((await post('cf', card('First'))).status).toBe(202);
    expect((await post('slt', card('Second'))).status).toBe(202);
    const messages = await inbox();
    expect(messages.map((message) => message.channel)).toEqual(['slt', 'cf']);
    expect(messages[1]?.cards[0]).toEqual(card('First').attachments[0].content);
  });

  it.each([
    ['not JSON', 'nope', /not JSON/],
    ['not a message', { type: 'card' }, /must be \{"type":"message"/],
    ['no attachments', { type: 'message', attachments: [] }, /must be \{"type":"message"/],
    ['another content type', { type: 'message', attachments: [{ contentType: 'text/plain', content: {} }] }, /attachments\[0\]\.contentType/],
    ['not an Adaptive Card', { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'HeroCard' } }] }, /must be an Adaptive Card/],
  ])('refuses %s with 400 and says why', async (_what, body, message) => {
    const answer = await post('cf', body);
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: string }).error).toMatch(message);
  });

  it('refuses a message over 28 KB with 413, as Teams does', async () => {
    const big = card('Big');
    big.attachments[0].content.body.push({ type: 'TextBlock', text: 'x'.repeat(30_000) });
    const answer = await post('cf', big);
    expect(answer.status).toBe(413);
  });

  it('fails on demand: a number of times, with Retry-After, or until cleared', async () => {
    await fetch(`${emulator.url}/dev/webhooks/hc/fault`, { method: 'PUT', body: JSON.stringify({ status: 429, times: 2, retryAfterSeconds: 7 }) });
    const first = await post('hc', card('x'));
    expect([first.status, first.headers.get('retry-after')]).toEqual([429, '7']);
    expect((await post('hc', card('x'))).status).toBe(429);
    expect((await post('hc', card('x'))).status).toBe(202);
    await fetch(`${emulator.url}/dev/webhooks/hc/fault`, { method: 'PUT', body: JSON.stringify({ status: 500 }) });
    for (let i = 0; i < 3; i++) expect((await post('hc', card('x'))).status).toBe(500);
    await fetch(`${emulator.url}/dev/webhooks/hc/fault`, { method: 'DELETE' });
    expect((await post('hc', card('x'))).status).toBe(202);
  });

  it('empties the inbox on DELETE /inbox', async () => {
    await fetch(`${emulator.url}/inbox`, { method: 'DELETE' });
    expect(await inbox()).toEqual([]);
  });
});

describe('persistence', () => {
  it('keeps the inbox with the rest of the emulator’s data across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waymark-inbox-'));
    try {
      const first = await startEmulator({ port: 0, dataDir: dir });
      await fetch(`${first.url}/webhooks/cf`, { method: 'POST', body: JSON.stringify(card('Kept')) });
      await first.close();
      const second = await startEmulator({ port: 0, dataDir: dir });
      const messages = ((await (await fetch(`${second.url}/inbox.json`)).json()) as { messages: { channel: string }[] }).messages;
      await second.close();
      expect(messages.map((message) => message.channel)).toEqual(['cf']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the inbox page in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox'] });
    await fetch(`${emulator.url}/inbox`, { method: 'DELETE' });
    await post('cf', card('Demo Programme Manager, Children and Families', 'Publish the *draft* [strategy](https://evil.example)'));
    await post('slt', card('Senior leadership team'));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('renders every card with Microsoft’s renderer, newest first, each headed with its channel and time', async () => {
    const page = await browser.newPage();
    await page.goto(`${emulator.url}/inbox`);
    await page.locator('.ac-adaptiveCard').nth(1).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Card inbox');
    const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
    expect(headings.map((text) => text.split(' ')[0])).toEqual(['#slt', '#cf']);
    expect(await page.getByRole('main').count()).toBe(1);
    const cf = page.getByRole('article').nth(1);
    // Plan text is shown as typed: no emphasis, no link.
    await expect.poll(() => cf.textContent()).toContain('Publish the *draft* [strategy](https://evil.example)');
    expect(await cf.locator('a[href="https://evil.example"]').count()).toBe(0);
    // The renderer gives Action.OpenUrl buttons the link role: they go somewhere.
    expect(await cf.getByRole('link', { name: 'Open in Teams' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Open my milestones' }).count()).toBe(2);
    await page.close();
  });

  it('is usable by keyboard: the skip link, then the cards’ buttons', async () => {
    const page = await browser.newPage();
    await page.goto(`${emulator.url}/inbox`);
    await page.locator('.ac-adaptiveCard').nth(1).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the cards');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    const reached: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      reached.push((await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '')) ?? '');
    }
    expect(reached).toContain('Open in Teams');
    expect(reached).toContain('Open my milestones');
    await page.close();
  });

  it('has no WCAG 2.2 AA violations (axe-core)', async () => {
    const page = await browser.newPage();
    await page.goto(`${emulator.url}/inbox`);
    await page.locator('.ac-adaptiveCard').nth(1).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
