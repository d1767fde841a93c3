/**
 * Milestone status, overdue and RAG (red, amber, green), and the roll-ups the plan on a page
 * shows for a project, a priority area, a theme or the whole plan. "Overdue" is always worked out
 * from today's date, which the caller passes in; it is never stored.
 */
import type { Milestone, MilestoneStatus } from './records.ts';

export { daysBetween } from './iso-date.ts';

/** RAG as the plan on a page colours it; 'complete' is shown blue, 'grey' means nothing to judge yet. */
export type Rag = 'red' | 'amber' | 'green' | 'complete' | 'grey';

/** The fields of a milestone that status rules read. */
export type MilestoneState = Pick<Milestone, 'status' | 'dueDate'>;

const OPEN_STATUSES: ReadonlySet<MilestoneStatus> = new Set(['Not started', 'On track', 'At risk', 'Off track']);

/** Open statuses still need work: Not started, On track, At risk and Off track. Complete, Deferred and Cancelled are closed. */
export function isOpen(status: MilestoneStatus): boolean {
  return OPEN_STATUSES.has(status);
}

/** Open and due before today (ISO dates compare as text). A milestone due today is not yet overdue. */
export function isOverdue(milestone: MilestoneState, today: string): boolean {
  return isOpen(milestone.status) && milestone.dueDate !== undefined && milestone.dueDate < today;
}

/**
 * The milestone's RAG. Overdue or Off track is red; At risk amber; On track green; Not started grey
 * until it is overdue; Complete is complete; Deferred and Cancelled grey. An open milestone with no
 * due date keeps the RAG of its status: the lead's judgement still stands, and the plan on a page
 * counts it as undated separately.
 */
export function ragOf(milestone: MilestoneState, today: string): Rag {
  if (isOverdue(milestone, today)) return 'red';
  switch (milestone.status) {
    case 'Off track':
      return 'red';
    case 'At risk':
      return 'amber';
    case 'On track':
      return 'green';
    case 'Complete':
      return 'complete';
    case 'Not started':
    case 'Deferred':
    case 'Cancelled':
      return 'grey';
    default:
      return assertNever(milestone.status);
  }
}

/** The plan on a page's buckets. Each milestone falls in exactly one, so they add up to the total. */
export type MilestoneBucket = 'complete' | 'deferred' | 'cancelled' | 'overdue' | 'undated' | 'offTrack' | 'atRisk' | 'onTrack' | 'notStarted';

/**
 * Which bucket a milestone is counted in. Closed statuses count by status. An open milestone that
 * is overdue counts as overdue whatever its status (an overdue "On track" milestone is overdue, not
 * on track); an open one with no due date (TBC, ongoing, open-ended, not understood) counts as
 * undated; every other open milestone counts by its status.
 */
export function bucketOf(milestone: MilestoneState, today: string): MilestoneBucket {
  switch (milestone.status) {
    case 'Complete':
      return 'complete';
    case 'Deferred':
      return 'deferred';
    case 'Cancelled':
      return 'cancelled';
    default:
  }
  if (isOverdue(milestone, today)) return 'overdue';
  if (milestone.dueDate === undefined) return 'undated';
  switch (milestone.status) {
    case 'Off track':
      return 'offTrack';
    case 'At risk':
      return 'atRisk';
    case 'On track':
      return 'onTrack';
    case 'Not started':
      return 'notStarted';
    default:
      return assertNever(milestone.status);
  }
}

export type RollUpCounts = Record<MilestoneBucket, number> & { total: number };

/** A project's or a group's RAG with the milestone counts behind it. */
export interface RollUp {
  rag: Rag;
  counts: RollUpCounts;
}

/** Counts with every bucket at zero. */
export function emptyCounts(): RollUpCounts {
  return { complete: 0, onTrack: 0, atRisk: 0, offTrack: 0, overdue: 0, notStarted: 0, undated: 0, deferred: 0, cancelled: 0, total: 0 };
}

/**
 * A project's RAG and counts. The rule, in order: any red milestone makes the project red; else
 * any amber makes it amber; else, when no milestone is open, it is complete if any was completed
 * and grey if all were deferred or cancelled; else green if any milestone is on track or complete
 * (not-started milestones that are not yet due do not hold a project back); else grey (nothing
 * has started and nothing is late). A project with no milestones is grey.
 */
export function rollUpProject(milestones: readonly MilestoneState[], today: string): RollUp {
  const counts = emptyCounts();
  const rags = new Set<Rag>();
  for (const milestone of milestones) {
    counts[bucketOf(milestone, today)] += 1;
    counts.total += 1;
    rags.add(ragOf(milestone, today));
  }
  return { rag: combine(rags, counts), counts };
}

/**
 * A priority area's, theme's or whole plan's RAG and counts from its projects' roll-ups: counts
 * are summed, and the RAG follows the same rule as a project's, applied to the projects' RAGs.
 */
export function rollUpGroup(projectRollUps: readonly RollUp[]): RollUp {
  const counts = emptyCounts();
  const rags = new Set<Rag>();
  for (const rollUp of projectRollUps) {
    for (const key of Object.keys(counts) as Array<keyof RollUpCounts>) counts[key] += rollUp.counts[key];
    rags.add(rollUp.rag);
  }
  return { rag: combine(rags, counts), counts };
}

/** Milestones still needing work in a set of counts. */
export function openCount(counts: RollUpCounts): number {
  return counts.total - counts.complete - counts.deferred - counts.cancelled;
}

function combine(rags: ReadonlySet<Rag>, counts: RollUpCounts): Rag {
  if (rags.has('red')) return 'red';
  if (rags.has('amber')) return 'amber';
  if (counts.total === 0) return 'grey';
  if (openCount(counts) === 0) return counts.complete > 0 ? 'complete' : 'grey';
  if (rags.has('green') || rags.has('complete')) return 'green';
  return 'grey';
}

function assertNever(value: never): never {
  throw new Error(`unhandled milestone status: ${String(value)}`);
}
