/**
 * The Graph connection: a `@microsoft/microsoft-graph-client` Client built with
 * `initWithMiddleware`, its chain being
 *
 *   bearer token (ours) → RetryHandler (the client's, configured) → Telemetry (the client's)
 *     → traffic counter (ours) → HTTPMessageHandler (the client's fetch)
 *
 * and a few typed helpers over it that turn every failure into a WaymarkGraphError. Works against
 * https://graph.microsoft.com/v1.0 and the emulator's http://127.0.0.1:PORT/v1.0 alike, in the
 * browser and in Node (only fetch and standard web APIs here).
 */
import {
  Client,
  GraphClientError,
  HTTPMessageHandler,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { WaymarkGraphError, fromGraphResponse, networkError, parseRetryAfter, toWaymarkGraphError } from './graph-error.ts';

/** Returns a bearer token for Graph (app-only in Node, the signed-in person's in the tab). */
export type GetToken = () => Promise<string>;

export interface GraphConnectionOptions {
  /** Graph's root including the version: https://graph.microsoft.com/v1.0 or http://127.0.0.1:4100/v1.0. */
  graphBaseUrl: string;
  getToken: GetToken;
  /** Retries of a throttled (429/503/504) request, by the client's RetryHandler and for $batch parts. Default 3. */
  maxRetries?: number;
  /** Seconds to wait before a retry when the response has no Retry-After. Default 2. */
  retryDelaySeconds?: number;
  /** The longest Retry-After a $batch part is waited for before it is reported as throttled. Default 60 s. */
  maxRetryAfterSeconds?: number;
  /** Sleeps between $batch part retries; injected in tests. */
  sleep?: (ms: number) => Promise<void>;
}

/** What went over the wire since the last reset, as counted below the RetryHandler (each retry is a round trip). */
export interface GraphTraffic {
  /** HTTP requests sent, retries included. */
  roundTrips: number;
  /** Requests the RetryHandler sent again after 429/503/504. */
  retries: number;
  /** $batch parts sent again after being throttled inside a 200 batch. */
  partRetries: number;
  /** Responses with status 429 or 503 (whole requests, not batch parts). */
  throttledResponses: number;
  /** Request body bytes sent. */
  bytesOut: number;
  /** Response body bytes received. */
  bytesIn: number;
}

/** One request inside a $batch; `url` is relative to the version root. */
export interface BatchPart {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

/** The answer to one request of a $batch. */
export interface BatchPartResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

/** Graph allows at most 20 requests in one $batch. */
export const MAX_BATCH_SIZE = 20;

const RETRYABLE_PART_STATUS = new Set([429, 503, 504]);

/** Headers the helpers below may set on one request. */
export type RequestHeaders = Record<string, string>;

/** A configured Graph client with typed helpers, traffic counts and one error type. */
export class GraphConnection {
  /** The underlying Graph client, for calls the helpers do not cover. */
  readonly client: Client;
  /** Graph's root including the version, without a trailing slash. */
  readonly graphBaseUrl: string;
  private readonly counts: GraphTraffic = emptyTraffic();
  private readonly maxRetries: number;
  private readonly retryDelaySeconds: number;
  private readonly maxRetryAfterSeconds: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: GraphConnectionOptions) {
    const base = splitBaseUrl(options.graphBaseUrl);
    this.graphBaseUrl = `${base.host}/${base.version}`;
    this.maxRetries = options.maxRetries ?? 3;
    this.retryDelaySeconds = options.retryDelaySeconds ?? 2;
    this.maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? 60;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const origin = new URL(this.graphBaseUrl).origin;
    const chain: Middleware[] = [
      new BearerTokenHandler(options.getToken, origin),
      new RetryHandler(new RetryHandlerOptions(this.retryDelaySeconds, this.maxRetries)),
      new TelemetryHandler(),
      new TrafficCounter(this.counts, origin),
      new HTTPMessageHandler(),
    ];
    this.client = Client.initWithMiddleware({
      baseUrl: base.host,
      defaultVersion: base.version,
      middleware: chain,
      // Lets the client's telemetry treat a Graph-compatible https host (a proxy) as Graph; http hosts never count.
      customHosts: new Set([new URL(this.graphBaseUrl).hostname]),
    });
  }

  /** Counts since the last reset. */
  traffic(): GraphTraffic {
    return { ...this.counts };
  }

  resetTraffic(): void {
    Object.assign(this.counts, emptyTraffic());
  }

  /**
   * A link Graph returned (@odata.nextLink, @odata.deltaLink, Location) as a path relative to the
   * version root, unchanged otherwise. The client and $batch both take relative paths, and the
   * client only understands absolute https URLs, so the known root is cut off here.
   */
  relative(link: string): string {
    if (!/^https?:\/\//i.test(link)) return link.startsWith('/') ? link : `/${link}`;
    if (link.toLowerCase().startsWith(`${this.graphBaseUrl.toLowerCase()}/`)) return link.slice(this.graphBaseUrl.length);
    throw new WaymarkGraphError('invalid-request', `Graph returned a link outside ${this.graphBaseUrl}: ${link}`, { details: link });
  }

  async get<T>(path: string, headers: RequestHeaders = {}): Promise<T> {
    return this.send<T>(path, headers, (request) => request.get());
  }

  async post<T>(path: string, body: unknown, headers: RequestHeaders = {}): Promise<T> {
    return this.send<T>(path, headers, (request) => request.post(body));
  }

  async patch<T>(path: string, body: unknown, headers: RequestHeaders = {}): Promise<T> {
    return this.send<T>(path, headers, (request) => request.patch(body));
  }

  async delete(path: string, headers: RequestHeaders = {}): Promise<void> {
    await this.send<unknown>(path, headers, (request) => request.delete());
  }

  /**
   * Sends requests as $batch calls of at most 20 and returns every answer, in the order given.
   * Requests joined by `dependsOn` go in the same call (more than 20 joined is an error, raised
   * before anything is sent). The RetryHandler retries a throttled $batch call as a whole, but a
   * batch answers 200 even when parts inside it were throttled: those parts (and the parts that
   * failed with 424 only because of them) are sent again here, after their Retry-After, at most
   * `maxRetries` times.
   */
  async batch(parts: readonly BatchPart[]): Promise<BatchPartResponse[]> {
    const ids = new Set<string>();
    for (const part of parts) {
      if (ids.has(part.id)) throw new WaymarkGraphError('invalid-request', `Two batch requests share the id "${part.id}".`);
      ids.add(part.id);
    }
    for (const part of parts) {
      for (const dependency of part.dependsOn ?? []) {
        if (!ids.has(dependency)) throw new WaymarkGraphError('invalid-request', `Batch request "${part.id}" depends on "${dependency}", which is not in the batch.`);
      }
    }
    const chunks = chunkByDependency(parts);
    const answers = new Map<string, BatchPartResponse>();
    for (const chunk of chunks) {
      for (const answer of await this.sendChunkWithPartRetries(chunk)) answers.set(answer.id, answer);
    }
    return parts.map((part) => answers.get(part.id) ?? { id: part.id, status: 0, headers: {}, body: { error: { code: 'missingResponse', message: 'The $batch answer had no response for this request.' } } });
  }

  private async sendChunkWithPartRetries(chunk: readonly BatchPart[]): Promise<BatchPartResponse[]> {
    const final = new Map<string, BatchPartResponse>();
    let pending = [...chunk];
    for (let attempt = 0; pending.length > 0; attempt++) {
      const answers = await this.sendBatch(pending);
      const retry = new Set<string>();
      if (attempt < this.maxRetries) {
        for (const answer of answers) if (RETRYABLE_PART_STATUS.has(answer.status)) retry.add(answer.id);
        // A 424 caused by a throttled dependency is retried with it; other 424s are final.
        let grew = true;
        while (grew) {
          grew = false;
          for (const part of pending) {
            const answer = answers.find((candidate) => candidate.id === part.id);
            if (answer?.status === 424 && !retry.has(part.id) && (part.dependsOn ?? []).some((dependency) => retry.has(dependency))) {
              retry.add(part.id);
              grew = true;
            }
          }
        }
      }
      const waits = answers.filter((answer) => retry.has(answer.id)).map((answer) => this.partDelaySeconds(answer, attempt));
      const tooLong = waits.some((seconds) => seconds > this.maxRetryAfterSeconds);
      for (const answer of answers) if (!retry.has(answer.id) || tooLong) final.set(answer.id, answer);
      if (retry.size === 0 || tooLong) break;
      this.counts.partRetries += retry.size;
      await this.sleep(Math.max(0, ...waits) * 1000);
      pending = pending
        .filter((part) => retry.has(part.id))
        .map((part) => {
          const dependsOn = (part.dependsOn ?? []).filter((dependency) => retry.has(dependency));
          const { dependsOn: _dropped, ...rest } = part;
          return dependsOn.length > 0 ? { ...rest, dependsOn } : rest;
        });
    }
    return chunk.map((part) => final.get(part.id) ?? { id: part.id, status: 0, headers: {}, body: undefined });
  }

  private partDelaySeconds(answer: BatchPartResponse, attempt: number): number {
    const retryAfter = parseRetryAfter(headerValue(answer.headers, 'retry-after'));
    return retryAfter ?? this.retryDelaySeconds * 2 ** attempt;
  }

  private async sendBatch(parts: readonly BatchPart[]): Promise<BatchPartResponse[]> {
    const requests = parts.map((part) => {
      const headers = { ...(part.headers ?? {}) };
      if (part.body !== undefined && !Object.keys(headers).some((key) => key.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
      return {
        id: part.id,
        method: part.method,
        url: part.url,
        ...(Object.keys(headers).length > 0 ? { headers } : {}),
        ...(part.body !== undefined ? { body: part.body } : {}),
        ...(part.dependsOn && part.dependsOn.length > 0 ? { dependsOn: part.dependsOn } : {}),
      };
    });
    const answer = await this.post<{ responses?: unknown }>('/$batch', { requests });
    const responses = Array.isArray(answer?.responses) ? (answer.responses as Record<string, unknown>[]) : [];
    return responses.map((response) => ({
      id: String(response.id),
      status: Number(response.status),
      headers: (typeof response.headers === 'object' && response.headers !== null ? response.headers : {}) as Record<string, string>,
      body: response.body,
    }));
  }

  private async send<T>(path: string, headers: RequestHeaders, call: (request: ReturnType<Client['api']>) => Promise<unknown>): Promise<T> {
    try {
      const request = this.client.api(this.relative(path));
      if (Object.keys(headers).length > 0) request.headers(headers);
      return (await call(request)) as T;
    } catch (error) {
      throw toWaymarkGraphError(error);
    }
  }
}

/** Builds the Graph connection (the one way the app makes a Graph client). */
export function createGraphConnection(options: GraphConnectionOptions): GraphConnection {
  return new GraphConnection(options);
}

/** A failed batch part as a WaymarkGraphError. */
export function batchPartError(answer: BatchPartResponse): WaymarkGraphError {
  if (answer.status === 0) {
    return new WaymarkGraphError('unknown', 'The $batch answer had no response for this request.', { details: JSON.stringify(answer.body ?? null) });
  }
  return fromGraphResponse({ status: answer.status, body: answer.body, headers: answer.headers });
}

function emptyTraffic(): GraphTraffic {
  return { roundTrips: 0, retries: 0, partRetries: 0, throttledResponses: 0, bytesOut: 0, bytesIn: 0 };
}

function splitBaseUrl(graphBaseUrl: string): { host: string; version: string } {
  let url: URL;
  try {
    url = new URL(graphBaseUrl);
  } catch (error) {
    throw new WaymarkGraphError('invalid-request', `The Graph address "${graphBaseUrl}" is not an absolute URL.`, { cause: error });
  }
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  const version = segments.pop();
  if (!version) throw new WaymarkGraphError('invalid-request', `The Graph address "${graphBaseUrl}" has no version (e.g. /v1.0).`);
  const prefix = segments.length > 0 ? `/${segments.join('/')}` : '';
  return { host: `${url.origin}${prefix}`, version };
}

/**
 * Packs requests into $batch calls of at most 20, keeping requests joined by dependsOn in the
 * same call (Graph resolves dependsOn only within one $batch) and otherwise keeping their order.
 */
export function chunkByDependency(parts: readonly BatchPart[]): BatchPart[][] {
  const groupOf = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (groupOf.get(root) !== root) root = groupOf.get(root) ?? root;
    return root;
  };
  for (const part of parts) groupOf.set(part.id, part.id);
  for (const part of parts) {
    for (const dependency of part.dependsOn ?? []) {
      const a = find(part.id);
      const b = find(dependency);
      if (a !== b) groupOf.set(b, a);
    }
  }
  const groups = new Map<string, BatchPart[]>();
  for (const part of parts) {
    const root = find(part.id);
    const group = groups.get(root) ?? [];
    group.push(part);
    groups.set(root, group);
  }
  const chunks: BatchPart[][] = [];
  let current: BatchPart[] = [];
  for (const group of groups.values()) {
    if (group.length > MAX_BATCH_SIZE) {
      throw new WaymarkGraphError('invalid-request', `${group.length} batch requests depend on one another; Graph allows at most ${MAX_BATCH_SIZE} in one $batch.`);
    }
    if (current.length + group.length > MAX_BATCH_SIZE) {
      chunks.push(current);
      current = [];
    }
    current.push(...group);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function requestUrl(context: Context): string {
  return typeof context.request === 'string' ? context.request : context.request.url;
}

function setHeader(context: Context, name: string, value: string): void {
  const options = (context.options ??= {});
  const headers = options.headers;
  if (headers instanceof Headers) headers.set(name, value);
  else if (Array.isArray(headers)) headers.push([name, value]);
  else options.headers = { ...(headers ?? {}), [name]: value };
}

function getHeader(context: Context, name: string): string | undefined {
  const headers = context.options?.headers;
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  if (Array.isArray(headers)) return headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
  const record = headers as Record<string, string>;
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : record[key];
}

/**
 * Adds the bearer token to requests for our Graph origin. The client's own AuthenticationHandler
 * only recognises https Graph hosts, so it would send the emulator's http requests unsigned.
 */
class BearerTokenHandler implements Middleware {
  private next?: Middleware;

  constructor(
    private readonly getToken: GetToken,
    private readonly origin: string,
  ) {}

  async execute(context: Context): Promise<void> {
    if (new URL(requestUrl(context)).origin === this.origin) {
      let token: string;
      try {
        token = await this.getToken();
      } catch (error) {
        // GraphRequest passes GraphClientError through untouched; anything else it flattens into a GraphError.
        const failure = new GraphClientError(error instanceof Error ? error.message : String(error));
        failure.customError = toWaymarkGraphError(error);
        throw failure;
      }
      setHeader(context, 'Authorization', `Bearer ${token}`);
    }
    await this.next?.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** Counts round trips and bytes just above the wire, and turns a failed fetch into a 'network' error. */
class TrafficCounter implements Middleware {
  private next?: Middleware;

  constructor(
    private readonly counts: GraphTraffic,
    private readonly origin: string,
  ) {}

  async execute(context: Context): Promise<void> {
    this.counts.roundTrips += 1;
    if (getHeader(context, 'Retry-Attempt')) this.counts.retries += 1;
    const body = context.options?.body;
    if (typeof body === 'string') this.counts.bytesOut += new TextEncoder().encode(body).byteLength;
    try {
      await this.next?.execute(context);
    } catch (error) {
      const failure = new GraphClientError(error instanceof Error ? error.message : String(error));
      failure.customError = networkError(this.origin, error);
      throw failure;
    }
    const response = context.response;
    if (!response) return;
    if (response.status === 429 || response.status === 503) this.counts.throttledResponses += 1;
    const length = Number(response.headers.get('content-length'));
    if (Number.isFinite(length) && length > 0) this.counts.bytesIn += length;
    else if (response.body && response.status !== 204) this.counts.bytesIn += (await response.clone().arrayBuffer()).byteLength;
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
