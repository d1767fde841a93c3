/** Item queries: $filter operators, $orderby, $top, keyset paging, the indexed-column rule and the list view threshold. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { column, createList, readAll, seedItems, startTestEmulator } from './emulator-client.ts';
import type { TestEmulator } from './emulator-client.ts';

let client: TestEmulator;
let items: string;
const PREFER = { Prefer: 'HonorNonIndexedQueriesWarningMayFailRandomly' };

interface Item {
  id: string;
  fields: Record<string, unknown>;
}

// Ten rows with every column type; every column is indexed so the filters below need no Prefer header.
const rows = [
  { Title: 'Alpha', Plan: '2026/27', Seq: 1, Due: '2026-01-15', At: '2026-01-15T09:00:00Z', Status: 'On track', Done: false },
  { Title: 'bravo', Plan: '2026/27', Seq: 2, Due: '2026-02-28', At: '2026-02-28T23:30:00Z', Status: 'At risk', Done: false },
  { Title: 'Charlie', Plan: '2026/27', Seq: 3, Due: '2026-03-31', At: '2026-03-31T00:00:00Z', Status: 'Complete', Done: true },
  { Title: 'Delta', Plan: '2026/27', Seq: 4, Due: '2026-03-31', Status: 'On track', Done: false },
  { Title: 'Echo', Plan: '2025/26', Seq: 5, Due: '2025-12-01', At: '2025-12-01T12:00:00Z', Status: 'Complete', Done: true },
  { Title: "O'Neill", Plan: '2025/26', Seq: 6, Status: 'Not started', Done: false },
  { Title: 'Eastgate', Plan: '2026/27', Seq: 7, Due: '2026-07-01', Status: 'At risk', Done: false },
  { Title: 'EASTWOOD', Plan: '2026/27', Seq: 8, Due: '2026-08-01', Status: 'Off track', Done: false },
  { Title: 'Foxtrot', Plan: '2027/28', Seq: 9.5, Due: '2027-04-01', Status: 'Not started' },
  { Title: 'Golf', Plan: '2027/28', Seq: -1, Due: '2027-05-01', Status: 'Not started', Done: true },
];

beforeAll(async () => {
  client = await startTestEmulator();
  await createList(client, 'Rows', [
    column.text('Plan', { indexed: true }),
    column.number('Seq', { indexed: true }),
    column.date('Due', { indexed: true }),
    column.dateTime('At', { indexed: true }),
    column.choice('Status', ['Not started', 'On track', 'At risk', 'Off track', 'Complete'], { indexed: true }),
    column.boolean('Done', { indexed: true }),
    column.text('Loose'),
  ]);
  const columns = await client.call<{ value: { id: string; name: string }[] }>('GET', `${client.site}/lists/Rows/columns`);
  const title = columns.body.value.find((entry) => entry.name === 'Title');
  await client.call('PATCH', `${client.site}/lists/Rows/columns/${title?.id}`, { indexed: true });
  await seedItems(client, 'Rows', rows);
  items = `${client.site}/lists/Rows/items`;
});

afterAll(async () => {
  await client?.close();
});

async function titles(query: string, headers: Record<string, string> = {}): Promise<string[]> {
  const { items: found } = await readAll<Item>(client, `${items}?expand=fields(select=Title)&${query}`, headers);
  return found.map((item) => String(item.fields.Title));
}

const filter = (text: string) => `$filter=${encodeURIComponent(text)}`;

describe('$filter', () => {
  const cases: [string, string[]][] = [
    ["fields/Plan eq '2025/26'", ['Echo', "O'Neill"]],
    ["fields/Plan ne '2026/27'", ['Echo', "O'Neill", 'Foxtrot', 'Golf']],
    ["fields/Title eq 'o''neill'", ["O'Neill"]],
    ["fields/Title eq 'BRAVO'", ['bravo']],
    ['fields/Seq gt 5', ["O'Neill", 'Eastgate', 'EASTWOOD', 'Foxtrot']],
    ['fields/Seq ge 9.5', ['Foxtrot']],
    ['fields/Seq lt 1', ['Golf']],
    ['fields/Seq le 2', ['Alpha', 'bravo', 'Golf']],
    ['fields/Seq eq 9.5', ['Foxtrot']],
    ['fields/Done eq true', ['Charlie', 'Echo', 'Golf']],
    ['fields/Done eq false', ['Alpha', 'bravo', 'Delta', "O'Neill", 'Eastgate', 'EASTWOOD']],
    ['fields/Done eq null', ['Foxtrot']],
    ['fields/Due eq null', ["O'Neill"]],
    ['fields/Due ne null and fields/Plan eq \'2025/26\'', ['Echo']],
    ["fields/Due eq '2026-03-31'", ['Charlie', 'Delta']],
    ['fields/Due eq 2026-03-31', ['Charlie', 'Delta']],
    ['fields/Due eq 2026-03-31T00:00:00Z', ['Charlie', 'Delta']],
    ["fields/Due le '2026-02-28'", ['Alpha', 'bravo', 'Echo']],
    ['fields/Due gt 2026-12-31T00:00:00Z', ['Foxtrot', 'Golf']],
    ['fields/At ge 2026-02-28T23:00:00Z', ['bravo', 'Charlie']],
    ['fields/At lt 2026-01-01', ['Echo']],
    ["fields/Status eq 'Complete'", ['Charlie', 'Echo']],
    ["startswith(fields/Title,'east')", ['Eastgate', 'EASTWOOD']],
    ["fields/Plan eq '2026/27' and fields/Status eq 'At risk'", ['bravo', 'Eastgate']],
    ["fields/Status eq 'Complete' or fields/Seq lt 0", ['Charlie', 'Echo', 'Golf']],
    ["fields/Plan eq '2026/27' and (fields/Status eq 'At risk' or fields/Done eq true)", ['bravo', 'Charlie', 'Eastgate']],
    ["not fields/Plan eq '2026/27'", ['Echo', "O'Neill", 'Foxtrot', 'Golf']],
    ["not (fields/Plan eq '2026/27' or fields/Plan eq '2027/28')", ['Echo', "O'Neill"]],
    ['fields/id le 3', ['Alpha', 'bravo', 'Charlie']],
    ["fields/id eq '4'", ['Delta']],
    ["fields/Plan eq 'nothing'", []],
  ];
  it.each(cases)('%s', async (text, expected) => {
    expect(await titles(filter(text))).toEqual(expected);
  });

  const refusals: [string, number, string, RegExp][] = [
    ['fields/Title eq', 400, 'BadRequest', /Invalid filter clause/],
    ["fields/Title eq 'a' and", 400, 'BadRequest', /Invalid filter clause/],
    ["Title eq 'a'", 400, 'BadRequest', /Invalid filter clause/],
    ["fields/Nope eq 'a'", 400, 'invalidRequest', /Column 'Nope' does not exist/],
    ["fields/Seq eq 'three'", 400, 'BadRequest', /number column/],
    ['fields/Plan eq 3', 400, 'BadRequest', /text column/],
    ["fields/Due eq '2026-02-30'", 400, 'BadRequest', /not a valid date/],
    ["startswith(fields/Seq,'1')", 400, 'BadRequest', /needs a text column/],
    ['fields/Seq gt null', 400, 'BadRequest', /null can only be compared/],
  ];
  it.each(refusals)('refuses %s', async (text, status, code, message) => {
    const answer = await client.call<{ error: { code: string; message: string } }>('GET', `${items}?${filter(text)}`);
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
    expect(answer.body.error.message).toMatch(message);
  });
});

describe('$orderby', () => {
  const cases: [string, string[]][] = [
    ['fields/Seq', ['Golf', 'Alpha', 'bravo', 'Charlie', 'Delta', 'Echo', "O'Neill", 'Eastgate', 'EASTWOOD', 'Foxtrot']],
    ['fields/Seq desc', ['Foxtrot', 'EASTWOOD', 'Eastgate', "O'Neill", 'Echo', 'Delta', 'Charlie', 'bravo', 'Alpha', 'Golf']],
    // Text sorts without regard to case; empty values sort first.
    ['fields/Title', ['Alpha', 'bravo', 'Charlie', 'Delta', 'Eastgate', 'EASTWOOD', 'Echo', 'Foxtrot', 'Golf', "O'Neill"]],
    ['fields/Due asc', ["O'Neill", 'Echo', 'Alpha', 'bravo', 'Charlie', 'Delta', 'Eastgate', 'EASTWOOD', 'Foxtrot', 'Golf']],
    ['fields/Plan desc, fields/Seq desc', ['Foxtrot', 'Golf', 'EASTWOOD', 'Eastgate', 'Delta', 'Charlie', 'bravo', 'Alpha', "O'Neill", 'Echo']],
    ['fields/Done, fields/Title desc', ['Foxtrot', "O'Neill", 'EASTWOOD', 'Eastgate', 'Delta', 'bravo', 'Alpha', 'Golf', 'Echo', 'Charlie']],
  ];
  it.each(cases)('%s', async (orderBy, expected) => {
    expect(await titles(`$orderby=${encodeURIComponent(orderBy)}`)).toEqual(expected);
    // Paging one item at a time gives the same order.
    expect(await titles(`$orderby=${encodeURIComponent(orderBy)}&$top=1`)).toEqual(expected);
  });

  it('refuses a malformed $orderby', async () => {
    const answer = await client.call<{ error: { code: string } }>('GET', `${items}?$orderby=${encodeURIComponent('fields/Seq sideways')}`);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('BadRequest');
  });
});

describe('$top and paging', () => {
  it('pages by the default page size, by $top, and refuses $top outside 1..5000', async () => {
    const small = await startTestEmulator({ pageSize: 3 });
    try {
      await createList(small, 'P', []);
      await seedItems(small, 'P', Array.from({ length: 7 }, (_, index) => ({ Title: `t${index}` })));
      const paged = await readAll<Item>(small, `${small.site}/lists/P/items`);
      expect(paged.pages).toBe(3);
      expect(paged.items.map((item) => item.id)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    } finally {
      await small.close();
    }
    expect((await readAll(client, `${items}?$top=4`)).pages).toBe(3);
    const first = await client.call<{ value: unknown[]; '@odata.nextLink': string }>('GET', `${items}?$top=4&${filter("fields/Plan eq '2026/27'")}`);
    expect(first.body.value).toHaveLength(4);
    expect(first.body['@odata.nextLink']).toMatch(new RegExp(`^${client.emulator.graphUrl.replace(/\./g, '\\.')}/sites/.*\\$skiptoken=`));
    for (const top of ['0', '5001', 'ten']) {
      const answer = await client.call<{ error: { code: string } }>('GET', `${items}?$top=${top}`);
      expect(answer.status).toBe(400);
    }
  });

  it('carries the query in the nextLink and refuses a skiptoken used with another query', async () => {
    const first = await client.call<{ '@odata.nextLink': string }>('GET', `${items}?$top=2&${filter("fields/Plan eq '2026/27'")}`);
    const next = first.body['@odata.nextLink'];
    const second = await client.follow<{ value: Item[] }>(next);
    expect(second.status).toBe(200);
    const token = new URL(next).searchParams.get('$skiptoken') ?? '';
    const mixed = await client.call<{ error: { code: string } }>('GET', `${items}?$top=2&$skiptoken=${encodeURIComponent(token)}`);
    expect(mixed.status).toBe(400);
    expect((await client.call('GET', `${items}?$skiptoken=garbage`)).status).toBe(400);
  });

  const orders: [string, string][] = [
    ['id order', ''],
    ['a sort key', `&$orderby=${encodeURIComponent('fields/Rank desc')}`],
  ];
  it.each(orders)('returns every item exactly once in %s while items are created and deleted between pages', async (_name, orderBy) => {
    const mover = await startTestEmulator();
    try {
      await createList(mover, 'Moving', [column.number('Rank', { indexed: true })]);
      const list = `${mover.site}/lists/Moving/items`;
      const ids = await seedItems(mover, 'Moving', Array.from({ length: 30 }, (_, index) => ({ Title: `i${index}`, Rank: index })));
      const seen: string[] = [];
      let answer = await mover.call<{ value: Item[]; '@odata.nextLink'?: string }>('GET', `${list}?$top=7${orderBy}`);
      const deleted = new Set<string>();
      let round = 0;
      for (;;) {
        seen.push(...answer.body.value.map((item) => item.id));
        const next = answer.body['@odata.nextLink'];
        if (!next) break;
        round += 1;
        // Between pages: delete one item not yet seen and one already seen, and add two items.
        const unseen = ids.find((id) => !seen.includes(id) && !deleted.has(id));
        if (unseen) {
          await mover.call('DELETE', `${list}/${unseen}`);
          deleted.add(unseen);
        }
        await mover.call('DELETE', `${list}/${seen[0]}`);
        await mover.call('POST', list, { fields: { Title: `late${round}a`, Rank: -round } });
        await mover.call('POST', list, { fields: { Title: `late${round}b`, Rank: 100 + round } });
        answer = await mover.follow(next);
      }
      expect(new Set(seen).size).toBe(seen.length);
      const original = ids.filter((id) => !deleted.has(id));
      for (const id of original) expect(seen).toContain(id);
      for (const id of deleted) expect(seen).not.toContain(id);
    } finally {
      await mover.close();
    }
  });
});

describe('indexed columns', () => {
  it('refuses a filter or sort on a column that is not indexed, unless Prefer allows it', async () => {
    await client.call('PATCH', `${items}/1/fields`, { Loose: 'x' });
    for (const query of [filter("fields/Loose eq 'x'"), `$orderby=${encodeURIComponent('fields/Loose')}`, filter("fields/Plan eq '2026/27' and fields/Loose eq 'x'")]) {
      const refused = await client.call<{ error: { code: string; message: string } }>('GET', `${items}?${query}`);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('invalidRequest');
      expect(refused.body.error.message).toBe(
        "Field 'Loose' cannot be referenced in filter or orderby as it is not indexed. Provide the 'Prefer: HonorNonIndexedQueriesWarningMayFailRandomly' header to allow this, but be warned that such queries may fail on large lists.",
      );
      expect((await client.call('GET', `${items}?${query}`, undefined, PREFER)).status).toBe(200);
    }
    expect(await titles(filter("fields/Loose eq 'x'"), PREFER)).toEqual(['Alpha']);
  });

  it('lets the item id be filtered and sorted without an index', async () => {
    expect(await titles(`${filter('fields/id gt 8')}&$orderby=${encodeURIComponent('fields/id desc')}`)).toEqual(['Golf', 'Foxtrot']);
  });

  it('honours an index added later with PATCH', async () => {
    const list = await createList(client, 'LateIndex', [column.text('Key')]);
    const path = `${client.site}/lists/${list.id}/items?${filter("fields/Key eq 'a'")}`;
    expect((await client.call('GET', path)).status).toBe(400);
    const columns = await client.call<{ value: { id: string; name: string }[] }>('GET', `${client.site}/lists/${list.id}/columns`);
    const key = columns.body.value.find((entry) => entry.name === 'Key');
    await client.call('PATCH', `${client.site}/lists/${list.id}/columns/${key?.id}`, { indexed: true });
    expect((await client.call('GET', path)).status).toBe(200);
  });
});

describe('the list view threshold', () => {
  let big: TestEmulator;
  let bigItems: string;

  beforeAll(async () => {
    big = await startTestEmulator();
    await createList(big, 'Big', [column.text('Key', { indexed: true }), column.text('Group', { indexed: true }), column.text('Reason')]);
    await seedItems(
      big,
      'Big',
      Array.from({ length: 5_001 }, (_, index) => ({ Title: `r${index}`, Key: `k${index}`, Group: index < 10 ? 'small' : 'large', Reason: index === 3 ? 'Resources' : 'Other' })),
    );
    bigItems = `${big.site}/lists/Big/items`;
  }, 120_000);

  afterAll(async () => {
    await big?.close();
  });

  it('fails a query on a column that is not indexed on a list over 5,000 items, even with Prefer (500, threshold)', async () => {
    for (const query of [filter("fields/Reason eq 'Resources'"), `$orderby=${encodeURIComponent('fields/Reason')}`, filter("fields/Key ne 'none' and fields/Reason eq 'Resources'")]) {
      const answer = await big.call<{ error: { code: string; message: string } }>('GET', `${bigItems}?${query}`, undefined, PREFER);
      expect(answer.status).toBe(500);
      expect(answer.body.error.code).toBe('generalException');
      expect(answer.body.error.message).toMatch(/list view threshold/);
    }
  });

  it('answers when an indexed leading filter narrows the rows below the threshold first', async () => {
    const { items: found } = await readAll<Item>(big, `${bigItems}?expand=fields(select=Title)&${filter("fields/Group eq 'small' and fields/Reason eq 'Resources'")}`, PREFER);
    expect(found.map((item) => item.fields.Title)).toEqual(['r3']);
  });

  it('still serves indexed filters and whole-list paging', async () => {
    const { items: found } = await readAll<Item>(big, `${bigItems}?expand=fields(select=Title)&${filter("fields/Key eq 'k4242'")}`);
    expect(found.map((item) => item.fields.Title)).toEqual(['r4242']);
    const all = await readAll<Item>(big, `${bigItems}?$top=5000`);
    expect(all.items).toHaveLength(5_001);
    expect(all.pages).toBe(2);
  });
});
