/**
 * The daily reminder run for `waymark serve`: at a configured time, Europe/London, Monday to
 * Friday, skipping bank holidays (the run itself also sends nothing on a non-working day). A run
 * still going when the next is due is not started twice (croner's `protect`).
 */
import { Cron } from 'croner';
import { ukDateOf } from '../domain/clock.ts';
import { isWorkingDay } from '../domain/working-days.ts';
import type { BankHolidays } from '../domain/working-days.ts';

export interface ReminderScheduleOptions {
  /** HH:MM, Europe/London. */
  time: string;
  holidays: BankHolidays;
  /** One run as of a UK date. */
  run: (asOf: string) => Promise<unknown>;
  /** A run's failure, for the service's log (the schedule carries on the next working day). */
  onError?: (error: unknown) => void;
}

export interface ReminderSchedule {
  /** When the next run is due after `after` (default now); it is skipped then if that day is a bank holiday. */
  nextRun(after?: Date): Date | null;
  stop(): void;
}

/** Starts the schedule; stop() ends it. */
export function startReminderSchedule(options: ReminderScheduleOptions): ReminderSchedule {
  const match = /^(\d{2}):(\d{2})$/.exec(options.time);
  if (!match) throw new RangeError(`The reminder time must be written HH:MM, not "${options.time}".`);
  const pattern = `${Number(match[2])} ${Number(match[1])} * * 1-5`;
  const job = new Cron(pattern, { timezone: 'Europe/London', protect: true, name: 'waymark-reminders' }, async () => {
    await reminderTick(options, new Date());
  });
  return { nextRun: (after) => job.nextRun(after), stop: () => job.stop() };
}

/** What the schedule does when it fires at `now`: runs as of that UK day unless it is a bank holiday; a failure is reported, not thrown. */
export async function reminderTick(options: Pick<ReminderScheduleOptions, 'holidays' | 'run' | 'onError'>, now: Date): Promise<'ran' | 'skipped' | 'failed'> {
  const today = ukDateOf(now);
  if (!isWorkingDay(today, options.holidays)) return 'skipped';
  try {
    await options.run(today);
    return 'ran';
  } catch (error) {
    (options.onError ?? defaultOnError)(error);
    return 'failed';
  }
}

function defaultOnError(error: unknown): void {
  process.stderr.write(`waymark reminders: the scheduled run failed: ${error instanceof Error ? error.message : String(error)}\n`);
}
