/**
 * Posting cards to Teams channels through Workflows webhooks ("When a Teams webhook request is
 * received"), within Teams' limits: about 4 requests a second per webhook (calls to one webhook
 * are spaced), 429 and 5xx retried with exponential backoff honouring Retry-After, other answers
 * taken as final. Webhook URLs are secrets: they are never logged or put in results.
 */
import type { WorkflowsMessage } from '../cards/adaptive-card.ts';

/** What became of one delivery. */
export type DeliveryResult =
  | { ok: true; attempts: number; status: number }
  | { ok: false; attempts: number; reason: 'no-webhook' | 'rejected' | 'gave-up'; error: string };

/** Anything that can deliver a card to a named webhook (tests wrap or replace it). */
export interface CardSender {
  deliver(webhook: string, message: WorkflowsMessage): Promise<DeliveryResult>;
}

export interface WebhookDeliveryOptions {
  /** The URL of a webhook by name (slt, performance, a directorate code in lower case); undefined when none is configured. */
  webhookUrl: (webhook: string) => string | undefined;
  /** The setting that names a webhook, for messages when one is missing (`SECRET_WEBHOOK_CF`). */
  settingFor?: (webhook: string) => string;
  fetch?: typeof fetch;
  /** Least time between two calls to one webhook; default 250 ms (4 a second). */
  minIntervalMs?: number;
  /** Tries per card, the first included; default 4. */
  maxAttempts?: number;
  /** First backoff when the answer has no Retry-After; doubles each time; default 1,000 ms. */
  baseDelayMs?: number;
  /** Longest wait between tries, Retry-After included; default 60,000 ms. */
  maxDelayMs?: number;
  /** Per request; default 30,000 ms. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds now, for pacing (tests fix it). */
  now?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Delivers cards to Workflows webhooks with pacing and retries. */
export class WebhookDelivery implements CardSender {
  private readonly nextFree = new Map<string, number>();
  private readonly options: Required<Omit<WebhookDeliveryOptions, 'settingFor'>> & Pick<WebhookDeliveryOptions, 'settingFor'>;

  constructor(options: WebhookDeliveryOptions) {
    this.options = {
      fetch: globalThis.fetch,
      minIntervalMs: 250,
      maxAttempts: 4,
      baseDelayMs: 1000,
      maxDelayMs: 60_000,
      timeoutMs: 30_000,
      sleep: defaultSleep,
      now: Date.now,
      ...options,
    };
  }

  /** Posts the message to the named webhook; never throws for the webhook's answers, only reports them. */
  async deliver(webhook: string, message: WorkflowsMessage): Promise<DeliveryResult> {
    const url = this.options.webhookUrl(webhook);
    if (!url) {
      const setting = this.options.settingFor?.(webhook) ?? webhook;
      return { ok: false, attempts: 0, reason: 'no-webhook', error: `No webhook is configured for channel "${webhook}" (set ${setting}).` };
    }
    const body = JSON.stringify(message);
    let lastError = '';
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
      await this.pace(webhook);
      let retryAfterMs: number | undefined;
      try {
        const response = await this.options.fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        if (response.ok) {
          await response.body?.cancel();
          return { ok: true, attempts: attempt, status: response.status };
        }
        const text = (await response.text()).slice(0, 300);
        lastError = `The ${webhook} webhook answered ${response.status}${text ? `: ${text}` : ''}`;
        if (response.status !== 429 && response.status < 500) return { ok: false, attempts: attempt, reason: 'rejected', error: lastError };
        retryAfterMs = retryAfterOf(response.headers.get('retry-after'));
      } catch (error) {
        // Network failures and timeouts are worth another try, like a 503.
        lastError = `The ${webhook} webhook could not be reached: ${error instanceof Error ? error.message : String(error)}`;
      }
      if (attempt < this.options.maxAttempts) {
        const backoff = this.options.baseDelayMs * 2 ** (attempt - 1);
        await this.options.sleep(Math.min(retryAfterMs ?? backoff, this.options.maxDelayMs));
      }
    }
    return { ok: false, attempts: this.options.maxAttempts, reason: 'gave-up', error: `${lastError} (gave up after ${this.options.maxAttempts} tries)` };
  }

  private async pace(webhook: string): Promise<void> {
    const now = this.options.now();
    const free = this.nextFree.get(webhook) ?? 0;
    if (free > now) await this.options.sleep(free - now);
    this.nextFree.set(webhook, Math.max(now, free) + this.options.minIntervalMs);
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterOf(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
