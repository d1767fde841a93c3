/**
 * Reads the dates a delivery plan publishes ("End April 2027", "Feb-May 2026", "TBC",
 * "From April 2026", "September 2026 and March 2027") into due dates Waymark can track.
 * The published text is always kept verbatim; when Waymark reads meaning into it, or cannot
 * read it at all, the result says so in `note` rather than guessing silently.
 */
import { capitalise, foldPlanDateText, MONTH_PATTERN, parseSpan, type PlanDateContext, type Span } from './plan-date-spans.ts';
import type { DateFlag, DatePrecision } from './records.ts';

export { endOfMonthIso, formatUkDate } from './iso-date.ts';
export type { PlanDateContext } from './plan-date-spans.ts';

/** A published date text and what Waymark understood from it. */
export interface PlanDate {
  /** The text exactly as published. */
  asPublished: string;
  dueDate?: string;
  startDate?: string;
  precision: DatePrecision;
  flag: DateFlag;
  /** Every due date a recurring or staged text lists, ascending. */
  occurrences?: string[];
  /** A short explanation when the text was flagged or interpreted. */
  note?: string;
}

type Reading = Omit<PlanDate, 'asPublished'>;
type Problem = { problem: string };

const TBC = /^(?:tbc|tba|tbd|to be (?:confirmed|agreed|determined|announced|decided|set))\b[\s:,;(\u2010-\u2015-]*(.*?)\)?$/;
const PROVISIONAL = /^(.+?)[\s,:;(\u2010-\u2015-]*\b(?:tbc|tba|tbd|provisional|to be confirmed|subject to confirmation)\)?$/;
const TBC_ANY_CASE = new RegExp(TBC.source, 'i');
const PROVISIONAL_ANY_CASE = new RegExp(PROVISIONAL.source, 'i');
const END_OF = /^(?:(?:by|due|due by|deadline|complete by|completed by|no later than)[:\s]+)?(?:the )?(?:end|close)(?: of)?[\s-](?:the )?(.+)$/;
const BY = /^(?:by|due|due by|due in|deadline|no later than|complete by|completed by|until|till|ongoing until|running until|continuing until)[:\s]+(?:the )?(.+)$/;
const DURING = /^(?:in|during|throughout|within)[:\s]+(?:the )?(.+)$/;
const BETWEEN = /^between (.+) and (.+)$/;
const FROM = /^(?:from|starting|starting from|starting in|start|starts|starts in|beginning|beginning in|begins|commencing|commencing in|to start|to commence)[:\s]+(.+)$/;
const STARTED = /^(?:commenced|started|began|begun|since|ongoing since|ongoing from|underway since|in progress since|running since|live since|in place since)(?: in| on)?[:\s-]+(.+)$/;
const FREQUENCY =
  /^(annually|annual|yearly|every year|each year|quarterly|every quarter|each quarter|monthly|every month|each month|bi-monthly|bimonthly|every two months|6-monthly|6 monthly|six-monthly|six monthly|half-yearly|half yearly|bi-annually|biannually|bi-annual|biannual|twice yearly|twice a year|every six months|every 6 months|termly|weekly|fortnightly)\b[\s:,;-]*(.*)$/;
const ONGOING_START = /^(?:ongoing|on-going|on going|continuous|continual|continuing|in progress|underway|under way|business as usual|bau|rolling)\b(.*)$/;
const ONGOING_END = /(?:^|\s)(?:ongoing|on-going|underway|under way|in progress)$/;
const NEGATION = /\b(?:not|no|yet|until|before|after|tbc|tba|tbd)\b/;
const DATE_LIKE = new RegExp(`\\d|\\b${MONTH_PATTERN}\\b|\\b(?:spring|summer|autumn|winter)\\b`);
const YEARLESS = new RegExp(`^(?:\\d{1,2}(?:st|nd|rd|th)? )?${MONTH_PATTERN}$`);
// Published dates are short; a paragraph in the date column is a misplaced cell, not a date.
const LONGEST_DATE_TEXT = 120;
const STAGE_LABEL_FORBIDDEN = /\b(?:not|no|before|after|from|since|until|till|tbc|tba|tbd|unless|if|or|approx|approximately|around|circa|between)\b/;

