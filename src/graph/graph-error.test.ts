import { GraphClientError, GraphError } from '@microsoft/microsoft-graph-client';
import { describe, expect, it } from 'vitest';
import { WaymarkGraphError, fromGraphResponse, parseRetryAfter, reasonFor, toWaymarkGraphError } from './graph-error.ts';
import type { WaymarkGraphErrorReason } from './graph-error.ts';

describe('reasonFor', () => {
  const cases: { status: number; code?: string; message?: string; retryAfter?: boolean; reason: WaymarkGraphErrorReason }[] = [
    { status: 412, code: 'preconditionFailed', reason: 'conflict' },
    { status: 409, code: 'nameAlreadyExists', reason: 'conflict' },
    { status: 429, code: 'TooManyRequests', reason: 'throttled' },
    { status: 503, retryAfter: true, reason: 'throttled' },
    { status: 503, reason: 'unavailable' },
    { status: 404, code: 'itemNotFound', reason: 'not-found' },
    { status: 410, code: 'resyncRequired', reason: 'not-found' },
    { status: 403, code: 'accessDenied', reason: 'forbidden' },
    { status: 401, code: 'InvalidAuthenticationToken', reason: 'unauthorised' },
    {
      status: 400,
      code: 'invalidRequest',
      message: "Field 'Workstream' cannot be referenced in filter or orderby as it is not indexed. Provide the 'Prefer: HonorNonIndexedQueriesWarningMayFailRandomly' header",
      reason: 'not-indexed',
    },
    { status: 500, code: 'Microsoft.SharePoint.SPQueryThrottledException', message: 'The attempted operation is prohibited because it exceeds the list view threshold.', reason: 'threshold' },
    { status: 429, message: 'The attempted operation is prohibited because it exceeds the list view threshold.', reason: 'threshold' },
    { status: 400, code: 'invalidRequest', message: 'Invalid filter clause', reason: 'invalid-request' },
    { status: 424, reason: 'dependency-failed' },
    { status: 500, code: 'generalException', reason: 'unavailable' },
    { status: -1, reason: 'network' },
  ];
  it.each(cases)('$status $code → $reason', ({ status, code, message, retryAfter, reason }) => {
    expect(reasonFor(status, code, message, retryAfter)).toBe(reason);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-04-01T10:00:00Z');
  const cases = [
    { value: '7', seconds: 7 },
    { value: '0', seconds: 0 },
    { value: 'Wed, 01 Apr 2026 10:00:30 GMT', seconds: 30 },
    { value: 'Wed, 01 Apr 2026 09:59:00 GMT', seconds: 0 },
    { value: 'soon', seconds: undefined },
    { value: undefined, seconds: undefined },
  ];
  it.each(cases)('$value → $seconds', ({ value, seconds }) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });
});

describe('toWaymarkGraphError', () => {
  it('keeps the status, code, request id and Graph message of a GraphError', () => {
    const graphError = new GraphError(412, 'The item was changed');
    graphError.code = 'preconditionFailed';
    graphError.requestId = 'req-1';
    graphError.headers = new Headers({ 'retry-after': '3' });
    const error = toWaymarkGraphError(graphError);
    expect(error).toBeInstanceOf(WaymarkGraphError);
    expect(error).toMatchObject({ reason: 'conflict', statusCode: 412, code: 'preconditionFailed', requestId: 'req-1', details: 'The item was changed', retryAfterSeconds: 3 });
    expect(error.message).toMatch(/Reload it/);
  });

  it('reads a failed fetch as the network', () => {
    const graphError = new GraphError(-1, 'fetch failed', new TypeError('fetch failed'));
    expect(toWaymarkGraphError(graphError).reason).toBe('network');
    expect(toWaymarkGraphError(new TypeError('fetch failed')).reason).toBe('network');
  });

  it('unwraps one of ours carried through the client as a GraphClientError', () => {
    const ours = new WaymarkGraphError('unauthorised', 'refused');
    const carrier = new GraphClientError('refused');
    carrier.customError = ours;
    expect(toWaymarkGraphError(carrier)).toBe(ours);
  });

  it('reads a batch part body, with the request id inside innerError', () => {
    const error = fromGraphResponse({
      status: 429,
      headers: { 'Retry-After': '2' },
      body: { error: { code: 'TooManyRequests', message: 'Slow down', innerError: { 'request-id': 'req-2', date: '2026-04-01T10:00:00' } } },
    });
    expect(error).toMatchObject({ reason: 'throttled', statusCode: 429, code: 'TooManyRequests', requestId: 'req-2', retryAfterSeconds: 2 });
  });

  it('keeps the Location of a 410 Gone', () => {
    const error = fromGraphResponse({ status: 410, headers: new Headers({ Location: 'https://graph.microsoft.com/v1.0/x/delta' }), body: {} });
    expect(error.location).toBe('https://graph.microsoft.com/v1.0/x/delta');
  });
});
