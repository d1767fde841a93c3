import { afterEach, describe, expect, it, vi } from 'vitest';
import { GraphConnection, MAX_BATCH_SIZE, chunkByDependency } from './client.ts';
import type { BatchPart } from './client.ts';
import { WaymarkGraphError } from './graph-error.ts';

interface Sent {
  url: string;
  method: string;
  headers: Headers;
  body: unknown;
}

/** Stands in for the network below the client's HTTPMessageHandler: records requests, answers from a script. */
function fakeNetwork(answer: (sent: Sent, index: number) => Response | Promise<Response>) {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', async (request: string, init: RequestInit = {}) => {
    const entry = {
      url: request,
      method: init.method ?? 'GET',
      headers: new Headers(init.headers as HeadersInit),
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    };
    sent.push(entry);
    return answer(entry, sent.length - 1);
  });
  return sent;
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

function connection(graphBaseUrl = 'http://127.0.0.1:4100/v1.0') {
  return new GraphConnection({ graphBaseUrl, getToken: async () => 'token-1', retryDelaySeconds: 0, sleep: async () => undefined });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('chunkByDependency', () => {
  const part = (id: string, dependsOn?: string[]): BatchPart => ({ id, method: 'GET', url: `/x/${id}`, ...(dependsOn ? { dependsOn } : {}) });

  it('packs independent requests 20 to a call, in order', () => {
    const parts = Array.from({ length: 45 }, (_, index) => part(String(index)));
    const chunks = chunkByDependency(parts);
    expect(chunks.map((chunk) => chunk.length)).toEqual([20, 20, 5]);
    expect(chunks.flat().map((item) => item.id)).toEqual(parts.map((item) => item.id));
  });

  it('keeps a dependency chain in one call even across the 20 boundary', () => {
    const parts = [...Array.from({ length: 19 }, (_, index) => part(`p${index}`)), part('a'), part('b', ['a']), part('c', ['b'])];
    const chunks = chunkByDependency(parts);
    const withA = chunks.find((chunk) => chunk.some((item) => item.id === 'a'));
    expect(withA?.map((item) => item.id)).toEqual(expect.arrayContaining(['a', 'b', 'c']));
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(MAX_BATCH_SIZE);
  });

  it('refuses more than 20 requests that depend on one another', () => {
    const parts = Array.from({ length: 21 }, (_, index) => part(String(index), index > 0 ? [String(index - 1)] : undefined));
    expect(() => chunkByDependency(parts)).toThrow(WaymarkGraphError);
  });
});

describe('GraphConnection.relative', () => {
  it.each([
    { base: 'http://127.0.0.1:4100/v1.0', link: 'http://127.0.0.1:4100/v1.0/sites/s/lists/L/items?$skiptoken=abc%3D%3D', expected: '/sites/s/lists/L/items?$skiptoken=abc%3D%3D' },
    { base: 'https://graph.microsoft.com/v1.0', link: 'https://graph.microsoft.com/v1.0/sites/s/lists/L/items/delta?token=x', expected: '/sites/s/lists/L/items/delta?token=x' },
    { base: 'https://graph.microsoft.com/v1.0', link: '/sites/s', expected: '/sites/s' },
  ])('$link → $expected', ({ base, link, expected }) => {
    expect(connection(base).relative(link)).toBe(expected);
  });

  it('refuses a link to another host', () => {
    expect(() => connection('https://graph.microsoft.com/v1.0').relative('https://evil.example/v1.0/sites')).toThrow(WaymarkGraphError);
  });
});

describe('GraphConnection requests', () => {
  it('signs requests with the bearer token and counts round trips and bytes', async () => {
    const sent = fakeNetwork(() => json({ id: 'site-1' }));
    const graph = connection();
    expect(await graph.get<{ id: string }>('/sites/root')).toEqual({ id: 'site-1' });
    expect(sent[0]?.url).toBe('http://127.0.0.1:4100/v1.0/sites/root');
    expect(sent[0]?.headers.get('authorization')).toBe('Bearer token-1');
    expect(graph.traffic()).toMatchObject({ roundTrips: 1, retries: 0, bytesIn: JSON.stringify({ id: 'site-1' }).length });
  });

  it("retries a throttled request through the client's RetryHandler, honouring Retry-After", async () => {
    const sent = fakeNetwork((_, index) => (index === 0 ? json({ error: { code: 'TooManyRequests', message: 'slow down' } }, 429, { 'Retry-After': '0' }) : json({ ok: true })));
    const graph = connection();
    expect(await graph.get('/sites/root')).toEqual({ ok: true });
    expect(sent).toHaveLength(2);
    expect(graph.traffic()).toMatchObject({ roundTrips: 2, retries: 1, throttledResponses: 1 });
  });

  it('reports an unreachable Graph as the network, naming where', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    });
    const failure = await connection().get('/sites/root').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WaymarkGraphError);
    expect(failure).toMatchObject({ reason: 'network' });
    expect((failure as Error).message).toMatch(/127\.0\.0\.1:4100.*connection refused/);
  });

  it('turns a token failure into the error the token provider gave', async () => {
    fakeNetwork(() => json({}));
    const refused = new WaymarkGraphError('unauthorised', 'The token endpoint refused');
    const graph = new GraphConnection({ graphBaseUrl: 'http://127.0.0.1:4100/v1.0', getToken: async () => Promise.reject(refused) });
    await expect(graph.get('/sites/root')).rejects.toBe(refused);
  });
});

