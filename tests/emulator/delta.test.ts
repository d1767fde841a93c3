/** listItem delta: enumeration in pages, token=latest, changes and deletions since a deltaLink, 410 Gone on a bad token. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { column, createList, seedItems, startTestEmulator } from './emulator-client.ts';
import type { TestEmulator } from './emulator-client.ts';

let client: TestEmulator;

interface DeltaItem {
  id: string;
  eTag?: string;
  deleted?: { state: string };
  fields?: Record<string, unknown>;
}
interface DeltaPage {
  value: DeltaItem[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

beforeAll(async () => {
  client = await startTestEmulator();
});

afterAll(async () => {
  await client?.close();
});

/** Follows a delta query to its deltaLink; returns every entry seen, the pages and the deltaLink. */
async function drain(first: string): Promise<{ entries: DeltaItem[]; pages: number; deltaLink: string }> {
  const entries: DeltaItem[] = [];
  let pages = 0;
  let answer = first.startsWith('http') ? await client.follow<DeltaPage>(first) : await client.call<DeltaPage>('GET', first);
  for (;;) {
    expect(answer.status).toBe(200);
    pages += 1;
    entries.push(...answer.body.value);
    const next = answer.body['@odata.nextLink'];
    if (!next) break;
    expect(answer.body['@odata.deltaLink']).toBeUndefined();
    answer = await client.follow<DeltaPage>(next);
  }
  const deltaLink = answer.body['@odata.deltaLink'];
  if (!deltaLink) throw new Error('the delta query ended without a deltaLink');
  return { entries, pages, deltaLink };
}

async function newList(name: string): Promise<string> {
  await createList(client, name, [column.text('Status')]);
  return `${client.site}/lists/${name}/items`;
}

describe('delta', () => {
  it('enumerates the whole list in pages ending with a deltaLink, with the fields asked for', async () => {
    const items = await newList('Enumerated');
    await seedItems(client, 'Enumerated', Array.from({ length: 7 }, (_, index) => ({ Title: `t${index}`, Status: 'new' })));
    const { entries, pages, deltaLink } = await drain(`${items}/delta?expand=fields(select=Title)&$top=3`);
    expect(pages).toBe(3);
    expect(entries.map((entry) => entry.id)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(entries[0]?.fields).toEqual({ '@odata.etag': entries[0]?.eTag, Title: 't0' });
    expect(deltaLink).toMatch(new RegExp(`^${client.emulator.graphUrl.replace(/\./g, '\\.')}/sites/.*/items/delta\\?.*token=`));
  });

  it('gives no items and a deltaLink for token=latest', async () => {
    const items = await newList('Latest');
    await seedItems(client, 'Latest', [{ Title: 'before' }]);
    const answer = await client.call<DeltaPage>('GET', `${items}/delta?token=latest`);
    expect(answer.status).toBe(200);
    expect(answer.body.value).toEqual([]);
    expect(answer.body['@odata.deltaLink']).toBeTruthy();
    expect(answer.body['@odata.nextLink']).toBeUndefined();
  });

  it('reports items created and changed since a deltaLink once each in their latest state, and deletions as deleted', async () => {
    const items = await newList('Changes');
    const [keep, change, remove] = await seedItems(client, 'Changes', [{ Title: 'keep' }, { Title: 'change' }, { Title: 'remove' }]);
    const start = await client.call<DeltaPage>('GET', `${items}/delta?token=latest&expand=fields`);
    const link = start.body['@odata.deltaLink'] ?? '';

    const created = await client.call<{ id: string }>('POST', items, { fields: { Title: 'created' } });
    await client.call('PATCH', `${items}/${change}/fields`, { Status: 'first' });
    await client.call('PATCH', `${items}/${change}/fields`, { Status: 'second' });
    await client.call('DELETE', `${items}/${remove}`);

    const { entries, deltaLink } = await drain(link);
    expect(entries.map((entry) => entry.id).sort()).toEqual([change, remove, created.body.id].sort());
    const changed = entries.filter((entry) => entry.id === change);
    expect(changed).toHaveLength(1);
    expect(changed[0]?.fields).toMatchObject({ Title: 'change', Status: 'second' });
    expect(entries.find((entry) => entry.id === remove)).toEqual({ id: remove, deleted: { state: 'deleted' } });
    expect(entries.find((entry) => entry.id === created.body.id)?.fields).toMatchObject({ Title: 'created' });
    expect(entries.some((entry) => entry.id === keep)).toBe(false);

    const quiet = await drain(deltaLink);
    expect(quiet.entries).toEqual([]);
  });

  it('reports an item changed during an enumeration again later in the same enumeration, never losing it', async () => {
    const items = await newList('Moving');
    await seedItems(client, 'Moving', Array.from({ length: 6 }, (_, index) => ({ Title: `m${index}` })));
    const first = await client.call<DeltaPage>('GET', `${items}/delta?$top=2&expand=fields`);
    await client.call('PATCH', `${items}/1/fields`, { Status: 'changed mid-way' });
    await client.call('DELETE', `${items}/2`);
    await client.call('DELETE', `${items}/5`);
    const rest = await drain(first.body['@odata.nextLink'] ?? '');
    const entries = [...first.body.value, ...rest.entries];
    // The last occurrence of each id is its state at the end.
    const latest = new Map(entries.map((entry) => [entry.id, entry]));
    expect(latest.get('1')?.fields).toMatchObject({ Status: 'changed mid-way' });
    expect(latest.get('2')?.deleted).toEqual({ state: 'deleted' });
    expect(latest.get('5')?.deleted ?? 'never reported present').toBeTruthy();
    expect([...latest.values()].filter((entry) => !entry.deleted).map((entry) => entry.id).sort()).toEqual(['1', '3', '4', '6']);
  });

  const tokenOf = (link: string) => /token=([^&]*)/.exec(link)?.[1] ?? '';
  const badTokens: [string, (link: string, otherListLink: string) => string][] = [
    ['a garbled token', (link) => link.replace(/token=[^&]*/, 'token=expired-token')],
    ['a token of another list', (link, other) => link.replace(/token=[^&]*/, `token=${tokenOf(other)}`)],
    ['a token from the future', (link) => link.replace(/token=[^&]*/, `token=${Buffer.from(JSON.stringify({ l: 'x', a: 999999, s: 999999 })).toString('base64url')}`)],
  ];
  it.each(badTokens)('answers 410 Gone with a Location to start again for %s', async (name, spoil) => {
    const suffix = name.replace(/\W/g, '');
    const items = await newList(`Gone${suffix}`);
    const otherItems = await newList(`Other${suffix}`);
    await seedItems(client, `Gone${suffix}`, [{ Title: 'one' }, { Title: 'two' }]);
    const start = await client.call<DeltaPage>('GET', `${items}/delta?token=latest&expand=fields`);
    const other = await client.call<DeltaPage>('GET', `${otherItems}/delta?token=latest`);
    const answer = await client.follow<{ error: { code: string } }>(spoil(start.body['@odata.deltaLink'] ?? '', other.body['@odata.deltaLink'] ?? ''));
    expect(answer.status).toBe(410);
    expect(answer.body.error.code).toBe('resyncRequired');
    const location = answer.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`/lists/Gone${suffix}/items/delta`));
    expect(location).not.toMatch(/token=/);
    const restart = await drain(location);
    expect(restart.entries.map((entry) => entry.fields?.Title)).toEqual(['one', 'two']);
  });
});
