/**
 * Where an import reads the stored plan from and writes its changes to: a small interface the
 * importer plans against, with an in-memory implementation for tests and demos. The Graph
 * implementation (graph-plan-store.ts) writes through the list repository in $batch calls.
 *
 * Writes are applied in order, in chunks; an operation naming `dependsOn` runs only if those
 * succeeded. A failed chunk stops the run: what was written stays written, and running the same
 * import again completes it, because every record is matched by its key.
 */
import type { Directorate, Milestone, MilestoneUpdate, Plan, Project } from '../domain/records.ts';

/** The lists an import touches. */
export interface StoreRecords {
  Plans: Plan;
  Directorates: Directorate;
  Projects: Project;
  Milestones: Milestone;
  MilestoneUpdates: MilestoneUpdate;
}
export type StoreListName = keyof StoreRecords;

/** A record as stored, with its item id and eTag (compatible with src/graph's Stored). */
export interface StoredRecord<T> {
  id: string;
  eTag: string;
  record: T;
}

/** One plan as stored. */
export interface ExistingPlan {
  plan?: StoredRecord<Plan>;
  /** Every directorate (directorates are shared by all plans). */
  directorates: StoredRecord<Directorate>[];
  projects: StoredRecord<Project>[];
  milestones: StoredRecord<Milestone>[];
}

interface WriteCommon {
  /** Name other writes use in `dependsOn`. */
  ref?: string;
  dependsOn?: string[];
}

/** One write an import makes. */
export type StoreWrite = {
  [L in StoreListName]:
    | (WriteCommon & { kind: 'create'; list: L; record: StoreRecords[L] })
    | (WriteCommon & { kind: 'update'; list: L; itemId: string; changes: Partial<StoreRecords[L]>; ifMatch?: string })
    | (WriteCommon & { kind: 'remove'; list: L; itemId: string; ifMatch?: string });
}[StoreListName];

/** How far a run of writes has got. */
export interface ApplyProgress {
  done: number;
  total: number;
}

/** A write that failed, with why. */
export interface WriteFailure {
  index: number;
  write: StoreWrite;
  message: string;
}

export interface ApplyResult {
  /** Writes that succeeded. */
  written: number;
  /** Failures of the chunk that stopped the run; empty when every write succeeded. */
  failures: WriteFailure[];
}

/** Reads one plan and writes an import's changes. */
export interface PlanStore {
  load(planName: string): Promise<ExistingPlan>;
  apply(writes: readonly StoreWrite[], onProgress?: (progress: ApplyProgress) => void): Promise<ApplyResult>;
}

/** Writes per round trip: Graph's $batch limit. */
export const WRITE_CHUNK_SIZE = 20;

/**
 * Splits writes into chunks of at most `size`, keeping a write in the same chunk as the writes it
 * depends on (a dependency across $batch calls cannot be expressed).
 */
export function chunkWrites(writes: readonly StoreWrite[], size = WRITE_CHUNK_SIZE): { start: number; writes: StoreWrite[] }[] {
  // A write with dependencies joins the group before it (the planner puts dependents right after their target).
  const groups: { start: number; writes: StoreWrite[] }[] = [];
  writes.forEach((write, index) => {
    const last = groups[groups.length - 1];
    if (last && (write.dependsOn ?? []).length > 0) last.writes.push(write);
    else groups.push({ start: index, writes: [write] });
  });
  const chunks: { start: number; writes: StoreWrite[] }[] = [];
  for (const group of groups) {
    const current = chunks[chunks.length - 1];
    if (current && current.writes.length + group.writes.length <= size) current.writes.push(...group.writes);
    else chunks.push({ start: group.start, writes: [...group.writes] });
  }
  return chunks;
}

type MemoryLists = { [L in StoreListName]: Map<string, { eTag: string; record: StoreRecords[L] }> };

/**
 * The lists in memory. `failAfterWrites` makes the store throw once that many writes have
 * succeeded, as if the process were killed part way: the writes before stay applied.
 */