describe('GraphConnection.batch', () => {
  it('sends throttled parts again with the parts that failed only because of them', async () => {
    const sent = fakeNetwork((request, index) => {
      const body = request.body as { requests: { id: string; dependsOn?: string[] }[] };
      if (index === 0) {
        return json({
          responses: [
            { id: 'a', status: 429, headers: { 'Retry-After': '0' }, body: { error: { code: 'TooManyRequests', message: 'slow down' } } },
            { id: 'b', status: 424, body: { error: { code: 'FailedDependency', message: 'a failed' } } },
            { id: 'c', status: 200, body: { n: 'c' } },
            { id: 'd', status: 412, body: { error: { code: 'preconditionFailed', message: 'changed' } } },
          ],
        });
      }
      return json({ responses: body.requests.map((part) => ({ id: part.id, status: 200, body: { n: part.id } })) });
    });
    const graph = connection();
    const answers = await graph.batch([
      { id: 'a', method: 'PATCH', url: '/x/a', body: { v: 1 } },
      { id: 'b', method: 'POST', url: '/x', body: { v: 2 }, dependsOn: ['a'] },
      { id: 'c', method: 'GET', url: '/x/c' },
      { id: 'd', method: 'PATCH', url: '/x/d', body: { v: 3 }, headers: { 'If-Match': '"1"' } },
    ]);
    expect(answers.map((answer) => [answer.id, answer.status])).toEqual([
      ['a', 200],
      ['b', 200],
      ['c', 200],
      ['d', 412],
    ]);
    expect(sent).toHaveLength(2);
    const retried = (sent[1]?.body as { requests: { id: string; dependsOn?: string[] }[] }).requests;
    expect(retried.map((part) => part.id)).toEqual(['a', 'b']);
    expect(retried[1]?.dependsOn).toEqual(['a']);
    expect(graph.traffic().partRetries).toBe(2);
  });

  it('gives up on a part after the retries and reports it as throttled', async () => {
    const sent = fakeNetwork(() => json({ responses: [{ id: 'a', status: 503, headers: { 'Retry-After': '0' }, body: { error: { code: 'serviceNotAvailable', message: 'busy' } } }] }));
    const graph = new GraphConnection({ graphBaseUrl: 'http://127.0.0.1:4100/v1.0', getToken: async () => 't', maxRetries: 2, sleep: async () => undefined });
    const [answer] = await graph.batch([{ id: 'a', method: 'GET', url: '/x/a' }]);
    expect(answer?.status).toBe(503);
    expect(sent).toHaveLength(3);
  });

  it('refuses a dependency on a request outside the batch before sending anything', async () => {
    const sent = fakeNetwork(() => json({ responses: [] }));
    await expect(connection().batch([{ id: 'b', method: 'GET', url: '/x', dependsOn: ['a'] }])).rejects.toMatchObject({ reason: 'invalid-request' });
    expect(sent).toHaveLength(0);
  });
});
