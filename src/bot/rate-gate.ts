/**
 * Pacing within Teams' published limits for bots, so proactive sends rarely meet a 429: per
 * conversation (per bot per thread) 7 in 1 s, 8 in 2 s, 60 in 30 s and 1,800 in an hour, and for
 * the app as a whole 50 requests a second per tenant. Sliding windows of send times; a caller
 * waits until every window has room. https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit
 */

/** At most `count` sends in any `ms` milliseconds. */
export interface RateWindow {
  count: number;
  ms: number;
}

export const PER_CONVERSATION_LIMITS: readonly RateWindow[] = [
  { count: 7, ms: 1_000 },
  { count: 8, ms: 2_000 },
  { count: 60, ms: 30_000 },
  { count: 1_800, ms: 3_600_000 },
];
export const PER_APP_LIMITS: readonly RateWindow[] = [{ count: 50, ms: 1_000 }];

/** Waits as long as the limits need before each send. */
export class RateGate {
  private readonly sent = new Map<string, number[]>();

  constructor(
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly perConversation: readonly RateWindow[] = PER_CONVERSATION_LIMITS,
    private readonly perApp: readonly RateWindow[] = PER_APP_LIMITS,
  ) {}

  /** Resolves when a send to this conversation is within the limits, and counts it. */
  async take(conversationId: string): Promise<void> {
    for (;;) {
      const at = this.now();
      const wait = Math.max(this.waitFor(`c:${conversationId}`, this.perConversation, at), this.waitFor('app', this.perApp, at));
      if (wait <= 0) break;
      await this.sleep(wait);
    }
    const at = this.now();
    this.record(`c:${conversationId}`, at, this.perConversation);
    this.record('app', at, this.perApp);
  }

  /** Milliseconds until one more send fits every window of this key (0 when it fits now). */
  private waitFor(key: string, windows: readonly RateWindow[], at: number): number {
    const times = this.sent.get(key) ?? [];
    let wait = 0;
    for (const window of windows) {
      const inWindow = times.filter((time) => time > at - window.ms);
      if (inWindow.length < window.count) continue;
      // The oldest send that must leave the window before one more fits.
      const oldest = inWindow[inWindow.length - window.count] ?? at;
      wait = Math.max(wait, oldest + window.ms - at + 1);
    }
    return wait;
  }

  private record(key: string, at: number, windows: readonly RateWindow[]): void {
    const longest = Math.max(...windows.map((window) => window.ms));
    const times = (this.sent.get(key) ?? []).filter((time) => time > at - longest);
    times.push(at);
    this.sent.set(key, times);
  }
}
