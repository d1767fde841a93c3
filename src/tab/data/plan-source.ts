/**
 * Where the tab's plan comes from. Views never talk to Graph: they read a PlanSnapshot that a
 * PlanSource loads (Graph in production and against the emulator, fixed data in tests), and
 * every failure reaches them as one PlanSourceError whose `reason` says what a person can do.
 */
import type { PlanRecords } from '../model/plan-index.ts';

/** The lists a snapshot holds, by the name delta links are kept under. */
export type PlanListName = 'directorates' | 'projects' | 'milestones';

/** One plan's records with their item ids and eTags, as loaded at `loadedAt`. */
export interface PlanSnapshot extends PlanRecords {
  planName: string;
  /** When the source produced it, ISO 8601. */
  loadedAt: string;
  /** Where each list's delta query continues from, when the source can refresh by delta. */
  deltaLinks?: Partial<Record<PlanListName, string>>;
}

/** Loads a plan; `refresh` brings an earlier snapshot up to date more cheaply than a full load. */
export interface PlanSource {
  load(planName: string): Promise<PlanSnapshot>;
  refresh?(previous: PlanSnapshot): Promise<PlanSnapshot>;
}

export type PlanSourceErrorReason =
  /** The tab has no Graph address or site to read from. */
  | 'not-configured'
  /** No valid sign-in (401, or no token could be obtained). */
  | 'signed-out'
  /** Signed in, but not allowed to read the site (403). */
  | 'forbidden'
  /** The site, a list or the plan is not there (404, or an empty plan). */
  | 'not-found'
  /** SharePoint asked us to slow down (429, 503) beyond the client's retries. */
  | 'throttled'
  /** The network did not answer. */
  | 'offline'
  /** Graph or SharePoint failed (5xx). */
  | 'service'
  | 'unknown';

/** The one error a PlanSource reports; callers branch on `reason`, never on the message. */
export class PlanSourceError extends Error {
  override readonly name = 'PlanSourceError';
  readonly reason: PlanSourceErrorReason;
  /** Graph's request id, for a support call. */
  readonly requestId?: string;
  readonly status?: number;
  /** The underlying error or service text, for logs. */
  readonly details?: unknown;

  constructor(reason: PlanSourceErrorReason, message: string, options: { requestId?: string; status?: number; details?: unknown } = {}) {
    super(message);
    this.reason = reason;
    this.requestId = options.requestId;
    this.status = options.status;
    this.details = options.details;
  }
}

/**
 * Any failure as a PlanSourceError. Errors carrying an HTTP status (GraphError's `statusCode`,
 * or `status`) are classified by it; a failed fetch (TypeError) is the network.
 */
export function toPlanSourceError(error: unknown): PlanSourceError {
  // The token provider's own verdict (signed out, not set up) reaches here wrapped by the Graph
  // client as the cause of its error; it says more than the wrapper does.
  const decided = causesOf(error).find((cause): cause is PlanSourceError => cause instanceof PlanSourceError);
  if (decided) return decided;
  const fields = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const status = numberField(fields.statusCode) ?? numberField(fields.status);
  const requestId = stringField(fields.requestId) ?? stringField(fields.requestID);
  const message = error instanceof Error ? error.message : String(error);
  const options = { requestId, status, details: error };
  if (status !== undefined) return new PlanSourceError(reasonForStatus(status), message, options);
  if (error instanceof TypeError || (typeof navigator !== 'undefined' && navigator.onLine === false)) {
    return new PlanSourceError('offline', message, options);
  }
  return new PlanSourceError('unknown', message, options);
}

/** The reason an HTTP status stands for. */
export function reasonForStatus(status: number): PlanSourceErrorReason {
  if (status === 401) return 'signed-out';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 429 || status === 503) return 'throttled';
  if (status >= 500) return 'service';
  // A status of 0 is how some clients report that nothing answered.
  if (status === 0) return 'offline';
  return 'unknown';
}

function numberField(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The error and the errors it was caused by, outermost first (a few levels: causes can loop). */
function causesOf(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && chain.length < 5; current = (current as { cause?: unknown }).cause) chain.push(current);
  return chain;
}
