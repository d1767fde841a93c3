/**
 * The milestone spreadsheet: one row per milestone, the project's details repeated on each row,
 * read from .xlsx (exceljs) or .csv (csv-parse) and written in the same template by `waymark
 * export`, so a performance officer can export, edit in Excel and import again.
 *
 * Headers are matched ignoring case and spacing; columns the template does not know are ignored
 * with a warning naming them. Rows that cannot be imported become problems naming the row and
 * column; the caller refuses the file, or skips them with --skip-bad-rows.
 */
import { basename, extname } from 'node:path';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import writeFileAtomic from 'write-file-atomic';
import { MILESTONE_STATUSES, isoDateSchema } from '../domain/records.ts';
import type { MilestoneStatus, Plan } from '../domain/records.ts';
import { ImportError } from './import-error.ts';
import type { ImportProblem, ImportWarning } from './import-error.ts';
import { normaliseCode, planPeriodOf } from './plan-input.ts';
import type { MilestoneField, ParsedMilestone, ParsedPlanInput, ParsedProject, ProjectField } from './plan-input.ts';
import { MAX_ROWS, decodeText, readInputBytes } from './read-input.ts';

/** The template's columns, in order, as written in the header row. */
export const TEMPLATE_COLUMNS = [
  'Plan',
  'Theme',
  'Priority area',
  'Project code',
  'Project',
  'Summary',
  'Lead directorate',
  'Cabinet member',
  'Project lead',
  'Workstream',
  'Milestone',
  'Deliverable',
  'Due (as published)',
  'Due date (ISO, optional override)',
  'Owner',
  'Status',
  'Commentary',
] as const;
export type TemplateColumn = (typeof TEMPLATE_COLUMNS)[number];

/** One spreadsheet row: cell text by column (absent or '' for an empty cell). */
export type SpreadsheetRow = Partial<Record<TemplateColumn, string>>;

const REQUIRED: readonly TemplateColumn[] = ['Project code', 'Project', 'Milestone'];
const MILESTONE_COLUMNS: readonly TemplateColumn[] = ['Workstream', 'Deliverable', 'Due (as published)', 'Due date (ISO, optional override)', 'Owner', 'Status', 'Commentary'];
const PROJECT_DETAIL_COLUMNS: readonly TemplateColumn[] = ['Theme', 'Priority area', 'Summary', 'Lead directorate', 'Cabinet member', 'Project lead'];

// Other spellings people give the same columns; matched after folding case and spaces.
const ALIASES: Record<string, TemplateColumn> = {
  code: 'Project code',
  'project title': 'Project',
  'lead directorates': 'Lead directorate',
  'lead area': 'Lead directorate',
  'cabinet members': 'Cabinet member',
  'key action': 'Milestone',
  'milestone title': 'Milestone',
  due: 'Due (as published)',
  'due date (iso)': 'Due date (ISO, optional override)',
  'due date': 'Due date (ISO, optional override)',
  'latest commentary': 'Commentary',
};

const COLUMN_WIDTHS: Record<TemplateColumn, number> = {
  Plan: 10,
  Theme: 22,
  'Priority area': 28,
  'Project code': 12,
  Project: 40,
  Summary: 50,
  'Lead directorate': 30,
  'Cabinet member': 34,
  'Project lead': 30,
  Workstream: 24,
  Milestone: 60,
  Deliverable: 40,
  'Due (as published)': 18,
  'Due date (ISO, optional override)': 16,
  Owner: 30,
  Status: 12,
  Commentary: 50,
};

/** A table read from a file: the rows in order with their sheet row numbers. */
export interface SheetTable {
  file: string;
  rows: { number: number; cells: string[] }[];
  /** The letter(s) of a 0-based column index for messages ("P"), when the file has letters. */
  columnLetter?: (index: number) => string;
}

export interface SpreadsheetOptions {
  /** The plan to import into; overrides the Plan column (with a warning when they differ). */
  planName?: string;
}

