import { describe, expect, it } from 'vitest';
import type { WorkflowsMessage } from '../cards/adaptive-card.ts';
import { WebhookDelivery, retryAfterOf } from './webhook-delivery.ts';

const message: WorkflowsMessage = {
  type: 'message',
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', $schema: 'x', version: '1.5', body: [] } }],
};

/** A fetch answering from a script of statuses (and Retry-After), recording each call. */
function scripted(answers: (number | [number, string] | Error)[]) {
  const calls: { url: string; body: string }[] = [];
  const fetchStub = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), body: String(init?.body) });
    const next = answers.shift() ?? 202;
    if (next instanceof Error) throw next;
    const [status, retryAfter] = Array.isArray(next) ? next : [next, undefined];
    return new Response(status === 202 ? null : 'busy', { status, headers: retryAfter === undefined ? {} : { 'Retry-After': retryAfter } });
  }) as typeof fetch;
  return { calls, fetchStub };
}

function delivery(answers: (number | [number, string] | Error)[], extra: { minIntervalMs?: number } = {}) {
  const { calls, fetchStub } = scripted(answers);
  const waits: number[] = [];
  let clock = 1_000_000;
  const sender = new WebhookDelivery({
    webhookUrl: (name) => (name === 'missing' ? undefined : `https://hooks.example/${name}`),
    settingFor: (name) => `SECRET_WEBHOOK_${name.toUpperCase()}`,
    fetch: fetchStub,
    minIntervalMs: extra.minIntervalMs ?? 0,
    baseDelayMs: 1000,
    // Time stands still unless a wait moves it on, so pacing is checked without timing anything.
    now: () => clock,
    sleep: async (ms) => {
      waits.push(ms);
      clock += ms;
    },
  });
  return { sender, calls, waits };
}

describe('WebhookDelivery', () => {
  it('posts the Workflows message as JSON to the webhook', async () => {
    const { sender, calls } = delivery([202]);
    expect(await sender.deliver('cf', message)).toEqual({ ok: true, attempts: 1, status: 202 });
    expect(calls).toEqual([{ url: 'https://hooks.example/cf', body: JSON.stringify(message) }]);
  });

  it.each([
    ['429 with Retry-After seconds', [[429, '3'], 202], [3000]],
    ['503 without Retry-After: exponential backoff', [503, 500, 202], [1000, 2000]],
    ['a network failure', [new Error('ECONNRESET'), 202], [1000]],
  ] as const)('retries %s', async (_what, answers, expectedWaits) => {
    const { sender, waits } = delivery([...answers] as (number | [number, string] | Error)[]);
    const result = await sender.deliver('cf', message);
    expect(result).toMatchObject({ ok: true, attempts: expectedWaits.length + 1 });
    expect(waits).toEqual(expectedWaits);
  });

  it('gives up after four tries, saying what the webhook answered', async () => {
    const { sender, calls } = delivery([503, 503, 503, 503, 202]);
    const result = await sender.deliver('cf', message);
    expect(result).toEqual({ ok: false, attempts: 4, reason: 'gave-up', error: 'The cf webhook answered 503: busy (gave up after 4 tries)' });
    expect(calls).toHaveLength(4);
  });

  it('does not retry a refusal (400, 404, 413)', async () => {
    const { sender, calls } = delivery([413]);
    expect(await sender.deliver('cf', message)).toMatchObject({ ok: false, attempts: 1, reason: 'rejected' });
    expect(calls).toHaveLength(1);
  });

  it('reports a missing webhook naming its setting, without calling anything', async () => {
    const { sender, calls } = delivery([]);
    expect(await sender.deliver('missing', message)).toEqual({ ok: false, attempts: 0, reason: 'no-webhook', error: 'No webhook is configured for channel "missing" (set SECRET_WEBHOOK_MISSING).' });
    expect(calls).toEqual([]);
  });

  it('spaces calls to one webhook (4 a second) but not calls to different webhooks', async () => {
    const { sender, waits } = delivery([], { minIntervalMs: 250 });
    await sender.deliver('cf', message);
    await sender.deliver('hc', message);
    expect(waits).toEqual([]);
    await sender.deliver('cf', message);
    await sender.deliver('cf', message);
    expect(waits).toEqual([250, 250]);
  });

  it.each([
    ['5', 5000],
    ['0', 0],
    ['', undefined],
    ['soon', undefined],
  ])('reads Retry-After "%s" as %s ms', (header, ms) => {
    expect(retryAfterOf(header)).toBe(ms);
  });

  it('reads Retry-After as an HTTP date', () => {
    const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
    expect(retryAfterOf(inTwoMinutes)).toBeGreaterThan(100_000);
  });
});
