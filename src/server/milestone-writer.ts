/**
 * Writes a milestone update the only way Waymark does: ONE Graph $batch holding the milestone's
 * PATCH with If-Match on the eTag the person saw and the history row's POST, which dependsOn the
 * PATCH. A stale eTag gives 412 for the PATCH and 424 for the history, so nothing is written at
 * all; the caller gets the milestone as it is now and its last update to show what changed.
 */
import type { PlannedUpdate } from '../domain/milestone-update.ts';
import type { Milestone, MilestoneUpdate } from '../domain/records.ts';
import { WaymarkGraphError, toWaymarkGraphError } from '../graph/graph-error.ts';
import type { Stored } from '../graph/list-records.ts';
import { eq } from '../graph/repository.ts';
import type { ListRepository } from '../graph/repository.ts';

/** What became of a save. */
export type SaveOutcome =
  /**
   * Written. `update` is null only when the milestone was written but its history row could not be,
   * even on its own after the retries; `historyError` then says why (the caller logs the row).
   */
  | { kind: 'saved'; milestone: Stored<Milestone>; update: Stored<MilestoneUpdate> | null; historyError?: WaymarkGraphError }
  | { kind: 'conflict'; current: Stored<Milestone>; lastUpdate: Stored<MilestoneUpdate> | null };

/** The repository calls the writer makes. */
export type WriterRepository = Pick<ListRepository, 'get' | 'list' | 'batch' | 'create'>;

/** Reads milestones and their history, and saves updates with their history row. */
export class MilestoneWriter {
  constructor(private readonly repository: WriterRepository) {}

  /** The milestone as it is now; WaymarkGraphError 'not-found' when there is none. */
  async read(id: string): Promise<Stored<Milestone>> {
    return this.repository.get('Milestones', id);
  }

  /** The milestone's updates, newest first. */
  async history(id: string): Promise<Stored<MilestoneUpdate>[]> {
    const updates = await this.repository.list('MilestoneUpdates', { filter: eq('MilestoneItemId', id) });
    return updates.sort(newestFirst);
  }

  /**
   * Writes the planned change of `current` if the milestone still has the eTag `ifMatch`.
   * Throws WaymarkGraphError for anything but a conflict (throttled after the retries, unavailable…).
   */
  async save(current: Stored<Milestone>, ifMatch: string, planned: PlannedUpdate): Promise<SaveOutcome> {
    const [written, appended] = await this.repository.batch([
      { ref: 'milestone', kind: 'update', list: 'Milestones', itemId: current.id, changes: planned.patch, ifMatch },
      { ref: 'history', kind: 'create', list: 'MilestoneUpdates', record: planned.history, dependsOn: ['milestone'] },
    ]);
    if (!written || !written.ok) {
      const error = written?.error ?? new WaymarkGraphError('unknown', 'The $batch answer had no response for the milestone.');
      if (error.reason !== 'conflict') throw error;
      const [now, history] = await Promise.all([this.read(current.id), this.history(current.id)]);
      return { kind: 'conflict', current: now, lastUpdate: history[0] ?? null };
    }
    const milestone: Stored<Milestone> = { id: current.id, eTag: written.eTag ?? '', record: withChanges(current.record, planned.patch) };
    if (appended?.ok && appended.item) return { kind: 'saved', milestone, update: appended.item as Stored<MilestoneUpdate> };
    // The milestone is written but its history row is not (the part failed after the client's own
    // retries): write the row on its own rather than leave the change unrecorded.
    try {
      return { kind: 'saved', milestone, update: await this.repository.create('MilestoneUpdates', planned.history) };
    } catch (error) {
      return { kind: 'saved', milestone, update: null, historyError: toWaymarkGraphError(error) };
    }
  }
}

function withChanges(record: Milestone, patch: Partial<Milestone>): Milestone {
  const merged: Record<string, unknown> = { ...record, ...patch };
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
  return merged as Milestone;
}

function newestFirst(a: Stored<MilestoneUpdate>, b: Stored<MilestoneUpdate>): number {
  // Compared as instants: SharePoint may give back '…:00Z' for what was written as '…:00.000Z'.
  return Date.parse(b.record.updatedAt) - Date.parse(a.record.updatedAt) || Number(b.id) - Number(a.id);
}
