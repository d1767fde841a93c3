/**
 * Data-quality checks on a plan's projects and milestones: the list a performance officer works
 * through after an import, that `waymark check` prints and that the tab shows. Each issue says,
 * in a sentence, which project and milestone it is about and what to do.
 */
import { splitLeadArea } from './directorates.ts';
import { formatUkDate } from './iso-date.ts';
import { parsePlanDate } from './plan-dates.ts';
import { milestoneKey, type Directorate, type Milestone, type Plan, type Project } from './records.ts';
import { isOpen } from './status.ts';

export const DATA_QUALITY_CODES = [
  'date-tbc',
  'date-unparsed',
  'date-before-plan-start',
  'no-owner',
  'no-project-lead',
  'unknown-directorate',
  'duplicate-project-code',
  'duplicate-milestone',
  'project-without-milestones',
  'milestone-without-project',
  'no-lead-directorate',
] as const;
export type DataQualityCode = (typeof DATA_QUALITY_CODES)[number];

export type DataQualitySeverity = 'error' | 'warning' | 'info';

export interface DataQualityIssue {
  code: DataQualityCode;
  severity: DataQualitySeverity;
  projectCode?: string;
  milestoneKey?: string;
  /** What is wrong and what to do, naming the project code and milestone. */
  message: string;
}

export interface DataQualityInput {
  plan: Plan;
  projects: readonly Project[];
  milestones: readonly Milestone[];
  directorates: readonly Directorate[];
}

const SEVERITY_ORDER: Record<DataQualitySeverity, number> = { error: 0, warning: 1, info: 2 };
const TITLE_LENGTH = 80;

/**
 * Every data-quality issue in one plan, errors first, then by project code. Records of other plans
 * are ignored, so a whole site's lists can be passed in. Closed milestones (complete, deferred,
 * cancelled) are not chased for dates or owners: nobody needs to act on them.
 */
export function checkDataQuality(input: DataQualityInput): DataQualityIssue[] {
  const projects = input.projects.filter((project) => project.plan === input.plan.name);
  const milestones = input.milestones.filter((milestone) => milestone.plan === input.plan.name);
  const issues: DataQualityIssue[] = [
    ...duplicateProjects(projects),
    ...duplicateMilestones(milestones),
    ...projects.flatMap((project) => projectIssues(project, milestones, input.directorates)),
    ...milestonesWithoutProject(projects, milestones),
    ...milestones.flatMap((milestone) => milestoneIssues(milestone, input.plan, input.directorates)),
  ];
  // A stable sort keeps each project's issues in the order they were found.
  return issues.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (a.projectCode ?? '').localeCompare(b.projectCode ?? '', 'en-GB', { numeric: true }),
  );
}

function duplicateProjects(projects: readonly Project[]): DataQualityIssue[] {
  return groupsOfMany(projects, (project) => project.code.toUpperCase()).map(([, group]) => ({
    code: 'duplicate-project-code',
    severity: 'error',
    projectCode: group[0]!.code,
    message: `${group.length} projects share the code ${group[0]!.code} (${listTitles(group.map((project) => project.title))}); give each project its own code.`,
  }));
}

function duplicateMilestones(milestones: readonly Milestone[]): DataQualityIssue[] {
  const sameKey: DataQualityIssue[] = groupsOfMany(milestones, (milestone) => milestone.key).map(([key, group]) => ({
    code: 'duplicate-milestone',
    severity: 'error',
    projectCode: group[0]!.projectCode,
    milestoneKey: key,
    message: `${group[0]!.projectCode}: milestone ${quote(group[0]!.title)} is recorded ${group.length} times with the same key; delete the extra copies.`,
  }));
  // Different keys but the same title and date in one project: most likely imported twice.
  const uniqueByKey = [...new Map(milestones.map((milestone) => [milestone.key, milestone])).values()];
  const lookAlike: DataQualityIssue[] = groupsOfMany(uniqueByKey, (milestone) =>
    [milestoneKey(milestone.plan, milestone.projectCode.toUpperCase(), milestone.title), milestone.publishedDate ?? '', milestone.dueDate ?? ''].join('|'),
  ).map(([, group]) => ({
    code: 'duplicate-milestone',
    severity: 'warning',
    projectCode: group[0]!.projectCode,
    milestoneKey: group[1]!.key,
    message: `${group[0]!.projectCode}: milestone ${quote(group[0]!.title)} appears ${group.length} times with the same date; if they are the same milestone, delete the extra copies.`,
  }));
  return [...sameKey, ...lookAlike];
}

