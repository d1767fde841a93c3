/** JSON batching: parts in order, dependsOn and 424, the 20-request limit, malformed batches. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { column, createList, startTestEmulator } from './emulator-client.ts';
import type { TestEmulator } from './emulator-client.ts';

let client: TestEmulator;
let items: string;

interface PartResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: Record<string, unknown> & { id?: string; eTag?: string; error?: { code: string; message: string } };
}
interface BatchAnswer {
  responses: PartResponse[];
  error?: { code: string; message: string };
}

const json = { 'Content-Type': 'application/json' };

beforeAll(async () => {
  client = await startTestEmulator();
  await createList(client, 'Work', [column.choice('Status', ['Open', 'Done'])]);
  await createList(client, 'History', [column.text('ItemId', { indexed: true })]);
  items = `${client.site}/lists/Work/items`;
});

afterAll(async () => {
  await client?.close();
});

async function batch(requests: unknown[]): Promise<{ status: number; body: BatchAnswer }> {
  return client.call<BatchAnswer>('POST', '/$batch', { requests });
}

describe('$batch', () => {
  it('runs each part like a direct request and answers 200 with every part\'s status, headers and body', async () => {
    const answer = await batch([
      { id: 'a', method: 'POST', url: `${items}`, headers: json, body: { fields: { Title: 'first', Status: 'Open' } } },
      { id: 'b', method: 'GET', url: `${client.site}/lists/Work?$select=id,displayName` },
      { id: 'c', method: 'GET', url: `${items}/424242` },
      { id: 'd', method: 'GET', url: 'sites/root' },
      { id: 'e', method: 'POST', url: `${items}`, headers: json, body: { fields: { Title: 'bad', Status: 'Maybe' } } },
    ]);
    expect(answer.status).toBe(200);
    const byId = new Map(answer.body.responses.map((part) => [part.id, part]));
    expect(answer.body.responses.map((part) => part.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(byId.get('a')).toMatchObject({ status: 201, body: { fields: { Title: 'first' } } });
    expect(byId.get('a')?.headers['request-id']).toBeTruthy();
    expect(byId.get('b')).toMatchObject({ status: 200, body: { displayName: 'Work' } });
    expect(byId.get('c')).toMatchObject({ status: 404, body: { error: { code: 'itemNotFound' } } });
    expect(byId.get('d')).toMatchObject({ status: 200, body: { id: client.emulator.siteId } });
    expect(byId.get('e')).toMatchObject({ status: 400, body: { error: { code: 'invalidRequest' } } });
  });

  it('runs a request after what it depends on and answers 424 when that failed, writing nothing for it', async () => {
    const created = await client.call<{ id: string; eTag: string }>('POST', items, { fields: { Title: 'guarded', Status: 'Open' } });
    await client.call('PATCH', `${items}/${created.body.id}/fields`, { Status: 'Done' });
    const answer = await batch([
      // Listed first but depends on 'write': it must wait for it.
      { id: 'history', method: 'POST', url: `${client.site}/lists/History/items`, headers: json, body: { fields: { Title: 'h', ItemId: created.body.id } }, dependsOn: ['write'] },
      { id: 'write', method: 'PATCH', url: `${items}/${created.body.id}/fields`, headers: { ...json, 'If-Match': created.body.eTag }, body: { Status: 'Open' } },
      { id: 'after', method: 'GET', url: `${items}/${created.body.id}?expand=fields`, dependsOn: ['history'] },
      { id: 'independent', method: 'GET', url: `${items}/${created.body.id}?expand=fields` },
    ]);
    const byId = new Map(answer.body.responses.map((part) => [part.id, part]));
    expect(byId.get('write')?.status).toBe(412);
    expect(byId.get('history')?.status).toBe(424);
    expect(byId.get('history')?.body?.error?.code).toBe('failedDependency');
    expect(byId.get('after')?.status).toBe(424);
    expect(byId.get('independent')).toMatchObject({ status: 200, body: { fields: { Status: 'Done' } } });
    const history = await client.call<{ value: unknown[] }>('GET', `${client.site}/lists/History/items?$filter=${encodeURIComponent(`fields/ItemId eq '${created.body.id}'`)}`);
    expect(history.body.value).toEqual([]);
  });

  it('runs dependent parts when their dependency succeeded', async () => {
    const created = await client.call<{ id: string; eTag: string }>('POST', items, { fields: { Title: 'together', Status: 'Open' } });
    const answer = await batch([
      { id: '1', method: 'PATCH', url: `${items}/${created.body.id}/fields`, headers: { ...json, 'If-Match': created.body.eTag }, body: { Status: 'Done' } },
      { id: '2', method: 'POST', url: `${client.site}/lists/History/items`, headers: json, body: { fields: { Title: 'h', ItemId: created.body.id } }, dependsOn: ['1'] },
    ]);
    expect(answer.body.responses.map((part) => part.status)).toEqual([200, 201]);
  });

  it('refuses more than 20 requests (400) and runs none of them', async () => {
    const requests = Array.from({ length: 21 }, (_, index) => ({ id: String(index + 1), method: 'POST', url: items, headers: json, body: { fields: { Title: `over${index}`, Status: 'Open' } } }));
    const before = await client.call<{ value: unknown[] }>('GET', `${items}?$top=5000`);
    const answer = await batch(requests);
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('BadRequest');
    expect(answer.body.error?.message).toMatch(/maximum of 20/);
    const after = await client.call<{ value: unknown[] }>('GET', `${items}?$top=5000`);
    expect(after.body.value).toHaveLength(before.body.value.length);
    expect((await batch(requests.slice(0, 20))).body.responses.every((part) => part.status === 201)).toBe(true);
  });

  const malformed: [string, unknown][] = [
    ['duplicate ids', [{ id: '1', method: 'GET', url: '/sites/root' }, { id: '1', method: 'GET', url: '/sites/root' }]],
    ['a dependency not in the batch', [{ id: '1', method: 'GET', url: '/sites/root', dependsOn: ['9'] }]],
    ['a dependency cycle', [{ id: '1', method: 'GET', url: '/sites/root', dependsOn: ['2'] }, { id: '2', method: 'GET', url: '/sites/root', dependsOn: ['1'] }]],
    ['no method', [{ id: '1', url: '/sites/root' }]],
    ['no url', [{ id: '1', method: 'GET' }]],
    ['no requests', []],
    ['requests that is not a list', { id: '1' }],
  ];
  it.each(malformed)('refuses a batch with %s (400)', async (_name, requests) => {
    const answer = await batch(requests as unknown[]);
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('BadRequest');
  });

  it('refuses, per part, a body without Content-Type, an absolute URL and a nested $batch', async () => {
    const answer = await batch([
      { id: 'nobody-type', method: 'POST', url: items, body: { fields: { Title: 'x', Status: 'Open' } } },
      { id: 'absolute', method: 'GET', url: `${client.emulator.graphUrl}/sites/root` },
      { id: 'nested', method: 'POST', url: '/$batch', headers: json, body: { requests: [] } },
      { id: 'fine', method: 'GET', url: '/sites/root' },
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.responses.map((part) => [part.id, part.status])).toEqual([
      ['nobody-type', 400],
      ['absolute', 400],
      ['nested', 400],
      ['fine', 200],
    ]);
  });

  it('counts a batch as one request and its parts as batched requests', async () => {
    client.emulator.resetStats();
    await batch([
      { id: '1', method: 'GET', url: '/sites/root' },
      { id: '2', method: 'GET', url: '/sites/root' },
      { id: '3', method: 'GET', url: '/sites/root' },
    ]);
    await client.call('GET', '/sites/root');
    const stats = client.emulator.stats();
    expect(stats.requests).toBe(2);
    expect(stats.batchedRequests).toBe(3);
    expect(stats.bytesOut).toBeGreaterThan(0);
    client.emulator.resetStats();
    expect(client.emulator.stats()).toEqual({ requests: 0, batchedRequests: 0, bytesOut: 0 });
  });
});
