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

// en-CA writes dates as yyyy-mm-dd; the parts are read individually all the same, so the layout does not matter.
const LONDON = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Europe/London calendar date of an instant: 2026-10-24T23:30Z is '2026-10-25' (still BST). */
export function ukDateOf(instant: Date | string): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`"${String(instant)}" is not an instant`);
  const parts = Object.fromEntries(LONDON.formatToParts(date).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** A clock stopped at one instant, for tests and replays. */
export function fixedClock(instant: Date | string): Clock {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`"${String(instant)}" is not an instant`);
  const now = date.toISOString();
  const today = ukDateOf(date);
  return { today: () => today, now: () => now };
}
