/**
 * Synthetic plans of any size for the benchmarks: the shape of a real plan (themes, directorates,
 * workstreams, a spread of statuses and due dates), seeded straight through repository batches.
 */
import type { Directorate, Milestone, MilestoneStatus, Plan, Project } from '../../domain/records.ts';
import { MILESTONE_STATUSES, milestoneKey, projectKey } from '../../domain/records.ts';
import type { BatchOperation, ListRepository } from '../../graph/repository.ts';

/** The size of a synthetic plan. */
export interface PlanScale {
  directorates: number;
  projects: number;
  milestonesPerProject: number;
}

/** About the size of a real council plan. */
export const ONE_PLAN: PlanScale = { directorates: 7, projects: 40, milestonesPerProject: 5 };
/** A plan 100 times larger. */
export const HUNDRED_PLANS: PlanScale = { directorates: 7, projects: 4_000, milestonesPerProject: 5 };

/** Seeds a synthetic plan through repository batches, several calls at once; returns the number of items written. */
export async function seedPlan(repository: ListRepository, planName: string, scale: PlanScale): Promise<number> {
  const operations: BatchOperation[] = [
    { kind: 'create', list: 'Plans', record: syntheticPlan(planName) },
    ...syntheticDirectorates(scale.directorates).map((record) => ({ kind: 'create' as const, list: 'Directorates' as const, record })),
  ];
  for (let n = 1; n <= scale.projects; n++) {
    const project = syntheticProject(planName, n, scale.directorates);
    operations.push({ kind: 'create', list: 'Projects', record: project });
    for (let m = 1; m <= scale.milestonesPerProject; m++) {
      operations.push({ kind: 'create', list: 'Milestones', record: syntheticMilestone(project, m) });
    }
  }
  // Four $batch calls of 20 in flight at once: seeding is set-up, not what is measured.
  const slice = 80;
  const inFlight = 4;
  for (let start = 0; start < operations.length; start += slice * inFlight) {
    const groups = Array.from({ length: inFlight }, (_, index) => operations.slice(start + index * slice, start + (index + 1) * slice)).filter((group) => group.length > 0);
    const results = (await Promise.all(groups.map((group) => repository.batch(group)))).flat();
    const failed = results.find((result) => !result.ok);
    if (failed && !failed.ok) throw failed.error;
  }
  return operations.length;
}

function syntheticPlan(name: string): Plan {
  return { name, title: 'Corporate Delivery Plan (synthetic)', council: 'Demo Borough Council (demo)', startsOn: '2026-04-01', endsOn: '2027-03-31', themes: ['Place', 'People', 'Value for money'] };
}

function syntheticDirectorates(count: number): Directorate[] {
  return Array.from({ length: count }, (_, index) => ({
    name: `Directorate ${index + 1} (demo)`,
    code: `D${index + 1}`,
    aliases: [`Directorate ${index + 1}`],
    directorUpn: `director.${index + 1}@demo.example`,
    directorName: `Director of Directorate ${index + 1} (demo)`,
  }));
}

function syntheticProject(planName: string, n: number, directorates: number): Project {
  const code = `SP${n}`;
  return {
    key: projectKey(planName, code),
    plan: planName,
    code,
    title: `Synthetic project ${n}`,
    theme: ['Place', 'People', 'Value for money'][n % 3],
    priorityArea: `Priority area ${(n % 9) + 1}`,
    summary: `A synthetic project standing in for a real one, number ${n}.`,
    commitments: [`We will deliver improvement ${n}`, `We will report progress on improvement ${n}`],
    leadDirectorates: [`D${(n % directorates) + 1}`],
    leadAreaAsPublished: `Directorate ${(n % directorates) + 1}`,
    cabinetMembers: ['Cabinet Member for Place (demo)'],
    projectLeadUpn: `project.lead.${n % 50}@demo.example`,
    projectLeadName: 'Project Lead (demo)',
    sortOrder: n,
  };
}

function syntheticMilestone(project: Project, m: number): Milestone {
  const month = ((project.sortOrder ?? 0) + m) % 12;
  const year = month < 3 ? 2027 : 2026;
  const dueDate = `${year}-${String(month + 1).padStart(2, '0')}-${String((m * 5) % 28 + 1).padStart(2, '0')}`;
  const title = `Key action ${m} of ${project.code}`;
  const status: MilestoneStatus = MILESTONE_STATUSES[(m + (project.sortOrder ?? 0)) % 4] ?? 'Not started';
  return {
    key: milestoneKey(project.plan, project.code, title),
    plan: project.plan,
    projectCode: project.code,
    directorates: project.leadDirectorates,
    workstream: m % 2 === 0 ? 'Workstream A' : 'Workstream B',
    title,
    deliverable: `Deliverable for key action ${m}.`,
    sequence: m,
    publishedDate: dueDate.slice(0, 7),
    dueDate,
    datePrecision: 'day',
    dateFlag: 'ok',
    baselineDueDate: dueDate,
    status,
    latestCommentary: status === 'At risk' ? 'Waiting on a supplier.' : undefined,
    ownerUpn: project.projectLeadUpn,
    ownerName: project.projectLeadName,
  };
}
