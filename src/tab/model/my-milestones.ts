/**
 * "My milestones": what the signed-in person owns, in the order they should act on it.
 */
import { isOpen } from '../../domain/status.ts';
import { compareDue, compareText } from './plan-index.ts';
import type { MilestoneItem, PlanIndex } from './plan-index.ts';

export interface MyMilestones {
  items: MilestoneItem[];
  overdue: number;
  open: number;
  closed: number;
}

/**
 * Milestones whose owner is `upn` (case-insensitive): overdue first, oldest first; then other
 * open ones by due date, undated last; then closed ones (complete, deferred, cancelled) by due date.
 */
export function buildMyMilestones(index: PlanIndex, upn: string): MyMilestones {
  const me = upn.trim().toLowerCase();
  const items = me === '' ? [] : index.milestones.filter((m) => m.milestone.ownerUpn?.trim().toLowerCase() === me);
  items.sort(compareForOwner);
  const overdue = items.filter((m) => m.overdue).length;
  const open = items.filter((m) => isOpen(m.milestone.status)).length;
  return { items, overdue, open, closed: items.length - open };
}

function rank(m: MilestoneItem): number {
  if (m.overdue) return 0;
  return isOpen(m.milestone.status) ? 1 : 2;
}

function compareForOwner(a: MilestoneItem, b: MilestoneItem): number {
  return (
    rank(a) - rank(b) ||
    compareDue(a.milestone.dueDate, b.milestone.dueDate) ||
    compareText(a.milestone.projectCode, b.milestone.projectCode) ||
    compareText(a.milestone.title, b.milestone.title)
  );
}
