/**
 * Calendar arithmetic on ISO dates (yyyy-mm-dd). A Waymark date is a day in the UK with no time
 * and no zone, so everything here works in UTC on purpose: UTC has no daylight saving, so adding
 * or counting days never drifts by an hour.
 */

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Writes a calendar date as yyyy-mm-dd; month is 1–12. Does not check that the day exists. */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The number of days in a month (1–12), leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True when the day exists in that month (30 February does not). */
export function isRealDate(year: number, month: number, day: number): boolean {
  return Number.isInteger(day) && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** True when the text is a yyyy-mm-dd date that exists. */
export function isIsoDate(text: string): boolean {
  const parts = splitIso(text);
  return parts !== undefined;
}

/** The last day of a month (1–12) as yyyy-mm-dd: endOfMonthIso(2026, 2) is '2026-02-28'. */
export function endOfMonthIso(year: number, month: number): string {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`month must be 1 to 12, not ${month}`);
  return isoDate(year, month, daysInMonth(year, month));
}

/** The first day of a month (1–12) as yyyy-mm-dd. */
export function startOfMonthIso(year: number, month: number): string {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`month must be 1 to 12, not ${month}`);
  return isoDate(year, month, 1);
}

/** A date as people in the UK write it: formatUkDate('2026-03-31') is '31 March 2026'. Throws on text that is not a real date. */
export function formatUkDate(iso: string): string {
  const [year, month, day] = requireIso(iso);
  return `${day} ${MONTH_NAMES[month - 1]} ${year}`;
}

/** A month as people in the UK write it: formatUkMonth(2026, 3) is 'March 2026'. */
export function formatUkMonth(year: number, month: number): string {
  return `${MONTH_NAMES[month - 1]} ${year}`;
}

/** Whole days from `from` to `to`: positive when `to` is later, 0 on the same day. Throws on text that is not a real date. */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMillis(to) - utcMillis(from)) / MS_PER_DAY);
}

/** The date `days` days after (or, when negative, before) an ISO date. */
export function addDaysIso(iso: string, days: number): string {
  const date = new Date(utcMillis(iso) + days * MS_PER_DAY);
  return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** Year, month (1–12) and day of an ISO date, or undefined when the text is not a real date. */
export function splitIso(text: string): [number, number, number] | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return isRealDate(year, month, day) ? [year, month, day] : undefined;
}

function requireIso(iso: string): [number, number, number] {
  const parts = splitIso(iso);
  if (!parts) throw new RangeError(`"${iso}" is not a date written yyyy-mm-dd that exists`);
  return parts;
}

function utcMillis(iso: string): number {
  const [year, month, day] = requireIso(iso);
  return Date.UTC(year, month - 1, day);
}
