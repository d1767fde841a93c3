import { describe, expect, it } from 'vitest';
import { accessOf, canUpdateAny, decideUpdate, describeUpdateRights } from './access.ts';
import type { Grant } from './access.ts';

const performance: Grant[] = [{ role: 'performance' }];
const slt: Grant[] = [{ role: 'slt' }];
const reader: Grant[] = [{ role: 'reader' }];
const directorCf: Grant[] = [{ role: 'director', directorate: 'CF' }];
const managerCf: Grant[] = [{ role: 'manager', directorate: 'CF' }];
const managerEis: Grant[] = [{ role: 'manager', directorate: 'EIS' }];
const nobody: Grant[] = [];

describe('accessOf', () => {
  it.each<[string, Grant[], { roles: string[]; directorates: string[] }]>([
    ['no group is a reader', nobody, { roles: ['reader'], directorates: [] }],
    ['performance team', performance, { roles: ['performance'], directorates: [] }],
    ['manager of CF', managerCf, { roles: ['manager'], directorates: ['CF'] }],
    ['director and manager of two directorates, listed once each', [...directorCf, ...managerCf, ...managerEis], { roles: ['director', 'manager'], directorates: ['CF', 'EIS'] }],
    ['a directorate on a read-only role gives nothing', [{ role: 'slt', directorate: 'CF' }], { roles: ['slt'], directorates: [] }],
  ])('%s', (_name, grants, expected) => expect(accessOf(grants)).toEqual(expected));
});

describe('who may update which milestone', () => {
  const cf = { directorates: ['CF'] };
  const eis = { directorates: ['EIS'] };
  const jointCfHc = { directorates: ['HC', 'CF'] };
  const none = { directorates: [] as string[] };
  it.each<[string, Grant[], { directorates: string[] }, boolean, string?]>([
    ['performance: any milestone', performance, eis, true],
    ['performance: even one with no directorate', performance, none, true],
    ['director of CF: a CF milestone', directorCf, cf, true],
    ['manager of CF: a CF milestone', managerCf, cf, true],
    ['manager of CF: a joint CF and HC milestone', managerCf, jointCfHc, true],
    ['manager of EIS: a CF milestone', managerEis, cf, false, 'other-directorate'],
    ['manager of EIS: a joint CF and HC milestone', managerEis, jointCfHc, false, 'other-directorate'],
    ['manager of CF: a milestone of no directorate', managerCf, none, false, 'other-directorate'],
    ['SLT: nothing', slt, cf, false, 'read-only'],
    ['Cabinet and scrutiny (reader): nothing', reader, cf, false, 'read-only'],
    ['no group: nothing', nobody, cf, false, 'read-only'],
  ])('%s', (_name, grants, milestone, allowed, reason) => {
    const decision = decideUpdate(accessOf(grants), milestone);
    expect(decision.allowed).toBe(allowed);
    if (!decision.allowed) {
      expect(decision.reason).toBe(reason);
      expect(decision.message).toMatch(/ask/i);
    }
  });

  it('tells a manager of another directorate whose milestone it is and what they may update instead', () => {
    const decision = decideUpdate(accessOf(managerEis), { directorates: ['HC', 'CF'] });
    expect(decision).toMatchObject({
      allowed: false,
      message: expect.stringContaining('belongs to Health and Care and Children and Families. You can update milestones of Economy, Infrastructure and Skills projects'),
    });
  });

  it('only the performance team may update any milestone', () => {
    expect([performance, slt, reader, directorCf, managerCf, nobody].map((grants) => canUpdateAny(accessOf(grants)))).toEqual([true, false, false, false, false, false]);
  });
});

describe('describeUpdateRights', () => {
  it.each<[string, Grant[], string]>([
    ['performance', performance, 'Any milestone of the plan (performance team).'],
    ['manager of CF', managerCf, 'Milestones of Children and Families projects (including joint projects).'],
    ['director of two', [...directorCf, { role: 'director', directorate: 'HC' }], 'Milestones of Children and Families and Health and Care projects (including joint projects).'],
    ['an unknown code is shown as it is', [{ role: 'manager', directorate: 'XYZ' }], 'Milestones of XYZ projects (including joint projects).'],
    ['reader', reader, 'Nothing: you can read the plan. To change a milestone, ask its directorate’s programme manager or the performance team.'],
  ])('%s', (_name, grants, sentence) => expect(describeUpdateRights(accessOf(grants))).toBe(sentence));
});
