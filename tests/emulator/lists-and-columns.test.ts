/** Creating and reading lists and their columns, as provisioning does. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { column, createList, startTestEmulator } from './emulator-client.ts';
import type { TestEmulator } from './emulator-client.ts';

let client: TestEmulator;

beforeAll(async () => {
  client = await startTestEmulator();
});

afterAll(async () => {
  await client?.close();
});

interface ColumnJson {
  id: string;
  name: string;
  indexed: boolean;
  required: boolean;
  readOnly: boolean;
  text?: { allowMultipleLines: boolean; maxLength: number };
  dateTime?: { format: string };
  choice?: { choices: string[] };
}

describe('lists', () => {
  it('creates a generic list with its columns and the built-in Title, readable by id and by display name', async () => {
    const created = await client.call<{ id: string; displayName: string; list: { template: string } }>('POST', `${client.site}/lists`, {
      displayName: 'Project Milestones',
      description: 'Test list',
      columns: [column.text('Plan', { indexed: true, required: true }), column.date('DueDate'), column.choice('Status', ['On track', 'At risk'])],
      list: { template: 'genericList' },
    });
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.body).toMatchObject({ displayName: 'Project Milestones', name: 'ProjectMilestones', list: { template: 'genericList' } });

    for (const key of [created.body.id, 'Project Milestones', 'project milestones', 'ProjectMilestones']) {
      const read = await client.call<{ id: string }>('GET', `${client.site}/lists/${encodeURIComponent(key)}`);
      expect(read.status).toBe(200);
      expect(read.body.id).toBe(created.body.id);
    }

    const expanded = await client.call<{ columns: ColumnJson[] }>('GET', `${client.site}/lists/${created.body.id}?expand=columns`);
    const byName = new Map(expanded.body.columns.map((entry) => [entry.name, entry]));
    expect(byName.get('Title')).toMatchObject({ required: true, indexed: false, text: { allowMultipleLines: false, maxLength: 255 } });
    expect(byName.get('Plan')).toMatchObject({ indexed: true, required: true, readOnly: false });
    expect(byName.get('DueDate')).toMatchObject({ dateTime: { format: 'dateOnly' } });
    expect(byName.get('Status')).toMatchObject({ choice: { choices: ['On track', 'At risk'] } });
    expect(byName.get('Created')?.readOnly).toBe(true);

    const all = await client.call<{ value: { id: string; displayName: string }[] }>('GET', `${client.site}/lists?$select=id,displayName`);
    expect(all.body.value).toContainEqual({ '@odata.etag': expect.any(String), id: created.body.id, displayName: 'Project Milestones' });
  });

  it('refuses a second list with the same title (409 nameAlreadyExists), whatever its case', async () => {
    await createList(client, 'Duplicated', []);
    const again = await client.call<{ error: { code: string } }>('POST', `${client.site}/lists`, { displayName: 'DUPLICATED', list: { template: 'genericList' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('nameAlreadyExists');
  });

  const refusals: [string, unknown, number, string][] = [
    ['no displayName', { columns: [] }, 400, 'invalidRequest'],
    ['an unsupported template', { displayName: 'Docs', list: { template: 'documentLibrary' } }, 400, 'notSupported'],
    ['a column without a name', { displayName: 'NoName', columns: [{ text: {} }] }, 400, 'invalidRequest'],
    ['two columns of one name', { displayName: 'Twice', columns: [column.text('A'), column.number('a')] }, 409, 'nameAlreadyExists'],
    ['a column named like a built-in', { displayName: 'Builtin', columns: [column.text('Title')] }, 409, 'nameAlreadyExists'],
    ['an indexed multi-line column', { displayName: 'IndexedNote', columns: [{ ...column.note('Notes'), indexed: true }] }, 400, 'invalidRequest'],
    ['a choice column without choices', { displayName: 'NoChoices', columns: [{ name: 'S', choice: {} }] }, 400, 'invalidRequest'],
    ['a lookup column', { displayName: 'Lookups', columns: [{ name: 'L', lookup: { listId: 'x' } }] }, 400, 'notSupported'],
    ['a text column longer than 255', { displayName: 'Long', columns: [column.text('T', { text: { maxLength: 300 } })] }, 400, 'invalidRequest'],
    ['an unknown property', { displayName: 'Odd', colour: 'blue' }, 400, 'BadRequest'],
  ];
  it.each(refusals)('refuses a list with %s and creates nothing', async (_name, body, status, code) => {
    const before = await client.call<{ value: unknown[] }>('GET', `${client.site}/lists`);
    const answer = await client.call<{ error: { code: string } }>('POST', `${client.site}/lists`, body);
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
    const after = await client.call<{ value: unknown[] }>('GET', `${client.site}/lists`);
    expect(after.body.value).toHaveLength(before.body.value.length);
  });

  it('answers 404 itemNotFound for an unknown list', async () => {
    const answer = await client.call<{ error: { code: string } }>('GET', `${client.site}/lists/Nowhere/items`);
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('itemNotFound');
  });
});

describe('columns', () => {
  it('adds a column, then indexes it with PATCH …/columns/{id}', async () => {
    const list = await createList(client, 'Columns', [column.text('Plan')]);
    const added = await client.call<ColumnJson>('POST', `${client.site}/lists/${list.id}/columns`, column.text('Owner'));
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ name: 'Owner', indexed: false });

    const patched = await client.call<ColumnJson>('PATCH', `${client.site}/lists/${list.id}/columns/${added.body.id}`, { indexed: true });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: added.body.id, name: 'Owner', indexed: true });

    const columns = await client.call<{ value: ColumnJson[] }>('GET', `${client.site}/lists/${list.id}/columns`);
    expect(columns.body.value.find((entry) => entry.name === 'Owner')?.indexed).toBe(true);
    const title = columns.body.value.find((entry) => entry.name === 'Title');
    const indexedTitle = await client.call<ColumnJson>('PATCH', `${client.site}/lists/${list.id}/columns/${title?.id}`, { indexed: true });
    expect(indexedTitle.body.indexed).toBe(true);
  });

  it('adds choices to a choice column but will not change a column\'s type', async () => {
    const list = await createList(client, 'Choices', [column.choice('State', ['a', 'b'])]);
    const columns = await client.call<{ value: ColumnJson[] }>('GET', `${client.site}/lists/${list.id}/columns`);
    const state = columns.body.value.find((entry) => entry.name === 'State');
    const more = await client.call<ColumnJson>('PATCH', `${client.site}/lists/${list.id}/columns/${state?.id}`, { choice: { choices: ['a', 'b', 'c'] } });
    expect(more.body.choice?.choices).toEqual(['a', 'b', 'c']);
    const retyped = await client.call<{ error: { code: string } }>('PATCH', `${client.site}/lists/${list.id}/columns/${state?.id}`, { number: {} });
    expect(retyped.status).toBe(400);
    expect(retyped.body.error.code).toBe('invalidRequest');
  });

  it('refuses a duplicate column (409) and an unknown column id (404)', async () => {
    const list = await createList(client, 'ColumnErrors', [column.text('Plan')]);
    expect((await client.call('POST', `${client.site}/lists/${list.id}/columns`, column.number('plan'))).status).toBe(409);
    expect((await client.call('PATCH', `${client.site}/lists/${list.id}/columns/00000000-0000-0000-0000-000000000000`, { indexed: true })).status).toBe(404);
  });

  it('allows at most 20 indexed columns on a list', async () => {
    const columns = Array.from({ length: 20 }, (_, index) => column.text(`C${index}`, { indexed: true }));
    const list = await createList(client, 'ManyIndexes', columns);
    const answer = await client.call<{ error: { message: string } }>('POST', `${client.site}/lists/${list.id}/columns`, column.text('OneMore', { indexed: true }));
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/at most 20 indexed/);
  });
});
