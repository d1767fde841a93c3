import { describe, expect, it } from 'vitest';
import type { MilestoneStatus } from './records.ts';
import {
  bucketOf,
  daysBetween,
  emptyCounts,
  isOpen,
  isOverdue,
  openCount,
  ragOf,
  rollUpGroup,
  rollUpProject,
  type MilestoneBucket,
  type MilestoneState,
  type Rag,
  type RollUp,
} from './status.ts';

const TODAY = '2026-06-15';
const m = (status: MilestoneStatus, dueDate?: string): MilestoneState => (dueDate === undefined ? { status } : { status, dueDate });

describe('isOpen', () => {
  it.each<[MilestoneStatus, boolean]>([
    ['Not started', true],
    ['On track', true],
    ['At risk', true],
    ['Off track', true],
    ['Complete', false],
    ['Deferred', false],
    ['Cancelled', false],
  ])('%s is open: %s', (status, open) => expect(isOpen(status)).toBe(open));
});

describe('isOverdue', () => {
  it.each<[MilestoneState, boolean]>([
    [m('On track', '2026-06-14'), true],
    [m('Not started', '2026-01-31'), true],
    [m('Off track', '2026-06-14'), true],
    // Due today is not yet overdue.
    [m('On track', TODAY), false],
    [m('On track', '2026-06-16'), false],
    [m('On track'), false],
    [m('Complete', '2026-01-31'), false],
    [m('Deferred', '2026-01-31'), false],
    [m('Cancelled', '2026-01-31'), false],
  ])('%j overdue: %s', (milestone, overdue) => expect(isOverdue(milestone, TODAY)).toBe(overdue));
});

describe('ragOf', () => {
  it.each<[MilestoneState, Rag]>([
    [m('Off track', '2026-09-30'), 'red'],
    [m('Off track'), 'red'],
    [m('At risk', '2026-09-30'), 'amber'],
    [m('At risk'), 'amber'],
    [m('At risk', '2026-05-31'), 'red'],
    [m('On track', '2026-09-30'), 'green'],
    [m('On track', '2026-05-31'), 'red'],
    [m('On track'), 'green'],
    [m('Not started', '2026-09-30'), 'grey'],
    [m('Not started', '2026-05-31'), 'red'],
    [m('Not started'), 'grey'],
    [m('Complete', '2026-05-31'), 'complete'],
    [m('Complete'), 'complete'],
    [m('Deferred', '2026-05-31'), 'grey'],
    [m('Cancelled', '2026-05-31'), 'grey'],
  ])('%j is %s', (milestone, rag) => expect(ragOf(milestone, TODAY)).toBe(rag));
});

describe('bucketOf', () => {
  it.each<[MilestoneState, MilestoneBucket]>([
    [m('Complete', '2026-01-31'), 'complete'],
    [m('Complete'), 'complete'],
    [m('Deferred'), 'deferred'],
    [m('Cancelled', '2026-01-31'), 'cancelled'],
    // Overdue takes precedence over the status, so the buckets partition the milestones.
    [m('On track', '2026-05-31'), 'overdue'],
    [m('Off track', '2026-05-31'), 'overdue'],
    [m('Not started', '2026-05-31'), 'overdue'],
    [m('On track'), 'undated'],
    [m('Off track'), 'undated'],
    [m('Off track', '2026-09-30'), 'offTrack'],
    [m('At risk', '2026-09-30'), 'atRisk'],
    [m('On track', '2026-09-30'), 'onTrack'],
    [m('Not started', TODAY), 'notStarted'],
  ])('%j counts as %s', (milestone, bucket) => expect(bucketOf(milestone, TODAY)).toBe(bucket));
});

describe('daysBetween', () => {
  it.each<[string, string, number]>([
    ['2026-06-15', '2026-06-15', 0],
    ['2026-06-15', '2026-06-16', 1],
    ['2026-06-16', '2026-06-15', -1],
    // Across the clocks going forward and back: whole days, never 23 or 25 hours.
    ['2026-03-28', '2026-03-30', 2],
    ['2026-10-24', '2026-10-26', 2],
    ['2026-01-01', '2027-01-01', 365],
    ['2028-01-01', '2029-01-01', 366],
  ])('%s to %s is %i', (from, to, days) => expect(daysBetween(from, to)).toBe(days));

  it('rejects text that is not a date', () => expect(() => daysBetween('2026-02-30', '2026-03-01')).toThrow(RangeError));
});

