import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError } from './import-error.ts';
import type { ImportErrorReason, ImportProblem } from './import-error.ts';
import { acceptInput } from './import-plan.ts';
import { readImportInput } from './run-import.ts';
import { TEMPLATE_COLUMNS, formatPerson, parsePerson, readSpreadsheet, writeSpreadsheet } from './spreadsheet.ts';
import type { SpreadsheetRow } from './spreadsheet.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'waymark-spreadsheet-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const HEADER = TEMPLATE_COLUMNS.map((column) => (column.includes(',') ? `"${column}"` : column)).join(',');

const ROWS: SpreadsheetRow[] = [
  {
    Plan: '2030/31',
    Theme: 'People',
    'Priority area': 'Early Help',
    'Project code': 'AB1',
    Project: 'First project',
    Summary: 'Line one.\n\nLine two, with a comma and "quotes".',
    'Lead directorate': 'Children and Families; Health and Care',
    'Cabinet member': 'Cabinet Member for Children; Cabinet Member for Health',
    'Project lead': 'Head of Service (demo) <head.of.service@example.gov.uk>',
    Workstream: 'North',
    Milestone: 'Do the first thing.',
    Deliverable: 'A report',
    'Due (as published)': 'March 2031',
    'Due date (ISO, optional override)': '2031-02-14',
    Owner: 'owner.one@example.gov.uk',
    Status: 'On track',
    Commentary: 'Going well – so far.',
  },
  { Plan: '2030/31', 'Project code': 'AB1', Project: 'First project', Milestone: 'Do the second thing', 'Due (as published)': 'TBC', Status: 'Not started' },
  { Plan: '2030/31', Theme: 'Economy', 'Project code': 'CD2', Project: 'Project without milestones' },
];

async function csvFile(name: string, lines: string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `${lines.join('\n')}\n`, 'utf8');
  return path;
}

describe('writeSpreadsheet then readSpreadsheet', () => {
  it.each(['xlsx', 'csv'])('round-trips every cell through .%s', async (extension) => {
    const path = join(dir, `round-trip.${extension}`);
    await writeSpreadsheet(path, ROWS);
    const parsed = await readSpreadsheet(path);
    expect(parsed.problems).toEqual([]);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.plan).toMatchObject({ name: '2030/31', startsOn: '2030-04-01', endsOn: '2031-03-31', themes: ['People', 'Economy'] });
    expect(parsed.projects).toEqual([
      {
        code: 'AB1',
        title: 'First project',
        theme: 'People',
        priorityArea: 'Early Help',
        summary: 'Line one.\n\nLine two, with a comma and "quotes".',
        leadAreaAsPublished: 'Children and Families; Health and Care',
        cabinetMembers: ['Cabinet Member for Children', 'Cabinet Member for Health'],
        projectLeadUpn: 'head.of.service@example.gov.uk',
        projectLeadName: 'Head of Service (demo)',
        sortOrder: 1,
        row: 2,
        milestones: [
          {
            title: 'Do the first thing.',
            workstream: 'North',
            deliverable: 'A report',
            publishedDate: 'March 2031',
            dueDateOverride: '2031-02-14',
            ownerUpn: 'owner.one@example.gov.uk',
            status: 'On track',
            commentary: 'Going well – so far.',
            sequence: 1,
            row: 2,
          },
          { title: 'Do the second thing', publishedDate: 'TBC', status: 'Not started', sequence: 2, row: 3 },
        ],
      },
      { code: 'CD2', title: 'Project without milestones', theme: 'Economy', cabinetMembers: [], sortOrder: 2, row: 4, milestones: [] },
    ]);
  });

  it('writes the workbook with a bold, frozen header row and sized columns', async () => {
    const path = join(dir, 'layout.xlsx');
    await writeSpreadsheet(path, ROWS);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...TEMPLATE_COLUMNS]);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(11).width).toBeGreaterThan(sheet.getColumn(1).width ?? 0);
  });

  it('writes CSV with the same header, as UTF-8 with a byte-order mark', async () => {
    const path = join(dir, 'layout.csv');
    await writeSpreadsheet(path, ROWS);
    const text = await readFile(path, 'utf8');
    expect(text.startsWith(`\uFEFF${HEADER}\n`)).toBe(true);
  });
});