/** Reads a .xlsx or .csv milestone spreadsheet; throws ImportError for a file that cannot be read at all. */
export async function readSpreadsheet(path: string, options: SpreadsheetOptions = {}): Promise<ParsedPlanInput> {
  const file = basename(path);
  const bytes = await readInputBytes(path);
  const table = extname(path).toLowerCase() === '.csv' ? csvTable(bytes, file) : await xlsxTable(bytes, file);
  return parseSpreadsheetTable(table, options);
}

function csvTable(bytes: Buffer, file: string): SheetTable {
  const text = decodeText(bytes, file);
  let records: string[][];
  try {
    records = parseCsv(text, { relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new ImportError('unreadable', `${file} is not a readable CSV file${line ? ` (line ${line})` : ''}: ${(error as Error).message}`, [
      { file, ...(line ? { line } : {}), message: (error as Error).message },
    ], { cause: error });
  }
  checkRowCount(records.length, file);
  return { file, rows: records.map((cells, index) => ({ number: index + 1, cells: cells.map(unescapeFormula) })) };
}

// Export prefixes a cell that a spreadsheet would run as a formula (=, +, -, @, tab, return) with
// an apostrophe (csv-stringify's escape_formulas); reading takes it off again so the round trip is exact.
const ESCAPED_FORMULA = /^'[=+\-@\t\r]/;
function unescapeFormula(cell: string): string {
  return ESCAPED_FORMULA.test(cell) ? cell.slice(1) : cell;
}

async function xlsxTable(bytes: Buffer, file: string): Promise<SheetTable> {
  // A workbook is a zip; anything else (or a truncated download) is refused before exceljs sees it.
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    if (bytes.indexOf(0) === -1 && bytes.length > 0) {
      throw new ImportError('unreadable', `${file} is not an Excel workbook (it looks like text). Save it as .xlsx, or rename a CSV file to .csv.`, [{ file, message: 'not a zip-based .xlsx workbook' }]);
    }
    throw new ImportError('unreadable', `${file} is not an Excel .xlsx workbook (corrupt, truncated, or an old .xls file).`, [{ file, message: 'not a zip-based .xlsx workbook' }]);
  }
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own Buffer type; Node's Buffer is what it reads at run time.
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (error) {
    throw new ImportError('unreadable', `${file} cannot be opened as an Excel workbook (corrupt or truncated): ${(error as Error).message}`, [{ file, message: 'corrupt or truncated workbook' }], {
      cause: error,
    });
  }
  const sheet = workbook.worksheets.find((candidate) => candidate.actualRowCount > 0) ?? workbook.worksheets[0];
  if (!sheet) throw new ImportError('empty', `${file} has no worksheet.`, [{ file, message: 'no worksheet' }]);
  checkRowCount(sheet.actualRowCount, file);
  const rows: SheetTable['rows'] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell.value);
    });
    rows.push({ number, cells: Array.from(cells, (cell) => cell ?? '') });
  });
  return { file, rows, columnLetter: columnLetter };
}

function checkRowCount(count: number, file: string): void {
  if (count - 1 > MAX_ROWS) {
    throw new ImportError('too-large', `${file} has ${count - 1} data rows; the importer reads at most ${MAX_ROWS}.`, [{ file, message: `${count - 1} rows` }]);
  }
}