function projectIssues(project: Project, milestones: readonly Milestone[], directorates: readonly Directorate[]): DataQualityIssue[] {
  const issues: DataQualityIssue[] = [];
  const about = `${project.code} (${shorten(project.title)})`;
  const issue = (code: DataQualityCode, severity: DataQualitySeverity, message: string) =>
    issues.push({ code, severity, projectCode: project.code, message });

  if (!milestones.some((milestone) => milestone.projectCode.toUpperCase() === project.code.toUpperCase())) {
    issue('project-without-milestones', 'warning', `${about} has no milestones; add its key actions and dates.`);
  }
  if (!project.projectLeadUpn) {
    issue('no-project-lead', 'warning', `${about} has no project lead; set one so that updates and reminders reach someone.`);
  }
  if (project.leadDirectorates.length === 0) {
    const published = project.leadAreaAsPublished ? ` (the plan says "${project.leadAreaAsPublished}")` : '';
    issue('no-lead-directorate', 'error', `${about} has no lead directorate${published}; choose the directorate that leads it, or add the published name as an alias.`);
  }
  for (const code of project.leadDirectorates) {
    if (!knowsCode(code, directorates)) {
      issue('unknown-directorate', 'error', `${about} is led by directorate code "${code}", which is not a configured directorate; add the directorate or correct the code.`);
    }
  }
  if (project.leadAreaAsPublished) {
    for (const part of splitLeadArea(project.leadAreaAsPublished, directorates).unknown) {
      issue('unknown-directorate', 'warning', `${about}: the lead area "${part}" is not a known directorate or alias; add it as an alias of the right directorate.`);
    }
  }
  return issues;
}

function milestonesWithoutProject(projects: readonly Project[], milestones: readonly Milestone[]): DataQualityIssue[] {
  const codes = new Set(projects.map((project) => project.code.toUpperCase()));
  return milestones
    .filter((milestone) => !codes.has(milestone.projectCode.toUpperCase()))
    .map((milestone) => ({
      code: 'milestone-without-project',
      severity: 'error',
      projectCode: milestone.projectCode,
      milestoneKey: milestone.key,
      message: `${milestone.projectCode}: milestone ${quote(milestone.title)} belongs to a project that is not in the plan; add the project or move the milestone.`,
    }));
}

function milestoneIssues(milestone: Milestone, plan: Plan, directorates: readonly Directorate[]): DataQualityIssue[] {
  const issues: DataQualityIssue[] = [];
  const about = `${milestone.projectCode}: milestone ${quote(milestone.title)}`;
  const issue = (code: DataQualityCode, severity: DataQualitySeverity, message: string) =>
    issues.push({ code, severity, projectCode: milestone.projectCode, milestoneKey: milestone.key, message });

  for (const code of milestone.directorates) {
    if (!knowsCode(code, directorates)) {
      issue('unknown-directorate', 'error', `${about} is assigned to directorate code "${code}", which is not a configured directorate; add the directorate or correct the code.`);
    }
  }
  if (!isOpen(milestone.status)) return issues;

  const published = milestone.publishedDate === undefined ? '' : ` ("${milestone.publishedDate}")`;
  const flag = milestone.dateFlag ?? (milestone.publishedDate === undefined ? undefined : parsePlanDate(milestone.publishedDate, contextOf(plan)).flag);
  if (flag === 'tbc') {
    if (milestone.dueDate === undefined) issue('date-tbc', 'warning', `${about} has its date to be confirmed${published}; agree a due date with the project lead and record it.`);
    else issue('date-tbc', 'info', `${about} has a provisional date${published}, due ${formatUkDate(milestone.dueDate)}; confirm it or record the revised date.`);
  }
  if (flag === 'unparsed' && milestone.dueDate === undefined) {
    issue('date-unparsed', 'error', `${about} has a date Waymark could not read${published}; correct the published date or enter the due date.`);
  }
  if (plan.startsOn && milestone.dueDate !== undefined && milestone.dueDate < plan.startsOn) {
    issue(
      'date-before-plan-start',
      'warning',
      `${about} was due ${formatUkDate(milestone.dueDate)}, before the plan year began on ${formatUkDate(plan.startsOn)}; mark it complete if it is done, or record a revised date.`,
    );
  }
  if (!milestone.ownerUpn) {
    issue('no-owner', 'info', `${about} has no owner; reminders go to the project lead until an owner is set.`);
  }
  return issues;
}

function contextOf(plan: Plan): { planStartsOn?: string } {
  return plan.startsOn === undefined ? {} : { planStartsOn: plan.startsOn };
}

function knowsCode(code: string, directorates: readonly Directorate[]): boolean {
  // Records hold codes, never names: a name stored in their place would not match the directorate filters.
  return directorates.some((directorate) => directorate.code.toUpperCase() === code.toUpperCase());
}

/** Groups with more than one member, in order of first appearance. */
function groupsOfMany<T>(items: readonly T[], keyOf: (item: T) => string): Array<[string, T[]]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups].filter(([, group]) => group.length > 1);
}

function shorten(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length <= TITLE_LENGTH ? clean : `${clean.slice(0, TITLE_LENGTH - 1).trimEnd()}…`;
}

function quote(title: string): string {
  return `"${shorten(title)}"`;
}

function listTitles(titles: readonly string[]): string {
  return titles.map(quote).join(', ');
}
