import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BankHolidayDataError, isWorkingDay, nextWorkingDayAfter, parseBankHolidays, weekdayOf, workingDayOnOrBefore } from './working-days.ts';

const FILE = new URL('../../data/bank-holidays-england-and-wales.json', import.meta.url);
const shipped = JSON.parse(readFileSync(FILE, 'utf8')) as { events: { date: string; title: string }[] };
const holidays = parseBankHolidays(shipped, 'bank-holidays-england-and-wales.json');

describe('the shipped bank-holiday file', () => {
  it('covers 2025 to 2028, eight a year, each on a weekday', () => {
    for (const year of ['2025', '2026', '2027', '2028']) {
      expect([...holidays].filter((date) => date.startsWith(year))).toHaveLength(8);
    }
    for (const date of holidays) expect([0, 6]).not.toContain(weekdayOf(date));
  });

  it.each([
    ['2026-04-03', 'Good Friday 2026'],
    ['2026-04-06', 'Easter Monday 2026'],
    ['2026-12-25', 'Christmas Day 2026'],
    ['2026-12-28', 'Boxing Day 2026, substitute for Saturday 26th'],
    ['2027-03-26', 'Good Friday 2027'],
    ['2027-12-27', 'Christmas Day 2027, substitute for Saturday 25th'],
    ['2027-12-28', 'Boxing Day 2027, substitute for Sunday 26th'],
    ['2028-01-03', "New Year's Day 2028, substitute for Saturday 1st"],
  ])('%s is a bank holiday (%s)', (date) => {
    expect(holidays.has(date)).toBe(true);
  });
});

describe('working days', () => {
  it.each([
    ['2026-06-01', true, 'a Monday'],
    ['2026-06-06', false, 'a Saturday'],
    ['2026-06-07', false, 'a Sunday'],
    ['2026-05-25', false, 'Spring bank holiday'],
    ['2026-12-24', true, 'Christmas Eve is worked'],
    ['2026-12-26', false, 'Boxing Day on a Saturday'],
  ])('%s working: %s (%s)', (date, expected) => {
    expect(isWorkingDay(date, holidays)).toBe(expected);
  });

  it.each([
    ['2026-06-06', '2026-06-05', 'Saturday → Friday'],
    ['2026-06-05', '2026-06-05', 'a working day stays'],
    ['2026-04-06', '2026-04-02', 'Easter Monday → Thursday before Good Friday'],
    ['2026-12-28', '2026-12-24', 'Boxing Day substitute → Christmas Eve'],
    ['2028-01-03', '2027-12-31', 'New Year substitute → the Friday before'],
  ])('working day on or before %s is %s (%s)', (date, expected) => {
    expect(workingDayOnOrBefore(date, holidays)).toBe(expected);
  });

  it.each([
    ['2026-04-02', '2026-04-07', 'Thursday before Easter → Tuesday after'],
    ['2026-06-05', '2026-06-08', 'Friday → Monday'],
    ['2026-12-24', '2026-12-29', 'Christmas Eve → 29th'],
  ])('next working day after %s is %s (%s)', (date, expected) => {
    expect(nextWorkingDayAfter(date, holidays)).toBe(expected);
  });
});

describe('a malformed bank-holiday file is refused, naming the entry', () => {
  const file = (events: unknown[]) => ({ division: 'england-and-wales', source: 'test', events });
  it.each([
    [file([{ date: '2026-01-01', title: 'New Year' }, { date: '2026-13-01', title: 'Bad' }]), /events\[1\] \(2026-13-01\): date/],
    [file([{ date: '2026-01-01', title: '' }]), /events\[0\] \(2026-01-01\): title needs a title/],
    [file([{ date: '01/01/2026', title: 'New Year' }]), /events\[0\] \(01\/01\/2026\): date must be a date written yyyy-mm-dd/],
    [file([{ date: '2026-01-01', title: 'A' }, { date: '2026-01-01', title: 'B' }]), /events\[1\] \(2026-01-01\): the date is listed twice/],
    [{ division: 'scotland', source: 'x', events: [{ date: '2026-01-01', title: 'A' }] }, /division/],
    [file([]), /events must list at least one/],
  ])('refuses %#', (json, message) => {
    expect(() => parseBankHolidays(json, 'holidays.json')).toThrow(BankHolidayDataError);
    expect(() => parseBankHolidays(json, 'holidays.json')).toThrow(message);
  });
});
