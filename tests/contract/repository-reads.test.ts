/** Contract: reads that follow every page, filters on indexed and unindexed columns, and loading a plan in few round trips. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WaymarkGraphError } from '../../src/graph/graph-error.ts';
import { eq } from '../../src/graph/repository.ts';
import { milestone, plan, project } from './records.ts';
import { startTarget } from './target.ts';
import type { ContractTarget } from './target.ts';

const PAGE = 7;
const MILESTONES = 23;
let target: ContractTarget;

beforeAll(async () => {
  target = await startTarget({ emulator: { pageSize: PAGE } });
  const records = Array.from({ length: MILESTONES }, (_, index) =>
    milestone(target.runId, `CT${(index % 3) + 1}`, index + 1, { status: index % 5 === 0 ? 'At risk' : 'On track' }),
  );
  const results = await target.repository.batch([
    { kind: 'create', list: 'Plans', record: plan(target.runId) },
    { kind: 'create', list: 'Directorates', record: { name: `Place (demo ${target.runId})`, code: `PLC-${target.runId.slice(-6)}`, aliases: ['Place Directorate'] } },
    ...[1, 2, 3].map((n) => ({ kind: 'create' as const, list: 'Projects' as const, record: project(target.runId, n) })),
    ...records.map((record) => ({ kind: 'create' as const, list: 'Milestones' as const, record })),
  ]);
  expect(results.filter((result) => !result.ok)).toEqual([]);
});

afterAll(async () => {
  await target?.close();
});

describe('reads', () => {
  it(`follows every page (${PAGE} a page) with nothing lost or repeated`, async () => {
    target.connection.resetTraffic();
    const items = await target.repository.list('Milestones', { filter: eq('Plan', target.runId), top: PAGE });
    const ids = items.map((item) => item.id);
    expect(ids).toHaveLength(MILESTONES);
    expect(new Set(ids).size).toBe(MILESTONES);
    expect(items.map((item) => item.record.sequence).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: MILESTONES }, (_, index) => index + 1));
    expect(target.connection.traffic().roundTrips).toBe(Math.ceil(MILESTONES / PAGE));
  });

  it('filters on indexed columns, combined', async () => {
    const atRisk = await target.repository.list('Milestones', { filter: `${eq('Plan', target.runId)} and ${eq('Status', 'At risk')}` });
    expect(atRisk.map((item) => item.record.sequence).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([1, 6, 11, 16, 21]);
    expect(atRisk.every((item) => item.record.status === 'At risk')).toBe(true);
  });

  it('sorts on an indexed column', async () => {
    const items = await target.repository.list('Milestones', { filter: eq('Plan', target.runId), orderBy: 'fields/DueDate desc' });
    const dates = items.map((item) => item.record.dueDate ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it("refuses a filter on a column that is not indexed, with reason 'not-indexed'", async () => {
    const error = await target.repository.list('Milestones', { filter: eq('Workstream', 'Eastgate Development') }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WaymarkGraphError);
    expect((error as WaymarkGraphError).reason).toBe('not-indexed');
    expect((error as WaymarkGraphError).statusCode).toBe(400);
  });

  it('runs the unindexed filter when asked to honour non-indexed queries (small list)', async () => {
    const items = await target.repository.list('Milestones', {
      filter: `${eq('Plan', target.runId)} and ${eq('Workstream', 'Eastgate Development')}`,
      honourNonIndexed: true,
    });
    expect(items.length).toBe(11);
    expect(items.every((item) => item.record.workstream === 'Eastgate Development')).toBe(true);
  });

  it('loads a small plan in one round trip: four lists in one $batch', async () => {
    const repository = target.repositoryWith({ pageSize: 100 });
    target.connection.resetTraffic();
    const loaded = await repository.loadPlan(target.runId);
    expect(loaded.plan?.record.name).toBe(target.runId);
    expect(loaded.projects).toHaveLength(3);
    expect(loaded.milestones).toHaveLength(MILESTONES);
    expect(loaded.directorates.length).toBeGreaterThanOrEqual(1);
    expect(target.connection.traffic().roundTrips).toBe(1);
    expect(loaded.pages).toBe(4);
  });

  it('loads a plan that runs past the page size, following the next pages in batches', async () => {
    const repository = target.repositoryWith({ pageSize: PAGE });
    const plainReads = vi.spyOn(repository.connection, 'get');
    target.connection.resetTraffic();
    const loaded = await repository.loadPlan(target.runId);
    expect(new Set(loaded.milestones.map((item) => item.id)).size).toBe(MILESTONES);
    expect(loaded.milestones).toHaveLength(MILESTONES);
    // Milestones need ceil(23 / 7) = 4 pages: the first in the opening batch, then one round trip for each further page.
    expect(target.connection.traffic().roundTrips).toBe(Math.ceil(MILESTONES / PAGE));
    // Each further page goes through $batch too, even alone: in a browser every next link, a new URL, would cost a CORS preflight.
    expect(plainReads).not.toHaveBeenCalled();
    plainReads.mockRestore();
  });

  it('reports a plan that is not there as empty', async () => {
    const loaded = await target.repository.loadPlan(`${target.runId}-absent`);
    expect(loaded.plan).toBeUndefined();
    expect(loaded.projects).toEqual([]);
    expect(loaded.milestones).toEqual([]);
  });
});