export class MemoryPlanStore implements PlanStore {
  readonly lists: MemoryLists = { Plans: new Map(), Directorates: new Map(), Projects: new Map(), Milestones: new Map(), MilestoneUpdates: new Map() };
  failAfterWrites: number | undefined;
  private nextId = 1;
  private writesDone = 0;

  constructor(options: { failAfterWrites?: number } = {}) {
    this.failAfterWrites = options.failAfterWrites;
  }

  /** Adds a record directly, as if it had been stored earlier; returns its id. */
  seed<L extends StoreListName>(list: L, record: StoreRecords[L]): string {
    const id = String(this.nextId++);
    (this.lists[list] as Map<string, { eTag: string; record: StoreRecords[L] }>).set(id, { eTag: `"${id},1"`, record: structuredClone(record) });
    return id;
  }

  /** Every record of a list. */
  records<L extends StoreListName>(list: L): StoreRecords[L][] {
    return [...(this.lists[list] as Map<string, { eTag: string; record: StoreRecords[L] }>).values()].map((entry) => structuredClone(entry.record));
  }

  async load(planName: string): Promise<ExistingPlan> {
    const stored = <L extends StoreListName>(list: L, keep: (record: StoreRecords[L]) => boolean): StoredRecord<StoreRecords[L]>[] =>
      [...(this.lists[list] as Map<string, { eTag: string; record: StoreRecords[L] }>)]
        .filter(([, entry]) => keep(entry.record))
        .map(([id, entry]) => ({ id, eTag: entry.eTag, record: structuredClone(entry.record) }));
    const plan = stored('Plans', (record) => record.name === planName)[0];
    return {
      ...(plan ? { plan } : {}),
      directorates: stored('Directorates', () => true),
      projects: stored('Projects', (record) => record.plan === planName),
      milestones: stored('Milestones', (record) => record.plan === planName),
    };
  }

  async apply(writes: readonly StoreWrite[], onProgress?: (progress: ApplyProgress) => void): Promise<ApplyResult> {
    let written = 0;
    for (const chunk of chunkWrites(writes)) {
      const failures: WriteFailure[] = [];
      const failedRefs = new Set<string>();
      chunk.writes.forEach((write, offset) => {
        const index = chunk.start + offset;
        const ref = write.ref ?? String(index + 1);
        if ((write.dependsOn ?? []).some((dependency) => failedRefs.has(dependency))) {
          failedRefs.add(ref);
          failures.push({ index, write, message: 'not attempted: a write it depends on failed' });
          return;
        }
        if (this.failAfterWrites !== undefined && this.writesDone >= this.failAfterWrites) {
          throw new Error(`the store stopped after ${this.writesDone} writes`);
        }
        const problem = this.applyOne(write);
        if (problem) {
          failedRefs.add(ref);
          failures.push({ index, write, message: problem });
        } else {
          written += 1;
          this.writesDone += 1;
        }
      });
      onProgress?.({ done: chunk.start + chunk.writes.length, total: writes.length });
      if (failures.length > 0) return { written, failures };
    }
    return { written, failures: [] };
  }

  private applyOne(write: StoreWrite): string | undefined {
    const list = this.lists[write.list] as Map<string, { eTag: string; record: unknown }>;
    if (write.kind === 'create') {
      list.set(String(this.nextId++), { eTag: `"${this.nextId - 1},1"`, record: structuredClone(write.record) });
      return undefined;
    }
    const entry = list.get(write.itemId);
    if (!entry) return `${write.list} item ${write.itemId} does not exist`;
    if (write.ifMatch && write.ifMatch !== entry.eTag) return `${write.list} item ${write.itemId} changed since it was read`;
    if (write.kind === 'remove') {
      list.delete(write.itemId);
      return undefined;
    }
    const record = { ...(entry.record as Record<string, unknown>) };
    for (const [field, value] of Object.entries(write.changes)) {
      if (value === undefined) delete record[field];
      else record[field] = structuredClone(value);
    }
    const version = Number(/,(\d+)"$/.exec(entry.eTag)?.[1] ?? '1') + 1;
    list.set(write.itemId, { eTag: `"${write.itemId},${version}"`, record });
    return undefined;
  }
}
