import { describe, expect, it } from 'vitest';
import { addDaysIso, daysInMonth, formatUkMonth, isIsoDate, isRealDate, splitIso, startOfMonthIso } from './iso-date.ts';

describe('isIsoDate', () => {
  it.each<[string, boolean]>([
    ['2026-03-31', true],
    ['2028-02-29', true],
    ['2027-02-29', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-3-31', false],
    ['31/03/2026', false],
    ['2026-03-31T00:00:00Z', false],
    ['', false],
  ])('%j: %s', (text, valid) => expect(isIsoDate(text)).toBe(valid));
});

describe('calendar helpers', () => {
  it.each<[number, number, number]>([
    [2026, 2, 28],
    [2028, 2, 29],
    [2026, 4, 30],
    [2026, 12, 31],
  ])('%i-%i has %i days', (year, month, days) => expect(daysInMonth(year, month)).toBe(days));

  it.each<[number, number, number, boolean]>([
    [2026, 2, 29, false],
    [2026, 2, 28, true],
    [2026, 0, 1, false],
    [2026, 1, 0, false],
    [2026, 1, 1.5, false],
  ])('%i-%i-%s exists: %s', (year, month, day, exists) => expect(isRealDate(year, month, day)).toBe(exists));

  it.each<[string, number, string]>([
    ['2026-03-28', 2, '2026-03-30'],
    ['2026-10-24', 2, '2026-10-26'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
  ])('%s plus %i days is %s', (from, days, to) => expect(addDaysIso(from, days)).toBe(to));

  it('splits, starts and names months', () => {
    expect(splitIso('2026-09-30')).toEqual([2026, 9, 30]);
    expect(splitIso('2026-09-31')).toBeUndefined();
    expect(startOfMonthIso(2026, 9)).toBe('2026-09-01');
    expect(formatUkMonth(2026, 9)).toBe('September 2026');
  });
});
