import { describe, expect, it } from 'vitest';
import { checkDataQuality, DATA_QUALITY_CODES, type DataQualityInput, type DataQualityIssue } from './data-quality.ts';
import { DEFAULT_DIRECTORATES } from './directorates.ts';
import { milestoneKey, projectKey, type Milestone, type Plan, type Project } from './records.ts';

const PLAN: Plan = { name: '2026/27', startsOn: '2026-04-01', endsOn: '2027-03-31', themes: [] };

function project(code: string, extra: Partial<Project> = {}): Project {
  return {
    key: projectKey(PLAN.name, code),
    plan: PLAN.name,
    code,
    title: `Project ${code}`,
    commitments: [],
    leadDirectorates: ['HC'],
    leadAreaAsPublished: 'Health and Care',
    cabinetMembers: [],
    projectLeadUpn: 'project.lead@example.gov.uk',
    ...extra,
  };
}

function milestone(projectCode: string, title: string, extra: Partial<Milestone> = {}): Milestone {
  return {
    key: milestoneKey(PLAN.name, projectCode, title),
    plan: PLAN.name,
    projectCode,
    directorates: ['HC'],
    title,
    publishedDate: 'June 2026',
    dueDate: '2026-06-30',
    datePrecision: 'month',
    dateFlag: 'ok',
    status: 'Not started',
    ownerUpn: 'owner@example.gov.uk',
    ...extra,
  };
}

function check(projects: Project[], milestones: Milestone[], plan: Plan = PLAN): DataQualityIssue[] {
  const input: DataQualityInput = { plan, projects, milestones, directorates: DEFAULT_DIRECTORATES };
  return checkDataQuality(input);
}

const summary = (issues: DataQualityIssue[]) => issues.map(({ code, severity, projectCode }) => `${severity} ${code} ${projectCode ?? ''}`.trim());

