/**
 * People read the site; only Waymark's app identity writes. A person's delegated token may read
 * but every write it makes, directly or inside a $batch, is 403 accessDenied in Graph's shape,
 * and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoPeople } from '../../src/cli/demo-people.ts';
import { TENANT, column, createList, startTestEmulator } from './emulator-client.ts';
import type { TestEmulator } from './emulator-client.ts';

let client: TestEmulator;
let items: string;
let itemId: string;
let itemETag: string;
let person: Record<string, string>;

interface GraphErrorAnswer {
  error?: { code: string; message: string; innerError?: Record<string, string> };
}

beforeAll(async () => {
  client = await startTestEmulator({ people: loadDemoPeople(), tenantId: TENANT });
  await createList(client, 'Work', [column.choice('Status', ['Open', 'Done'])]);
  items = `${client.site}/lists/Work/items`;
  const created = await client.call<{ id: string; eTag: string }>('POST', items, { fields: { Title: 'first', Status: 'Open' } });
  itemId = created.body.id;
  itemETag = created.body.eTag;
  const issued = await fetch(`${client.emulator.url}/dev/personas/performance-lead/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'scope=https%3A%2F%2Fgraph.microsoft.com%2F.default',
  });
  person = { Authorization: `Bearer ${((await issued.json()) as { access_token: string }).access_token}` };
});

afterAll(async () => {
  await client?.close();
});

describe('writes with a delegated (person) token', () => {
  it('reads are allowed', async () => {
    expect((await client.call('GET', `${items}/${itemId}`, undefined, person)).status).toBe(200);
  });

  it.each([
    ['POST an item', 'POST', () => items, { fields: { Title: 'second' } }],
    ['PATCH fields', 'PATCH', () => `${items}/${itemId}/fields`, { Status: 'Done' }],
    ['DELETE an item', 'DELETE', () => `${items}/${itemId}`, undefined],
    ['POST a list', 'POST', () => `${client.site}/lists`, { displayName: 'Mine', list: { template: 'genericList' } }],
  ] as const)('%s is 403 accessDenied', async (_name, method, path, body) => {
    const answer = await client.call<GraphErrorAnswer>(method, path(), body, person);
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({ code: 'accessDenied', message: 'Access denied', innerError: { 'request-id': expect.any(String) } });
  });

  it('inside a $batch: reads run, writes are 403 and what depends on them 424; the batch itself is 200', async () => {
    const answer = await client.call<{ responses: { id: string; status: number; body?: GraphErrorAnswer }[] }>(
      'POST',
      '/$batch',
      {
        requests: [
          { id: 'read', method: 'GET', url: `${items}/${itemId}` },
          { id: 'patch', method: 'PATCH', url: `${items}/${itemId}/fields`, headers: { 'Content-Type': 'application/json', 'If-Match': itemETag }, body: { Status: 'Done' } },
          { id: 'add', method: 'POST', url: items, headers: { 'Content-Type': 'application/json' }, body: { fields: { Title: 'history' } }, dependsOn: ['patch'] },
        ],
      },
      person,
    );
    expect(answer.status).toBe(200);
    const status = Object.fromEntries(answer.body.responses.map((response) => [response.id, response.status]));
    expect(status).toEqual({ read: 200, patch: 403, add: 424 });
    expect(answer.body.responses.find((response) => response.id === 'patch')?.body?.error?.code).toBe('accessDenied');
  });

  it('nothing was changed, and the app identity still writes', async () => {
    const now = await client.call<{ eTag: string; fields: { Status: string } }>('GET', `${items}/${itemId}?expand=fields`);
    expect(now.body).toMatchObject({ eTag: itemETag, fields: { Status: 'Open' } });
    const all = await client.call<{ value: unknown[] }>('GET', items);
    expect(all.body.value).toHaveLength(1);
    expect((await client.call('PATCH', `${items}/${itemId}/fields`, { Status: 'Done' })).status).toBe(200);
  });
});
