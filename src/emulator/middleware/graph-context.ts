/**
 * A Graph request and response as the emulator's pipeline sees them, apart from HTTP: the same
 * shapes serve a request that arrived over the wire and a part of a `$batch`, so both go through
 * one path (request ids, auth, fault injection, routing, handlers, errors).
 */
import type { ParsedQuery } from '../odata/query-options.ts';
import type { Actor } from '../store/state.ts';

/** Who is calling, from the bearer token. */
export interface Caller {
  actor: Actor;
  claims: Record<string, unknown>;
}

export interface GraphRequest {
  method: string;
  /** The path below the version root, still percent-encoded, starting with '/'. */
  path: string;
  /** The query string as sent (without '?'). */
  rawQuery: string;
  query: ParsedQuery;
  /** Header values by lower-case name. */
  headers: Record<string, string>;
  /** The raw body text, if any. */
  body: string | undefined;
  /** The absolute version root as the client addressed it (e.g. http://127.0.0.1:4100/v1.0); links are built on it. */
  graphBase: string;
  requestId: string;
  clientRequestId: string;
  /** True for a part of a $batch. */
  inBatch: boolean;
  caller?: Caller;
}

export interface GraphResponse {
  status: number;
  headers: Record<string, string>;
  /** A JSON value; undefined for an empty body (204). */
  body?: unknown;
}

/** The Content-Type Graph sends with JSON bodies. */
export const GRAPH_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): GraphResponse {
  return { status, headers, body };
}

/** An empty 204 response. */
export function noContent(): GraphResponse {
  return { status: 204, headers: {} };
}
