import { describe, expect, it, vi } from 'vitest';
import type { Milestone } from '../../domain/records.ts';
import { demoMilestone, demoPlan } from '../testing/demo-plan.ts';
import { createGraphPlanSource, merge } from './graph-plan-source.ts';
import type { DeltaChanges, PlanReader } from './graph-plan-source.ts';
import type { PlanListName } from './plan-source.ts';

const now = () => '2026-06-15T08:00:00.000Z';
const none = <T,>(link: string): DeltaChanges<T> => ({ changed: [], deleted: [], deltaLink: link });

function reader(deltas: Partial<Record<PlanListName, Array<DeltaChanges<unknown> | Error>>> = {}): PlanReader & { loadPlan: ReturnType<typeof vi.fn> } {
  const queues = { directorates: [...(deltas.directorates ?? [])], projects: [...(deltas.projects ?? [])], milestones: [...(deltas.milestones ?? [])] };
  return {
    loadPlan: vi.fn(async () => demoPlan()),
    delta: vi.fn(async (list: PlanListName, link: string | undefined) => {
      const next = queues[list].shift();
      if (next instanceof Error) throw next;
      return (next ?? none(`${list}-${link ?? 'start'}`)) as never;
    }),
  };
}

describe('createGraphPlanSource', () => {
  it('loads the plan and starts a delta link for each list', async () => {
    const snapshot = await createGraphPlanSource(reader(), now).load('2026/27');
    expect(snapshot.planName).toBe('2026/27');
    expect(snapshot.loadedAt).toBe(now());
    expect(snapshot.projects).toHaveLength(5);
    expect(snapshot.deltaLinks).toEqual({ directorates: 'directorates-start', projects: 'projects-start', milestones: 'milestones-start' });
  });

  it('applies changes, deletions and moves to another plan from delta', async () => {
    const changed = demoMilestone('m1', 'PE1', { title: 'Open the first family hubs', status: 'Complete' });
    const added = demoMilestone('m99', 'PE1', { title: 'A new milestone', status: 'Not started' });
    const otherPlan = { ...demoMilestone('m2', 'PE1', { title: 'Recruit family practitioners', status: 'On track' }) };
    otherPlan.record = { ...otherPlan.record, plan: '2027/28' } satisfies Milestone;
    const source = createGraphPlanSource(
      reader({ milestones: [none('m-start'), { changed: [changed, added, otherPlan], deleted: ['m3'], deltaLink: 'm-next' }] }),
      now,
    );
    const first = await source.load('2026/27');
    const next = await source.refresh!(first);
    const ids = next.milestones.map((m) => m.id);
    expect(ids).toContain('m99');
    expect(ids).not.toContain('m3');
    expect(ids).not.toContain('m2');
    expect(next.milestones.find((m) => m.id === 'm1')?.record.status).toBe('Complete');
    expect(next.deltaLinks?.milestones).toBe('m-next');
  });

  it('starts again with a full load when a delta link has expired', async () => {
    const gone = Object.assign(new Error('Gone'), { statusCode: 410 });
    const r = reader({ projects: [none('p-start'), gone] });
    const source = createGraphPlanSource(r, now);
    const first = await source.load('2026/27');
    await source.refresh!(first);
    expect(r.loadPlan).toHaveBeenCalledTimes(2);
  });

  it('reports other failures as a PlanSourceError', async () => {
    const r = reader();
    r.loadPlan.mockRejectedValueOnce(Object.assign(new Error('Forbidden'), { statusCode: 403, requestId: 'abc' }));
    await expect(createGraphPlanSource(r, now).load('2026/27')).rejects.toMatchObject({ name: 'PlanSourceError', reason: 'forbidden', requestId: 'abc' });
  });

  it('says the plan is not there when the site has none of it', async () => {
    const r = reader();
    r.loadPlan.mockResolvedValueOnce({ directorates: [], projects: [], milestones: [] });
    await expect(createGraphPlanSource(r, now).load('1999/00')).rejects.toMatchObject({ reason: 'not-found' });
  });

  it('loads in full when the reader cannot do delta', async () => {
    const loadPlan = vi.fn(async () => demoPlan());
    const source = createGraphPlanSource({ loadPlan }, now);
    const first = await source.load('2026/27');
    expect(first.deltaLinks).toBeUndefined();
    await source.refresh!(first);
    expect(loadPlan).toHaveBeenCalledTimes(2);
  });
});

describe('merge', () => {
  it('applies a deletion and a later re-add of the same item in order', () => {
    const a = { id: '1', eTag: '"1"', record: { plan: 'x' } };
    expect(merge([a], { changed: [{ ...a, eTag: '"2"' }], deleted: ['1'], deltaLink: '' }, () => true)).toEqual([{ ...a, eTag: '"2"' }]);
  });
});
