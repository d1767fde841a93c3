import { describe, expect, it } from 'vitest';
import { DEFAULT_DIRECTORATES, normaliseDirectorateName, resolveDirectorate, splitLeadArea } from './directorates.ts';
import { directorateSchema, type Directorate } from './records.ts';

const codesOf = (cell: string, known: readonly Directorate[] = DEFAULT_DIRECTORATES) => {
  const { leads, unknown } = splitLeadArea(cell, known);
  return { leads: leads.map((directorate) => directorate.code), unknown };
};

describe('DEFAULT_DIRECTORATES', () => {
  it('are valid records with unique codes and no directors', () => {
    for (const directorate of DEFAULT_DIRECTORATES) {
      expect(directorateSchema.parse(directorate)).toEqual(directorate);
      expect(directorate.directorUpn).toBeUndefined();
    }
    const codes = DEFAULT_DIRECTORATES.map((directorate) => directorate.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(['CF', 'HC', 'EIS', 'FR', 'ST', 'CS']);
  });

  it('never give two directorates the same spelling', () => {
    const seen = new Map<string, string>();
    for (const directorate of DEFAULT_DIRECTORATES) {
      for (const spelling of [directorate.name, directorate.code, ...directorate.aliases]) {
        const folded = normaliseDirectorateName(spelling);
        expect(seen.get(folded) ?? directorate.code).toBe(directorate.code);
        seen.set(folded, directorate.code);
      }
    }
  });
});

describe('normaliseDirectorateName', () => {
  it.each([
    ['Economy, Infrastructure & Skills (E I & S)', 'economy infrastructure and skills'],
    ['Economy, Infrastructure and Skills (E I & S)', 'economy infrastructure and skills'],
    ['  FINANCE   &  Resources\t', 'finance and resources'],
    ['Strategy + Transformation', 'strategy and transformation'],
    ["Children's Services", 'childrens services'],
    ['Children\u2019s Services', 'childrens services'],
    ['Health-and-Care', 'health and care'],
    ['(E I & S)', 'e i and s'],
    ['', ''],
  ])('%j folds to %j', (text, folded) => expect(normaliseDirectorateName(text)).toBe(folded));
});

describe('resolveDirectorate', () => {
  it.each([
    ['Children and Families', 'CF'],
    ['children & families', 'CF'],
    ['Health & Care', 'HC'],
    ['Economy, Infrastructure & Skills (E I & S)', 'EIS'],
    ['E I & S', 'EIS'],
    ['EI&S', 'EIS'],
    ['EIS', 'EIS'],
    ['e i s', 'EIS'],
    ['Finance & Resources', 'FR'],
    ['People Services & Finance', 'FR'],
    ['Strategy & Transformation', 'ST'],
    ['strategy and transformation', 'ST'],
    ['Customer Services', 'CS'],
    ['cs', 'CS'],
  ])('%j is %s', (text, code) => expect(resolveDirectorate(text, DEFAULT_DIRECTORATES)?.code).toBe(code));

  it.each(['', 'Highways', 'Health', 'Children and Families / Health and Care', 'People Services'])('%j is no directorate', (text) =>
    expect(resolveDirectorate(text, DEFAULT_DIRECTORATES)).toBeUndefined(),
  );

  it('uses the aliases a council configured', () => {
    const known: Directorate[] = [{ name: 'Corporate Services', code: 'CORP', aliases: ['Corp Services', 'Resources Directorate'] }];
    expect(resolveDirectorate('corp. services', known)?.code).toBe('CORP');
    expect(resolveDirectorate('Resources directorate', known)?.code).toBe('CORP');
    expect(resolveDirectorate('Finance and Resources', known)).toBeUndefined();
  });
});

describe('splitLeadArea: every Lead area line of the 2026/27 plan', () => {
  it.each<[string, string[]]>([
    ['Children and Families', ['CF']],
    ['Children and Families\t', ['CF']],
    ['Health and Care', ['HC']],
    ['Finance & Resources', ['FR']],
    ['Finance and Resources\t', ['FR']],
    ['Economy, Infrastructure & Skills (E I & S)', ['EIS']],
    ['Economy, Infrastructure & Skills (E I & S)\t', ['EIS']],
    ['Economy, Infrastructure and Skills (E I & S)', ['EIS']],
    ['Economy, Infrastructure and Skills (E I & S)\t', ['EIS']],
    ['Children and Families / Health and Care\t', ['CF', 'HC']],
    ['People Services & Finance', ['FR']],
    ['Strategy and Transformation\t', ['ST']],
    ['Strategy and Transformation', ['ST']],
    ['Strategy and Transformation & Economy, Infrastructure & Skills (E I & S)', ['ST', 'EIS']],
    ['Customer Services', ['CS']],
    ['Strategy & Transformation', ['ST']],
  ])('%j', (cell, leads) => expect(codesOf(cell)).toEqual({ leads, unknown: [] }));
});

describe('splitLeadArea: other cells', () => {
  it.each<[string, string[], string[]]>([
    ['Health & Care; Finance and Resources', ['HC', 'FR'], []],
    ['Health and Care\nFinance and Resources\r\nCustomer Services', ['HC', 'FR', 'CS'], []],
    ['Children and Families and Health and Care', ['CF', 'HC'], []],
    ['Children and Families & Health and Care', ['CF', 'HC'], []],
    ['Health and Care, Finance and Resources', ['HC', 'FR'], []],
    ['Children and Families jointly with Health and Care', ['CF', 'HC'], []],
    ['EIS / CF', ['EIS', 'CF'], []],
    ['E I & S', ['EIS'], []],
    ['(E I & S)', ['EIS'], []],
    // A bracket after a name qualifies it; it is not a lead of its own.
    ['Health and Care (Adults)', ['HC'], []],
    ['Health and Care / Health & Care', ['HC'], []],
    ['Highways / Health and Care', ['HC'], ['Highways']],
    ['Public Health and Care', ['HC'], ['Public']],
    ['Police, Fire and Rescue and Health and Care', ['HC'], ['Police', 'Fire and Rescue']],
    ['Corporate Services', [], ['Corporate Services']],
    ['(Adults)', [], ['(Adults)']],
    ['', [], []],
    [' / ; ', [], []],
  ])('%j', (cell, leads, unknown) => expect(codesOf(cell)).toEqual({ leads, unknown }));

  it('prefers the longest known name, so a name containing "&" or "," is never split', () => {
    const known: Directorate[] = [
      { name: 'Finance', code: 'FIN', aliases: [] },
      { name: 'Finance and Resources', code: 'FR', aliases: [] },
      { name: 'Resources', code: 'RES', aliases: [] },
    ];
    expect(codesOf('Finance & Resources', known)).toEqual({ leads: ['FR'], unknown: [] });
    expect(codesOf('Finance / Resources', known)).toEqual({ leads: ['FIN', 'RES'], unknown: [] });
  });
});