/** A cell's value as the text a person sees; dates as yyyy-mm-dd. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as ExcelJS.CellValue);
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    return result === undefined || (typeof result === 'object' && !(result instanceof Date)) ? '' : cellText(result);
  }
  return '';
}

function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const remainder = (n - 1) % 26;
    letters = String.fromCharCode(65 + remainder) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

function foldHeader(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

const BY_FOLDED = new Map<string, TemplateColumn>([...TEMPLATE_COLUMNS.map((column) => [foldHeader(column), column] as const), ...Object.entries(ALIASES)]);

/** Reads the rows of a table in the template's shape: pure, so CSV and workbook share it. */
export function parseSpreadsheetTable(table: SheetTable, options: SpreadsheetOptions = {}): ParsedPlanInput {
  const { file } = table;
  const warnings: ImportWarning[] = [];
  const problems: ImportProblem[] = [];
  const rows = table.rows.filter((row) => row.cells.some((cell) => cell.trim() !== ''));
  const headerRow = rows[0];
  if (!headerRow) throw new ImportError('empty', `${file} has no rows.`, [{ file, message: 'no rows' }]);

  const columns = new Map<TemplateColumn, number>();
  const headerLabels: string[] = [];
  const unknown: string[] = [];
  headerRow.cells.forEach((cell, index) => {
    const label = cell.trim();
    headerLabels[index] = table.columnLetter ? `${label || '(blank)'} (${table.columnLetter(index)})` : label || `(column ${index + 1})`;
    if (label === '') {
      if (rows.slice(1).some((row) => (row.cells[index] ?? '').trim() !== '')) unknown.push(headerLabels[index]!);
      return;
    }
    const column = BY_FOLDED.get(foldHeader(label));
    if (!column) unknown.push(headerLabels[index]!);
    else if (columns.has(column)) warnings.push({ location: { file, row: headerRow.number, column: headerLabels[index] }, message: `The column "${label}" appears twice; the first one is used.` });
    else columns.set(column, index);
  });
  const missing = REQUIRED.filter((column) => !columns.has(column));
  if (missing.length > 0) {
    throw new ImportError(
      'missing-columns',
      `${file}: the header row (row ${headerRow.number}) lacks the required column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')}. The template's columns are: ${TEMPLATE_COLUMNS.join(', ')}.`,
      missing.map((column) => ({ file, row: headerRow.number, column, message: `required column "${column}" is missing` })),
    );
  }
  if (unknown.length > 0) {
    warnings.push({ location: { file, row: headerRow.number }, message: `Columns Waymark does not know were ignored: ${unknown.join(', ')}.` });
  }

  const labelOf = (column: TemplateColumn) => headerLabels[columns.get(column)!]!;
  const projects = new Map<string, ParsedProject>();
  const firstRowOf = new Map<string, SheetTable['rows'][number]>();
  const plansSeen = new Map<string, number>();
  const codesWithBadRows = new Set<string>();
  let badRowWithoutCode = false;

  for (const row of rows.slice(1)) {
    const cell = (column: TemplateColumn): string => {
      const index = columns.get(column);
      return index === undefined ? '' : (row.cells[index] ?? '').replace(/\r\n?/g, '\n').trim();
    };
    const rowProblems: ImportProblem[] = [];
    const fault = (column: TemplateColumn, message: string) => rowProblems.push({ file, row: row.number, column: labelOf(column), message });

    const code = normaliseCode(cell('Project code'));
    const title = cell('Project');
    const milestoneTitle = cell('Milestone');
    if (code === '') fault('Project code', 'the project code is empty');
    if (title === '') fault('Project', 'the project title is empty');
    const milestoneCells = MILESTONE_COLUMNS.filter((column) => cell(column) !== '');
    if (milestoneTitle === '' && milestoneCells.length > 0) {
      fault('Milestone', `the milestone is empty but the row has ${milestoneCells.map((c) => `"${c}"`).join(', ')}; give the milestone its title or clear the row`);
    }

    const statusText = cell('Status');
    let status: MilestoneStatus | undefined;
    if (statusText !== '') {
      status = MILESTONE_STATUSES.find((candidate) => candidate.toLowerCase() === statusText.replace(/\s+/g, ' ').toLowerCase());
      if (!status) fault('Status', `"${statusText}" is not a status; use one of ${MILESTONE_STATUSES.join(', ')}`);
    }
    const override = cell('Due date (ISO, optional override)');
    if (override !== '' && !isoDateSchema.safeParse(override).success) {
      fault('Due date (ISO, optional override)', `"${override}" is not a date written yyyy-mm-dd (for example 2026-03-31)`);
    }
    const owner = parsePerson(cell('Owner'));
    if (owner === 'invalid') fault('Owner', `"${cell('Owner')}" is not a person; write "Display Name <name@example.gov.uk>" or just the UPN`);
    const lead = parsePerson(cell('Project lead'));
    if (lead === 'invalid') fault('Project lead', `"${cell('Project lead')}" is not a person; write "Display Name <name@example.gov.uk>" or just the UPN`);

    const existing = projects.get(code);
    if (existing && title !== '' && existing.title !== title) {
      fault('Project', `project ${code} is "${existing.title}" on row ${existing.row} but "${title}" here; a code names one project`);
    }

    if (rowProblems.length > 0) {
      problems.push(...rowProblems);
      if (code === '') badRowWithoutCode = true;
      else codesWithBadRows.add(code);
      continue;
    }

    const plan = cell('Plan');
    if (plan !== '' && !plansSeen.has(plan)) plansSeen.set(plan, row.number);

    let project = existing;
    if (!project) {
      project = {
        code,
        title,
        sortOrder: projects.size + 1,
        row: row.number,
        milestones: [],
        ...optional('theme', cell('Theme')),
        ...optional('priorityArea', cell('Priority area')),
        ...optional('summary', cell('Summary')),
        ...(columns.has('Lead directorate') && cell('Lead directorate') !== '' ? { leadAreaAsPublished: cell('Lead directorate').split(/\s*\n\s*/).join('; ') } : {}),
        ...(columns.has('Cabinet member') ? { cabinetMembers: splitList(cell('Cabinet member')) } : {}),
        ...(lead && lead !== 'invalid' ? personFields(lead, 'projectLead') : {}),
      };
      projects.set(code, project);
      firstRowOf.set(code, row);
    } else {
      // The first row of a project states its details; a later row that says otherwise is reported, not applied.
      const first = firstRowOf.get(code)!;
      for (const column of PROJECT_DETAIL_COLUMNS) {
        const firstValue = (first.cells[columns.get(column) ?? -1] ?? '').replace(/\r\n?/g, '\n').trim();
        if (columns.has(column) && cell(column) !== '' && cell(column) !== firstValue) {
          warnings.push({ location: { file, row: row.number, column: labelOf(column) }, message: `${code}: "${shorten(cell(column))}" differs from row ${project.row}; the first row's value is used.` });
        }
      }
    }

    if (milestoneTitle === '') continue;
    const milestone: ParsedMilestone = {
      title: milestoneTitle,
      publishedDate: cell('Due (as published)'),
      sequence: project.milestones.length + 1,
      row: row.number,
      ...optional('workstream', cell('Workstream')),
      ...optional('deliverable', cell('Deliverable')),
      ...(override !== '' ? { dueDateOverride: override } : {}),
      ...(owner && owner !== 'invalid' ? personFields(owner, 'owner') : {}),
      ...(status ? { status } : {}),
      ...optional('commentary', cell('Commentary')),
    };
    project.milestones.push(milestone);
  }

  const planName = resolvePlanName(options.planName, plansSeen, file, warnings);
  const period = planName ? planPeriodOf(planName) : undefined;
  const parsedProjects = [...projects.values()];
  const themes = [...new Set(parsedProjects.map((project) => project.theme).filter((theme): theme is string => theme !== undefined))];
  const plan: Plan = { name: planName ?? '', ...(period ?? {}), sourceFile: file, themes };

  const projectFields = new Set<ProjectField>(['title', 'sortOrder']);
  if (columns.has('Theme')) projectFields.add('theme');
  if (columns.has('Priority area')) projectFields.add('priorityArea');
  if (columns.has('Summary')) projectFields.add('summary');
  if (columns.has('Lead directorate')) projectFields.add('leadAreaAsPublished');
  if (columns.has('Cabinet member')) projectFields.add('cabinetMembers');
  const milestoneFields = new Set<MilestoneField>(['sequence']);
  if (columns.has('Workstream')) milestoneFields.add('workstream');
  if (columns.has('Deliverable')) milestoneFields.add('deliverable');

  return {
    kind: 'spreadsheet',
    file,
    plan,
    projects: parsedProjects,
    warnings,
    problems,
    skipped: [],
    codesWithSkippedRows: [...codesWithBadRows],
    skippedUnknownProject: badRowWithoutCode,
    supplied: { project: projectFields, milestone: milestoneFields },
  };
}

