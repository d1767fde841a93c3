import { describe, expect, it } from 'vitest';
import { DEMO_TODAY, demoPlan, scaledDemoPlan } from '../testing/demo-plan.ts';
import { buildPlanOnAPage, filterProjects } from './plan-on-a-page.ts';
import type { PlanFilters } from './plan-on-a-page.ts';
import { indexPlan } from './plan-index.ts';

const index = indexPlan(demoPlan(), DEMO_TODAY);
const codes = (filters: PlanFilters) => filterProjects(index, filters).map((p) => p.project.code);

describe('indexPlan', () => {
  it('orders projects by sort order, then code numerically', () => {
    expect(index.projects.map((p) => p.project.code)).toEqual(['PE1', 'PE2', 'PE10', 'EC2', 'VFM1']);
  });

  it.each([
    ['PE1', 'red', { overdue: 1, onTrack: 1, undated: 1, total: 3 }],
    ['PE2', 'red', { offTrack: 1, notStarted: 1, complete: 1, total: 3 }],
    ['PE10', 'amber', { atRisk: 1, total: 1 }],
    ['EC2', 'green', { onTrack: 1, undated: 1, total: 2 }],
    ['VFM1', 'complete', { complete: 1, total: 1 }],
  ])('rolls up %s as %s', (code, rag, counts) => {
    const item = index.projectsByCode.get(code)!;
    expect(item.rollUp.rag).toBe(rag);
    expect(item.rollUp.counts).toMatchObject(counts);
  });

  it('names lead directorates, keeping an unknown code as its own name', () => {
    const records = demoPlan();
    records.projects[0]!.record.leadDirectorates.push('ZZ');
    const withUnknown = indexPlan(records, DEMO_TODAY);
    expect(withUnknown.projectsByCode.get('PE1')!.leads).toEqual([
      { code: 'CF', name: 'Children and Families' },
      { code: 'ZZ', name: 'ZZ' },
    ]);
  });

  it('lists Cabinet Members once each, alphabetically', () => {
    expect(index.cabinetMembers).toEqual([
      'Cabinet Member for Children (demo)',
      'Cabinet Member for Economy (demo)',
      'Cabinet Member for Finance (demo)',
      'Cabinet Member for Health and Care (demo)',
    ]);
  });
});

describe('buildPlanOnAPage', () => {
  it('groups projects by theme in plan order, then priority area', () => {
    const page = buildPlanOnAPage(index);
    expect(page.themes.map((t) => [t.name, t.areas.map((a) => [a.name, a.projects.map((p) => p.project.code)])])).toEqual([
      [
        'People',
        [
          ['Children & Young People', ['PE1', 'PE2']],
          ['Adults & the Elderly', ['PE10']],
        ],
      ],
      ['Economy', [[undefined, ['EC2']]]],
      ['Value for money', [[undefined, ['VFM1']]]],
    ]);
    expect(page.shown).toBe(5);
    expect(page.total).toBe(5);
  });

  it('rolls up themes and the whole plan from their projects', () => {
    const page = buildPlanOnAPage(index);
    expect(page.themes.map((t) => t.rollUp.rag)).toEqual(['red', 'green', 'complete']);
    expect(page.rollUp.counts).toMatchObject({ total: 10, complete: 2, overdue: 1, undated: 2, offTrack: 1, atRisk: 1, onTrack: 2, notStarted: 1 });
  });

  it('drops themes with no project left after filtering', () => {
    const page = buildPlanOnAPage(index, { directorate: 'EIS' });
    expect(page.themes.map((t) => t.name)).toEqual(['Economy']);
    expect(page.shown).toBe(1);
    expect(page.total).toBe(5);
  });

  it('puts projects with no theme last', () => {
    const records = demoPlan();
    records.projects = [
      ...records.projects,
      { id: 'p-X1', eTag: '"x"', record: { key: '2026/27|X1', plan: '2026/27', code: 'X1', title: 'Unfiled project', commitments: [], leadDirectorates: [], cabinetMembers: [], sortOrder: 0 } },
    ];
    const page = buildPlanOnAPage(indexPlan(records, DEMO_TODAY));
    expect(page.themes.map((t) => t.name)).toEqual(['People', 'Economy', 'Value for money', undefined]);
  });
});

describe('filterProjects', () => {
  it.each<[string, PlanFilters, string[]]>([
    ['nothing', {}, ['PE1', 'PE2', 'PE10', 'EC2', 'VFM1']],
    ['a directorate, including joint leads', { directorate: 'HC' }, ['PE2', 'PE10']],
    ['a directorate code in any case', { directorate: 'cf' }, ['PE1', 'PE2']],
    ['a Cabinet Member', { cabinetMember: 'Cabinet Member for Health and Care (demo)' }, ['PE2', 'PE10']],
    ['red', { status: 'red' }, ['PE1', 'PE2']],
    ['amber', { status: 'amber' }, ['PE10']],
    ['green', { status: 'green' }, ['EC2']],
    ['complete', { status: 'complete' }, ['VFM1']],
    ['grey', { status: 'grey' }, []],
    ['has overdue milestones', { status: 'overdue' }, ['PE1']],
    ['an exact code, not its longer siblings', { query: 'pe1' }, ['PE1']],
    ['several codes', { query: 'PE1 EC2' }, ['PE1', 'EC2']],
    ['a word from a workstream', { query: 'corridor' }, ['EC2']],
    ['words from title, commitments and milestones', { query: 'family hubs' }, ['PE1']],
    ['a word start, in a lead directorate name too', { query: 'famil' }, ['PE1', 'PE2']],
    ['a word start, never the middle of a word', { query: 'hub' }, ['PE1']],
    ['a code prefix or any word start', { query: 'pe' }, ['PE1', 'PE2', 'PE10', 'VFM1']],
    ['a word inside another word, not at all', { query: 'ridor' }, []],
    ['an apostrophe folded', { query: "children's" }, ['PE2']],
    ['a lead directorate name with another filter', { query: 'health', directorate: 'CF' }, ['PE2']],
    ['blank search', { query: '   ' }, ['PE1', 'PE2', 'PE10', 'EC2', 'VFM1']],
    ['words that match nothing', { query: 'zebra crossing' }, []],
  ])('filters by %s', (_name, filters, expected) => {
    expect(codes(filters)).toEqual(expected);
  });

  it('finds one project by code in a plan 800 times the size', () => {
    const big = indexPlan(scaledDemoPlan(800), DEMO_TODAY);
    expect(big.projects).toHaveLength(4000);
    expect(filterProjects(big, { query: 'PE1X512' }).map((p) => p.project.code)).toEqual(['PE1X512']);
    expect(filterProjects(big, { status: 'amber' })).toHaveLength(800);
  });
});
