/**
 * Time comes into Waymark's rules through a Clock, so the rules never read the system clock and
 * tests can fix "today". A due date is a day in the UK, so "today" is the Europe/London date.
 */

/** The source of the current date and instant; the composition root of each process supplies one. */
export interface Clock {
  /** Today in the UK, yyyy-mm-dd. */
  today(): string;
  /** The current instant, ISO 8601 in UTC (2026-03-29T00:30:00.000Z). */
  now(): string;
}

// Made when first needed: a page's first Intl date formatter costs tens of milliseconds (ICU
// loading its data), which a tab opening should not pay before it needs a date.
let london: Intl.DateTimeFormat | undefined;
// Europe/London's offset is a whole number of hours and changes only on the hour, so every instant
// of one UTC hour has the same UK date: formatToParts (slow, ~20 µs) runs once an hour, not once a
// value. Reading the 100× plan's 20,000 milestones called it ~60,000 times: 0.4 s of the load.
const HOUR_MS = 3_600_000;
const ukDateByHour = new Map<number, string>();
const REMEMBERED_HOURS = 100_000;

/** The Europe/London calendar date of an instant: 2026-10-24T23:30Z is '2026-10-25' (still BST). */
export function ukDateOf(instant: Date | string): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  const time = date.getTime();
  if (Number.isNaN(time)) throw new RangeError(`"${String(instant)}" is not an instant`);
  const hour = Math.floor(time / HOUR_MS);
  const known = ukDateByHour.get(hour);
  if (known !== undefined) return known;
  // en-CA writes dates as yyyy-mm-dd; the parts are read individually all the same, so the layout does not matter.
  london ??= new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
  const parts = Object.fromEntries(london.formatToParts(date).map((part) => [part.type, part.value]));
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  if (ukDateByHour.size >= REMEMBERED_HOURS) ukDateByHour.clear();
  ukDateByHour.set(hour, day);
  return day;
}

/**
 * The first instant after `instant` (ms since 1970) that falls on the next UK day. UK midnight is
 * 00:00 UTC in winter and 23:00 UTC the evening before in summer; clocks change at 01:00 UTC, never
 * at midnight, so one of those two candidates is always it.
 */
export function nextUkMidnight(instant: number): number {
  const today = ukDateOf(new Date(instant));
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const summerMidnight = Date.UTC(year, month - 1, day + 1) - HOUR_MS;
  return ukDateOf(new Date(summerMidnight)) === today ? summerMidnight + HOUR_MS : summerMidnight;
}

/** A clock stopped at one instant, for tests and replays. */
export function fixedClock(instant: Date | string): Clock {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`"${String(instant)}" is not an instant`);
  const now = date.toISOString();
  const today = ukDateOf(date);
  return { today: () => today, now: () => now };
}
