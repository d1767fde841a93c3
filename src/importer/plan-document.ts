/**
 * Reads a delivery plan exported to plain text (the council's Word document saved as .txt) into
 * projects and key actions. Such documents are laid out for reading, not parsing, and the layout
 * drifts from section to section, so every reading rule here is about a layout actually seen:
 *
 * - Key actions come as alternating action / date lines separated by blank lines, as
 *   "action<TAB>date" lines, as "action date" on one line, with the "Milestone dates" label
 *   anywhere among them, "Key actions:" repeated, and table rulings ("--<TAB>----") left over.
 * - Workstream headings sit inside the key actions: a short line followed by an action rather
 *   than a date, or a line ending in a tab with no date ("Growth Hub Milestones<TAB>").
 * - Theme, priority area and sub-area headings precede most projects; where a project has none
 *   (VFM1-VFM5, VFM7, SR1-SR6) its place comes from the contents page, where SR1-SR6 sit under
 *   "Strategic Reviews" after the Efficiency & Value for Money projects.
 * - The front matter (contents, introduction, overview) names projects but never creates them;
 *   an overview entry with no section in the body (VFM8 "Strategic reviews", the SR group) is
 *   reported as a warning and not imported.
 *
 * Every key action becomes one milestone with its text and date verbatim: an action with no date
 * is kept (its empty date is flagged later), a date with no action is reported, nothing is merged.
 * Pure: text in, records out.
 */
import { parsePlanDate } from '../domain/plan-dates.ts';
import type { Plan } from '../domain/records.ts';
import type { ImportProblem, ImportWarning } from './import-error.ts';
import { normaliseCode, planPeriodOf } from './plan-input.ts';
import type { MilestoneField, ParsedMilestone, ParsedPlanInput, ParsedProject, ProjectField } from './plan-input.ts';

export interface PlanDocumentOptions {
  planName: string;
  /** The file name shown in warnings and stored on the plan. */
  sourceFile: string;
}

