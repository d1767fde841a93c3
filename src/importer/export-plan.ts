/**
 * A stored plan as rows of the milestone spreadsheet, for `waymark export`: projects in plan
 * order, milestones in sequence, with current status and commentary. Written so that importing
 * the file unchanged changes nothing (see import-plan.ts for the rules it mirrors).
 */
import { splitLeadArea } from '../domain/directorates.ts';
import { parsePlanDate } from '../domain/plan-dates.ts';
import type { Directorate, Milestone, Project } from '../domain/records.ts';
import type { ExistingPlan } from './plan-store.ts';
import { formatPerson } from './spreadsheet.ts';
import type { SpreadsheetRow } from './spreadsheet.ts';

/** The spreadsheet rows of one stored plan. */
export function exportRows(stored: ExistingPlan, planName: string): SpreadsheetRow[] {
  const directorates = stored.directorates.map((item) => item.record);
  const context = stored.plan?.record.startsOn ? { planStartsOn: stored.plan.record.startsOn } : {};
  const projects = stored.projects.map((item) => item.record).sort(byOrder);
  const milestonesByCode = new Map<string, Milestone[]>();
  for (const { record } of stored.milestones) {
    const code = record.projectCode.toUpperCase();
    milestonesByCode.set(code, [...(milestonesByCode.get(code) ?? []), record]);
  }
  const rows: SpreadsheetRow[] = [];
  const written = new Set<string>();
  for (const project of projects) {
    written.add(project.code.toUpperCase());
    const projectCells = projectRow(project, planName, directorates);
    const milestones = (milestonesByCode.get(project.code.toUpperCase()) ?? []).sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0));
    // A project without milestones still gets a row, with the milestone cells empty, so it survives a round trip.
    if (milestones.length === 0) rows.push(projectCells);
    for (const milestone of milestones) rows.push({ ...projectCells, ...milestoneCells(milestone, context) });
  }
  return rows;
}

function byOrder(a: Project, b: Project): number {
  return (a.sortOrder ?? Number.MAX_SAFE_INTEGER) - (b.sortOrder ?? Number.MAX_SAFE_INTEGER) || a.code.localeCompare(b.code, 'en-GB', { numeric: true });
}

function projectRow(project: Project, planName: string, directorates: readonly Directorate[]): SpreadsheetRow {
  return {
    Plan: planName,
    Theme: project.theme ?? '',
    'Priority area': project.priorityArea ?? '',
    'Project code': project.code,
    Project: project.title,
    Summary: project.summary ?? '',
    'Lead directorate': leadCell(project, directorates),
    'Cabinet member': project.cabinetMembers.join('; '),
    'Project lead': formatPerson(project.projectLeadUpn, project.projectLeadName),
  };
}

/** The lead area as published when it still names the project's lead directorates; otherwise their names. */
function leadCell(project: Project, directorates: readonly Directorate[]): string {
  const published = project.leadAreaAsPublished;
  if (published !== undefined) {
    const codes = splitLeadArea(published, directorates).leads.map((lead) => lead.code);
    if (codes.join('|') === project.leadDirectorates.join('|')) return published;
  }
  return project.leadDirectorates.map((code) => directorates.find((d) => d.code === code)?.name ?? code).join('; ');
}

function milestoneCells(milestone: Milestone, context: { planStartsOn?: string }): SpreadsheetRow {
  const published = milestone.publishedDate ?? '';
  const derived = parsePlanDate(published, context).dueDate;
  // The override column carries a due date only when it is not the one the published text gives.
  const override = milestone.dueDate !== undefined && milestone.dueDate !== derived ? milestone.dueDate : '';
  return {
    Workstream: milestone.workstream ?? '',
    Milestone: fullTitle(milestone),
    Deliverable: milestone.deliverable ?? '',
    'Due (as published)': published,
    'Due date (ISO, optional override)': override,
    Owner: formatPerson(milestone.ownerUpn, milestone.ownerName),
    Status: milestone.status,
    Commentary: milestone.latestCommentary ?? '',
  };
}

/** A title shortened to fit the list, restored from the deliverable that holds it whole. */
function fullTitle(milestone: Milestone): string {
  const { title, deliverable } = milestone;
  if (title.endsWith('\u2026') && deliverable !== undefined && deliverable.startsWith(title.slice(0, -1))) return deliverable;
  return title;
}
