/**
 * The one error src/graph reports. Callers branch on `reason`, never on the message; the message
 * is a sentence a person can act on, and the request id and Graph's own text are kept for logs.
 */
import { GraphClientError, GraphError } from '@microsoft/microsoft-graph-client';

export type WaymarkGraphErrorReason =
  /** 412: the item changed since its eTag was read (nothing was written); or 409: it already exists. */
  | 'conflict'
  /** 429, or 503 with Retry-After, still failing after the retries. */
  | 'throttled'
  /** 404 or 410: the site, list or item is not there. */
  | 'not-found'
  /** 403: signed in but not allowed. */
  | 'forbidden'
  /** 401, or the token endpoint refused the credentials. */
  | 'unauthorised'
  /** The query went over SharePoint's 5,000-item list view threshold. */
  | 'threshold'
  /** 400: a filter or sort on a column that is not indexed (without the Prefer header). */
  | 'not-indexed'
  /** Any other request Graph rejected (400 and other 4xx). */
  | 'invalid-request'
  /** A record failed validation, before sending or when read back; `list` and `field` say where. */
  | 'invalid-record'
  /** 424 in a $batch: not attempted because a request it depended on failed. */
  | 'dependency-failed'
  /** Graph could not be reached at all. */
  | 'network'
  /** 5xx: Graph or SharePoint failed. */
  | 'unavailable'
  | 'unknown';

export interface WaymarkGraphErrorOptions {
  statusCode?: number;
  /** Graph's error code, e.g. `itemNotFound` or `Microsoft.SharePoint.SPQueryThrottledException`. */
  code?: string;
  requestId?: string;
  retryAfterSeconds?: number;
  /** Graph's own message or the underlying error text, for logs. */
  details?: string;
  /** The Location header of a 410 Gone (where a delta query starts again). */
  location?: string;
  list?: string;
  field?: string;
  cause?: unknown;
}

/** The error every src/graph call throws (or reports per part in a batch). */
export class WaymarkGraphError extends Error {
  override readonly name = 'WaymarkGraphError';
  readonly reason: WaymarkGraphErrorReason;
  readonly statusCode?: number;
  readonly code?: string;
  readonly requestId?: string;
  readonly retryAfterSeconds?: number;
  readonly details?: string;
  readonly location?: string;
  readonly list?: string;
  readonly field?: string;

  constructor(reason: WaymarkGraphErrorReason, message: string, options: WaymarkGraphErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    this.statusCode = options.statusCode;
    this.code = options.code;
    this.requestId = options.requestId;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.details = options.details;
    this.location = options.location;
    this.list = options.list;
    this.field = options.field;
  }
}

/** An HTTP response from Graph that failed, as a WaymarkGraphError (also used for each part of a $batch). */
export function fromGraphResponse(response: { status: number; body?: unknown; headers?: HeaderSource }): WaymarkGraphError {
  const error = errorBody(response.body);
  const headers = response.headers;
  const retryAfterSeconds = parseRetryAfter(header(headers, 'retry-after'));
  return build(response.status, {
    code: error.code,
    details: error.message,
    requestId: error.requestId ?? header(headers, 'request-id'),
    retryAfterSeconds,
    location: header(headers, 'location'),
  });
}

/**
 * Any failure on the way to or from Graph as a WaymarkGraphError: the client's GraphError (HTTP
 * status from the service), a GraphClientError carrying one of ours (the token or the network
 * failed inside the middleware), a failed fetch, or anything else as 'unknown'.
 */
export function toWaymarkGraphError(error: unknown): WaymarkGraphError {
  if (error instanceof WaymarkGraphError) return error;
  if (error instanceof GraphClientError) {
    if (error.customError instanceof WaymarkGraphError) return error.customError;
    return new WaymarkGraphError('unknown', `The Graph client failed: ${error.message}`, { details: error.message, cause: error });
  }
  if (error instanceof GraphError) {
    const parsed = error.body === null || error.body === undefined ? {} : errorBody(typeof error.body === 'string' ? safeJson(error.body) : error.body);
    if (error.statusCode <= 0) return networkError(undefined, error);
    return build(error.statusCode, {
      code: error.code ?? parsed.code,
      details: error.message || parsed.message,
      requestId: error.requestId ?? parsed.requestId ?? header(error.headers, 'request-id'),
      retryAfterSeconds: parseRetryAfter(header(error.headers, 'retry-after')),
      location: header(error.headers, 'location'),
      cause: error,
    });
  }
  if (error instanceof TypeError) return networkError(undefined, error);
  const text = error instanceof Error ? error.message : String(error);
  return new WaymarkGraphError('unknown', `Talking to Graph failed unexpectedly: ${text}`, { details: text, cause: error });
}

/** The network failed before Graph answered; `target` names where we were going. */
export function networkError(target: string | undefined, cause: unknown): WaymarkGraphError {
  const detail = describeCause(cause);
  const where = target ? ` at ${target}` : '';
  return new WaymarkGraphError('network', `Could not reach Microsoft Graph${where} (${detail}). Check the address and that the service (or the local emulator) is running.`, {
    details: detail,
    cause,
  });
}