const CODE = '([A-Z]{1,5}\\d{1,3})';
const DASH = '\\s*[-\u2013\u2014]\\s*';
const BODY_TITLE = new RegExp(`^${CODE}${DASH}(\\S.*)$`);
const CONTENTS_ENTRY = new RegExp(`^\\d+\\.?\\s+${CODE}${DASH}(\\S.*)$`);
const CONTENTS_HEADING = /^\d+\s+([A-Z][A-Z &,'-]*[A-Z]):\s*(\S.*)$/;
const OVERVIEW_ENTRY = new RegExp(`^[-\u2022]\\s*${CODE}${DASH}(\\S.*)$`);
const WE_WILL = /^we will\s*(?:\.\.\.|\u2026|:)?\s*$/i;
const KEY_ACTIONS = /^key actions\s*:?\s*(?:milestone dates?\s*:?)?$/i;
const MILESTONE_LABEL = /^milestone dates?\s*:?$/i;
const LEAD_AREA = /^lead areas?\s*:\s*(.*)$/i;
const CABINET = /^(?:cabinet member|deputy leader|leader of|portfolio holder)\b/i;
const BULLET = /^[-\u2022\u2013*]\s+(.*)$/;
const RULING = /^[\s\-\u2013\u2014_=|.+]*$/;
const THEME_HEADING = /^[A-Z][A-Z &,'-]*[A-Z]$/;
const YEAR_OR_TBC = /\b(?:19|20)\d{2}\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b|^(?:tbc|tba|tbd|to be (?:confirmed|agreed|determined))\b|^(?:ongoing|on-going|annually|quarterly|monthly)$/i;
const DATE_START = /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?$|^(?:end|from|by|early|mid|late|spring|summer|autumn|winter|q[1-4]|tbc|tba|tbd)$|^\d/i;
const SMALL_WORDS = new Set(['and', 'or', 'for', 'of', 'the', 'to', 'in', 'on', 'a', 'an', 'at', 'by', 'with']);

interface Line {
  /** 1-based line number. */
  n: number;
  /** The line with surrounding white space removed. */
  text: string;
  /** The line as written (tabs kept), for layouts that depend on tabs. */
  raw: string;
}

interface Placement {
  theme?: string;
  priorityArea?: string;
  subArea?: string;
}

interface FrontMatter {
  title?: string;
  council?: string;
  contents: Map<string, { title: string; line: number } & Placement>;
  /** Codes the overview and contents list, with where. */
  listed: Map<string, number>;
}

/** Reads a plan document's text; never throws for content (see ParsedPlanInput.problems). */
export function parsePlanDocument(text: string, options: PlanDocumentOptions): ParsedPlanInput {
  const file = options.sourceFile;
  const warnings: ImportWarning[] = [];
  const problems: (ImportProblem & { code: string })[] = [];
  const warn = (line: number, message: string) => warnings.push({ location: { file, line }, message });

  const lines: Line[] = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((raw, index) => ({ n: index + 1, raw, text: raw.trim() }));

  const titleIndexes = findBodyTitles(lines);
  const headingStarts = titleIndexes.map((index) => headingBlockStart(lines, index));
  const frontEnd = headingStarts[0] ?? lines.length;
  const front = readFrontMatter(lines.slice(0, frontEnd));

  const projects: ParsedProject[] = [];
  const seen = new Map<string, ParsedProject>();
  titleIndexes.forEach((titleIndex, i) => {
    const end = headingStarts[i + 1] ?? lines.length;
    const headings = lines.slice(headingStarts[i]!, titleIndex).filter((line) => line.text !== '');
    const project = readProject(lines, titleIndex, end, headings, front, projects.length + 1, warn);
    const earlier = seen.get(project.code);
    if (earlier) {
      const same = earlier.title === project.title ? 'again' : `with a different title ("${project.title}" after "${earlier.title}")`;
      problems.push({ file, code: project.code, line: project.line, message: `Project ${project.code} appears ${same}; it was first given on line ${earlier.line}. Give each project its own code.` });
      return;
    }
    seen.set(project.code, project);
    projects.push(project);
  });

  for (const [code, line] of front.listed) {
    if (!seen.has(code)) {
      const listedAs = front.contents.get(code)?.title;
      warn(line, `${code}${listedAs ? ` ("${listedAs}")` : ''} is listed in the front matter but has no section with key actions in the body, so it is not imported as a project.`);
    }
  }

  const themes = [...new Set(projects.map((project) => project.theme).filter((theme): theme is string => theme !== undefined))];
  const period = planPeriodOf(options.planName);
  const plan: Plan = {
    name: options.planName,
    ...(front.title ? { title: front.title } : {}),
    ...(front.council ? { council: front.council } : {}),
    ...(period ?? {}),
    sourceFile: file,
    themes,
  };

  return {
    kind: 'document',
    file,
    plan,
    projects,
    warnings,
    problems: problems.map(({ code: _code, ...problem }) => problem),
    skipped: [],
    codesWithSkippedRows: [...new Set(problems.map((problem) => problem.code))],
    skippedUnknownProject: false,
    supplied: { project: DOCUMENT_PROJECT_FIELDS, milestone: DOCUMENT_MILESTONE_FIELDS },
  };
}

const DOCUMENT_PROJECT_FIELDS: ReadonlySet<ProjectField> = new Set<ProjectField>([
  'title',
  'theme',
  'priorityArea',
  'subArea',
  'summary',
  'commitments',
  'leadAreaAsPublished',
  'cabinetMembers',
  'sortOrder',
]);
const DOCUMENT_MILESTONE_FIELDS: ReadonlySet<MilestoneField> = new Set<MilestoneField>(['workstream', 'sequence']);

/**
 * Lines that open a project section: "PE1 - Title", "SR2- Websites", "VFM1 – Title". Contents
 * ("6. PE1 - …") and overview ("- PE1 - …") entries have a prefix and never match. A title line
 * must be followed by a section (We will, Key actions or Lead area) before the next title.
 */
function findBodyTitles(lines: readonly Line[]): number[] {
  const candidates = lines.flatMap((line, index) => (BODY_TITLE.test(line.text) ? [index] : []));
  return candidates.filter((index, i) => {
    const end = candidates[i + 1] ?? lines.length;
    return lines.slice(index + 1, end).some((line) => WE_WILL.test(line.text) || KEY_ACTIONS.test(line.text) || LEAD_AREA.test(line.text));
  });
}

/**
 * The first line of the headings above a title ("PEOPLE" / "Early Help & Prevention" /
 * "Children & Young People"), or the title itself when none: at most three heading-like lines,
 * read upwards, ending at an upper-case theme line.
 */
function headingBlockStart(lines: readonly Line[], titleIndex: number): number {
  let start = titleIndex;
  let taken = 0;
  for (let i = titleIndex - 1; i >= 0 && taken < 3; i--) {
    const line = lines[i]!;
    if (line.text === '') continue;
    if (!looksLikeHeading(line.text) || CABINET.test(line.text) || LEAD_AREA.test(line.text) || isDateText(line.text) || line.raw.includes('\t')) break;
    start = i;
    taken += 1;
    if (THEME_HEADING.test(line.text)) break;
  }
  // Headings without a theme line above them are not a heading block: leave them to the section before.
  if (start !== titleIndex && !THEME_HEADING.test(lines[start]!.text)) return titleIndex;
  return start;
}

function readFrontMatter(lines: readonly Line[]): FrontMatter {
  const contents: FrontMatter['contents'] = new Map();
  const listed = new Map<string, number>();
  const nonBlank = lines.filter((line) => line.text !== '');
  let placement: Placement = {};
  let inContents = false;
  nonBlank.forEach((line, i) => {
    const heading = CONTENTS_HEADING.exec(line.text);
    if (heading) {
      placement = { theme: themeName(heading[1]!), priorityArea: heading[2]!.trim() };
      inContents = true;
      return;
    }
    const entry = CONTENTS_ENTRY.exec(line.text);
    if (entry) {
      const code = normaliseCode(entry[1]!);
      contents.set(code, { title: entry[2]!.trim(), line: line.n, ...placement });
      if (!listed.has(code)) listed.set(code, line.n);
      return;
    }
    const overview = OVERVIEW_ENTRY.exec(line.text);
    if (overview) {
      const code = normaliseCode(overview[1]!);
      if (!listed.has(code)) listed.set(code, line.n);
      return;
    }
    // A plain line just above a contents entry is a sub-area ("Children & Young People", "Strategic Reviews").
    const next = nonBlank[i + 1];
    if (inContents && next && CONTENTS_ENTRY.test(next.text) && looksLikeHeading(line.text)) {
      placement = { ...placement, subArea: line.text };
    }
  });

  // The cover: the first line is the title; the short lines under it, up to the contents, name the council.
  const coverEnd = nonBlank.findIndex((line) => /^\d/.test(line.text) || line.text.endsWith(':'));
  const cover = nonBlank.slice(0, coverEnd === -1 ? Math.min(nonBlank.length, 4) : coverEnd);
  const title = cover[0]?.text;
  const councilLines = cover.slice(1);
  const council = councilLines.length > 0 && councilLines.length <= 3 && councilLines.every((line) => line.text.length <= 60) ? councilLines.map((line) => line.text).join(' ') : undefined;
  return { ...(title ? { title } : {}), ...(council ? { council } : {}), contents, listed };
}

type Warn = (line: number, message: string) => void;

function readProject(
  lines: readonly Line[],
  titleIndex: number,
  end: number,
  headings: readonly Line[],
  front: FrontMatter,
  sortOrder: number,
  warn: Warn,
): ParsedProject {
  const titleLine = lines[titleIndex]!;
  const match = BODY_TITLE.exec(titleLine.text)!;
  const code = normaliseCode(match[1]!);
  const title = match[2]!.trim();
  const listed = front.contents.get(code);
  if (listed && fold(listed.title) !== fold(title)) {
    warn(titleLine.n, `${code}: the contents page calls it "${listed.title}"; the section's own title "${title}" is used.`);
  }

  const placement = placementOf(code, titleLine.n, headings, listed, warn);
  const summary: string[][] = [];
  const commitments: string[] = [];
  const actionLines: Line[] = [];
  const cabinetMembers: string[] = [];
  let leadArea: string | undefined;
  let state: 'summary' | 'commitments' | 'actions' | 'after-lead' = 'summary';
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length > 0) summary.push(paragraph);
    paragraph = [];
  };

  for (let i = titleIndex + 1; i < end; i++) {
    const line = lines[i]!;
    const lead = LEAD_AREA.exec(line.text);
    if (lead && state !== 'after-lead') {
      endParagraph();
      leadArea = lead[1]!.trim();
      state = 'after-lead';
      continue;
    }
    if (state === 'summary') {
      if (WE_WILL.test(line.text)) {
        endParagraph();
        state = 'commitments';
      } else if (KEY_ACTIONS.test(line.text)) {
        endParagraph();
        state = 'actions';
      } else if (line.text === '') endParagraph();
      else paragraph.push(line.text);
      continue;
    }
    if (state === 'commitments') {
      if (KEY_ACTIONS.test(line.text)) state = 'actions';
      else if (line.text !== '') readCommitment(line, commitments, warn);
      continue;
    }
    if (state === 'actions') {
      if (CABINET.test(line.text)) {
        state = 'after-lead';
        cabinetMembers.push(...splitCabinetMembers(line.text));
      } else actionLines.push(line);
      continue;
    }
    if (line.text === '') continue;
    if (CABINET.test(line.text)) cabinetMembers.push(...splitCabinetMembers(line.text));
    else warn(line.n, `${code}: "${shorten(line.text)}" follows the lead area and is not a cabinet member; it was ignored.`);
  }
  endParagraph();

  if (leadArea === undefined) warn(titleLine.n, `${code}: the section has no "Lead area:" line.`);
  if (cabinetMembers.length === 0) warn(titleLine.n, `${code}: the section names no cabinet member.`);
  const milestones = readKeyActions(code, actionLines, warn);
  if (milestones.length === 0) warn(titleLine.n, `${code}: the section has no key actions.`);

  return {
    code,
    title,
    ...placement,
    ...(summary.length > 0 ? { summary: summary.map((p) => p.join('\n')).join('\n\n') } : {}),
    commitments,
    ...(leadArea !== undefined && leadArea !== '' ? { leadAreaAsPublished: leadArea } : {}),
    cabinetMembers,
    sortOrder,
    line: titleLine.n,
    milestones,
  };
}

/** Theme, priority area and sub-area: the headings above the section, else the contents page. */
function placementOf(code: string, titleLine: number, headings: readonly Line[], listed: Placement | undefined, warn: Warn): Placement {
  const fromContents: Placement = {
    ...(listed?.theme ? { theme: listed.theme } : {}),
    ...(listed?.priorityArea ? { priorityArea: listed.priorityArea } : {}),
    ...(listed?.subArea ? { subArea: listed.subArea } : {}),
  };
  if (headings.length === 0) {
    if (!fromContents.theme) warn(titleLine, `${code}: no theme heading above the section and no contents entry; it has no theme.`);
    return fromContents;
  }
  const [theme, area, subArea] = headings;
  const fromBody: Placement = {
    theme: themeName(theme!.text),
    ...(area ? { priorityArea: area.text } : {}),
    ...(subArea ? { subArea: subArea.text } : {}),
  };
  if (listed && (fromBody.theme !== fromContents.theme || fromBody.priorityArea !== fromContents.priorityArea)) {
    warn(theme!.n, `${code}: the headings say ${describePlacement(fromBody)} but the contents page says ${describePlacement(fromContents)}; the headings are used.`);
  }
  return fromBody;
}

function describePlacement(placement: Placement): string {
  return `"${[placement.theme, placement.priorityArea].filter(Boolean).join(': ')}"`;
}

function readCommitment(line: Line, commitments: string[], warn: Warn): void {
  if (/^<ul\b/i.test(line.text) || line.text.includes('\u2022')) {
    // "<ul style=…> • a • b • c": a list pasted as HTML, one line.
    const items = line.text
      .replace(/<[^>]*>/g, ' ')
      .split('\u2022')
      .map((item) => item.trim())
      .filter((item) => item !== '');
    commitments.push(...items);
    return;
  }
  const bullet = BULLET.exec(line.text);
  if (bullet) {
    commitments.push(bullet[1]!.trim());
    return;
  }
  // Workstream headings among the bullets (EC2 "Eastgate Development") group them; they are not commitments.
  if (looksLikeHeading(line.text)) return;
  warn(line.n, `"${shorten(line.text)}" under "We will" is not written as a bullet; it was kept as a commitment.`);
  commitments.push(line.text);
}

/** "Cabinet Member for A / Cabinet Member for B" names two; "Deputy Leader … and Cabinet Member for …" is one person. */
function splitCabinetMembers(text: string): string[] {
  return text
    .split(/\s+\/\s+(?=(?:cabinet member|deputy leader|leader of|portfolio holder)\b)/i)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

type Item =
  | { kind: 'pair'; line: number; title: string; date: string }
  | { kind: 'text'; line: number; text: string; tabEnded: boolean }
  | { kind: 'date'; line: number; date: string };

function readKeyActions(code: string, actionLines: readonly Line[], warn: Warn): ParsedMilestone[] {
  const items: Item[] = [];
  for (const line of actionLines) {
    if (line.text === '' || KEY_ACTIONS.test(line.text) || MILESTONE_LABEL.test(line.text)) continue;
    if (RULING.test(line.raw.replace(/\t/g, ' '))) {
      warn(line.n, `${code}: the table line "${line.text.replace(/\t/g, ' ')}" holds no text and was ignored.`);
      continue;
    }
    if (line.raw.includes('\t')) {
      const cells = line.raw.split('\t').map((cell) => cell.trim());
      const filled = cells.filter((cell) => cell !== '');
      if (cells[0] === '') items.push({ kind: 'date', line: line.n, date: filled.join(' ') });
      else if (filled.length === 1) items.push({ kind: 'text', line: line.n, text: filled[0]!, tabEnded: true });
      else {
        if (filled.length > 2) warn(line.n, `${code}: the line has ${filled.length} tab-separated cells; the first is the action and the rest its date.`);
        items.push({ kind: 'pair', line: line.n, title: filled[0]!, date: filled.slice(1).join(' ') });
      }
      continue;
    }
    if (isDateText(line.text)) items.push({ kind: 'date', line: line.n, date: line.text });
    else items.push({ kind: 'text', line: line.n, text: line.text, tabEnded: false });
  }

  const milestones: ParsedMilestone[] = [];
  let workstream: string | undefined;
  const add = (title: string, publishedDate: string, line: number) =>
    milestones.push({ title, ...(workstream !== undefined ? { workstream } : {}), publishedDate, sequence: milestones.length + 1, line });

  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind === 'pair') {
      add(item.title, item.date, item.line);
      continue;
    }
    if (item.kind === 'date') {
      warn(item.line, `${code}: the date "${item.date}" has no key action before it; it was ignored.`);
      continue;
    }
    const next = items[i + 1];
    if (!item.tabEnded && next?.kind === 'date') {
      add(item.text, next.date, item.line);
      i += 1;
      continue;
    }
    const inline = item.tabEnded ? undefined : splitTrailingDate(item.text);
    if (inline) {
      add(inline.title, inline.date, item.line);
      continue;
    }
    if (looksLikeHeading(item.text) && next !== undefined && next.kind !== 'date') {
      workstream = item.text;
      continue;
    }
    warn(item.line, `${code}: the key action "${shorten(item.text)}" has no date; it was kept with an empty date.`);
    add(item.text, '', item.line);
  }
  return milestones;
}

