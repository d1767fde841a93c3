import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlanDocument, themeName } from './plan-document.ts';
import { planPeriodOf } from './plan-input.ts';

const PLAN_FILE = new URL('../../data/delivery-plan-2026-27.txt', import.meta.url);
const FIXTURE = new URL('../../tests/fixtures/delivery-plan-2026-27.expected.json', import.meta.url);

interface Expected {
  plan: Record<string, unknown>;
  projects: Array<{ code: string; title: string; theme: string | null; priorityArea: string | null; subArea: string | null; leadAreaAsPublished: string | null; cabinetMembers: string[]; commitments: number }>;
  milestones: Array<{ projectCode: string; workstream: string | null; line: number; title: string; publishedDate: string }>;
}

describe('parsePlanDocument on the real 2026/27 plan', () => {
  const text = readFileSync(PLAN_FILE, 'utf8');
  const expected = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Expected;
  const parsed = parsePlanDocument(text, { planName: '2026/27', sourceFile: 'delivery-plan-2026-27.txt' });

  it('reads the plan record from the cover and the plan name', () => {
    expect(parsed.plan).toEqual(expected.plan);
  });

  it('finds exactly the hand-verified projects, in order, with their placement, leads and cabinet members', () => {
    const projects = parsed.projects.map((project) => ({
      code: project.code,
      title: project.title,
      theme: project.theme ?? null,
      priorityArea: project.priorityArea ?? null,
      subArea: project.subArea ?? null,
      leadAreaAsPublished: project.leadAreaAsPublished ?? null,
      cabinetMembers: project.cabinetMembers,
      commitments: project.commitments?.length,
    }));
    expect(projects).toEqual(expected.projects);
  });

  it('turns every key action into exactly one milestone, verbatim, with its line', () => {
    const milestones = parsed.projects.flatMap((project) =>
      project.milestones.map((milestone) => ({
        projectCode: project.code,
        workstream: milestone.workstream ?? null,
        line: milestone.line,
        title: milestone.title,
        publishedDate: milestone.publishedDate,
      })),
    );
    expect(milestones).toEqual(expected.milestones);
    expect(milestones).toHaveLength(204);
    expect(parsed.projects).toHaveLength(39);
  });

  it('reads the same plan saved with Windows line endings and a byte-order mark', () => {
    const windows = parsePlanDocument(`\uFEFF${text.replace(/\n/g, '\r\n')}`, { planName: '2026/27', sourceFile: 'delivery-plan-2026-27.txt' });
    expect(windows.projects).toEqual(parsed.projects);
  });

  it('numbers milestones 1..n within each project and projects 1..n in document order', () => {
    expect(parsed.projects.map((project) => project.sortOrder)).toEqual(parsed.projects.map((_, index) => index + 1));
    for (const project of parsed.projects) expect(project.milestones.map((m) => m.sequence)).toEqual(project.milestones.map((_, index) => index + 1));
  });

  it('keeps summaries as paragraphs and commitments verbatim, including the pasted HTML list (HD2)', () => {
    const byCode = new Map(parsed.projects.map((project) => [project.code, project]));
    expect(byCode.get('PE4')?.summary?.split('\n\n')).toHaveLength(3);
    expect(byCode.get('EC10')?.summary).toMatch(/^We will deliver strategic investment/);
    expect(byCode.get('HD2')?.commitments).toEqual([
      'Improve gigabit capable coverage across Staffordshire.',
      'Improve mobile capacity and coverage across Staffordshire.',
      'Deliver pilot projects that demonstrate the benefits of improved connectivity.',
    ]);
    // EC2's workstream headings group its bullets but are not commitments themselves.
    expect(byCode.get('EC2')?.commitments?.[0]).toBe("Complete a business case to inform the Cabinet's investment decision.");
  });

  it('reports the junk table line, the HD1 title that differs from the contents, and VFM8 with no section', () => {
    expect(parsed.problems).toEqual([]);
    expect(parsed.warnings.map((warning) => [warning.location.line, warning.message.slice(0, 40)])).toEqual([
      [728, 'EC2: the table line "-- ------------" ho'],
      [1080, 'HD1: the contents page calls it "Deliver'],
      [200, 'VFM8 is listed in the front matter but h'],
    ]);
    expect(parsed.warnings.every((warning) => warning.location.file === 'delivery-plan-2026-27.txt')).toBe(true);
  });
});

/** A small document around one project's key actions, so each layout can be tested alone. */
function section(keyActions: string, extra: { before?: string; lead?: string } = {}): string {
  return [
    'Delivery Plan 2030-2031',
    '',
    'Example Council',
    '',
    ...(extra.before !== undefined ? [extra.before] : ['PEOPLE', '', 'Early Help', '']),
    'AB1 - Example project',
    '',
    'What the project is for.',
    '',
    'We will...',
    '',
    '- Do the first thing.',
    '- Do the second thing.',
    '',
    keyActions,
    '',
    extra.lead ?? 'Lead area: Health and Care',
    '',
    'Cabinet Member for Health and Care',
    '',
  ].join('\n');
}

