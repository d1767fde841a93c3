/**
 * A small fictional plan for the tab's tests: three themes, a jointly-led project, workstreams,
 * overdue, at-risk, undated and silent milestones. People are role-named demo personas.
 */
import type { Directorate, Milestone, Plan, Project } from '../../domain/records.ts';
import type { PlanRecords, Stored } from '../model/plan-index.ts';

/** The day every test of the demo plan is run on. */
export const DEMO_TODAY = '2026-06-15';

export const DEMO_UPN = {
  childrenManager: 'manager.cf@demo.example',
  healthManager: 'manager.hc@demo.example',
  economyManager: 'manager.eis@demo.example',
} as const;

const CABINET = {
  children: 'Cabinet Member for Children (demo)',
  health: 'Cabinet Member for Health and Care (demo)',
  economy: 'Cabinet Member for Economy (demo)',
  finance: 'Cabinet Member for Finance (demo)',
} as const;

function stored<T>(id: string, record: T): Stored<T> {
  return { id, eTag: `"${id},1"`, record };
}

function project(code: string, fields: Partial<Project> & Pick<Project, 'title'>): Stored<Project> {
  return stored(`p-${code}`, {
    key: `2026/27|${code}`,
    plan: '2026/27',
    code,
    commitments: [],
    leadDirectorates: [],
    cabinetMembers: [],
    ...fields,
  });
}

function milestone(id: string, projectCode: string, fields: Partial<Milestone> & Pick<Milestone, 'title' | 'status'>): Stored<Milestone> {
  return stored(id, {
    key: `2026/27|${projectCode}|${fields.title.toLowerCase()}`,
    plan: '2026/27',
    projectCode,
    directorates: [],
    ...fields,
  });
}

