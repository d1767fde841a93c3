/** Fault injection (429/503 with Retry-After, per $batch part) and persistence across restarts. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/server.ts';
import { STATE_FILE } from '../../src/emulator/store/persistence.ts';
import { column, createList, fetchToken, startTestEmulator } from './emulator-client.ts';
import type { TestEmulator } from './emulator-client.ts';

describe('fault injection', () => {
  let client: TestEmulator;

  beforeAll(async () => {
    client = await startTestEmulator({ retryAfterSeconds: 1 });
    await createList(client, 'Faulty', []);
  });

  afterEach(() => {
    client.emulator.setFaults({ failRate: 0, latencyMs: 0 });
  });

  afterAll(async () => {
    await client?.close();
  });

  it('answers every request 429 TooManyRequests or 503 serviceNotAvailable with Retry-After when the fail rate is 1', async () => {
    client.emulator.setFaults({ failRate: 1 });
    const seen = new Set<number>();
    for (let attempt = 0; attempt < 40; attempt++) {
      const answer = await client.call<{ error: { code: string } }>('GET', `${client.site}/lists/Faulty/items`);
      expect([429, 503]).toContain(answer.status);
      expect(answer.body.error.code).toBe(answer.status === 429 ? 'TooManyRequests' : 'serviceNotAvailable');
      expect(answer.headers.get('retry-after')).toBe('1');
      seen.add(answer.status);
    }
    // Forty coin tosses all landing one way has a chance of about 2e-12.
    expect([...seen].sort()).toEqual([429, 503]);
  });

  it('throttles $batch parts one by one inside a 200 batch, and writes nothing for a throttled part', async () => {
    client.emulator.setFaults({ failRate: 1 });
    const answer = await client.call<{ responses: { id: string; status: number; headers: Record<string, string> }[] }>('POST', '/$batch', {
      requests: Array.from({ length: 5 }, (_, index) => ({ id: String(index), method: 'POST', url: `${client.site}/lists/Faulty/items`, headers: { 'Content-Type': 'application/json' }, body: { fields: { Title: `t${index}` } } })),
    });
    expect(answer.status).toBe(200);
    for (const part of answer.body.responses) {
      expect([429, 503]).toContain(part.status);
      expect(part.headers['Retry-After']).toBe('1');
    }
    client.emulator.setFaults({ failRate: 0 });
    const stored = await client.call<{ value: unknown[] }>('GET', `${client.site}/lists/Faulty/items`);
    expect(stored.body.value).toEqual([]);
  });

  it('lets everything through again when the fail rate goes back to 0, and never throttles the token endpoint', async () => {
    client.emulator.setFaults({ failRate: 1 });
    await expect(fetchToken(client.emulator.url)).resolves.toBeTruthy();
    client.emulator.setFaults({ failRate: 0 });
    for (let attempt = 0; attempt < 10; attempt++) expect((await client.call('GET', '/sites/root')).status).toBe(200);
  });

  it('delays a CORS preflight by the latency, as it delays the request that follows it', async () => {
    // A browser sends a preflight before its first call to each URL with a token: on a real network that is a round trip of its own.
    client.emulator.setFaults({ latencyMs: 150 });
    const url = `${client.emulator.graphUrl}${client.site}/lists/Faulty/items`;
    const started = performance.now();
    const preflight = await fetch(url, { method: 'OPTIONS', headers: { Origin: 'http://localhost:4200', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' } });
    const preflightMs = performance.now() - started;
    expect(preflight.status).toBe(204);
    expect(preflightMs).toBeGreaterThanOrEqual(145);
    const read = performance.now();
    expect((await client.call('GET', `${client.site}/lists/Faulty/items`)).status).toBe(200);
    expect(performance.now() - read).toBeGreaterThanOrEqual(145);
  });

  it('refuses fault settings out of range', () => {
    expect(() => client.emulator.setFaults({ failRate: 1.5 })).toThrow(RangeError);
    expect(() => client.emulator.setFaults({ latencyMs: -1 })).toThrow(RangeError);
  });
});

describe('persistence', () => {
  const folders: string[] = [];
  const newFolder = () => {
    const folder = mkdtempSync(join(tmpdir(), 'graph-emulator-'));
    folders.push(folder);
    return folder;
  };

  afterAll(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('keeps lists, items, eTags, id counters, delta positions and the signing key across a restart', async () => {
    const dataDir = newFolder();
    const first = await startTestEmulator({ dataDir });
    await createList(first, 'Kept', [column.text('Plan', { indexed: true })]);
    const items = `${first.site}/lists/Kept/items`;
    const one = await first.call<{ id: string }>('POST', items, { fields: { Title: 'one', Plan: 'p' } });
    const two = await first.call<{ id: string }>('POST', items, { fields: { Title: 'two', Plan: 'p' } });
    await first.call('PATCH', `${items}/${one.body.id}/fields`, { Plan: 'q' });
    await first.call('DELETE', `${items}/${two.body.id}`);
    const delta = await first.call<{ '@odata.deltaLink': string }>('GET', `${items}/delta?token=latest`);
    const before = await first.call<{ eTag: string; fields: Record<string, unknown> }>('GET', `${items}/${one.body.id}?expand=fields`);
    const token = first.token;
    await first.close();
    expect(existsSync(join(dataDir, STATE_FILE))).toBe(true);

    const second = await startEmulator({ port: 0, dataDir });
    try {
      const headers = { Authorization: `Bearer ${token}` };
      const graph = second.graphUrl;
      const site = `/sites/${second.siteId}`;
      // The token of the first run still verifies: the signing key was kept.
      const after = await fetch(`${graph}${site}/lists/Kept/items/${one.body.id}?expand=fields`, { headers });
      expect(after.status).toBe(200);
      const item = (await after.json()) as { eTag: string; fields: Record<string, unknown> };
      expect(item.eTag).toBe(before.body.eTag);
      expect(item.fields).toMatchObject({ Title: 'one', Plan: 'q' });
      expect((await fetch(`${graph}${site}/lists/Kept/items/${two.body.id}`, { headers })).status).toBe(404);
      const three = (await (await fetch(`${graph}${site}/lists/Kept/items`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ fields: { Title: 'three', Plan: 'p' } }) })).json()) as { id: string };
      expect(Number(three.id)).toBe(3);
      const deltaLink = delta.body['@odata.deltaLink'].replace(first.emulator.graphUrl, graph);
      const changes = (await (await fetch(deltaLink, { headers })).json()) as { value: { id: string }[] };
      expect(changes.value.map((entry) => entry.id)).toEqual(['3']);
    } finally {
      await second.close();
    }
  });

  it('has every acknowledged write on disk after close, in one valid JSON file', async () => {
    const dataDir = newFolder();
    const client = await startTestEmulator({ dataDir });
    await createList(client, 'Burst', []);
    await Promise.all(Array.from({ length: 50 }, (_, index) => client.call('POST', `${client.site}/lists/Burst/items`, { fields: { Title: `b${index}` } })));
    await client.close();
    const saved = JSON.parse(readFileSync(join(dataDir, STATE_FILE), 'utf8')) as { lists: { displayName: string; items: unknown[] }[] };
    expect(saved.lists.find((list) => list.displayName === 'Burst')?.items).toHaveLength(50);
  });

  it('refuses to start on a state file it cannot read, leaving the file as it was', async () => {
    const dataDir = newFolder();
    const file = join(dataDir, STATE_FILE);
    writeFileSync(file, '{"format":"waymark-graph-emulator","version":1,"sites":[');
    await expect(startEmulator({ port: 0, dataDir })).rejects.toThrow(/not valid JSON/);
    expect(readFileSync(file, 'utf8')).toBe('{"format":"waymark-graph-emulator","version":1,"sites":[');
  });

  it('writes nothing to disk in memory-only mode', async () => {
    const client = await startTestEmulator({ dataDir: null });
    await createList(client, 'Ephemeral', []);
    await client.close();
    const again = await startTestEmulator({ dataDir: null });
    try {
      expect((await again.call('GET', `${again.site}/lists/Ephemeral`)).status).toBe(404);
    } finally {
      await again.close();
    }
  });
});
