import { describe, expect, it } from 'vitest';
import { ODataSyntaxError, filterFields, leadingConjunct, parseFilter } from './filter-parser.ts';
import type { FilterNode } from './filter-parser.ts';

const cmp = (field: string, op: string, value: unknown): FilterNode => ({ kind: 'compare', op, field, value }) as FilterNode;
const str = (value: string) => ({ type: 'string', value });
const num = (value: number) => ({ type: 'number', value });

describe('parseFilter accepts', () => {
  const cases: [string, FilterNode][] = [
    ["fields/Plan eq '2026/27'", cmp('Plan', 'eq', str('2026/27'))],
    ["fields/Title ne 'a'", cmp('Title', 'ne', str('a'))],
    ['fields/Sequence gt 3', cmp('Sequence', 'gt', num(3))],
    ['fields/Sequence ge -3.5', cmp('Sequence', 'ge', num(-3.5))],
    ['fields/Sequence lt 1e3', cmp('Sequence', 'lt', num(1000))],
    ['fields/Sequence le 0', cmp('Sequence', 'le', num(0))],
    ['fields/Done eq true', cmp('Done', 'eq', { type: 'boolean', value: true })],
    ['fields/Done eq false', cmp('Done', 'eq', { type: 'boolean', value: false })],
    ['fields/Owner eq null', cmp('Owner', 'eq', { type: 'null' })],
    ["fields/DueDate le '2026-03-31'", cmp('DueDate', 'le', str('2026-03-31'))],
    ['fields/DueDate le 2026-03-31', cmp('DueDate', 'le', { type: 'dateTime', value: '2026-03-31', dateOnly: true })],
    ['fields/DueDate lt 2026-03-31T00:00:00Z', cmp('DueDate', 'lt', { type: 'dateTime', value: '2026-03-31T00:00:00Z', dateOnly: false })],
    ['fields/At ge 2026-03-31T10:15:00.123+01:00', cmp('At', 'ge', { type: 'dateTime', value: '2026-03-31T10:15:00.123+01:00', dateOnly: false })],
    ["fields/At ge datetime'2026-03-31T00:00:00Z'", cmp('At', 'ge', { type: 'dateTime', value: '2026-03-31T00:00:00Z', dateOnly: false })],
    ["fields/Title eq 'it''s'", cmp('Title', 'eq', str("it's"))],
    ["fields/Title eq ''", cmp('Title', 'eq', str(''))],
    ["'x' eq fields/Title", cmp('Title', 'eq', str('x'))],
    ['3 lt fields/Sequence', cmp('Sequence', 'gt', num(3))],
    ['5 ge fields/Sequence', cmp('Sequence', 'le', num(5))],
    ["startswith(fields/Title,'Ea')", { kind: 'startswith', field: 'Title', value: 'Ea' }],
    ["startswith(fields/Title, 'Ea') eq true", { kind: 'startswith', field: 'Title', value: 'Ea' }],
    ["startswith(fields/Title,'Ea') eq false", { kind: 'not', operand: { kind: 'startswith', field: 'Title', value: 'Ea' } }],
    ["fields/A eq 'a' and fields/B eq 'b'", { kind: 'and', left: cmp('A', 'eq', str('a')), right: cmp('B', 'eq', str('b')) }],
    ["fields/A eq 'a' or fields/B eq 'b'", { kind: 'or', left: cmp('A', 'eq', str('a')), right: cmp('B', 'eq', str('b')) }],
    // and binds tighter than or
    [
      "fields/A eq 'a' or fields/B eq 'b' and fields/C eq 'c'",
      { kind: 'or', left: cmp('A', 'eq', str('a')), right: { kind: 'and', left: cmp('B', 'eq', str('b')), right: cmp('C', 'eq', str('c')) } },
    ],
    [
      "(fields/A eq 'a' or fields/B eq 'b') and fields/C eq 'c'",
      { kind: 'and', left: { kind: 'or', left: cmp('A', 'eq', str('a')), right: cmp('B', 'eq', str('b')) }, right: cmp('C', 'eq', str('c')) },
    ],
    ["not fields/A eq 'a'", { kind: 'not', operand: cmp('A', 'eq', str('a')) }],
    ["not (fields/A eq 'a' or fields/A eq 'b')", { kind: 'not', operand: { kind: 'or', left: cmp('A', 'eq', str('a')), right: cmp('A', 'eq', str('b')) } }],
    ["  fields/A   eq   'a'  ", cmp('A', 'eq', str('a'))],
    ['fields/_x0020_Odd eq 1', cmp('_x0020_Odd', 'eq', num(1))],
    ['fields/id eq 7', cmp('id', 'eq', num(7))],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(parseFilter(text)).toEqual(expected);
  });
});

describe('parseFilter refuses', () => {
  const cases: [string, RegExp][] = [
    ['', /empty/],
    ['fields/Title eq', /expected a column or a value/],
    ["fields/Title 'a'", /expected a comparison operator/],
    ["fields/Title equals 'a'", /expected a comparison operator/],
    ["fields/Title EQ 'a'", /expected a comparison operator/],
    ["fields/Title eq 'a", /unterminated string/],
    ["(fields/Title eq 'a'", /expected '\)'/],
    ["fields/Title eq 'a')", /unexpected '\)'/],
    ["Title eq 'a'", /not supported/],
    ["fields/'a' eq 'b'", /expected a column name/],
    ['fields/Due eq 2026-13-01', /not a valid date/],
    ['fields/A eq fields/B', /comparing two columns/],
    ["'a' eq 'b'", /needs a fields\/<Column> operand/],
    ["fields/A eq 'a' and", /expected a column or a value/],
    ["fields/A eq 'a' xor fields/B eq 'b'", /unexpected 'xor'/],
    ["contains(fields/Title,'a')", /not supported/],
    ['startswith(fields/Title,3)', /string literal/],
    ["startswith('x',fields/Title)", /fields\/<Column> first/],
    ["startswith(fields/Title,'a') eq 'yes'", /only be compared with true or false/],
    ['fields/Due eq 2026-02-30T00:00:00Z', /not a valid date/],
    ["fields/A eq 'a' # 1", /unexpected character '#'/],
  ];
  it.each(cases)('%s', (text, message) => {
    expect(() => parseFilter(text)).toThrow(ODataSyntaxError);
    expect(() => parseFilter(text)).toThrow(message);
  });
});

describe('filter helpers', () => {
  it('lists each referenced column once, in order', () => {
    expect(filterFields(parseFilter("fields/B eq 'b' and (fields/A eq 'a' or fields/B ne 'c') and startswith(fields/C,'x')"))).toEqual(['B', 'A', 'C']);
  });

  it('finds the leading conjunct of an and-chain', () => {
    expect(leadingConjunct(parseFilter("fields/A eq 'a' and fields/B eq 'b' and fields/C eq 'c'"))).toEqual(cmp('A', 'eq', str('a')));
    const or = parseFilter("fields/A eq 'a' or fields/B eq 'b'");
    expect(leadingConjunct(or)).toBe(or);
  });
});
