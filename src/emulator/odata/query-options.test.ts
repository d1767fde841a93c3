import { describe, expect, it } from 'vitest';
import { ODataSyntaxError } from './filter-parser.ts';
import { parseExpand, parseOrderBy, parseQueryString, parseSelect } from './query-options.ts';

describe('parseQueryString', () => {
  it('keys system options without $ and in lower case, and decodes values', () => {
    const parsed = parseQueryString("$filter=fields%2FPlan%20eq%20'a+b'&expand=fields(select=Title)&$Top=5&$skipToken=x&token=latest");
    expect(Object.fromEntries(parsed.options)).toEqual({ filter: "fields/Plan eq 'a b'", expand: 'fields(select=Title)', top: '5', skiptoken: 'x' });
    expect(Object.fromEntries(parsed.parameters)).toEqual({ token: 'latest' });
    expect(parsed.repeated).toEqual([]);
  });

  it('reports repeated options and broken escapes', () => {
    expect(parseQueryString('$top=1&top=2').repeated).toEqual(['$top']);
    expect(parseQueryString('$filter=%E0%A4%A').malformed).toBe('$filter=%E0%A4%A');
  });

  it('takes unknown $ options as system options, so they can be refused', () => {
    expect([...parseQueryString('$bogus=1').options.keys()]).toEqual(['bogus']);
  });
});

describe('parseOrderBy', () => {
  const cases: [string, { field: string; descending: boolean }[]][] = [
    ['fields/DueDate', [{ field: 'DueDate', descending: false }]],
    ['fields/DueDate asc', [{ field: 'DueDate', descending: false }]],
    ['fields/DueDate desc', [{ field: 'DueDate', descending: true }]],
    [
      'fields/Plan, fields/Sequence desc',
      [
        { field: 'Plan', descending: false },
        { field: 'Sequence', descending: true },
      ],
    ],
  ];
  it.each(cases)('accepts %s', (text, expected) => {
    expect(parseOrderBy(text)).toEqual(expected);
  });

  const bad: [string, RegExp][] = [
    ['', /empty/],
    ['DueDate', /not supported/],
    ['fields/DueDate down', /not a sort direction/],
    ['fields/DueDate asc extra', /not a sort key/],
    ['fields/A,,fields/B', /not a sort key/],
  ];
  it.each(bad)('refuses %s', (text, message) => {
    expect(() => parseOrderBy(text)).toThrow(ODataSyntaxError);
    expect(() => parseOrderBy(text)).toThrow(message);
  });
});

describe('parseExpand and parseSelect', () => {
  const cases: [string, ReturnType<typeof parseExpand>][] = [
    ['fields', [{ name: 'fields' }]],
    ['fields(select=Title,Plan)', [{ name: 'fields', select: ['Title', 'Plan'] }]],
    ['fields($select=Title, Plan)', [{ name: 'fields', select: ['Title', 'Plan'] }]],
    ['columns,fields(select=A)', [{ name: 'columns' }, { name: 'fields', select: ['A'] }]],
  ];
  it.each(cases)('expands %s', (text, expected) => {
    expect(parseExpand(text)).toEqual(expected);
  });

  const bad: [string, RegExp][] = [
    ['fields(select=A', /unbalanced/],
    ['fields)', /unbalanced/],
    ['fields(top=3)', /only select is/],
    ['fields,', /empty entry/],
    ['fields(select=)', /empty/],
  ];
  it.each(bad)('refuses $expand=%s', (text, message) => {
    expect(() => parseExpand(text)).toThrow(message);
  });

  it('reads $select lists', () => {
    expect(parseSelect('id, eTag,fields')).toEqual(['id', 'eTag', 'fields']);
    expect(() => parseSelect('id,a b')).toThrow(/not a property name/);
  });
});