/** Reads a published milestone date; `planStartsOn` places a month written without a year ("June") in the plan year. */
export function parsePlanDate(text: string, context: PlanDateContext = {}): PlanDate {
  const folded = foldPlanDateText(text);
  return { asPublished: text, ...readFolded(text, folded, context) };
}

function readFolded(text: string, folded: string, context: PlanDateContext): Reading {
  // Notes quote the published words in their own case.
  const tidied = text.trim().replace(/\s+/g, ' ');
  if (folded === '') return unparsed({ problem: 'the date is empty' });
  if (folded.length > LONGEST_DATE_TEXT) return unparsed({ problem: 'it is too long to be a date' });
  const tbc = TBC.exec(folded);
  if (tbc) {
    const why = (TBC_ANY_CASE.exec(tidied)?.[1] ?? tbc[1]!).trim();
    return { precision: 'none', flag: 'tbc', note: why === '' ? 'to be confirmed: the plan gives no date yet' : `to be confirmed (${why})` };
  }
  // "March 2026 (TBC)" states a date and warns it may move: keep the date, flag it to be confirmed.
  const provisional = PROVISIONAL.exec(folded);
  if (provisional) {
    const reading = readDated(provisional[1]!, context);
    // "Dates TBC", "Timescale to be confirmed": no date is stated at all.
    if (reading.flag !== 'ok' && !DATE_LIKE.test(provisional[1]!)) {
      const what = PROVISIONAL_ANY_CASE.exec(tidied)?.[1] ?? provisional[1]!;
      return { precision: 'none', flag: 'tbc', note: `to be confirmed (${what})` };
    }
    if (reading.flag !== 'ok') return reading;
    return { ...reading, flag: 'tbc', note: `provisional, to be confirmed${reading.note === undefined ? '' : `; ${reading.note}`}` };
  }
  return readDated(folded, context);
}

const READERS: ReadonlyArray<(text: string, context: PlanDateContext) => Reading | Problem | undefined> = [
  readEndOf,
  readBy,
  readDuring,
  readBetweenWords,
  readFrom,
  readStarted,
  readFrequency,
  readOngoing,
  readList,
  readStages,
];

function readDated(text: string, context: PlanDateContext): Reading {
  const single = parseSpan(text, context);
  if (single && 'span' in single) return fromSpan(single.span);
  let problem: Problem | undefined = single;
  for (const read of READERS) {
    const result = read(text, context);
    if (result && 'problem' in result) problem ??= result;
    else if (result) return result;
  }
  return unparsed(problem);
}

function fromSpan(span: Span): Reading {
  if (span.precision !== 'range') return withNote({ dueDate: span.end, precision: span.precision, flag: 'ok' }, span.reading);
  const note = span.reading ?? `range: ${span.words}`;
  return { startDate: span.start, dueDate: span.end, precision: 'range', flag: 'ok', note };
}

/** "End April 2027", "by end of March 2026", "End of Q3 2026/27": due at the end of what follows. */
function readEndOf(text: string, context: PlanDateContext): Reading | Problem | undefined {
  const match = END_OF.exec(text);
  return match ? dueAtEnd(match[1]!, context) : undefined;
}

/** "By March 2026", "Due 31/03/2026": the same due date as the bare text, with no start. */
function readBy(text: string, context: PlanDateContext): Reading | Problem | undefined {
  const match = BY.exec(text);
  return match ? dueAtEnd(match[1]!, context) : undefined;
}

function dueAtEnd(inner: string, context: PlanDateContext): Reading | Problem | undefined {
  const result = parseSpan(inner, context);
  if (!result || 'problem' in result) return result;
  const { span } = result;
  // The end of a range is a month end: the range's start no longer matters once only its end is asked for.
  const precision = span.precision === 'range' ? 'month' : span.precision;
  const note = span.kind === 'point' ? span.reading : `the end of ${span.reading ?? span.words}`;
  return withNote({ dueDate: span.end, precision, flag: 'ok' }, note);
}

