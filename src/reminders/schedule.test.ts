import { afterEach, describe, expect, it } from 'vitest';
import { reminderTick, startReminderSchedule } from './schedule.ts';
import type { ReminderSchedule } from './schedule.ts';

const holidays = new Set(['2026-12-25', '2026-12-28']);
let schedule: ReminderSchedule | undefined;
afterEach(() => schedule?.stop());

describe('the daily reminder schedule', () => {
  it.each([
    ['2026-06-05T12:00:00Z', '2026-06-08T06:30:00.000Z', 'Friday afternoon → Monday 07:30 BST'],
    ['2026-06-08T06:29:00Z', '2026-06-08T06:30:00.000Z', 'Monday just before'],
    ['2026-12-01T12:00:00Z', '2026-12-02T07:30:00.000Z', 'winter: 07:30 GMT'],
    ['2026-10-23T12:00:00Z', '2026-10-26T07:30:00.000Z', 'across the clocks going back'],
  ])('after %s runs at %s (%s)', (after, next) => {
    schedule = startReminderSchedule({ time: '07:30', holidays, run: async () => undefined });
    expect(schedule.nextRun(new Date(after))?.toISOString()).toBe(next);
  });

  it('refuses a time that is not HH:MM', () => {
    expect(() => startReminderSchedule({ time: '7.30am', holidays, run: async () => undefined })).toThrow(/HH:MM/);
  });

  it('runs as of the UK day, skips bank holidays, and reports a failure without throwing', async () => {
    const days: string[] = [];
    const errors: unknown[] = [];
    const options = {
      holidays,
      run: async (asOf: string) => {
        days.push(asOf);
        if (asOf === '2026-12-24') throw new Error('Graph is down');
      },
      onError: (error: unknown) => errors.push(error),
    };
    expect(await reminderTick(options, new Date('2026-06-08T06:30:00Z'))).toBe('ran');
    expect(await reminderTick(options, new Date('2026-12-25T07:30:00Z'))).toBe('skipped');
    expect(await reminderTick(options, new Date('2026-12-24T07:30:00Z'))).toBe('failed');
    expect(days).toEqual(['2026-06-08', '2026-12-24']);
    expect(String(errors[0])).toContain('Graph is down');
  });
});
