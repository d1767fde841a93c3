/**
 * `POST /$batch` (JSON batching): up to 20 requests, each run through the same pipeline as a
 * direct request (auth with the batch's token, fault injection per part, routing, validation).
 * Requests run in the order given unless `dependsOn` says otherwise; a request whose dependency
 * did not succeed gets 424. The batch itself answers 200 whatever its parts did; a malformed batch
 * (not JSON, more than 20 requests, duplicate ids, unknown or circular dependencies) is a 400.
 */
import { randomUUID } from 'node:crypto';
import { graphErrors, graphErrorBody } from '../errors/graph-error-factory.ts';
import { GRAPH_JSON, json } from '../middleware/graph-context.ts';
import type { GraphRequest, GraphResponse } from '../middleware/graph-context.ts';
import { parseQueryString } from '../odata/query-options.ts';
import { asObject } from '../store/columns.ts';
import { jsonBody } from './resources.ts';
import type { HandlerContext } from './resources.ts';

/** Graph's limit on requests in one $batch. */
export const MAX_BATCH_REQUESTS = 20;
const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];

interface BatchPart {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

/** Called with the number of parts of each batch (for the emulator's statistics). */
export type BatchCounter = (parts: number) => void;

export function batchHandler(count: BatchCounter) {
  return async (context: HandlerContext): Promise<GraphResponse> => {
    const parts = readBatch(jsonBody(context));
    count(parts.length);
    const order = executionOrder(parts);
    const answers = new Map<string, GraphResponse>();
    for (const part of order) {
      const failed = part.dependsOn.find((dependency) => {
        const status = answers.get(dependency)?.status ?? 0;
        return status < 200 || status >= 300;
      });
      const requestId = randomUUID();
      const clientRequestId = part.headers['client-request-id'] ?? requestId;
      if (failed !== undefined) {
        const error = graphErrors.failedDependency(failed);
        answers.set(part.id, json(error.status, graphErrorBody(error, { requestId, clientRequestId }), { 'request-id': requestId, 'client-request-id': clientRequestId }));
        continue;
      }
      answers.set(part.id, await runPart(context, part, requestId, clientRequestId));
    }
    const responses = parts.map((part) => {
      const answer = answers.get(part.id) ?? json(500, undefined);
      const headers: Record<string, string> = { ...answer.headers };
      if (answer.body !== undefined) headers['Content-Type'] = GRAPH_JSON;
      return { id: part.id, status: answer.status, headers, ...(answer.body !== undefined ? { body: answer.body } : {}) };
    });
    return json(200, { responses });
  };
}

async function runPart(context: HandlerContext, part: BatchPart, requestId: string, clientRequestId: string): Promise<GraphResponse> {
  const outer = context.request;
  const ids = { requestId, clientRequestId };
  const refuse = (message: string): GraphResponse => {
    const error = graphErrors.batchInvalid(message);
    return json(error.status, graphErrorBody(error, ids), { 'request-id': requestId, 'client-request-id': clientRequestId });
  };
  if (/^[a-z][a-z0-9+.-]*:/i.test(part.url)) return refuse(`Request '${part.id}': batch request URLs must be relative to the version root (e.g. /sites/…), not '${part.url}'.`);
  const relative = part.url.startsWith('/') ? part.url : `/${part.url}`;
  const question = relative.indexOf('?');
  const path = question === -1 ? relative : relative.slice(0, question);
  const rawQuery = question === -1 ? '' : relative.slice(question + 1);
  if (path.toLowerCase() === '/$batch') return refuse(`Request '${part.id}': a $batch cannot contain another $batch.`);
  const hasBody = part.body !== undefined && part.body !== null;
  if (hasBody && part.headers['content-type'] === undefined) {
    return refuse(`Write request id : ${part.id} does not contain Content-Type header or body.`);
  }
  const query = parseQueryString(rawQuery);
  const headers: Record<string, string> = { ...part.headers };
  // The batch's own token signs every part; a part cannot carry another identity.
  if (outer.headers.authorization !== undefined) headers.authorization = outer.headers.authorization;
  else delete headers.authorization;
  const request: GraphRequest = {
    method: part.method,
    path,
    rawQuery,
    query,
    headers,
    body: hasBody ? (typeof part.body === 'string' ? part.body : JSON.stringify(part.body)) : undefined,
    graphBase: outer.graphBase,
    requestId,
    clientRequestId,
    inBatch: true,
  };
  return context.dispatch(request);
}

function readBatch(input: unknown): BatchPart[] {
  const body = asObjectOr400(input);
  const requests = body.requests;
  if (!Array.isArray(requests)) throw graphErrors.batchInvalid("Invalid batch payload format: 'requests' must be an array.");
  if (requests.length === 0) throw graphErrors.batchInvalid('Invalid batch payload format: the batch has no requests.');
  if (requests.length > MAX_BATCH_REQUESTS) throw graphErrors.batchTooLarge(requests.length, MAX_BATCH_REQUESTS);
  const parts: BatchPart[] = [];
  const ids = new Set<string>();
  for (const [index, raw] of requests.entries()) {
    const request = asObjectOr400(raw);
    const id = request.id;
    if (typeof id !== 'string' || id === '') throw graphErrors.batchInvalid(`Batch request ${index + 1} has no 'id'.`);
    if (ids.has(id)) throw graphErrors.batchInvalid(`Batch request ids must be unique; '${id}' appears more than once.`);
    ids.add(id);
    const method = request.method;
    if (typeof method !== 'string' || !METHODS.includes(method.toUpperCase())) throw graphErrors.batchInvalid(`Batch request '${id}' has no valid 'method'.`);
    const url = request.url;
    if (typeof url !== 'string' || url === '') throw graphErrors.batchInvalid(`Batch request '${id}' has no 'url'.`);
    const headers: Record<string, string> = {};
    if (request.headers !== undefined && request.headers !== null) {
      for (const [name, value] of Object.entries(asObjectOr400(request.headers))) {
        if (typeof value !== 'string') throw graphErrors.batchInvalid(`Batch request '${id}': header '${name}' must be a string.`);
        headers[name.toLowerCase()] = value;
      }
    }
    const dependsOn = request.dependsOn ?? [];
    if (!Array.isArray(dependsOn) || dependsOn.some((dependency) => typeof dependency !== 'string')) {
      throw graphErrors.batchInvalid(`Batch request '${id}': 'dependsOn' must be a list of request ids.`);
    }
    parts.push({ id, method: method.toUpperCase(), url, headers, body: request.body, dependsOn: dependsOn as string[] });
  }
  for (const part of parts) {
    for (const dependency of part.dependsOn) {
      if (!ids.has(dependency) || dependency === part.id) throw graphErrors.batchInvalid(`Batch request '${part.id}' depends on '${dependency}', which is not another request of this batch.`);
    }
  }
  return parts;
}

// Requests in the order given, except that a request waits for the requests it depends on.
function executionOrder(parts: BatchPart[]): BatchPart[] {
  const done = new Set<string>();
  const order: BatchPart[] = [];
  let pending = [...parts];
  while (pending.length > 0) {
    const ready = pending.find((part) => part.dependsOn.every((dependency) => done.has(dependency)));
    if (!ready) throw graphErrors.batchInvalid(`The dependsOn of requests ${pending.map((part) => `'${part.id}'`).join(', ')} form a cycle.`);
    order.push(ready);
    done.add(ready.id);
    pending = pending.filter((part) => part !== ready);
  }
  return order;
}

function asObjectOr400(value: unknown): Record<string, unknown> {
  try {
    return asObject(value, 'the batch');
  } catch {
    throw graphErrors.batchInvalid('Invalid batch payload format.');
  }
}