/** "In March 2026", "During 2026/27": the span itself. */
function readDuring(text: string, context: PlanDateContext): Reading | Problem | undefined {
  const match = DURING.exec(text);
  if (!match) return undefined;
  const result = parseSpan(match[1]!, context);
  return result && 'span' in result ? fromSpan(result.span) : result;
}

function readBetweenWords(text: string, context: PlanDateContext): Reading | Problem | undefined {
  const match = BETWEEN.exec(text);
  if (!match) return undefined;
  const result = parseSpan(`${match[1]} to ${match[2]}`, context);
  return result && 'span' in result ? fromSpan(result.span) : result;
}

/** "From April 2026": work starts then and has no end date; "From April 2026 to March 2027" is a range. */
function readFrom(text: string, context: PlanDateContext): Reading | Problem | undefined {
  const match = FROM.exec(text);
  if (!match) return undefined;
  const result = parseSpan(match[1]!, context);
  if (!result || 'problem' in result) return result;
  if (result.span.kind === 'between') return fromSpan(result.span);
  return { startDate: result.span.start, precision: 'open-ended', flag: 'ok', note: `open-ended: from ${result.span.reading ?? result.span.words}, no due date` };
}

/** "Commenced April 2023", "Started January 2024": work already running, with no end date. */
function readStarted(text: string, context: PlanDateContext): Reading | Problem | undefined {
  const match = STARTED.exec(text);
  if (!match) return undefined;
  const result = parseSpan(match[1]!, context);
  if (!result || 'problem' in result) return result;
  return { startDate: result.span.start, precision: 'ongoing', flag: 'ok', note: `ongoing: started ${result.span.reading ?? result.span.words}, no due date` };
}

/** "Annually - September 2023", "6 monthly: September 2026 and March 2027", "Quarterly meetings underway". */
function readFrequency(text: string, context: PlanDateContext): Reading | Problem | undefined {
  const match = FREQUENCY.exec(text);
  if (!match) return undefined;
  const frequency = frequencyWords(match[1]!);
  const rest = match[2]!.trim();
  if (rest === '' || !DATE_LIKE.test(rest)) return { precision: 'ongoing', flag: 'ok', note: `ongoing: recurs ${frequency}, no due date` };
  const started = readFrom(rest, context) ?? readStarted(rest, context);
  if (started) return 'problem' in started ? started : { ...started, note: `recurs ${frequency}; ${started.note}` };
  const occurrences = readOccurrences(rest, context);
  if (!occurrences || 'problem' in occurrences) return occurrences;
  const when = occurrences.length === 1 ? ` from ${occurrences[0]!.words}` : `: ${listWords(occurrences.map((span) => span.words))}`;
  return recurring(occurrences, `recurs ${frequency}${when}`);
}

function frequencyWords(word: string): string {
  if (/^(?:annual|yearly|every year|each year)/.test(word)) return 'annually';
  if (/quarter/.test(word)) return 'quarterly';
  if (/^(?:bi-?monthly|every two months)$/.test(word)) return 'every two months';
  if (/^(?:6|six|half|bi-?annual|twice|every (?:six|6))/.test(word)) return 'every six months';
  if (/month/.test(word)) return 'monthly';
  return word;
}

/** "Ongoing", "In progress", "Meetings underway": running with no due date. */
function readOngoing(text: string): Reading | undefined {
  const start = ONGOING_START.exec(text);
  const understood = (start !== null && !DATE_LIKE.test(start[1]!)) || (ONGOING_END.test(text) && !DATE_LIKE.test(text));
  if (!understood || NEGATION.test(text)) return undefined;
  return { precision: 'ongoing', flag: 'ok', note: 'ongoing, no due date' };
}

/** "September 2026 and March 2027", "March, June and September 2026": a date that recurs on each listed day or month. */
function readList(text: string, context: PlanDateContext): Reading | Problem | undefined {
  const occurrences = readOccurrences(text, context);
  if (!occurrences || 'problem' in occurrences || occurrences.length < 2) return occurrences && 'problem' in occurrences ? occurrences : undefined;
  return recurring(occurrences, `recurs: ${listWords(occurrences.map((span) => span.words))}`);
}