describe('checkDataQuality', () => {
  it('finds nothing wrong with a clean plan', () => {
    expect(check([project('PE6')], [milestone('PE6', 'Deploy additional capacity for Everyone Health.')])).toEqual([]);
  });

  it.each<[string, Project[], Milestone[], string[]]>([
    ['a TBC date with no due date', [project('PE2')], [milestone('PE2', 'Refresh the Local Offer', { publishedDate: 'TBC', dueDate: undefined, dateFlag: 'tbc', datePrecision: 'none' })], ['warning date-tbc PE2']],
    ['a provisional date', [project('PE2')], [milestone('PE2', 'Refresh the Local Offer', { publishedDate: 'June 2026 (TBC)', dateFlag: 'tbc' })], ['info date-tbc PE2']],
    ['an unread date', [project('PE2')], [milestone('PE2', 'Refresh the Local Offer', { publishedDate: 'Febuary 2026', dueDate: undefined, dateFlag: 'unparsed', datePrecision: 'none' })], ['error date-unparsed PE2']],
    // With no stored flag, the published text is read again.
    ['an unread date with no stored flag', [project('PE2')], [milestone('PE2', 'Refresh the Local Offer', { publishedDate: 'ASAP', dueDate: undefined, dateFlag: undefined })], ['error date-unparsed PE2']],
    ['an unread date someone has since dated', [project('PE2')], [milestone('PE2', 'Refresh', { publishedDate: 'ASAP', dateFlag: 'unparsed' })], []],
    ['a date before the plan year', [project('PE4')], [milestone('PE4', 'Launch the Community of Practice', { publishedDate: 'October 2025', dueDate: '2025-10-31' })], ['warning date-before-plan-start PE4']],
    ['a completed milestone before the plan year', [project('PE4')], [milestone('PE4', 'Launch', { dueDate: '2025-10-31', status: 'Complete' })], []],
    ['a cancelled milestone still TBC', [project('PE2')], [milestone('PE2', 'Refresh', { publishedDate: 'TBC', dueDate: undefined, dateFlag: 'tbc', status: 'Cancelled' })], []],
    ['no owner', [project('PE6')], [milestone('PE6', 'Deploy capacity', { ownerUpn: undefined })], ['info no-owner PE6']],
    ['no project lead', [project('PE6', { projectLeadUpn: undefined })], [milestone('PE6', 'Deploy capacity')], ['warning no-project-lead PE6']],
    ['no lead directorate', [project('VFM4', { leadDirectorates: [], leadAreaAsPublished: undefined })], [milestone('VFM4', 'Decide')], ['error no-lead-directorate VFM4']],
    ['an unknown project directorate code', [project('PE6', { leadDirectorates: ['HC', 'XX'] })], [milestone('PE6', 'Deploy')], ['error unknown-directorate PE6']],
    ['an unknown milestone directorate code', [project('PE6')], [milestone('PE6', 'Deploy', { directorates: ['Health and Care'] })], ['error unknown-directorate PE6']],
    ['an unknown published lead area', [project('PE6', { leadAreaAsPublished: 'Health and Care / Public Health' })], [milestone('PE6', 'Deploy')], ['warning unknown-directorate PE6']],
    ['a project without milestones', [project('PE6'), project('PE7')], [milestone('PE6', 'Deploy')], ['warning project-without-milestones PE7']],
    ['a milestone without a project', [project('PE6')], [milestone('PE6', 'Deploy'), milestone('PE99', 'Orphan')], ['error milestone-without-project PE99']],
    ['a duplicated project code', [project('EC1'), project('EC1', { key: 'other', title: 'Another' })], [milestone('EC1', 'Assess')], ['error duplicate-project-code EC1']],
    ['a duplicated milestone key', [project('EC1')], [milestone('EC1', 'Assess'), milestone('EC1', 'Assess')], ['error duplicate-milestone EC1']],
    [
      'the same milestone twice under different keys',
      [project('EC1')],
      [milestone('EC1', 'Assess the market.'), milestone('EC1', 'Assess the market', { key: milestoneKey(PLAN.name, 'EC1', 'Assess the market', 2) })],
      ['warning duplicate-milestone EC1'],
    ],
    ['a repeated title with different dates', [project('EC1')], [milestone('EC1', 'Review'), milestone('EC1', 'Review', { key: 'k2', dueDate: '2026-09-30', publishedDate: 'September 2026' })], []],
  ])('%s', (_name, projects, milestones, expected) => expect(summary(check(projects, milestones))).toEqual(expected));

  it('ignores records of other plans', () => {
    const old = { ...project('PE6'), plan: '2025/26', key: projectKey('2025/26', 'PE6'), projectLeadUpn: undefined };
    const oldMilestone = { ...milestone('PE6', 'Old'), plan: '2025/26', publishedDate: 'TBC', dateFlag: 'tbc' as const };
    expect(check([project('PE6'), old], [milestone('PE6', 'Deploy'), oldMilestone])).toEqual([]);
  });

  it('does not warn of a date before the plan when the plan has no start date', () => {
    const { startsOn: _startsOn, ...undatedPlan } = PLAN;
    expect(check([project('PE4')], [milestone('PE4', 'Launch', { dueDate: '2025-10-31' })], undatedPlan)).toEqual([]);
  });

  it('writes messages an officer can act on, naming the project and milestone', () => {
    const issues = check([project('PE2')], [milestone('PE2', 'Refresh information on the Local Offer platform', { publishedDate: 'TBC', dueDate: undefined, dateFlag: 'tbc' })]);
    expect(issues).toEqual([
      {
        code: 'date-tbc',
        severity: 'warning',
        projectCode: 'PE2',
        milestoneKey: milestoneKey(PLAN.name, 'PE2', 'Refresh information on the Local Offer platform'),
        message: 'PE2: milestone "Refresh information on the Local Offer platform" has its date to be confirmed ("TBC"); agree a due date with the project lead and record it.',
      },
    ]);
    const early = check([project('PE4')], [milestone('PE4', 'Launch', { dueDate: '2025-10-31' })]);
    expect(early[0]?.message).toBe(
      'PE4: milestone "Launch" was due 31 October 2025, before the plan year began on 1 April 2026; mark it complete if it is done, or record a revised date.',
    );
  });

  it('shortens long titles in messages', () => {
    const title = `Work with partners like Building Digital UK ${'and telecom providers '.repeat(10)}`;
    const [issue] = check([project('HD2')], [milestone('HD2', title, { ownerUpn: undefined })]);
    expect(issue?.message).toMatch(/^HD2: milestone "Work with partners like Building Digital UK and telecom.{10,40}…" has no owner/);
  });

  it('puts errors first, then warnings, then information, each in project order', () => {
    const issues = check(
      [project('PE10', { projectLeadUpn: undefined }), project('PE2'), project('PE9', { leadDirectorates: [] })],
      [milestone('PE10', 'A', { ownerUpn: undefined }), milestone('PE2', 'B', { ownerUpn: undefined }), milestone('PE9', 'C')],
    );
    expect(summary(issues)).toEqual(['error no-lead-directorate PE9', 'warning no-project-lead PE10', 'info no-owner PE2', 'info no-owner PE10']);
  });

  it('lists every issue code once', () => {
    expect(new Set(DATA_QUALITY_CODES).size).toBe(DATA_QUALITY_CODES.length);
  });
});
