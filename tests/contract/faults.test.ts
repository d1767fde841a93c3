/**
 * Contract: recovery from injected throttling (429/503 with Retry-After) and the list view
 * threshold. Both need emulator switches, so they are skipped, with the reason, on a tenant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WaymarkGraphError } from '../../src/graph/graph-error.ts';
import { eq } from '../../src/graph/repository.ts';
import type { BatchOperation } from '../../src/graph/repository.ts';
import { history, milestone, plan, project } from './records.ts';
import { EMULATOR_ONLY, onTenant, startTarget } from './target.ts';
import type { ContractTarget } from './target.ts';

let target: ContractTarget;

beforeAll(async () => {
  target = await startTarget({ emulator: { retryAfterSeconds: 0 } });
});

afterAll(async () => {
  await target?.close();
});

describe('throttling', () => {
  it('recovers from injected 429 and 503 responses with every write and read correct', async (context) => {
    context.skip(onTenant, EMULATOR_ONLY);
    const emulator = target.emulator!;
    // Three in ten requests and batch parts are refused. With ten retries, the chance that any one of
    // the ~25 requests and parts here fails eleven times running is about 1 in 20,000 (at one in two it
    // would be about 1 in 80, too flaky for a test).
    const repository = target.repositoryWith({ maxRetries: 10, pageSize: 5 });
    const planName = `${target.runId}-faults`;
    emulator.setFaults({ latencyMs: 0, failRate: 0.3 });
    emulator.resetStats();
    try {
      const created = await repository.batch([
        { kind: 'create', list: 'Plans', record: plan(planName) },
        { kind: 'create', list: 'Projects', record: project(planName, 1) },
        ...Array.from({ length: 12 }, (_, index) => ({ kind: 'create' as const, list: 'Milestones' as const, record: milestone(planName, 'CT1', index + 1) })),
      ]);
      expect(created.filter((result) => !result.ok)).toEqual([]);
      const first = created[2];
      if (!first?.ok || first.list !== 'Milestones' || !first.item) throw new Error('the first milestone was not created');
      const updated = await repository.update('Milestones', first.item.id, { status: 'Complete', completedOn: '2026-04-04' }, { ifMatch: first.item.eTag });
      const loaded = await repository.loadPlan(planName);
      expect(loaded.plan?.record.name).toBe(planName);
      expect(loaded.projects).toHaveLength(1);
      expect(loaded.milestones).toHaveLength(12);
      expect(new Set(loaded.milestones.map((item) => item.record.sequence)).size).toBe(12);
      const done = loaded.milestones.find((item) => item.id === first.item?.id);
      expect(done?.record).toMatchObject({ status: 'Complete', completedOn: '2026-04-04' });
      expect(done?.eTag).toBe(updated.eTag);
      const traffic = repository.connection.traffic();
      // The faults really happened and were retried, not avoided.
      expect(traffic.throttledResponses + traffic.partRetries).toBeGreaterThan(0);
      expect(traffic.retries).toBe(traffic.throttledResponses);
    } finally {
      emulator.setFaults({ latencyMs: 0, failRate: 0 });
    }
  });
});

describe('list view threshold', () => {
  const ITEMS = 5_001;

  it("reports an unindexed filter on a list over 5,000 items as 'threshold', while indexed filters still work", async (context) => {
    context.skip(onTenant, `${EMULATOR_ONLY}: seeding 5,001 items on a tenant takes too long`);
    const planName = `${target.runId}-threshold`;
    const operations: BatchOperation[] = Array.from({ length: ITEMS }, (_, index) => ({
      kind: 'create',
      list: 'MilestoneUpdates',
      record: history(planName, String(index + 1), `${planName}|k|${index + 1}`, index + 1, { reasonCategory: index === 42 ? 'Resources' : 'Other' }),
    }));
    const results = await target.repository.batch(operations);
    expect(results.filter((result) => !result.ok)).toHaveLength(0);

    const error = await target.repository
      .list('MilestoneUpdates', { filter: eq('ReasonCategory', 'Resources'), honourNonIndexed: true })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WaymarkGraphError);
    expect((error as WaymarkGraphError).reason).toBe('threshold');

    const indexed = await target.repository.list('MilestoneUpdates', { filter: eq('MilestoneKey', `${planName}|k|43`) });
    expect(indexed.map((item) => item.record.reasonCategory)).toEqual(['Resources']);
  }, 180_000);
});
