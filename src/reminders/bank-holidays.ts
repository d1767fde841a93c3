/**
 * Reads the bank-holiday file the performance team keeps (data/bank-holidays-england-and-wales.json)
 * and validates it, refusing a malformed file with the entry named.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BankHolidayDataError, parseBankHolidays } from '../domain/working-days.ts';
import type { BankHolidays } from '../domain/working-days.ts';
import { ReminderError } from './reminder-error.ts';

/** The bank-holiday file shipped with Waymark. */
export const DEFAULT_BANK_HOLIDAYS_FILE = fileURLToPath(new URL('../../data/bank-holidays-england-and-wales.json', import.meta.url));

/** The bank holidays in a file; ReminderError 'bad-holidays' naming the file (and entry) when it cannot be used. */
export function loadBankHolidays(file: string = DEFAULT_BANK_HOLIDAYS_FILE): BankHolidays {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ReminderError('bad-holidays', `Cannot read the bank holidays in ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return parseBankHolidays(json, file);
  } catch (error) {
    if (error instanceof BankHolidayDataError) throw new ReminderError('bad-holidays', error.message, { entry: error.entry });
    throw error;
  }
}
