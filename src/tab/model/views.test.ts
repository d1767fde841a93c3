import { describe, expect, it } from 'vitest';
import { DEMO_TODAY, DEMO_UPN, demoPlan } from '../testing/demo-plan.ts';
import { buildDirectorateView } from './directorate-view.ts';
import type { DirectorateViewOptions } from './directorate-view.ts';
import { buildExceptions } from './exceptions.ts';
import type { ExceptionKind } from './exceptions.ts';
import { compareMilestonesBy } from './milestone-sort.ts';
import type { MilestoneSort } from './milestone-sort.ts';
import { buildMyMilestones } from './my-milestones.ts';
import { indexPlan } from './plan-index.ts';
import { buildProjectView, findMilestone } from './project-view.ts';

const index = indexPlan(demoPlan(), DEMO_TODAY);
const ids = (items: readonly { id: string }[]) => items.map((m) => m.id);

describe('buildDirectorateView', () => {
  it('includes projects the directorate leads jointly, naming the partners', () => {
    const view = buildDirectorateView(index, 'HC');
    expect(view.directorate).toEqual({ code: 'HC', name: 'Health and Care' });
    expect(view.projects.map((p) => [p.item.project.code, p.joint, p.partners.map((d) => d.code)])).toEqual([
      ['PE2', true, ['CF']],
      ['PE10', false, []],
    ]);
  });

  it.each<[string, DirectorateViewOptions, Array<[string, string | undefined, string[]]>]>([
    [
      'by project and workstream, due date ascending, undated last',
      {},
      [
        ['PE1', undefined, ['m1', 'm2', 'm3']],
        ['PE2', "Children's actions", ['m7', 'm5']],
        ['PE2', 'Health and Care actions', ['m6']],
      ],
    ],
    [
      'due date descending, undated still last',
      { sort: { key: 'due', direction: 'descending' } },
      [
        ['PE1', undefined, ['m2', 'm1', 'm3']],
        ['PE2', "Children's actions", ['m5', 'm7']],
        ['PE2', 'Health and Care actions', ['m6']],
      ],
    ],
    [
      'open milestones due in the next 30 days',
      { dueWithinDays: 30 },
      [
        ['PE1', undefined, ['m2']],
        ['PE2', "Children's actions", ['m7']],
      ],
    ],
    [
      'the next 90 days',
      { dueWithinDays: 90 },
      [
        ['PE1', undefined, ['m2']],
        ['PE2', "Children's actions", ['m7', 'm5']],
      ],
    ],
    ['ungrouped, one table by due date', { groupBy: 'none' }, [[undefined as unknown as string, undefined, ['m1', 'm6', 'm2', 'm7', 'm5', 'm3']]]],
  ])('groups CF milestones %s', (_name, options, expected) => {
    const view = buildDirectorateView(index, 'CF', options);
    expect(view.groups.map((g) => [g.project?.project.code, g.workstream, ids(g.milestones)])).toEqual(expected);
    expect(view.milestoneCount).toBe(expected.reduce((n, [, , list]) => n + list.length, 0));
  });

  it('shows nothing, and no directorate, for an unknown code', () => {
    const view = buildDirectorateView(index, 'NOPE');
    expect(view.directorate).toBeUndefined();
    expect(view.projects).toEqual([]);
    expect(view.groups).toEqual([]);
  });
});

describe('compareMilestonesBy', () => {
  it.each<[MilestoneSort, string[]]>([
    [{ key: 'title', direction: 'ascending' }, ['m7', 'm1', 'm2', 'm3']],
    [{ key: 'title', direction: 'descending' }, ['m3', 'm2', 'm1', 'm7']],
    [{ key: 'status', direction: 'ascending' }, ['m1', 'm7', 'm2', 'm3']],
    [{ key: 'project', direction: 'descending' }, ['m7', 'm1', 'm2', 'm3']],
  ])('sorts by %o', (sort, expected) => {
    const items = ['m3', 'm7', 'm2', 'm1'].map((id) => index.milestonesById.get(id)!);
    expect(ids([...items].sort(compareMilestonesBy(sort)))).toEqual(expected);
  });
});