describe('commentary that a spreadsheet would run as a formula', () => {
  const risky = [{ Plan: '2030/31', 'Project code': 'AB1', Project: 'First project', Milestone: 'M', Status: 'At risk', Commentary: '=HYPERLINK("http://evil.example","Click")' }];

  it('is written to CSV as text (apostrophe first), so Excel does not run it', async () => {
    const path = join(dir, 'formula.csv');
    await writeSpreadsheet(path, risky);
    const text = await readFile(path, 'utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
    expect(text).not.toMatch(/,=HYPERLINK/);
  });

  it('reads back exactly as it was typed', async () => {
    const path = join(dir, 'formula-round-trip.csv');
    await writeSpreadsheet(path, risky);
    const parsed = await readSpreadsheet(path);
    expect(parsed.projects[0]?.milestones[0]?.commentary).toBe('=HYPERLINK("http://evil.example","Click")');
  });
});

describe('readSpreadsheet headers and cells', () => {
  it('matches headers ignoring case and spacing, and warns about columns it does not know, by name', async () => {
    const path = await csvFile('headers.csv', ['  PROJECT   code ,project,MILESTONE,due  (AS published),Colour,RAG', 'ab1,Title,Act.,May 2031,red,G']);
    const parsed = await readSpreadsheet(path, { planName: '2030/31' });
    expect(parsed.projects.map((p) => [p.code, p.title, p.milestones.map((m) => [m.title, m.publishedDate])])).toEqual([['AB1', 'Title', [['Act.', 'May 2031']]]]);
    expect(parsed.warnings).toEqual([{ location: { file: 'headers.csv', row: 1 }, message: 'Columns Waymark does not know were ignored: Colour, RAG.' }]);
  });

  it('reads several directorates and cabinet members separated by ";" or line breaks', async () => {
    const path = await csvFile('lists.csv', ['Project code,Project,Milestone,Lead directorate,Cabinet member', 'AB1,T,M,"Children and Families\nHealth and Care",Member A; Member B', 'AB2,T2,M,CF;HC,"Member C\nMember D"']);
    const parsed = await readSpreadsheet(path, { planName: '2030/31' });
    expect(parsed.projects.map((p) => [p.leadAreaAsPublished, p.cabinetMembers])).toEqual([
      ['Children and Families; Health and Care', ['Member A', 'Member B']],
      ['CF;HC', ['Member C', 'Member D']],
    ]);
  });

  it('reports a later row that restates project details differently, and uses the first', async () => {
    const path = await csvFile('details.csv', ['Project code,Project,Milestone,Theme', 'AB1,T,M1,People', 'AB1,T,M2,Economy']);
    const parsed = await readSpreadsheet(path, { planName: '2030/31' });
    expect(parsed.projects[0]?.theme).toBe('People');
    expect(parsed.warnings).toEqual([{ location: { file: 'details.csv', row: 3, column: 'Theme' }, message: 'AB1: "Economy" differs from row 2; the first row\'s value is used.' }]);
  });

  it('takes the plan from --plan over the Plan column, with a warning', async () => {
    const path = await csvFile('plan.csv', ['Plan,Project code,Project,Milestone', '2029/30,AB1,T,M']);
    const parsed = await readSpreadsheet(path, { planName: '2030/31' });
    expect(parsed.plan.name).toBe('2030/31');
    expect(parsed.warnings[0]?.message).toContain('The Plan column says "2029/30"');
  });

  it.each([
    ['Display Name <Upn@Example.gov.uk>', { upn: 'upn@example.gov.uk', name: 'Display Name' }],
    ['"Quoted Name" <a@b.uk>', { upn: 'a@b.uk', name: 'Quoted Name' }],
    ['plain@example.gov.uk', { upn: 'plain@example.gov.uk' }],
    ['Only A Name', { name: 'Only A Name' }],
    ['', undefined],
    ['Name <not-an-address>', 'invalid'],
    ['half@', 'invalid'],
  ])('parsePerson(%j)', (text, person) => expect(parsePerson(text)).toEqual(person));

  it('formats people the way it reads them', () => {
    expect(formatPerson('a@b.uk', 'Name')).toBe('Name <a@b.uk>');
    expect(formatPerson('a@b.uk', undefined)).toBe('a@b.uk');
    expect(formatPerson(undefined, undefined)).toBe('');
  });
});

async function refusal(run: () => Promise<unknown>): Promise<ImportError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('expected the import to be refused');
}

