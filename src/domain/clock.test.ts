import { describe, expect, it } from 'vitest';
import { fixedClock, nextUkMidnight, ukDateOf } from './clock.ts';

describe('ukDateOf', () => {
  it.each<[string, string]>([
    // Winter: London is on GMT, the same date as UTC.
    ['2026-01-15T23:59:59Z', '2026-01-15'],
    ['2026-03-29T00:30:00Z', '2026-03-29'],
    // Clocks go forward at 01:00 UTC on 29 March 2026; from then London is an hour ahead.
    ['2026-03-28T23:30:00Z', '2026-03-28'],
    ['2026-03-29T23:30:00Z', '2026-03-30'],
    ['2026-06-30T23:00:00Z', '2026-07-01'],
    ['2026-06-30T22:59:59Z', '2026-06-30'],
    // Still BST on the evening of 24 October 2026 (UTC): already 25 October in London.
    ['2026-10-24T23:30:00Z', '2026-10-25'],
    // Clocks go back at 01:00 UTC on 25 October 2026.
    ['2026-10-25T23:30:00Z', '2026-10-25'],
    ['2026-12-31T23:59:59Z', '2026-12-31'],
    ['2027-03-31T23:30:00+00:00', '2027-04-01'],
    ['2026-03-31T00:30:00+01:00', '2026-03-31'],
  ])('%s is %s in London', (instant, date) => {
    expect(ukDateOf(instant)).toBe(date);
    expect(ukDateOf(new Date(instant))).toBe(date);
  });

  it('agrees with the time zone database at every minute around the clock changes, whatever was asked before', () => {
    const tz = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
    // The evenings and nights of four clock changes, 7 minutes apart (so every minute of the hour is met), in and out of order.
    const starts = ['2026-03-28T20:00:00Z', '2026-10-24T20:00:00Z', '2027-03-27T20:00:00Z', '2025-10-25T20:00:00Z'];
    for (const start of starts) {
      for (let minute = 0; minute < 12 * 60; minute += 7) {
        const instant = new Date(Date.parse(start) + minute * 60_000);
        expect(ukDateOf(instant), instant.toISOString()).toBe(tz.format(instant));
      }
    }
  });

  it('rejects text that is not an instant', () => {
    expect(() => ukDateOf('yesterday')).toThrow(RangeError);
    expect(() => ukDateOf(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('fixedClock', () => {
  it('tells the same UK date and instant every time', () => {
    const clock = fixedClock('2026-10-24T23:30:00Z');
    expect(clock.today()).toBe('2026-10-25');
    expect(clock.now()).toBe('2026-10-24T23:30:00.000Z');
    expect(clock.today()).toBe('2026-10-25');
  });
});

describe('nextUkMidnight', () => {
  it.each<[string, string]>([
    // Winter: midnight UTC.
    ['2026-01-15T10:00:00Z', '2026-01-16T00:00:00.000Z'],
    ['2026-01-15T00:00:00Z', '2026-01-16T00:00:00.000Z'],
    // Summer: 23:00 UTC the evening before.
    ['2026-06-30T10:00:00Z', '2026-06-30T23:00:00.000Z'],
    ['2026-06-30T23:30:00Z', '2026-07-01T23:00:00.000Z'],
    // The days the clocks change: the midnight after is already on the new time.
    ['2026-03-29T00:30:00Z', '2026-03-29T23:00:00.000Z'],
    ['2026-03-28T12:00:00Z', '2026-03-29T00:00:00.000Z'],
    ['2026-10-24T12:00:00Z', '2026-10-24T23:00:00.000Z'],
    ['2026-10-25T12:00:00Z', '2026-10-26T00:00:00.000Z'],
  ])('after %s the UK day next changes at %s', (instant, midnight) => {
    const next = nextUkMidnight(Date.parse(instant));
    expect(new Date(next).toISOString()).toBe(midnight);
    expect(ukDateOf(new Date(next))).not.toBe(ukDateOf(instant));
    expect(ukDateOf(new Date(next - 1))).toBe(ukDateOf(instant));
  });
});