function actionsOf(text: string) {
  const parsed = parsePlanDocument(text, { planName: '2030/31', sourceFile: 'plan.txt' });
  return { parsed, actions: parsed.projects[0]?.milestones.map((m) => [m.workstream ?? null, m.title, m.publishedDate]) ?? [] };
}

describe('parsePlanDocument key-action layouts', () => {
  const cases: Array<[string, string, Array<[string | null, string, string]>]> = [
    ['alternating lines after "Milestone dates"', 'Key actions:\n\nMilestone dates\n\nFirst action.\n\nJanuary 2031\n\nSecond action\n\nTBC', [[null, 'First action.', 'January 2031'], [null, 'Second action', 'TBC']]],
    ['tab-separated lines', 'Key actions:\n\nMilestone dates\n\nFirst action.\tMarch 2031\nSecond action.\tFeb-May 2031', [[null, 'First action.', 'March 2031'], [null, 'Second action.', 'Feb-May 2031']]],
    ['"Key actions:<TAB>Milestone dates" header', 'Key actions:\tMilestone dates\nFirst action.\tEnd April 2031', [[null, 'First action.', 'End April 2031']]],
    ['"Milestone dates" between an action and its date', 'Key actions:\n\nDecide on the next steps.\n\nMilestone dates\n\nApril 2031', [[null, 'Decide on the next steps.', 'April 2031']]],
    ['"Key actions:" repeated', 'Key actions:\n\nKey actions:\tMilestone dates\nOnly action.\tMay 2031', [[null, 'Only action.', 'May 2031']]],
    ['action and date on one line, space-separated', 'Key actions: Milestone dates\nBuy a property. April 2031\nAgree the tools launch September 2031', [[null, 'Buy a property.', 'April 2031'], [null, 'Agree the tools launch', 'September 2031']]],
    [
      'workstream headings before tab lines, a table ruling ignored',
      'Key actions:\n\nMilestone dates\n\nNorth Corridor\n\nFirst.\tMarch 2031\n--\t----\n\nSouth Corridor (A38 and A5)\n\nSecond.\tMay 2031',
      [['North Corridor', 'First.', 'March 2031'], ['South Corridor (A38 and A5)', 'Second.', 'May 2031']],
    ],
    ['tab-terminated workstream headings', 'Key actions:\tMilestone dates\nGrowth Hub Milestones\t\nProduce report.\tMay 2031\nOther Milestones\t\nFinal review.\tMarch 2032', [['Growth Hub Milestones', 'Produce report.', 'May 2031'], ['Other Milestones', 'Final review.', 'March 2032']]],
    ['workstream headings among alternating lines', 'Key actions:\n\nMilestone dates\n\nSucceed & grow\n\nRun the events.\n\nMarch 2032\n\nFarms Tech\n\nSeek approval\n\nMarch 2031', [['Succeed & grow', 'Run the events.', 'March 2032'], ['Farms Tech', 'Seek approval', 'March 2031']]],
    ['dates kept verbatim however they are written', 'Key actions:\tMilestone dates\nA.\tFrom April 2031\nB.\tSeptember 2031 and March 2032\nC.\tSept 2032', [[null, 'A.', 'From April 2031'], [null, 'B.', 'September 2031 and March 2032'], [null, 'C.', 'Sept 2032']]],
    ['an action whose date is missing is kept with an empty date', 'Key actions:\tMilestone dates\nHas a date.\tMay 2031\nHas no date at all, sadly.\t\nAnother.\tJune 2031', [[null, 'Has a date.', 'May 2031'], [null, 'Has no date at all, sadly.', ''], [null, 'Another.', 'June 2031']]],
    ['an action ending in a year is not split when its date follows on the next line', 'Key actions:\n\nDevelop proposals for 2031/32\n\nMarch 2031', [[null, 'Develop proposals for 2031/32', 'March 2031']]],
  ];
  it.each(cases)('%s', (_name, keyActions, expected) => {
    expect(actionsOf(section(keyActions)).actions).toEqual(expected);
  });

  it('warns about a dateless action and about a date with no action, inventing nothing', () => {
    const { parsed, actions } = actionsOf(section('Key actions:\tMilestone dates\n\tMay 2031\nNo date here, it seems.\t'));
    expect(actions).toEqual([[null, 'No date here, it seems.', '']]);
    expect(parsed.warnings.map((w) => w.message)).toEqual([
      expect.stringContaining('the date "May 2031" has no key action'),
      expect.stringContaining('has no date; it was kept with an empty date'),
    ]);
  });
});

