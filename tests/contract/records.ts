/** Fictional records for the contract tests: a plan named after the run, its projects and milestones. */
import type { Milestone, MilestoneUpdate, Plan, Project } from '../../src/domain/records.ts';
import { milestoneKey, projectKey } from '../../src/domain/records.ts';

export function plan(name: string): Plan {
  return { name, title: `Contract test plan ${name}`, council: 'Demo Borough Council (demo)', startsOn: '2026-04-01', endsOn: '2027-03-31', themes: ['Place', 'People'] };
}

export function project(planName: string, n: number): Project {
  const code = `CT${n}`;
  return {
    key: projectKey(planName, code),
    plan: planName,
    code,
    title: `Contract project ${n}`,
    theme: 'Place',
    commitments: [`We will deliver outcome ${n}`, `We will report on outcome ${n}`],
    leadDirectorates: ['PLC'],
    cabinetMembers: ['Cabinet Member for Place (demo)'],
    projectLeadUpn: `project.lead.${n}@demo.example`,
    projectLeadName: 'Project Lead (demo)',
    sortOrder: n,
  };
}

export function milestone(planName: string, projectCode: string, n: number, changes: Partial<Milestone> = {}): Milestone {
  const title = `Milestone ${n} of ${projectCode}`;
  const month = String((n % 12) + 1).padStart(2, '0');
  return {
    key: milestoneKey(planName, projectCode, title),
    plan: planName,
    projectCode,
    directorates: ['PLC'],
    workstream: n % 2 === 0 ? 'Eastgate Development' : 'Town Centre',
    title,
    sequence: n,
    publishedDate: `${month}/2026`,
    dueDate: `2026-${month}-15`,
    datePrecision: 'day',
    dateFlag: 'ok',
    status: 'Not started',
    ownerUpn: 'manager@demo.example',
    ownerName: 'Service Manager (demo)',
    ...changes,
  };
}

export function history(planName: string, milestoneId: string, key: string, n: number, changes: Partial<MilestoneUpdate> = {}): MilestoneUpdate {
  return {
    summary: `Update ${n}`,
    milestoneId,
    milestoneKey: key,
    plan: planName,
    newStatus: 'On track',
    authorUpn: 'manager@demo.example',
    authorName: 'Service Manager (demo)',
    source: 'api',
    updatedAt: '2026-04-01T09:00:00Z',
    ...changes,
  };
}