describe('bad input is refused before anything is written, naming the file, row and column', () => {
  const read = (path: string) => readImportInput(path, { defaultPlan: '2030/31' });
  const readAndAccept = async (path: string, skipBadRows = false) => acceptInput(await read(path), { skipBadRows });

  const fileCases: Array<[string, () => Promise<string>, ImportErrorReason, Partial<ImportProblem>[]]> = [
    ['an empty file', async () => csvFile('empty.csv', []).then(async (p) => (await writeFile(p, ''), p)), 'empty', [{ file: 'empty.csv' }]],
    ['a file of blank lines', async () => csvFile('blank.txt', ['', '   ', '']), 'empty', [{ file: 'blank.txt' }]],
    ['binary data (NUL bytes)', async () => (await writeFile(join(dir, 'nul.csv'), Buffer.from([0x50, 0x00, 0x01])), join(dir, 'nul.csv')), 'binary', [{ file: 'nul.csv' }]],
    ['text that is not UTF-8', async () => (await writeFile(join(dir, 'latin1.csv'), Buffer.concat([Buffer.from('Project code,Project,Milestone\nAB1,Caf'), Buffer.from([0xe9]), Buffer.from(',M\n')])), join(dir, 'latin1.csv')), 'binary', [{ file: 'latin1.csv', line: 2 }]],
    ['a truncated workbook', async () => {
      const path = join(dir, 'truncated.xlsx');
      await writeSpreadsheet(path, ROWS);
      const bytes = await readFile(path);
      await writeFile(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
      return path;
    }, 'unreadable', [{ file: 'truncated.xlsx' }]],
    ['a text file named .xlsx', async () => csvFile('text.xlsx', ['Project code,Project,Milestone']), 'unreadable', [{ file: 'text.xlsx' }]],
    ['a file over 10 MB', async () => {
      const path = join(dir, 'huge.csv');
      await writeFile(path, 'x');
      await truncate(path, 10 * 1024 * 1024 + 1);
      return path;
    }, 'too-large', [{ file: 'huge.csv' }]],
    ['over 20,000 rows', async () => csvFile('rows.csv', ['Project code,Project,Milestone', ...Array.from({ length: 20_001 }, (_, i) => `AB1,T,M${i}`)]), 'too-large', [{ file: 'rows.csv' }]],
    ['required columns missing', async () => csvFile('columns.csv', ['Code number,Project,Due', 'AB1,T,May 2031']), 'missing-columns', [
      { file: 'columns.csv', row: 1, column: 'Project code' },
      { file: 'columns.csv', row: 1, column: 'Milestone' },
    ]],
    ['rows for two plans', async () => csvFile('plans.csv', ['Plan,Project code,Project,Milestone', '2030/31,AB1,T,M', '2031/32,AB1,T,M2']), 'mixed-plans', [
      { file: 'plans.csv', row: 2, column: 'Plan' },
      { file: 'plans.csv', row: 3, column: 'Plan' },
    ]],
    ['a Word document renamed .txt', async () => (await writeFile(join(dir, 'word.txt'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00, 0x00])), join(dir, 'word.txt')), 'binary', [{ file: 'word.txt' }]],
    ['a plan document with no project sections', async () => csvFile('no-projects.txt', ['Delivery Plan', '', '6. PE1 - Only in the contents', '']), 'no-projects', [{ file: 'no-projects.txt' }]],
    ['a file type the importer does not read', async () => csvFile('plan.pdf', ['x']), 'unsupported-type', [{ file: 'plan.pdf' }]],
  ];
  it.each(fileCases)('%s', async (_name, make, reason, problems) => {
    const path = await make();
    const error = await refusal(() => readAndAccept(path));
    expect(error.reason).toBe(reason);
    expect(error.message).toContain(path.split('/').pop());
    expect(error.problems).toEqual(problems.map((problem) => expect.objectContaining(problem)));
  });

  const rowCases: Array<[string, string[], Partial<ImportProblem>]> = [
    ['an unknown status', ['AB1,T,M,May 2031,Nearly done'], { row: 2, column: 'Status', message: expect.stringContaining('"Nearly done" is not a status') }],
    ['one code with two titles', ['AB1,T,M,May 2031,', 'AB1,Other title,M2,June 2031,'], { row: 3, column: 'Project', message: expect.stringContaining('project AB1 is "T" on row 2 but "Other title" here') }],
    ['an empty milestone on a row with milestone details', ['AB1,T,,May 2031,On track'], { row: 2, column: 'Milestone', message: expect.stringContaining('the milestone is empty') }],
    ['an empty project code', [',T,M,May 2031,'], { row: 2, column: 'Project code' }],
    ['an override that is not an ISO date', ['AB1,T,M,May 2031,,31/05/2031'], { row: 2, column: 'Due date (ISO)', message: expect.stringContaining('yyyy-mm-dd') }],
    ['an owner that is not a person', ['AB1,T,M,May 2031,,,Someone <nobody>'], { row: 2, column: 'Owner' }],
  ];
  it.each(rowCases)('%s', async (name, lines, problem) => {
    const path = await csvFile(`${name.replace(/\W+/g, '-')}.csv`, ['Project code,Project,Milestone,Due (as published),Status,Due date (ISO),Owner', ...lines]);
    const error = await refusal(() => readAndAccept(path));
    expect(error.reason).toBe('bad-rows');
    expect(error.problems).toEqual([expect.objectContaining({ file: path.split('/').pop(), ...problem })]);
  });

  it('names the column with its letter in a workbook', async () => {
    const path = join(dir, 'letters.xlsx');
    await writeSpreadsheet(path, [{ 'Project code': 'AB1', Project: 'T', Milestone: 'M', Status: 'Sort of' }]);
    const error = await refusal(() => readAndAccept(path));
    expect(error.problems).toEqual([expect.objectContaining({ file: 'letters.xlsx', row: 2, column: 'Status (P)' })]);
  });

  it('refuses a file with some bad rows whole, or with --skip-bad-rows imports the rest and lists every skipped row', async () => {
    const path = await csvFile('some-bad.csv', ['Project code,Project,Milestone,Status', 'AB1,T,Good one,On track', 'AB1,T,Bad one,Whatever', 'AB2,T2,,Complete', 'AB3,T3,Also good,']);
    const refused = await refusal(() => readAndAccept(path));
    expect(refused.problems.map((p) => p.row)).toEqual([3, 4]);
    const accepted = await readAndAccept(path, true);
    expect(accepted.projects.map((p) => [p.code, p.milestones.map((m) => m.title)])).toEqual([
      ['AB1', ['Good one']],
      ['AB3', ['Also good']],
    ]);
    expect(accepted.skipped.map((p) => [p.row, p.column])).toEqual([
      [3, 'Status'],
      [4, 'Milestone'],
    ]);
    expect(accepted.codesWithSkippedRows.sort()).toEqual(['AB1', 'AB2']);
  });

  it('keeps an unreadable published date (flagged later), rather than refusing the row', async () => {
    const path = await csvFile('odd-date.csv', ['Project code,Project,Milestone,Due (as published)', 'AB1,T,M,When the stars align']);
    const accepted = await readAndAccept(path);
    expect(accepted.projects[0]?.milestones[0]?.publishedDate).toBe('When the stars align');
  });
});