describe('rollUpProject', () => {
  it.each<[string, MilestoneState[], Rag]>([
    ['no milestones', [], 'grey'],
    ['one red among greens', [m('On track', '2026-09-30'), m('Off track', '2026-09-30')], 'red'],
    ['an overdue milestone', [m('On track', '2026-09-30'), m('On track', '2026-05-31')], 'red'],
    ['amber without red', [m('On track', '2026-09-30'), m('At risk', '2026-09-30'), m('Complete')], 'amber'],
    ['all complete', [m('Complete'), m('Complete', '2026-01-31')], 'complete'],
    ['complete with one cancelled', [m('Complete'), m('Cancelled')], 'complete'],
    ['only deferred and cancelled', [m('Deferred'), m('Cancelled')], 'grey'],
    ['on track', [m('On track', '2026-09-30'), m('Not started', '2026-12-31')], 'green'],
    ['work done and the rest not yet due', [m('Complete'), m('Not started', '2026-12-31')], 'green'],
    ['nothing started and nothing late', [m('Not started', '2026-09-30'), m('Not started')], 'grey'],
  ])('%s', (_name, milestones, rag) => expect(rollUpProject(milestones, TODAY).rag).toBe(rag));

  it('counts each milestone in exactly one bucket', () => {
    const milestones = [
      m('Complete', '2026-01-31'),
      m('On track', '2026-09-30'),
      m('On track', '2026-05-31'),
      m('At risk', '2026-09-30'),
      m('Off track', '2026-09-30'),
      m('Not started', '2026-12-31'),
      m('Not started', '2026-01-31'),
      m('On track'),
      m('Deferred'),
      m('Cancelled', '2026-02-28'),
    ];
    const { counts } = rollUpProject(milestones, TODAY);
    expect(counts).toEqual({ complete: 1, onTrack: 1, atRisk: 1, offTrack: 1, overdue: 2, notStarted: 1, undated: 1, deferred: 1, cancelled: 1, total: 10 });
    const { total, ...buckets } = counts;
    expect(Object.values(buckets).reduce((sum, n) => sum + n, 0)).toBe(total);
    expect(openCount(counts)).toBe(7);
  });
});

describe('rollUpGroup', () => {
  const project = (rag: Rag, counts: Partial<RollUp['counts']>): RollUp => {
    const full = { ...emptyCounts(), ...counts };
    full.total = Object.entries(full).reduce((sum, [key, n]) => (key === 'total' ? sum : sum + n), 0);
    return { rag, counts: full };
  };

  it.each<[string, RollUp[], Rag]>([
    ['no projects', [], 'grey'],
    ['a red project', [project('green', { onTrack: 2 }), project('red', { overdue: 1 })], 'red'],
    ['an amber project', [project('green', { onTrack: 2 }), project('amber', { atRisk: 1 }), project('complete', { complete: 3 })], 'amber'],
    ['all complete', [project('complete', { complete: 2 }), project('complete', { complete: 1, cancelled: 1 })], 'complete'],
    ['complete and not yet started', [project('complete', { complete: 2 }), project('grey', { notStarted: 2 })], 'green'],
    ['green and grey', [project('green', { onTrack: 1 }), project('grey', { notStarted: 1 })], 'green'],
    ['all deferred', [project('grey', { deferred: 2 })], 'grey'],
    ['nothing started', [project('grey', { notStarted: 2 }), project('grey', { undated: 1 })], 'grey'],
  ])('%s', (_name, rollUps, rag) => expect(rollUpGroup(rollUps).rag).toBe(rag));

  it('sums the counts of its projects', () => {
    const today = TODAY;
    const a = rollUpProject([m('Complete'), m('On track', '2026-05-31')], today);
    const b = rollUpProject([m('At risk', '2026-09-30'), m('Not started'), m('Deferred')], today);
    const group = rollUpGroup([a, b]);
    expect(group.counts).toEqual({ complete: 1, onTrack: 0, atRisk: 1, offTrack: 0, overdue: 1, notStarted: 0, undated: 1, deferred: 1, cancelled: 0, total: 5 });
    expect(group.rag).toBe('red');
    // Groups nest: a theme is a group of priority areas.
    expect(rollUpGroup([group, rollUpProject([m('Complete')], today)]).counts.total).toBe(6);
  });
});