function resolvePlanName(given: string | undefined, plansSeen: Map<string, number>, file: string, warnings: ImportWarning[]): string | undefined {
  const named = [...plansSeen.keys()];
  if (given) {
    const others = named.filter((name) => name !== given);
    if (others.length > 0) {
      warnings.push({ location: { file, row: plansSeen.get(others[0]!)! }, message: `The Plan column says ${others.map((n) => `"${n}"`).join(', ')}; the rows are imported into plan "${given}" as asked.` });
    }
    return given;
  }
  if (named.length > 1) {
    throw new ImportError(
      'mixed-plans',
      `${file} holds rows for ${named.length} plans (${named.map((n) => `"${n}"`).join(', ')}); import one plan at a time, or choose one with --plan.`,
      named.map((name) => ({ file, row: plansSeen.get(name)!, column: 'Plan', message: `first row of plan "${name}"` })),
    );
  }
  return named[0];
}

function optional<K extends string>(key: K, value: string): Partial<Record<K, string>> {
  return value === '' ? {} : ({ [key]: value } as Partial<Record<K, string>>);
}

function splitList(text: string): string[] {
  return text
    .split(/\s*[;\n]\s*/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

interface Person {
  upn?: string;
  name?: string;
}

const UPN = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** "Display Name <upn@example.gov.uk>", a bare UPN, or a bare name (kept, without a UPN). */
export function parsePerson(text: string): Person | 'invalid' | undefined {
  const value = text.trim();
  if (value === '') return undefined;
  const angled = /^(.*?)\s*<([^<>]*)>$/.exec(value);
  if (angled) {
    const upn = angled[2]!.trim();
    if (!UPN.test(upn)) return 'invalid';
    const name = angled[1]!.replace(/^"|"$/g, '').trim();
    return { upn: upn.toLowerCase(), ...(name ? { name } : {}) };
  }
  if (value.includes('@')) return UPN.test(value) ? { upn: value.toLowerCase() } : 'invalid';
  if (/[<>]/.test(value)) return 'invalid';
  return { name: value };
}

/** A person as the template writes them: "Display Name <upn>", the UPN alone, or the name alone. */
export function formatPerson(upn: string | undefined, name: string | undefined): string {
  if (upn && name) return `${name} <${upn}>`;
  return upn ?? name ?? '';
}

function personFields(person: Person, prefix: 'owner' | 'projectLead'): Partial<Record<'ownerUpn' | 'ownerName' | 'projectLeadUpn' | 'projectLeadName', string>> {
  return {
    ...(person.upn ? { [`${prefix}Upn`]: person.upn } : {}),
    ...(person.name ? { [`${prefix}Name`]: person.name } : {}),
  };
}

function shorten(text: string): string {
  return text.length <= 60 ? text : `${text.slice(0, 59)}…`;
}

/**
 * Writes rows in the template: .xlsx with a bold, frozen header row, filters and sized columns;
 * .csv (UTF-8 with a byte-order mark, so Excel reads it as UTF-8) with the same header. The file
 * is replaced atomically.
 */
export async function writeSpreadsheet(path: string, rows: readonly SpreadsheetRow[]): Promise<void> {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') {
    // Commentary is free text: a cell such as "=HYPERLINK(…)" must open in Excel as text, not run.
    const body = stringifyCsv([[...TEMPLATE_COLUMNS], ...rows.map((row) => TEMPLATE_COLUMNS.map((column) => row[column] ?? ''))], { escape_formulas: true });
    await writeFileAtomic(path, `\uFEFF${body}`, 'utf8');
    return;
  }
  if (extension !== '.xlsx') {
    throw new ImportError('unsupported-type', `Waymark exports to .xlsx or .csv, not "${extension || 'no extension'}".`, [{ file: basename(path), message: 'unsupported file type' }]);
  }
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Waymark';
  const sheet = workbook.addWorksheet('Milestones', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = TEMPLATE_COLUMNS.map((column) => ({ header: column, key: column, width: COLUMN_WIDTHS[column] }));
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: TEMPLATE_COLUMNS.length } };
  for (const row of rows) {
    const added = sheet.addRow(TEMPLATE_COLUMNS.map((column) => row[column] ?? ''));
    added.alignment = { vertical: 'top', wrapText: true };
  }
  const buffer = await workbook.xlsx.writeBuffer();
  await writeFileAtomic(path, Buffer.from(buffer));
}
