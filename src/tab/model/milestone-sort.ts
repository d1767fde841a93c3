/**
 * Orderings of milestone tables. Undated milestones always sort last, whichever way the due date
 * runs, because "no date" is neither early nor late and belongs with the exceptions at the end.
 */
import type { Rag } from '../../domain/status.ts';
import { compareDue, compareText } from './plan-index.ts';
import type { MilestoneItem } from './plan-index.ts';

export type MilestoneSortKey = 'due' | 'title' | 'project' | 'status';
export type SortDirection = 'ascending' | 'descending';

export interface MilestoneSort {
  key: MilestoneSortKey;
  direction: SortDirection;
}

export const DEFAULT_MILESTONE_SORT: MilestoneSort = { key: 'due', direction: 'ascending' };

// Worst first, so sorting by status ascending brings trouble to the top.
const RAG_ORDER: Record<Rag, number> = { red: 0, amber: 1, green: 2, grey: 3, complete: 4 };

/** A comparator for the sort; ties fall back to due date, then title, so the order is stable. */
export function compareMilestonesBy(sort: MilestoneSort): (a: MilestoneItem, b: MilestoneItem) => number {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return (a, b) => {
    const primary = comparePrimary(sort.key, sign, a, b);
    if (primary !== 0) return primary;
    const byDue = compareDue(a.milestone.dueDate, b.milestone.dueDate);
    return byDue !== 0 ? byDue : compareText(a.milestone.title, b.milestone.title);
  };
}

function comparePrimary(key: MilestoneSortKey, sign: number, a: MilestoneItem, b: MilestoneItem): number {
  switch (key) {
    case 'due': {
      const ad = a.milestone.dueDate;
      const bd = b.milestone.dueDate;
      if (ad === undefined || bd === undefined) return compareDue(ad, bd);
      return sign * compareDue(ad, bd);
    }
    case 'title':
      return sign * compareText(a.milestone.title, b.milestone.title);
    case 'project':
      return sign * compareText(a.milestone.projectCode, b.milestone.projectCode);
    case 'status':
      return sign * (RAG_ORDER[a.rag] - RAG_ORDER[b.rag] || Number(b.overdue) - Number(a.overdue));
    default:
      return assertNever(key);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled sort key: ${String(value)}`);
}