/** The demo plan's records; pass `extra` to add milestones to it. */
export function demoPlan(extra: Stored<Milestone>[] = []): PlanRecords {
  const plan: Plan = {
    name: '2026/27',
    title: 'Delivery Plan 2026/27 (demo)',
    startsOn: '2026-04-01',
    endsOn: '2027-03-31',
    themes: ['People', 'Economy', 'Value for money'],
  };
  const directorates: Stored<Directorate>[] = [
    stored('d-cf', { name: 'Children and Families', code: 'CF', aliases: [] }),
    stored('d-hc', { name: 'Health and Care', code: 'HC', aliases: [] }),
    stored('d-eis', { name: 'Economy, Infrastructure and Skills', code: 'EIS', aliases: [] }),
    stored('d-fr', { name: 'Finance and Resources', code: 'FR', aliases: [] }),
  ];
  const projects: Stored<Project>[] = [
    project('PE1', {
      title: 'Families First programme',
      theme: 'People',
      priorityArea: 'Children & Young People',
      summary: 'Remodelling early help so families get support sooner.',
      commitments: ['We will open family hubs in every district.', 'We will cut waiting times for assessments.'],
      leadDirectorates: ['CF'],
      cabinetMembers: [CABINET.children],
      sortOrder: 1,
    }),
    project('PE2', {
      title: 'Joint commissioning for young adults',
      theme: 'People',
      priorityArea: 'Children & Young People',
      leadDirectorates: ['CF', 'HC'],
      cabinetMembers: [CABINET.children, CABINET.health],
      sortOrder: 2,
    }),
    project('PE10', {
      title: 'Supported living recommissioning',
      theme: 'People',
      priorityArea: 'Adults & the Elderly',
      leadDirectorates: ['HC'],
      cabinetMembers: [CABINET.health],
      sortOrder: 10,
    }),
    project('EC2', {
      title: 'Economic corridors and regeneration',
      theme: 'Economy',
      leadDirectorates: ['EIS'],
      cabinetMembers: [CABINET.economy],
      sortOrder: 20,
    }),
    project('VFM1', {
      title: 'Employee performance process',
      theme: 'Value for money',
      leadDirectorates: ['FR'],
      cabinetMembers: [CABINET.finance],
      sortOrder: 30,
    }),
  ];
  const milestones: Stored<Milestone>[] = [
    milestone('m1', 'PE1', {
      title: 'Open the first family hubs',
      status: 'On track',
      publishedDate: 'May 2026',
      dueDate: '2026-05-31',
      sequence: 1,
      directorates: ['CF'],
      ownerUpn: DEMO_UPN.childrenManager,
    }),
    milestone('m2', 'PE1', {
      title: 'Recruit family practitioners',
      status: 'On track',
      publishedDate: 'July 2026',
      dueDate: '2026-07-10',
      sequence: 2,
      directorates: ['CF'],
      ownerUpn: DEMO_UPN.childrenManager,
      lastUpdatedOn: '2026-06-10T09:00:00Z',
    }),
    milestone('m3', 'PE1', {
      title: 'Review outcomes with partners',
      status: 'Not started',
      publishedDate: 'TBC',
      dateFlag: 'tbc',
      datePrecision: 'none',
      sequence: 3,
      directorates: ['CF'],
      ownerUpn: DEMO_UPN.childrenManager,
    }),
    milestone('m5', 'PE2', {
      title: 'Agree the joint commissioning framework',
      status: 'Not started',
      workstream: "Children's actions",
      publishedDate: 'August 2026',
      dueDate: '2026-08-31',
      sequence: 1,
      directorates: ['CF', 'HC'],
    }),
    milestone('m6', 'PE2', {
      title: 'Map current placements',
      status: 'Complete',
      workstream: 'Health and Care actions',
      publishedDate: 'June 2026',
      dueDate: '2026-06-30',
      completedOn: '2026-06-01',
      sequence: 2,
      directorates: ['CF', 'HC'],
      ownerUpn: DEMO_UPN.childrenManager,
    }),
    milestone('m7', 'PE2', {
      title: 'Launch transition panels',
      status: 'Off track',
      workstream: "Children's actions",
      publishedDate: 'Mid July 2026',
      dueDate: '2026-07-15',
      sequence: 3,
      directorates: ['CF', 'HC'],
      ownerUpn: DEMO_UPN.childrenManager,
      lastUpdatedOn: '2026-06-01T10:00:00Z',
    }),
    milestone('m4', 'PE10', {
      title: 'Award supported living contracts',
      status: 'At risk',
      publishedDate: 'September 2026',
      dueDate: '2026-09-30',
      sequence: 1,
      directorates: ['HC'],
      ownerUpn: DEMO_UPN.healthManager,
      lastUpdatedOn: '2026-06-14T16:00:00Z',
    }),
    milestone('m8', 'EC2', {
      title: 'Outline business case for the eastern corridor',
      status: 'On track',
      workstream: 'Eastern corridor',
      publishedDate: 'Dec 2026',
      dueDate: '2026-12-31',
      sequence: 1,
      directorates: ['EIS'],
      ownerUpn: DEMO_UPN.economyManager,
      lastUpdatedOn: '2026-04-01T09:00:00Z',
    }),
    milestone('m9', 'EC2', {
      title: 'Northern corridor masterplan',
      status: 'Not started',
      workstream: 'Northern corridor',
      publishedDate: 'When funding allows',
      dateFlag: 'unparsed',
      datePrecision: 'none',
      sequence: 2,
      directorates: ['EIS'],
    }),
    milestone('m10', 'VFM1', {
      title: 'Roll out the new appraisal form',
      status: 'Complete',
      publishedDate: 'April 2026',
      dueDate: '2026-04-30',
      completedOn: '2026-04-28',
      sequence: 1,
      directorates: ['FR'],
      lastUpdatedOn: '2026-04-28T12:00:00Z',
    }),
    ...extra,
  ];
  return { plan: stored('plan-1', plan), directorates, projects, milestones };
}

/** A milestone for tests that need one more, with the demo plan's defaults. */
export function demoMilestone(id: string, projectCode: string, fields: Partial<Milestone> & Pick<Milestone, 'title' | 'status'>): Stored<Milestone> {
  return milestone(id, projectCode, fields);
}

/** A plan `times` as large as the demo, for checks that views stay usable at scale. */
export function scaledDemoPlan(times: number): PlanRecords {
  const base = demoPlan();
  const projects: Stored<Project>[] = [];
  const milestones: Stored<Milestone>[] = [];
  for (let n = 0; n < times; n++) {
    for (const p of base.projects) {
      const code = `${p.record.code}X${n}`;
      projects.push({ ...p, id: `${p.id}-${n}`, record: { ...p.record, code, key: `2026/27|${code}` } });
    }
    for (const m of base.milestones) {
      const code = `${m.record.projectCode}X${n}`;
      milestones.push({ ...m, id: `${m.id}-${n}`, record: { ...m.record, projectCode: code, key: `${m.record.key}#${n}` } });
    }
  }
  return { ...base, projects, milestones };
}