/** The reason an HTTP status and Graph error text stand for. */
export function reasonFor(statusCode: number, code = '', message = '', hasRetryAfter = false): WaymarkGraphErrorReason {
  if (statusCode <= 0) return 'network';
  const text = `${code} ${message}`;
  // SharePoint reports the same threshold failure as 500, 503 or 429 depending on the path: the text decides.
  if (/SPQueryThrottled|list view threshold|exceeds the .*threshold/i.test(text)) return 'threshold';
  if (statusCode === 400 && /not indexed/i.test(text)) return 'not-indexed';
  if (statusCode === 401) return 'unauthorised';
  if (statusCode === 403) return 'forbidden';
  if (statusCode === 404 || statusCode === 410) return 'not-found';
  if (statusCode === 409 || statusCode === 412) return 'conflict';
  if (statusCode === 424) return 'dependency-failed';
  if (statusCode === 429) return 'throttled';
  if (statusCode === 503 && hasRetryAfter) return 'throttled';
  if (statusCode >= 500) return 'unavailable';
  if (statusCode >= 400) return 'invalid-request';
  return 'unknown';
}

/** A sentence for each reason that says what happened and what to do next. */
export function describeReason(reason: WaymarkGraphErrorReason, statusCode: number | undefined, details: string | undefined, retryAfterSeconds?: number): string {
  const status = statusCode && statusCode > 0 ? ` (HTTP ${statusCode})` : '';
  const said = details ? ` Graph said: ${details}` : '';
  switch (reason) {
    case 'conflict':
      return statusCode === 409
        ? `It already exists on the site${status}.${said}`
        : `Someone changed this item after it was read, so nothing was written${status}. Reload it and make the change again.`;
    case 'throttled': {
      const wait = retryAfterSeconds !== undefined ? ` in ${retryAfterSeconds} s` : ' in a minute';
      return `SharePoint asked Waymark to slow down and the retries ran out${status}. Try again${wait}.`;
    }
    case 'not-found':
      return `The site, list or item was not found${status}. Check the site id and that the lists are provisioned (waymark provision).${said}`;
    case 'forbidden':
      return `Waymark is not allowed to do this on the site${status}. Grant its identity access to the site.${said}`;
    case 'unauthorised':
      return `Microsoft Graph did not accept Waymark's sign-in${status}. Check the tenant, client id and secret.${said}`;
    case 'threshold':
      return `The query went over SharePoint's 5,000-item list view threshold${status}. Filter on an indexed column first.${said}`;
    case 'not-indexed':
      return `The query filters or sorts on a column that is not indexed${status}. Index the column (waymark provision) or filter on an indexed one.${said}`;
    case 'invalid-request':
      return `Graph rejected the request as invalid${status}.${said}`;
    case 'invalid-record':
      return `A record is not valid.${said}`;
    case 'dependency-failed':
      return `Not attempted because a request it depended on in the same batch failed${status}.`;
    case 'network':
      return `Could not reach Microsoft Graph. Check the address and the network.${said}`;
    case 'unavailable':
      return `Microsoft Graph or SharePoint failed${status}. Try again later.${said}`;
    case 'unknown':
      return `Talking to Microsoft Graph failed${status}.${said}`;
    default: {
      const unhandled: never = reason;
      return `Talking to Microsoft Graph failed (${String(unhandled)}).`;
    }
  }
}

/** Seconds to wait from a Retry-After header (delay-seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

type HeaderSource = Headers | Record<string, string | undefined> | undefined;

function header(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | undefined>;
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : record[key];
}

function build(statusCode: number, parts: Omit<WaymarkGraphErrorOptions, 'statusCode'>): WaymarkGraphError {
  const reason = reasonFor(statusCode, parts.code, parts.details, parts.retryAfterSeconds !== undefined);
  return new WaymarkGraphError(reason, describeReason(reason, statusCode, parts.details, parts.retryAfterSeconds), { ...parts, statusCode });
}

interface ErrorBody {
  code?: string;
  message?: string;
  requestId?: string;
}

// Graph's error shape: {"error":{"code","message","innerError":{"request-id","date"}}}.
function errorBody(body: unknown): ErrorBody {
  if (typeof body !== 'object' || body === null) return typeof body === 'string' && body ? { message: body } : {};
  const outer = (body as { error?: unknown }).error;
  const error = (typeof outer === 'object' && outer !== null ? outer : body) as Record<string, unknown>;
  const inner = (error.innerError ?? error.innererror) as Record<string, unknown> | undefined;
  const message = error.message;
  return {
    code: typeof error.code === 'string' ? error.code : undefined,
    message: typeof message === 'string' ? message : typeof message === 'object' && message !== null ? String((message as { value?: unknown }).value ?? '') : undefined,
    requestId: typeof inner?.['request-id'] === 'string' ? inner['request-id'] : undefined,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = (cause as { cause?: unknown }).cause;
  const code = typeof inner === 'object' && inner !== null ? (inner as { code?: unknown }).code : undefined;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND') return 'host not found';
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'connection timed out';
  if (typeof code === 'string') return `${cause.message}: ${code}`;
  return cause.message;
}
