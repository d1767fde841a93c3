/**
 * A directorate's page: the projects it leads, alone or jointly, and their milestones grouped by
 * project and workstream, sortable and narrowed to what falls due in the next 30, 60 or 90 days.
 */
import { addDaysIso } from '../../domain/iso-date.ts';
import { isOpen } from '../../domain/status.ts';
import { compareMilestonesBy, DEFAULT_MILESTONE_SORT } from './milestone-sort.ts';
import type { MilestoneSort } from './milestone-sort.ts';
import { codeKey, directorateByCode, milestoneDirectorates } from './plan-index.ts';
import type { DirectorateRef, MilestoneItem, PlanIndex, ProjectItem } from './plan-index.ts';

export const DUE_WITHIN_CHOICES = [30, 60, 90] as const;

export interface DirectorateViewOptions {
  /** Only open milestones due from today to this many days ahead. */
  dueWithinDays?: number;
  sort?: MilestoneSort;
  /** 'workstream' (the default) groups by project and the plan's workstreams; 'none' is one table. */
  groupBy?: 'workstream' | 'none';
}

export interface DirectorateProject {
  item: ProjectItem;
  /** Led together with at least one other directorate. */
  joint: boolean;
  /** The other lead directorates of a joint project. */
  partners: DirectorateRef[];
}

/** Milestones of one project's workstream (or of the whole project when it has none). */
export interface MilestoneGroup {
  key: string;
  project?: ProjectItem;
  workstream?: string;
  milestones: MilestoneItem[];
}

export interface DirectorateView {
  code: string;
  /** undefined when no directorate has the code. */
  directorate?: DirectorateRef;
  projects: DirectorateProject[];
  groups: MilestoneGroup[];
  /** Milestones shown, after the due-within filter. */
  milestoneCount: number;
}

/** The directorate's projects and milestones as its channel tab shows them. */
export function buildDirectorateView(index: PlanIndex, code: string, options: DirectorateViewOptions = {}): DirectorateView {
  const wanted = codeKey(code);
  const projects = index.projects
    .filter((item) => item.leads.some((lead) => codeKey(lead.code) === wanted))
    .map((item) => {
      const partners = item.leads.filter((lead) => codeKey(lead.code) !== wanted);
      return { item, joint: partners.length > 0, partners };
    });

  const inWindow = dueWithin(index.today, options.dueWithinDays);
  const mine = (m: MilestoneItem) => milestoneDirectorates(m).some((c) => codeKey(c) === wanted) && inWindow(m);
  const compare = compareMilestonesBy(options.sort ?? DEFAULT_MILESTONE_SORT);

  let groups: MilestoneGroup[];
  if (options.groupBy === 'none') {
    const all = projects.flatMap((p) => p.item.milestones.filter(mine)).sort(compare);
    groups = all.length > 0 ? [{ key: 'all', milestones: all }] : [];
  } else {
    groups = projects.flatMap(({ item }) => groupByWorkstream(item, item.milestones.filter(mine))).map((group) => ({
      ...group,
      milestones: group.milestones.sort(compare),
    }));
  }
  return {
    code,
    directorate: directorateByCode(index, code),
    projects,
    groups,
    milestoneCount: groups.reduce((sum, g) => sum + g.milestones.length, 0),
  };
}

/** A project's milestones split by workstream in the order the plan first names each; empty groups dropped. */
export function groupByWorkstream(project: ProjectItem, milestones: readonly MilestoneItem[]): MilestoneGroup[] {
  const groups = new Map<string, MilestoneGroup>();
  for (const m of milestones) {
    const workstream = m.milestone.workstream?.trim() || undefined;
    const key = `${project.project.code}|${workstream ?? ''}`;
    const group = groups.get(key);
    if (group) group.milestones.push(m);
    else groups.set(key, { key, project, workstream, milestones: [m] });
  }
  return [...groups.values()];
}

/** A test for "open and due from today to `days` days ahead"; no limit passes everything. */
export function dueWithin(today: string, days: number | undefined): (m: MilestoneItem) => boolean {
  if (days === undefined) return () => true;
  const last = addDaysIso(today, days);
  return (m) => {
    const due = m.milestone.dueDate;
    return isOpen(m.milestone.status) && due !== undefined && due >= today && due <= last;
  };
}
