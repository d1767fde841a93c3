/**
 * Working days in England and Wales: Monday to Friday, less the bank holidays the performance
 * team keeps in data/bank-holidays-england-and-wales.json. Reminders go out on working days only;
 * one that would fall on a weekend or a bank holiday goes on the working day before.
 */
import { z } from 'zod';
import { addDaysIso, splitIso } from './iso-date.ts';
import { isoDateSchema } from './records.ts';

/** Bank holidays as a set of yyyy-mm-dd dates. */
export type BankHolidays = ReadonlySet<string>;

const bankHolidayEventSchema = z.object({
  date: isoDateSchema,
  title: z.string().trim().min(1, 'needs a title'),
  notes: z.string().optional(),
});

/** The bank-holiday file: GOV.UK's england-and-wales division shape, with its source noted. */
export const bankHolidayFileSchema = z.object({
  division: z.literal('england-and-wales'),
  source: z.string().trim().min(1, 'must say where the dates come from'),
  events: z.array(bankHolidayEventSchema).min(1, 'must list at least one bank holiday'),
});
export type BankHolidayFile = z.infer<typeof bankHolidayFileSchema>;

/** A bank-holiday file that cannot be used; `entry` names the offending event when there is one. */
export class BankHolidayDataError extends Error {
  override readonly name = 'BankHolidayDataError';
  constructor(
    message: string,
    readonly reason: 'malformed' | 'duplicate',
    readonly entry?: number,
  ) {
    super(message);
  }
}

/**
 * The bank holidays in a parsed JSON file, refusing a malformed file with a message naming the
 * entry (`events[3] (2026-13-01): date is not a date that exists`), so a typo never silently
 * turns a holiday into a working day.
 */
export function parseBankHolidays(json: unknown, source: string): BankHolidays {
  const parsed = bankHolidayFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const [first, index, field] = issue.path;
    if (first === 'events' && typeof index === 'number') {
      const events = (json as { events?: unknown[] }).events ?? [];
      const raw = events[index] as { date?: unknown } | undefined;
      const shown = typeof raw?.date === 'string' ? ` (${raw.date})` : '';
      const what = field === undefined ? 'is not an event' : `${String(field)} ${issue.message}`;
      throw new BankHolidayDataError(`${source}: events[${index}]${shown}: ${what}.`, 'malformed', index);
    }
    throw new BankHolidayDataError(`${source}: ${issue.path.join('.') || 'the file'} ${issue.message}.`, 'malformed');
  }
  const dates = new Set<string>();
  for (const [index, event] of parsed.data.events.entries()) {
    if (dates.has(event.date)) throw new BankHolidayDataError(`${source}: events[${index}] (${event.date}): the date is listed twice.`, 'duplicate', index);
    dates.add(event.date);
  }
  return dates;
}

/** Day of the week of an ISO date: 0 Sunday … 6 Saturday. */
export function weekdayOf(iso: string): number {
  const parts = splitIso(iso);
  if (!parts) throw new RangeError(`"${iso}" is not a date written yyyy-mm-dd that exists`);
  return new Date(Date.UTC(parts[0], parts[1] - 1, parts[2])).getUTCDay();
}

/** True on Monday to Friday when the day is not a bank holiday. */
export function isWorkingDay(iso: string, holidays: BankHolidays): boolean {
  const weekday = weekdayOf(iso);
  return weekday !== 0 && weekday !== 6 && !holidays.has(iso);
}

/** The day itself when it is a working day, else the nearest working day before it. */
export function workingDayOnOrBefore(iso: string, holidays: BankHolidays): string {
  let day = iso;
  while (!isWorkingDay(day, holidays)) day = addDaysIso(day, -1);
  return day;
}

/** The first working day strictly after the day. */
export function nextWorkingDayAfter(iso: string, holidays: BankHolidays): string {
  let day = addDaysIso(iso, 1);
  while (!isWorkingDay(day, holidays)) day = addDaysIso(day, 1);
  return day;
}