/** A line that is only a published date: short, no full stop, with a year or "TBC", and readable as a date. */
function isDateText(text: string): boolean {
  if (text.length > 40 || /[.;:]$/.test(text) || text.split(/\s+/).length > 6) return false;
  if (!YEAR_OR_TBC.test(text)) return false;
  return parsePlanDate(text).flag !== 'unparsed';
}

/** "Purchase property for a complex needs residential home. April 2026": an action with its date after it on the same line. */
function splitTrailingDate(text: string): { title: string; date: string } | undefined {
  const words = text.split(/\s+/);
  for (let take = Math.min(6, words.length - 1); take >= 1; take--) {
    const dateWords = words.slice(words.length - take);
    if (!DATE_START.test(dateWords[0]!)) continue;
    const date = dateWords.join(' ');
    if (isDateText(date)) return { title: words.slice(0, words.length - take).join(' '), date };
  }
  return undefined;
}

/** Short, unpunctuated at the end, not a bullet: a heading rather than a sentence. */
function looksLikeHeading(text: string): boolean {
  return text.length <= 80 && text.split(/\s+/).length <= 10 && !/[.;:,!?]$/.test(text) && !BULLET.test(text);
}

/** "EFFICIENCY & VALUE FOR MONEY" → "Efficiency & Value for Money"; mixed-case names are kept as written. */
export function themeName(heading: string): string {
  const text = heading.trim();
  if (text !== text.toUpperCase()) return text;
  return text
    .toLowerCase()
    .split(/\s+/)
    .map((word, index) => (index > 0 && SMALL_WORDS.has(word) ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join(' ');
}

function fold(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

function shorten(text: string): string {
  return text.length <= 80 ? text : `${text.slice(0, 79)}…`;
}
