/**
 * The exceptions SLT and the performance team chase: overdue, at risk or off track, undated, and
 * silent (no update for 30 days). A milestone appears in every section whose question it answers.
 */
import { ukDateOf } from '../../domain/clock.ts';
import { addDaysIso, daysBetween } from '../../domain/iso-date.ts';
import { isOpen } from '../../domain/status.ts';
import { compareMilestonesBy } from './milestone-sort.ts';
import { codeKey, compareDue, compareText, milestoneDirectorates } from './plan-index.ts';
import type { MilestoneItem, PlanIndex } from './plan-index.ts';

export type ExceptionKind = 'overdue' | 'at-risk' | 'undated' | 'stale';
export const EXCEPTION_KINDS: readonly ExceptionKind[] = ['overdue', 'at-risk', 'undated', 'stale'];

/** Why an open milestone has no usable date: the plan says TBC, Waymark could not read it, or it names none. */
export type UndatedReason = 'tbc' | 'unparsed' | 'no-date';

export interface ExceptionItem {
  item: MilestoneItem;
  /** Days past the due date (overdue section). */
  daysOverdue?: number;
  /** Days since the last update; undefined when it was never updated (stale section). */
  daysSinceUpdate?: number;
  undatedReason?: UndatedReason;
}

export interface ExceptionSection {
  kind: ExceptionKind;
  items: ExceptionItem[];
}

export interface ExceptionsOptions {
  /** Only milestones of this directorate's projects. */
  directorate?: string;
  /** Days without an update before a milestone counts as silent; 30 unless told. */
  staleAfterDays?: number;
}

export interface ExceptionsView {
  sections: ExceptionSection[];
  /** Distinct milestones across all sections. */
  total: number;
}

/** Every open milestone that needs attention, by section, each section worst first. */
export function buildExceptions(index: PlanIndex, options: ExceptionsOptions = {}): ExceptionsView {
  const today = index.today;
  const staleAfter = options.staleAfterDays ?? 30;
  const wanted = options.directorate ? codeKey(options.directorate) : undefined;
  // A never-updated milestone is only silent once the plan has run for the stale period.
  const planStarted = index.plan?.startsOn;
  const neverUpdatedIsStale = planStarted !== undefined && addDaysIso(planStarted, staleAfter) <= today;
  // Updated before the first instant of the UK day `staleAfter - 1` days ago means `staleAfter` days or more of silence.
  // Comparing instants spares a time-zone conversion for each of 20,000 milestones.
  const silentBefore = startOfUkDay(addDaysIso(today, -(staleAfter - 1)));

  const overdue: ExceptionItem[] = [];
  const atRisk: ExceptionItem[] = [];
  const undated: ExceptionItem[] = [];
  const stale: ExceptionItem[] = [];
  for (const item of index.milestones) {
    const m = item.milestone;
    if (!isOpen(m.status)) continue;
    if (wanted !== undefined && !milestoneDirectorates(item).some((c) => codeKey(c) === wanted)) continue;
    if (item.overdue && m.dueDate !== undefined) overdue.push({ item, daysOverdue: daysBetween(m.dueDate, today) });
    if (m.status === 'At risk' || m.status === 'Off track') atRisk.push({ item });
    const reason = undatedReason(item);
    if (reason) undated.push({ item, undatedReason: reason });
    const updatedAt = m.lastUpdatedOn === undefined ? Number.NaN : Date.parse(m.lastUpdatedOn);
    if (Number.isNaN(updatedAt)) {
      if (neverUpdatedIsStale) stale.push({ item });
    } else if (updatedAt < silentBefore) {
      stale.push({ item, daysSinceUpdate: daysBetween(ukDateOf(new Date(updatedAt)), today) });
    }
  }

  overdue.sort((a, b) => (b.daysOverdue ?? 0) - (a.daysOverdue ?? 0) || byPlace(a, b));
  const worstFirst = compareMilestonesBy({ key: 'status', direction: 'ascending' });
  atRisk.sort((a, b) => worstFirst(a.item, b.item));
  undated.sort(byPlace);
  // Never updated first, then the longest silence.
  stale.sort((a, b) => (b.daysSinceUpdate ?? Infinity) - (a.daysSinceUpdate ?? Infinity) || byPlace(a, b));

  const sections: ExceptionSection[] = [
    { kind: 'overdue', items: overdue },
    { kind: 'at-risk', items: atRisk },
    { kind: 'undated', items: undated },
    { kind: 'stale', items: stale },
  ];
  const total = new Set(sections.flatMap((s) => s.items.map((e) => e.item.id))).size;
  return { sections, total };
}

/** Why an open milestone counts as undated, or undefined when it has a firm due date. */
export function undatedReason(item: MilestoneItem): UndatedReason | undefined {
  const m = item.milestone;
  if (m.dateFlag === 'unparsed') return 'unparsed';
  if (m.dateFlag === 'tbc') return 'tbc';
  return m.dueDate === undefined ? 'no-date' : undefined;
}

/** The first instant of a UK calendar day: midnight GMT, or 23:00 UTC the evening before in summer time. */
function startOfUkDay(iso: string): number {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  const midnightUtc = Date.UTC(year, month - 1, day);
  const summer = midnightUtc - 3_600_000;
  return ukDateOf(new Date(summer)) === iso ? summer : midnightUtc;
}

function byPlace(a: ExceptionItem, b: ExceptionItem): number {
  return (
    compareText(a.item.milestone.projectCode, b.item.milestone.projectCode) ||
    compareDue(a.item.milestone.dueDate, b.item.milestone.dueDate) ||
    compareText(a.item.milestone.title, b.item.milestone.title)
  );
}
