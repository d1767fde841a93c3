import { describe, expect, it } from 'vitest';
import { GraphHttpError } from '../errors/graph-error-factory.ts';
import { checkValue, parseInstant } from './field-values.ts';
import type { ColumnRecord } from './state.ts';

const base = { id: 'c', displayName: 'C', description: '', columnGroup: 'Custom Columns', indexed: false, required: false, hidden: false, readOnly: false, enforceUniqueValues: false, builtIn: false } as const;
const columns: Record<string, ColumnRecord> = {
  text: { ...base, name: 'Code', type: 'text', text: { allowMultipleLines: false, maxLength: 5 } },
  number: { ...base, name: 'Sequence', type: 'number', number: { decimalPlaces: 'automatic', minimum: 0 } },
  boolean: { ...base, name: 'Done', type: 'boolean', boolean: {} },
  choice: { ...base, name: 'Status', type: 'choice', choice: { choices: ['On track', 'At risk'], allowTextEntry: false, displayAs: 'dropDownMenu' } },
  date: { ...base, name: 'DueDate', type: 'dateTime', dateTime: { format: 'dateOnly', displayAs: 'default' } },
  dateTime: { ...base, name: 'UpdatedAt', type: 'dateTime', dateTime: { format: 'dateTime', displayAs: 'default' } },
};

describe('parseInstant', () => {
  const cases: [string, string | undefined][] = [
    ['2026-03-31', '2026-03-31T00:00:00Z'],
    ['2026-03-31T10:15:00Z', '2026-03-31T10:15:00Z'],
    ['2026-03-31T10:15:00.999Z', '2026-03-31T10:15:00Z'],
    ['2026-03-31T10:15', '2026-03-31T10:15:00Z'],
    ['2026-03-31T10:15:00+01:00', '2026-03-31T09:15:00Z'],
    ['2026-02-30', undefined],
    ['2026-13-01', undefined],
    ['2026-03-31T24:00:00Z', undefined],
    ['31/03/2026', undefined],
    ['Feb-May 2026', undefined],
  ];
  it.each(cases)('%s → %s', (text, expected) => {
    expect(parseInstant(text)).toBe(expected);
  });
});

describe('checkValue', () => {
  const accepted: [keyof typeof columns, unknown, unknown][] = [
    ['text', 'ABCDE', 'ABCDE'],
    ['text', '', null],
    ['text', null, null],
    ['number', 0, 0],
    ['number', 2.5, 2.5],
    ['boolean', false, false],
    ['choice', 'At risk', 'At risk'],
    ['date', '2026-03-31', '2026-03-31T00:00:00Z'],
    ['date', '2026-03-31T15:00:00Z', '2026-03-31T00:00:00Z'],
    ['dateTime', '2026-03-31T15:00:00+01:00', '2026-03-31T14:00:00Z'],
  ];
  it.each(accepted)('%s column accepts %j', (kind, value, stored) => {
    expect(checkValue(columns[kind] as ColumnRecord, value)).toEqual(stored);
  });

  const refused: [keyof typeof columns, unknown, RegExp][] = [
    ['text', 'ABCDEF', /at most 5/],
    ['text', 12, /expected text/],
    ['number', '12', /expected a number/],
    ['number', -1, /below the minimum/],
    ['number', Number.NaN, /expected a number/],
    ['boolean', 'yes', /expected true or false/],
    ['choice', 'Brilliant', /not one of the choices/],
    ['choice', 'on track', /not one of the choices/],
    ['date', '2026-02-30', /not a valid ISO 8601/],
    ['date', 20260331, /expected a date/],
    ['dateTime', 'tomorrow', /not a valid ISO 8601/],
  ];
  it.each(refused)('%s column refuses %j', (kind, value, message) => {
    const column = columns[kind] as ColumnRecord;
    let caught: unknown;
    try {
      checkValue(column, value);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GraphHttpError);
    expect((caught as GraphHttpError).status).toBe(400);
    expect((caught as GraphHttpError).code).toBe('invalidRequest');
    expect((caught as GraphHttpError).message).toContain(`'${column.name}'`);
    expect((caught as GraphHttpError).message).toMatch(message);
  });
});