describe('parsePlanDocument sections and front matter', () => {
  it('reads cabinet members on one line separated by " / ", and keeps a dual role as one person', () => {
    const two = parsePlanDocument(section('Key actions:\tMilestone dates\nA.\tMay 2031', { lead: 'Lead area: Children and Families / Health and Care\nCabinet Member for Children / Cabinet Member for Health' }), { planName: '2030/31', sourceFile: 'p.txt' });
    expect(two.projects[0]?.cabinetMembers).toEqual(['Cabinet Member for Children', 'Cabinet Member for Health', 'Cabinet Member for Health and Care']);
    const dual = parsePlanDocument(section('Key actions:\tMilestone dates\nA.\tMay 2031', { lead: 'Lead area: Strategy\t\nDeputy Leader for the Council and Cabinet Member for Economy & Skills\t' }), { planName: '2030/31', sourceFile: 'p.txt' });
    expect(dual.projects[0]?.leadAreaAsPublished).toBe('Strategy');
    expect(dual.projects[0]?.cabinetMembers).toEqual(['Deputy Leader for the Council and Cabinet Member for Economy & Skills', 'Cabinet Member for Health and Care']);
  });

  it('takes theme and area from the contents page when the section has no headings', () => {
    const text = ['Plan', '', 'Council', '', '5 EFFICIENCY & VALUE FOR MONEY: Making every pound count', '', '5. ZZ1 - Listed project', '', 'Reviews', '', '6. RV1 - A review', '', 'Introduction:', '', 'Text.', ''].join('\n');
    const body = section('Key actions:\tMilestone dates\nA.\tMay 2031', { before: '' }).replace('AB1 - Example project', 'RV1 - A review');
    const parsed = parsePlanDocument(`${text}\n${body}`, { planName: '2030/31', sourceFile: 'p.txt' });
    expect(parsed.projects.map((p) => [p.code, p.theme, p.priorityArea, p.subArea])).toEqual([['RV1', 'Efficiency & Value for Money', 'Making every pound count', 'Reviews']]);
    expect(parsed.warnings.map((w) => w.message)).toEqual([expect.stringContaining('ZZ1 ("Listed project") is listed in the front matter')]);
  });

  it('creates nothing from contents and overview lists alone', () => {
    const parsed = parsePlanDocument('Plan\n\n6. PE1 - Listed\n\n- PE1 - Listed again.\n', { planName: '2030/31', sourceFile: 'p.txt' });
    expect(parsed.projects).toEqual([]);
  });

  it('refuses a second section with the same code, naming both lines', () => {
    const one = section('Key actions:\tMilestone dates\nA.\tMay 2031');
    const parsed = parsePlanDocument(`${one}\n${one.replace('Delivery Plan 2030-2031', '').replace('Example project', 'Another project')}`, { planName: '2030/31', sourceFile: 'p.txt' });
    expect(parsed.projects).toHaveLength(1);
    expect(parsed.problems).toEqual([{ file: 'p.txt', line: 33, message: expect.stringContaining('AB1 appears with a different title ("Another project" after "Example project"); it was first given on line 9') }]);
    expect(parsed.codesWithSkippedRows).toEqual(['AB1']);
  });

  it('reads title lines with an en dash or no space before the dash', () => {
    for (const title of ['VFM1 – Enhanced process', 'SR2- Websites', 'EC7- Develop things']) {
      const parsed = parsePlanDocument(section('Key actions:\tMilestone dates\nA.\tMay 2031').replace('AB1 - Example project', title), { planName: '2030/31', sourceFile: 'p.txt' });
      expect(parsed.projects.map((p) => `${p.code}|${p.title}`)).toEqual([title.replace(/\s*[-–]\s*/, '|')]);
    }
  });
});

describe('themeName and planPeriodOf', () => {
  it.each([
    ['PEOPLE', 'People'],
    ['EFFICIENCY & VALUE FOR MONEY', 'Efficiency & Value for Money'],
    ['Already Mixed', 'Already Mixed'],
  ])('themeName(%j) is %j', (heading, name) => expect(themeName(heading)).toBe(name));

  it.each([
    ['2026/27', { startsOn: '2026-04-01', endsOn: '2027-03-31' }],
    ['2026-27', { startsOn: '2026-04-01', endsOn: '2027-03-31' }],
    ['2099/00', { startsOn: '2099-04-01', endsOn: '2100-03-31' }],
    ['2026/2027', { startsOn: '2026-04-01', endsOn: '2027-03-31' }],
    ['2026/28', undefined],
    ['Corporate plan', undefined],
  ])('planPeriodOf(%j)', (name, period) => expect(planPeriodOf(name)).toEqual(period));
});
