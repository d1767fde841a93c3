/**
 * One project's page: its summary, its "We will…" commitments and its milestones by workstream,
 * each with the date as published beside the due date Waymark derived from it.
 */
import { groupByWorkstream } from './directorate-view.ts';
import type { MilestoneGroup } from './directorate-view.ts';
import { projectByCode } from './plan-index.ts';
import type { MilestoneItem, PlanIndex, ProjectItem } from './plan-index.ts';

export interface ProjectView {
  item: ProjectItem;
  /** In plan order; a project without workstreams has one unnamed group. */
  workstreams: MilestoneGroup[];
}

/** The project view for a code (case-insensitive), or undefined when the plan has no such project. */
export function buildProjectView(index: PlanIndex, code: string): ProjectView | undefined {
  const item = projectByCode(index, code);
  if (!item) return undefined;
  return { item, workstreams: groupByWorkstream(item, item.milestones) };
}

/** The milestone a deep link names, with its project, or undefined when it no longer exists. */
export function findMilestone(index: PlanIndex, id: string): MilestoneItem | undefined {
  return index.milestonesById.get(id);
}
