/**
 * The one error type of a reminder run, with a `reason` callers branch on; the message is a
 * sentence a person can act on.
 */

export type ReminderErrorReason = 'bad-holidays' | 'bad-settings' | 'no-plan' | 'ledger' | 'bad-date';

export class ReminderError extends Error {
  override readonly name = 'ReminderError';
  constructor(
    readonly reason: ReminderErrorReason,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