/** One or more days or months separated by commas, "and", "&" or semicolons; a month with no year takes the year of the next. */
function readOccurrences(text: string, context: PlanDateContext): Span[] | Problem | undefined {
  const parts = text.split(/\s*(?:,|;|&|\+|\band\b)\s*/).filter((part) => part !== '');
  const spans: Span[] = [];
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i]!;
    const next = spans[0];
    const yearless = YEARLESS.test(part);
    const result = parseSpan(yearless && next ? `${part} ${next.end.slice(0, 4)}` : part, context);
    if (!result) return undefined;
    if ('problem' in result) return result;
    if (result.span.kind !== 'point') return undefined;
    if (yearless && next && result.span.end > next.end) return { problem: `"${part}" has no year and cannot be placed before ${next.words}` };
    spans.unshift(result.span);
  }
  if (spans.length === 0) return undefined;
  return spans;
}

function recurring(spans: Span[], note: string): Reading {
  const occurrences = [...new Set(spans.map((span) => span.end))].sort();
  return { dueDate: occurrences[0]!, precision: 'recurring', flag: 'ok', occurrences, note };
}

/**
 * "Draft Strategy September 2023 / Final Strategy March 2024": one milestone delivered in named
 * stages. The milestone is done when its last stage is, so the last stage is the due date; the
 * earlier stages stay visible in `occurrences` (so reminders can fall before each) and in the note.
 * It is a 'range' from the first stage's month to the last stage, the window the work spans.
 */
function readStages(text: string, context: PlanDateContext): Reading | Problem | undefined {
  const pieces = text.split(/\s*(?:;|(?<!\d)\/|\/(?!\d))\s*/).filter((piece) => piece !== '');
  if (pieces.length < 2) return undefined;
  const stages: Array<{ label: string; span: Span }> = [];
  for (const piece of pieces) {
    const stage = readStage(piece, context);
    if (!stage) return undefined;
    stages.push(stage);
  }
  if (stages.every((stage) => stage.label === '')) return undefined;
  for (let i = 1; i < stages.length; i++) {
    if (stages[i]!.span.end < stages[i - 1]!.span.end) return { problem: 'its stages are not in date order' };
  }
  const first = stages[0]!;
  const last = stages[stages.length - 1]!;
  const described = stages.map((stage) => (stage.label === '' ? stage.span.words : `${capitalise(stage.label)} ${stage.span.words}`));
  return {
    startDate: first.span.start,
    dueDate: last.span.end,
    precision: 'range',
    flag: 'ok',
    occurrences: [...new Set(stages.map((stage) => stage.span.end))],
    note: `staged: ${described.join(', then ')}; due at the last stage`,
  };
}

/** A label followed by a day or month: the longest date found at the end of the piece wins ("31 March 2026" over "2026"). */
function readStage(piece: string, context: PlanDateContext): { label: string; span: Span } | undefined {
  const words = piece.split(' ');
  for (let take = Math.min(5, words.length); take >= 1; take--) {
    const result = parseSpan(words.slice(words.length - take).join(' '), context);
    if (!result || 'problem' in result || result.span.kind !== 'point') continue;
    const label = words
      .slice(0, words.length - take)
      .join(' ')
      .replace(/(?:[\s:-]+|\b(?:by|in|due|due by|on|end|end of))+$/, '')
      .trim();
    if (label !== '' && (!/[a-z]/.test(label) || STAGE_LABEL_FORBIDDEN.test(label))) return undefined;
    return { label, span: result.span };
  }
  return undefined;
}

function unparsed(problem?: Problem): Reading {
  const why = problem?.problem ?? 'it is not a date Waymark recognises';
  return {
    precision: 'none',
    flag: 'unparsed',
    note: `not understood: ${why}; write a month and year (March 2027), a day (31 March 2027), a range (Feb-May 2026) or TBC`,
  };
}

function withNote(reading: Reading, note: string | undefined): Reading {
  return note === undefined ? reading : { ...reading, note };
}

function listWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
