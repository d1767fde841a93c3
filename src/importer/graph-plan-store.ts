/**
 * The PlanStore on SharePoint lists: reads a plan with ListRepository.loadPlan (one $batch) and
 * writes an import's changes as $batch calls of 20, reporting progress after each. Throttled
 * parts are retried by the repository; a part that still fails stops the run after its batch.
 */
import type { BatchOperation, ListRepository } from '../graph/repository.ts';
import type { ApplyProgress, ApplyResult, ExistingPlan, PlanStore, StoreWrite, WriteFailure } from './plan-store.ts';
import { chunkWrites } from './plan-store.ts';

/** The subset of ListRepository the importer uses (a test may pass its own). */
export type PlanRepository = Pick<ListRepository, 'loadPlan' | 'batch'>;

export class GraphPlanStore implements PlanStore {
  constructor(private readonly repository: PlanRepository) {}

  async load(planName: string): Promise<ExistingPlan> {
    const loaded = await this.repository.loadPlan(planName);
    return {
      ...(loaded.plan ? { plan: loaded.plan } : {}),
      directorates: loaded.directorates,
      projects: loaded.projects,
      milestones: loaded.milestones,
    };
  }

  async apply(writes: readonly StoreWrite[], onProgress?: (progress: ApplyProgress) => void): Promise<ApplyResult> {
    let written = 0;
    for (const chunk of chunkWrites(writes)) {
      // StoreWrite mirrors BatchOperation for the lists an import touches; refs are made unique across the run.
      const operations = chunk.writes.map((write, offset) => ({ ...write, ref: write.ref ?? `w${chunk.start + offset + 1}` }) as BatchOperation);
      const results = await this.repository.batch(operations);
      const failures: WriteFailure[] = [];
      results.forEach((result, offset) => {
        if (result.ok) written += 1;
        else failures.push({ index: chunk.start + offset, write: chunk.writes[offset]!, message: result.error.message });
      });
      onProgress?.({ done: chunk.start + chunk.writes.length, total: writes.length });
      if (failures.length > 0) return { written, failures };
    }
    return { written, failures: [] };
  }
}
