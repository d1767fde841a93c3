/** List items: create, read, update fields, delete; eTags and If-Match; refusals that change nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { column, createList, fetchToken, startTestEmulator } from './emulator-client.ts';
import type { TestEmulator } from './emulator-client.ts';

let client: TestEmulator;
let items: string;

interface ItemJson {
  id: string;
  eTag: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  createdBy: { application?: { id: string; displayName: string } };
  fields: Record<string, unknown>;
}

const record = { Title: 'Open the Eastgate hub', Plan: '2026/27', Sequence: 1, DueDate: '2026-03-31', Status: 'Not started', Done: false };

beforeAll(async () => {
  client = await startTestEmulator();
  await createList(client, 'Tasks', [
    column.text('Plan', { indexed: true, required: true }),
    column.text('Code', { text: { maxLength: 8 } }),
    column.note('Notes'),
    column.number('Sequence'),
    column.date('DueDate'),
    column.dateTime('UpdatedAt'),
    column.choice('Status', ['Not started', 'On track', 'At risk', 'Complete'], { required: true }),
    column.boolean('Done'),
  ]);
  items = `${client.site}/lists/Tasks/items`;
});

afterAll(async () => {
  await client?.close();
});

async function create(fields: Record<string, unknown> = record): Promise<ItemJson> {
  const answer = await client.call<ItemJson>('POST', items, { fields });
  if (answer.status !== 201) throw new Error(`create answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function read(id: string): Promise<ItemJson> {
  return (await client.call<ItemJson>('GET', `${items}/${id}?expand=fields`)).body;
}

describe('create and read', () => {
  it('creates an item (201) with an integer id, a SharePoint-shaped eTag and its fields', async () => {
    const answer = await client.call<ItemJson>('POST', items, { fields: record });
    expect(answer.status).toBe(201);
    const item = answer.body;
    expect(item.id).toMatch(/^\d+$/);
    expect(item.eTag).toMatch(/^"[0-9a-f-]{36},1"$/);
    expect(item.createdDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(item.createdBy.application?.id).toBe('11111111-1111-4111-8111-111111111111');
    expect(item.fields).toMatchObject({
      '@odata.etag': item.eTag,
      id: item.id,
      Title: record.Title,
      Plan: '2026/27',
      Sequence: 1,
      DueDate: '2026-03-31T00:00:00Z',
      Status: 'Not started',
      Done: false,
      ContentType: 'Item',
      Created: item.createdDateTime,
      Modified: item.lastModifiedDateTime,
    });
    expect(item.fields).not.toHaveProperty('Notes');
    expect(answer.headers.get('location')).toBe(`${client.emulator.graphUrl}/sites/${encodeURIComponent(client.emulator.siteId)}/lists/${(item as unknown as { parentReference: { id: string } }).parentReference.id}/items/${item.id}`);
  });

  it('gives ids that keep growing, never reusing a deleted one', async () => {
    const first = await create();
    await client.call('DELETE', `${items}/${first.id}`);
    const second = await create();
    expect(Number(second.id)).toBeGreaterThan(Number(first.id));
  });

  it('reads one item with all fields, selected fields, or no fields', async () => {
    const created = await create({ ...record, Notes: 'line one\nline two' });
    expect((await read(created.id)).fields).toMatchObject({ Notes: 'line one\nline two', Plan: '2026/27' });
    const selected = await client.call<ItemJson>('GET', `${items}/${created.id}?expand=fields(select=Title,Notes)`);
    expect(selected.body.fields).toEqual({ '@odata.etag': created.eTag, Title: record.Title, Notes: 'line one\nline two' });
    const bare = await client.call<ItemJson>('GET', `${items}/${created.id}`);
    expect(bare.body).not.toHaveProperty('fields');
    const props = await client.call<Record<string, unknown>>('GET', `${items}/${created.id}?$select=id,eTag`);
    expect(Object.keys(props.body).sort()).toEqual(['@odata.context', '@odata.etag', 'eTag', 'id']);
    const fieldsOnly = await client.call<Record<string, unknown>>('GET', `${items}/${created.id}/fields?$select=Plan`);
    expect(fieldsOnly.body).toMatchObject({ '@odata.etag': created.eTag, Plan: '2026/27' });
  });

  it('answers 404 itemNotFound for an unknown or malformed item id', async () => {
    for (const id of ['987654', 'abc']) {
      const answer = await client.call<{ error: { code: string } }>('GET', `${items}/${id}`);
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('itemNotFound');
    }
  });

  it('records the caller as creator and last modifier', async () => {
    const created = await create();
    const otherToken = await fetchToken(client.emulator.url, 'another-app');
    await client.call('PATCH', `${items}/${created.id}/fields`, { Sequence: 9 }, { Authorization: `Bearer ${otherToken}` });
    const item = (await client.call<{ createdBy: unknown; lastModifiedBy: unknown }>('GET', `${items}/${created.id}`)).body;
    expect(item.createdBy).toMatchObject({ application: { id: '11111111-1111-4111-8111-111111111111' } });
    expect(item.lastModifiedBy).toMatchObject({ application: { id: 'another-app' } });
  });
});

describe('update and delete', () => {
  it('updates only the fields sent, returns the fieldValueSet with a new eTag, and clears a field sent as null', async () => {
    const created = await create({ ...record, Code: 'PE1' });
    const answer = await client.call<Record<string, unknown>>('PATCH', `${items}/${created.id}/fields`, { Status: 'At risk', Code: null });
    expect(answer.status).toBe(200);
    expect(answer.body['@odata.etag']).toMatch(/,2"$/);
    expect(answer.body).toMatchObject({ Status: 'At risk', Plan: '2026/27', Sequence: 1 });
    expect(answer.body).not.toHaveProperty('Code');
    const item = await read(created.id);
    expect(item.eTag).toBe(answer.body['@odata.etag']);
    expect(item.fields).toMatchObject({ Status: 'At risk', Title: record.Title, _UIVersionString: '2.0' });
    expect(item.fields).not.toHaveProperty('Code');
  });

  it('refuses a PATCH with a stale If-Match (412 preconditionFailed) and changes nothing', async () => {
    const created = await create();
    const first = await client.call<Record<string, unknown>>('PATCH', `${items}/${created.id}/fields`, { Status: 'On track' }, { 'If-Match': created.eTag });
    expect(first.status).toBe(200);
    const stale = await client.call<{ error: { code: string } }>('PATCH', `${items}/${created.id}/fields`, { Status: 'Complete', Done: true }, { 'If-Match': created.eTag });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('preconditionFailed');
    const item = await read(created.id);
    expect(item.eTag).toBe(first.body['@odata.etag']);
    expect(item.fields).toMatchObject({ Status: 'On track', Done: false });
  });

  it('accepts If-Match: * and the current eTag', async () => {
    const created = await create();
    expect((await client.call('PATCH', `${items}/${created.id}/fields`, { Sequence: 2 }, { 'If-Match': '*' })).status).toBe(200);
    const current = (await read(created.id)).eTag;
    expect((await client.call('PATCH', `${items}/${created.id}/fields`, { Sequence: 3 }, { 'If-Match': current })).status).toBe(200);
    expect((await read(created.id)).fields.Sequence).toBe(3);
  });

  it('deletes (204) only when If-Match is current, then answers 404', async () => {
    const created = await create();
    await client.call('PATCH', `${items}/${created.id}/fields`, { Sequence: 5 });
    const stale = await client.call('DELETE', `${items}/${created.id}`, undefined, { 'If-Match': created.eTag });
    expect(stale.status).toBe(412);
    expect((await client.call('GET', `${items}/${created.id}`)).status).toBe(200);
    const current = (await read(created.id)).eTag;
    const deleted = await client.call('DELETE', `${items}/${created.id}`, undefined, { 'If-Match': current });
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    expect((await client.call('GET', `${items}/${created.id}`)).status).toBe(404);
    expect((await client.call('DELETE', `${items}/${created.id}`)).status).toBe(404);
  });
});

describe('refusals change nothing', () => {
  const createRefusals: [string, Record<string, unknown>, string][] = [
    ['an unknown field', { ...record, Colour: 'blue' }, "Field 'Colour' is not recognized"],
    ['a field in the wrong case', { ...record, plan: 'x' }, "Field 'plan' is not recognized"],
    ['a read-only field', { ...record, Created: '2026-01-01T00:00:00Z' }, "Field 'Created' is read-only"],
    ['text for a number', { ...record, Sequence: 'three' }, "'Sequence'"],
    ['a number for text', { ...record, Plan: 2026 }, "'Plan'"],
    ['an impossible date', { ...record, DueDate: '2026-02-30' }, "'DueDate'"],
    ['a date in another format', { ...record, DueDate: '31/03/2026' }, "'DueDate'"],
    ['a choice not in the choices', { ...record, Status: 'Brilliant' }, "'Status'"],
    ['text over maxLength', { ...record, Code: 'ABCDEFGHI' }, "'Code'"],
    ['text for a boolean', { ...record, Done: 'yes' }, "'Done'"],
    ['a missing required field', { Title: 'x', Status: 'On track' }, "Field 'Plan' is required"],
    ['a missing Title', { Plan: 'p', Status: 'On track' }, "Field 'Title' is required"],
    ['a required field set to null', { ...record, Plan: null }, "Field 'Plan' is required"],
  ];
  it.each(createRefusals)('POST with %s → 400 naming the field, and no item', async (_name, fields, message) => {
    const before = await client.call<{ value: unknown[] }>('GET', `${items}?$top=5000`);
    const answer = await client.call<{ error: { code: string; message: string } }>('POST', items, { fields });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('invalidRequest');
    expect(answer.body.error.message).toContain(message);
    const after = await client.call<{ value: unknown[] }>('GET', `${items}?$top=5000`);
    expect(after.body.value).toHaveLength(before.body.value.length);
  });

  const patchRefusals: [string, Record<string, unknown>, string][] = [
    ['one good and one unknown field', { Status: 'Complete', Colour: 'blue' }, 'Colour'],
    ['one good and one badly typed field', { Status: 'Complete', Sequence: '2' }, 'Sequence'],
    ['one good field and a required one cleared', { Status: 'Complete', Plan: null }, 'Plan'],
    ['one good field and the id', { Status: 'Complete', id: '99' }, 'id'],
  ];
  it.each(patchRefusals)('PATCH with %s → 400 and no field changes, eTag unchanged', async (_name, fields, named) => {
    const created = await create();
    const answer = await client.call<{ error: { message: string } }>('PATCH', `${items}/${created.id}/fields`, fields);
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain(named);
    const item = await read(created.id);
    expect(item.eTag).toBe(created.eTag);
    expect(item.fields).toMatchObject({ Status: 'Not started', Plan: '2026/27', Sequence: 1 });
  });

  it('refuses a body that is not an object, and unknown item properties', async () => {
    expect((await client.call('POST', items, '[]')).status).toBe(400);
    expect((await client.call('POST', items, { fields: record, colour: 'red' })).status).toBe(400);
    expect((await client.call('POST', items, { fields: 'Title=x' })).status).toBe(400);
  });

  it('enforces unique values on a column that asks for them', async () => {
    await createList(client, 'Ledger', [column.text('Key', { indexed: true, enforceUniqueValues: true })]);
    const ledger = `${client.site}/lists/Ledger/items`;
    expect((await client.call('POST', ledger, { fields: { Title: 'a', Key: 'k1' } })).status).toBe(201);
    const duplicate = await client.call<{ error: { code: string } }>('POST', ledger, { fields: { Title: 'b', Key: 'K1' } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('nameAlreadyExists');
  });
});