describe('buildMyMilestones', () => {
  it('lists the owner’s milestones overdue first, then by due date, undated, then closed', () => {
    const mine = buildMyMilestones(index, DEMO_UPN.childrenManager.toUpperCase());
    expect(ids(mine.items)).toEqual(['m1', 'm2', 'm7', 'm3', 'm6']);
    expect([mine.overdue, mine.open, mine.closed]).toEqual([1, 4, 1]);
  });

  it('lists nothing for a person who owns nothing, or no one', () => {
    expect(buildMyMilestones(index, 'visitor@demo.example').items).toEqual([]);
    expect(buildMyMilestones(index, '').items).toEqual([]);
  });
});

describe('buildProjectView', () => {
  it('groups a project’s milestones by workstream in plan order', () => {
    const view = buildProjectView(index, 'pe2')!;
    expect(view.item.project.code).toBe('PE2');
    expect(view.workstreams.map((g) => [g.workstream, ids(g.milestones)])).toEqual([
      ["Children's actions", ['m5', 'm7']],
      ['Health and Care actions', ['m6']],
    ]);
  });

  it('answers undefined for a project the plan does not have', () => {
    expect(buildProjectView(index, 'XX9')).toBeUndefined();
  });

  it('finds a deep-linked milestone with its project', () => {
    expect(findMilestone(index, 'm7')?.project?.project.code).toBe('PE2');
    expect(findMilestone(index, 'gone')).toBeUndefined();
  });
});

describe('buildExceptions', () => {
  const sections = (view: ReturnType<typeof buildExceptions>) =>
    Object.fromEntries(view.sections.map((s) => [s.kind, ids(s.items.map((e) => e.item))])) as Record<ExceptionKind, string[]>;

  it('lists each kind of exception, worst first', () => {
    const view = buildExceptions(index);
    expect(sections(view)).toEqual({
      overdue: ['m1'],
      'at-risk': ['m7', 'm4'],
      undated: ['m9', 'm3'],
      stale: ['m9', 'm1', 'm3', 'm5', 'm8'],
    });
    expect(view.total).toBe(7);
  });

  it('says how late, how silent and why undated', () => {
    const view = buildExceptions(index);
    const get = (kind: ExceptionKind) => view.sections.find((s) => s.kind === kind)!.items;
    expect(get('overdue')[0]).toMatchObject({ daysOverdue: 15 });
    expect(get('undated').map((e) => e.undatedReason)).toEqual(['unparsed', 'tbc']);
    expect(get('stale').at(-1)).toMatchObject({ daysSinceUpdate: 75 });
    expect(get('stale')[0]!.daysSinceUpdate).toBeUndefined();
  });

  it('narrows to one directorate', () => {
    expect(sections(buildExceptions(index, { directorate: 'eis' }))).toEqual({ overdue: [], 'at-risk': [], undated: ['m9'], stale: ['m9', 'm8'] });
  });

  it('does not call never-updated milestones silent before the plan has run 30 days', () => {
    const early = indexPlan(demoPlan(), '2026-04-20');
    expect(sections(buildExceptions(early)).stale).toEqual([]);
    const records = demoPlan();
    delete records.plan!.record.startsOn;
    expect(sections(buildExceptions(indexPlan(records, DEMO_TODAY))).stale).toEqual(['m8']);
  });

  it.each([
    ['30 days before, in the morning (BST)', DEMO_TODAY, '2026-05-16T08:00:00+01:00', 30],
    ['29 days before', DEMO_TODAY, '2026-05-17T08:00:00Z', undefined],
    ['the last minute of the 30th day before (23:59 BST)', DEMO_TODAY, '2026-05-16T22:59:00Z', 30],
    ['the first minute of the 29th day before (00:30 BST)', DEMO_TODAY, '2026-05-16T23:30:00Z', undefined],
    ['the last minute of the 30th day before, in winter (GMT)', '2026-12-15', '2026-11-15T23:59:00Z', 30],
    ['the first minute of the 29th day before, in winter', '2026-12-15', '2026-11-16T00:00:00Z', undefined],
    ['a year before', DEMO_TODAY, '2025-06-15T12:00:00Z', 365],
  ])('counts an update %s as silent for %s days', (_name, today, lastUpdatedOn, days) => {
    const records = demoPlan();
    delete records.plan!.record.startsOn;
    const m8 = records.milestones.find((m) => m.id === 'm8')!;
    m8.record = { ...m8.record, lastUpdatedOn, dueDate: '2027-03-31' };
    const stale = buildExceptions(indexPlan(records, today)).sections.find((s) => s.kind === 'stale')!.items.find((e) => e.item.id === 'm8');
    if (days === undefined) expect(stale).toBeUndefined();
    else expect(stale).toMatchObject({ daysSinceUpdate: days });
  });
});
