/**
 * Fault injection, switchable at run time: latency added to every request (a $batch counts as
 * one), and a share of Graph requests (each $batch part on its own) answered 429 or 503 with
 * Retry-After, as SharePoint does when it throttles.
 */
import { graphErrors } from '../errors/graph-error-factory.ts';
import type { GraphHttpError } from '../errors/graph-error-factory.ts';

export interface FaultSettings {
  latencyMs: number;
  /** 0..1: the chance a request is refused with 429 or 503. */
  failRate: number;
  retryAfterSeconds: number;
}

/** The current fault settings and the dice. */
export class FaultInjector {
  private settings: FaultSettings;

  constructor(
    settings: FaultSettings,
    private readonly random: () => number = Math.random,
  ) {
    this.settings = checked(settings);
  }

  /** Changes latency and/or fail rate; the rest stays. */
  set(changes: Partial<FaultSettings>): void {
    this.settings = checked({ ...this.settings, ...changes });
  }

  get current(): FaultSettings {
    return { ...this.settings };
  }

  /** Waits the configured latency. */
  async delay(): Promise<void> {
    const ms = this.settings.latencyMs;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** A throttling error for this request, or undefined to let it through. */
  roll(): GraphHttpError | undefined {
    const { failRate, retryAfterSeconds } = this.settings;
    if (failRate <= 0 || this.random() >= failRate) return undefined;
    return this.random() < 0.5 ? graphErrors.tooManyRequests(retryAfterSeconds) : graphErrors.serviceNotAvailable(retryAfterSeconds);
  }
}

function checked(settings: FaultSettings): FaultSettings {
  if (!Number.isFinite(settings.latencyMs) || settings.latencyMs < 0) throw new RangeError(`latencyMs must be 0 or more, not ${settings.latencyMs}`);
  if (!Number.isFinite(settings.failRate) || settings.failRate < 0 || settings.failRate > 1) throw new RangeError(`failRate must be from 0 to 1, not ${settings.failRate}`);
  if (!Number.isInteger(settings.retryAfterSeconds) || settings.retryAfterSeconds < 0) throw new RangeError(`retryAfterSeconds must be a whole number of seconds, not ${settings.retryAfterSeconds}`);
  return settings;
}
