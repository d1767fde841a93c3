import { describe, expect, it } from 'vitest';
import { LIST_NAMES, ManifestError, columnsToCreate, indexedColumns, listSpec, manifest, parseManifest, toGraphColumn } from './list-schema.ts';
import type { ColumnSpec } from './list-schema.ts';

describe('the app manifest', () => {
  it('holds every list Waymark uses', () => {
    expect(manifest.lists.map((list) => list.name)).toEqual(expect.arrayContaining([...LIST_NAMES]));
  });

  it('never creates the built-in Title column', () => {
    for (const name of LIST_NAMES) {
      expect(columnsToCreate(listSpec(name)).map((column) => column.name)).not.toContain('Title');
    }
  });

  it('indexes the columns loadPlan filters on', () => {
    expect(indexedColumns(listSpec('Plans'))).toContain('Title');
    expect(indexedColumns(listSpec('Projects'))).toContain('Plan');
    expect(indexedColumns(listSpec('Milestones'))).toContain('Plan');
  });
});

describe('toGraphColumn', () => {
  const cases: { column: ColumnSpec; expected: Record<string, unknown> }[] = [
    { column: { name: 'Code', property: 'code', type: 'text', maxLength: 32, indexed: true, required: true }, expected: { text: { allowMultipleLines: false, maxLength: 32 }, indexed: true, required: true } },
    { column: { name: 'Theme', property: 'theme', type: 'text' }, expected: { text: { allowMultipleLines: false, maxLength: 255 } } },
    { column: { name: 'Summary', property: 'summary', type: 'note' }, expected: { text: { allowMultipleLines: true } } },
    { column: { name: 'Aliases', property: 'aliases', type: 'lines' }, expected: { text: { allowMultipleLines: true } } },
    { column: { name: 'SortOrder', property: 'sortOrder', type: 'number' }, expected: { number: {} } },
    { column: { name: 'DueDate', property: 'dueDate', type: 'date' }, expected: { dateTime: { format: 'dateOnly' } } },
    { column: { name: 'UpdatedAt', property: 'updatedAt', type: 'dateTime' }, expected: { dateTime: { format: 'dateTime' } } },
    { column: { name: 'State', property: 'state', type: 'choice', choices: ['a', 'b'] }, expected: { choice: { choices: ['a', 'b'] } } },
    { column: { name: 'Done', property: 'done', type: 'boolean' }, expected: { boolean: {} } },
  ];
  it.each(cases)('maps $column.type column $column.name', ({ column, expected }) => {
    const definition = toGraphColumn(column);
    expect(definition).toMatchObject({ name: column.name, ...expected });
    if (!column.indexed) expect(definition.indexed).toBeUndefined();
  });
});

describe('parseManifest', () => {
  const valid = { schemaVersion: 1, lists: [{ name: 'L', columns: [{ name: 'Title', property: 'name', type: 'text', builtIn: true }] }] };
  const cases: { name: string; change: (json: typeof valid) => unknown; message: RegExp }[] = [
    { name: 'an unknown type', change: (json) => ({ ...json, lists: [{ name: 'L', columns: [{ name: 'X', property: 'x', type: 'person' }] }] }), message: /type/ },
    { name: 'a choice without choices', change: (json) => ({ ...json, lists: [{ name: 'L', columns: [{ name: 'X', property: 'x', type: 'choice' }] }] }), message: /no choices/ },
    { name: 'an indexed multi-line column', change: (json) => ({ ...json, lists: [{ name: 'L', columns: [{ name: 'X', property: 'x', type: 'note', indexed: true }] }] }), message: /cannot index/ },
    {
      name: 'two columns with one property',
      change: (json) => ({ ...json, lists: [{ name: 'L', columns: [{ name: 'X', property: 'x', type: 'text' }, { name: 'Y', property: 'x', type: 'text' }] }] }),
      message: /two columns with property "x"/,
    },
    { name: 'a column name with a space', change: (json) => ({ ...json, lists: [{ name: 'L', columns: [{ name: 'Due Date', property: 'x', type: 'date' }] }] }), message: /internal names/ },
  ];
  it('accepts a small valid manifest', () => {
    expect(parseManifest(valid).lists[0]?.name).toBe('L');
  });
  it.each(cases)('rejects $name', ({ change, message }) => {
    expect(() => parseManifest(change(valid))).toThrow(ManifestError);
    expect(() => parseManifest(change(valid))).toThrow(message);
  });
});
