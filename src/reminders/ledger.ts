/**
 * The ReminderLedger list: one row per reminder (milestone|kind|due date|recipient) sent or being
 * sent. A run writes 'pending' before it delivers a card and 'sent' (or 'failed', with the tries
 * and the last error) after, so a rerun skips what was sent, and after a kill at most the one card
 * in flight is sent again.
 */
import type { ReminderLedgerEntry, Stored } from '../graph/list-records.ts';
import type { BatchOperation, BatchResult, ListRepository } from '../graph/repository.ts';
import { addDaysIso } from '../domain/iso-date.ts';
import { ReminderError } from './reminder-error.ts';

// Graph takes 20 requests per $batch; a few batches at once keep a long digest's writes short without inviting throttling.
const BATCH = 20;
const IN_FLIGHT = 4;

/** The ledger rows a run needs: today's, and every earlier one not yet sent. */
export interface LedgerSnapshot {
  byKey: Map<string, Stored<ReminderLedgerEntry>>;
}

/** The ReminderLedger list through the repository. */
export class ReminderLedger {
  constructor(private readonly repository: ListRepository) {}

  /**
   * The rows of the run's day and those still pending or failed from any day, in two indexed
   * queries made at once. The day is matched as a range around UK midnight, because SharePoint keeps
   * a date-only value as midnight in the site's zone and Graph reports that instant in UTC.
   */
  async snapshot(runDate: string): Promise<LedgerSnapshot> {
    const dayFilter = `fields/RunDate ge ${addDaysIso(runDate, -1)}T12:00:00Z and fields/RunDate lt ${runDate}T12:00:00Z`;
    const [today, unsent] = await Promise.all([
      this.repository.list('ReminderLedger', { filter: dayFilter }),
      this.repository.list('ReminderLedger', { filter: `fields/State eq 'pending' or fields/State eq 'failed'` }),
    ]);
    const byKey = new Map<string, Stored<ReminderLedgerEntry>>();
    // A sent row wins over an unsent one with the same key (a duplicate left by a kill between writes).
    for (const row of [...unsent, ...today]) {
      const known = byKey.get(row.record.key);
      if (!known || known.record.state !== 'sent') byKey.set(row.record.key, row);
    }
    return { byKey };
  }

  /**
   * Writes every entry as given: new rows created, known ones updated, in $batch calls of 20 with
   * up to four in flight; fails as a whole (ReminderError 'ledger') if any write fails.
   */
  async write(entries: readonly ReminderLedgerEntry[], known: ReadonlyMap<string, Stored<ReminderLedgerEntry>>): Promise<Map<string, Stored<ReminderLedgerEntry>>> {
    const operations: BatchOperation[] = entries.map((entry) => {
      const row = known.get(entry.key);
      return row
        ? { kind: 'update', list: 'ReminderLedger', itemId: row.id, changes: entry }
        : { kind: 'create', list: 'ReminderLedger', record: entry };
    });
    const results: BatchResult[] = [];
    for (let start = 0; start < operations.length; start += BATCH * IN_FLIGHT) {
      const groups = Array.from({ length: IN_FLIGHT }, (_, index) => operations.slice(start + index * BATCH, start + (index + 1) * BATCH)).filter((group) => group.length > 0);
      results.push(...(await Promise.all(groups.map((group) => this.repository.batch(group)))).flat());
    }
    const failed = results.find((result) => !result.ok);
    if (failed && !failed.ok) throw new ReminderError('ledger', `Could not write the reminder ledger: ${failed.error.message}`, failed.error);
    const written = new Map<string, Stored<ReminderLedgerEntry>>();
    for (const [index, result] of results.entries()) {
      const entry = entries[index]!;
      if (result.ok) written.set(entry.key, { id: result.id ?? known.get(entry.key)?.id ?? '', eTag: result.eTag ?? '', record: entry });
    }
    return written;
  }
}
