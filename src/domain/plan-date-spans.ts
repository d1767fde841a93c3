/**
 * The single date expressions a plan writes ("March 2026", "31/03/2026", "Feb-May 2026",
 * "Q3 2026/27", "Spring 2026"), each read as a span of days. plan-dates.ts builds the
 * qualified forms ("End April 2027", "From April 2026", lists, stages) on top of these.
 *
 * Input is text already folded by `foldPlanDateText`: lower case, single spaces, plain hyphens
 * with no spaces around them.
 */
import {
  endOfMonthIso,
  formatUkDate,
  formatUkMonth,
  isoDate,
  isRealDate,
  MONTH_NAMES,
  splitIso,
  startOfMonthIso,
} from './iso-date.ts';

export interface PlanDateContext {
  /** First day of the plan year; lets a month written without a year ("June") be placed in the plan. */
  planStartsOn?: string;
}

/** A stretch of calendar days named by one date expression. */
export interface Span {
  start: string;
  /** The last day of the span: the due date. */
  end: string;
  precision: 'day' | 'month' | 'range';
  /** 'between' is an explicit "X to Y"; 'period' a named stretch (quarter, season, financial year). */
  kind: 'point' | 'between' | 'period';
  /** The span in plain words: '31 March 2026', 'March 2026', 'February to May 2026'. */
  words: string;
  /** Set when Waymark read meaning into the text (a season, a quarter, a year taken from the plan). */
  reading?: string;
}

/** undefined: not this kind of expression; problem: recognised but impossible (30 February). */
export type SpanResult = { span: Span } | { problem: string } | undefined;

const MONTH_NUMBERS: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
  july: 7, jul: 7, august: 8, aug: 8, september: 9, sept: 9, sep: 9, october: 10, oct: 10,
  november: 11, nov: 11, december: 12, dec: 12,
};
export const MONTH_PATTERN =
  '(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)';
const WEEKDAY_NUMBERS: Record<string, number> = {
  sunday: 0, sun: 0, monday: 1, mon: 1, tuesday: 2, tue: 2, tues: 2, wednesday: 3, wed: 3,
  thursday: 4, thu: 4, thur: 4, thurs: 4, friday: 5, fri: 5, saturday: 6, sat: 6,
};
const WEEKDAY = '(?:(sunday|monday|tuesday|wednesday|thursday|friday|saturday|sun|mon|tues|tue|wed|thurs|thur|thu|fri|sat),? )?';
const ORDINAL = '(?:st|nd|rd|th)?';
// Plans run a few years either side of now; anything far outside is a typing slip, not a date.
const EARLIEST_YEAR = 1990;
const LATEST_YEAR = 2199;

/**
 * Folds a published date text for matching: lower case, curly and long dashes to "-", no spaces
 * around hyphens, line breaks to "; " (spreadsheet cells list dates on lines), single spaces,
 * no dot after a month abbreviation or at the end.
 */
export function foldPlanDateText(text: string): string {
  return text
    .normalize('NFKC')
    .trim()
    .replace(/\s*[\r\n]+\s*/g, '; ')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/\s*-\s*/g, '-')
    .replace(new RegExp(`\\b${MONTH_PATTERN}\\.`, 'g'), '$1')
    .replace(/[.;,]+$/, '')
    .trim();
}

/** A day, month or year the text names, possibly with parts missing ("March", "15 March", "15"). */
interface Point {
  year?: number;
  month?: number;
  day?: number;
}

type PointResult = { point: Point } | { problem: string } | undefined;

/** Reads one date expression: a day, a month, an explicit range, a quarter, half, financial year, season or year. */
export function parseSpan(text: string, context: PlanDateContext): SpanResult {
  const point = parsePoint(text);
  if (point !== undefined) {
    if ('problem' in point) return point;
    if (point.point.month !== undefined) return spanOfPoint(point.point, context);
  }
  return parsePeriod(text) ?? parseBetween(text, context);
}

const ISO_POINT = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const UK_NUMERIC_POINT = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$/;
const DAY_MONTH_POINT = new RegExp(`^${WEEKDAY}(\\d{1,2})${ORDINAL}(?: of)? ${MONTH_PATTERN},?(?: (\\d{4}))?$`);
const MONTH_DAY_POINT = new RegExp(`^${WEEKDAY}${MONTH_PATTERN} (\\d{1,2})${ORDINAL},? (\\d{4})$`);
const MONTH_POINT = new RegExp(`^${MONTH_PATTERN},?(?: (\\d{4}))?$`);
const NUMERIC_MONTH_POINT = /^(\d{1,2})\/(\d{4})$/;
const DAY_ONLY_POINT = new RegExp(`^(\\d{1,2})${ORDINAL}$`);

function parsePoint(text: string): PointResult {
  let m = ISO_POINT.exec(text);
  if (m) return checkedPoint(Number(m[1]), Number(m[2]), Number(m[3]));
  // Numeric dates are UK order, day first: 04/03/2026 is 4 March.
  m = UK_NUMERIC_POINT.exec(text);
  if (m) return checkedPoint(fullYear(m[3]!), Number(m[2]), Number(m[1]));
  m = DAY_MONTH_POINT.exec(text);
  if (m) return checkedPoint(optionalNumber(m[4]), MONTH_NUMBERS[m[3]!], Number(m[2]), m[1]);
  m = MONTH_DAY_POINT.exec(text);
  if (m) return checkedPoint(Number(m[4]), MONTH_NUMBERS[m[2]!], Number(m[3]), m[1]);
  m = MONTH_POINT.exec(text);
  if (m) return checkedPoint(optionalNumber(m[2]), MONTH_NUMBERS[m[1]!]);
  m = NUMERIC_MONTH_POINT.exec(text);
  if (m) return checkedPoint(Number(m[2]), Number(m[1]));
  m = DAY_ONLY_POINT.exec(text);
  if (m) return Number(m[1]) >= 1 && Number(m[1]) <= 31 ? { point: { day: Number(m[1]) } } : undefined;
  return undefined;
}

function checkedPoint(year: number | undefined, month: number | undefined, day?: number, weekday?: string): PointResult {
  if (month === undefined) return undefined;
  if (month < 1 || month > 12) return { problem: `there is no month ${month}` };
  if (year !== undefined && (year < EARLIEST_YEAR || year > LATEST_YEAR)) return { problem: `${year} is not a plausible year` };
  if (day !== undefined) {
    // Without a year, 29 February is checked against a leap year: the year is settled later.
    if (!isRealDate(year ?? 2028, month, day)) return { problem: `${day} ${MONTH_NAMES[month - 1]}${year === undefined ? '' : ` ${year}`} is not a date that exists` };
    if (weekday !== undefined && year !== undefined) {
      const actual = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
      if (actual !== WEEKDAY_NUMBERS[weekday]) return { problem: `${formatUkDate(isoDate(year, month, day))} is not a ${capitalise(weekday)}` };
    }
  }
  const point: Point = { month };
  if (year !== undefined) point.year = year;
  if (day !== undefined) point.day = day;
  return { point };
}

function spanOfPoint(point: Point, context: PlanDateContext): SpanResult {
  const month = point.month!;
  let year = point.year;
  let reading: string | undefined;
  if (year === undefined) {
    const placed = placeInPlan(month, context);
    if (placed === undefined) return { problem: 'it gives no year' };
    year = placed;
    reading = `year taken from the plan, which starts ${formatUkDate(context.planStartsOn!)}`;
  }
  if (point.day !== undefined && !isRealDate(year, month, point.day)) {
    return { problem: `${point.day} ${MONTH_NAMES[month - 1]} ${year} is not a date that exists` };
  }
  const span: Span =
    point.day === undefined
      ? { start: startOfMonthIso(year, month), end: endOfMonthIso(year, month), precision: 'month', kind: 'point', words: formatUkMonth(year, month) }
      : { start: isoDate(year, month, point.day), end: isoDate(year, month, point.day), precision: 'day', kind: 'point', words: formatUkDate(isoDate(year, month, point.day)) };
  if (reading !== undefined) span.reading = `${span.words} (${reading})`;
  return { span };
}

/** The year in which a month first falls on or after the plan's first month. */
function placeInPlan(month: number, context: PlanDateContext): number | undefined {
  const start = context.planStartsOn === undefined ? undefined : splitIso(context.planStartsOn);
  if (!start) return undefined;
  const [startYear, startMonth] = start;
  return month >= startMonth ? startYear : startYear + 1;
}

/** "Feb-May 2026", "Nov-Jan 2027", "1-15 March 2026", "April 2026 to March 2027". */
function parseBetween(text: string, context: PlanDateContext): SpanResult {
  const separators = /-| to | until | till | through /g;
  let firstProblem: { problem: string } | undefined;
  for (let m = separators.exec(text); m; m = separators.exec(text)) {
    const result = betweenAt(text.slice(0, m.index), text.slice(m.index + m[0].length), context);
    if (result && 'span' in result) return result;
    firstProblem ??= result;
  }
  return firstProblem;
}

function betweenAt(leftText: string, rightText: string, context: PlanDateContext): SpanResult {
  const left = parsePoint(leftText);
  const rightPoint = parsePoint(rightText);
  if (!left || !rightPoint || 'problem' in left || 'problem' in rightPoint || rightPoint.point.month === undefined) return undefined;
  const right = spanOfPoint(rightPoint.point, context);
  if (!right || 'problem' in right) return right;
  const [endYear, endMonth] = splitIso(right.span.end)!;
  const from = { ...left.point };
  from.month ??= endMonth;
  // A range written "Nov-Jan 2027" starts in the November before.
  from.year ??= from.month > endMonth ? endYear - 1 : endYear;
  const start = spanOfPoint(from, context);
  if (!start || 'problem' in start) return start;
  const startIso = start.span.start;
  const endIso = right.span.end;
  if (startIso > endIso) return { problem: 'the range ends before it starts' };
  const sameYearMonths = start.span.precision === 'month' && right.span.precision === 'month' && startIso.slice(0, 4) === endIso.slice(0, 4);
  const words = sameYearMonths ? `${start.span.words.split(' ')[0]} to ${right.span.words}` : `${start.span.words} to ${right.span.words}`;
  const span: Span = { start: startIso, end: endIso, precision: 'range', kind: 'between', words };
  const reading = right.span.reading ?? start.span.reading;
  if (reading !== undefined) span.reading = `${words} (year taken from the plan)`;
  return { span };
}

const PART_OF_MONTH = new RegExp(`^(early|mid|late|beginning of|middle of)[- ](?:of )?${MONTH_PATTERN} (\\d{4})$`);

function parsePeriod(text: string): SpanResult {
  let m = /^(?:q|quarter )([1-4]) (?:of )?(?:fy ?|financial year )?(\d{4}|\d{2})[/-](\d{4}|\d{2})$/.exec(text) ?? /^(?:q|quarter )([1-4]) fy ?(\d{2})(\d{2})$/.exec(text);
  if (m) {
    const year = financialYear(m[2]!, m[3]!);
    if (typeof year !== 'number') return year;
    const first = 4 + 3 * (Number(m[1]) - 1);
    return monthsSpan(year, first, 3, `Q${m[1]} of the financial year ${fyWords(year)}`);
  }
  m = /^(?:q|quarter )([1-4]),? (\d{4})$/.exec(text);
  if (m) return { problem: `Q${m[1]} ${m[2]} could be a financial or a calendar quarter (write Q${m[1]} ${m[2]}/${String((Number(m[2]) + 1) % 100).padStart(2, '0')} for the financial year)` };
  m = /^(?:h|half )([12]) (?:of )?(?:fy ?|financial year )?(\d{4}|\d{2})[/-](\d{4}|\d{2})$/.exec(text);
  if (m) {
    const year = financialYear(m[2]!, m[3]!);
    if (typeof year !== 'number') return year;
    return monthsSpan(year, m[1] === '1' ? 4 : 10, 6, `H${m[1]} of the financial year ${fyWords(year)}`);
  }
  m = /^(?:fy ?|financial year |the financial year )?(\d{4})[/-](\d{4}|\d{2})$/.exec(text) ?? /^fy ?(\d{2})[/-]?(\d{2})$/.exec(text);
  if (m) {
    const year = financialYear(m[1]!, m[2]!);
    if (typeof year !== 'number') return year;
    return monthsSpan(year, 4, 12, `the financial year ${fyWords(year)}`);
  }
  m = /^(spring|summer|autumn|fall|winter) (?:of )?(\d{4})(?:[/-](\d{4}|\d{2}))?$/.exec(text);
  if (m) return season(m[1]!, Number(m[2]), m[3]);
  // Early, mid and late split the calendar year into thirds: Jan–Apr, May–Aug, Sep–Dec.
  m = /^(early|mid|late)[- ](\d{4})$/.exec(text);
  if (m) {
    const first = { early: 1, mid: 5, late: 9 }[m[1] as 'early' | 'mid' | 'late'];
    return monthsSpan(Number(m[2]), first, 4, `${capitalise(m[1]!)} ${m[2]}`);
  }
  // "Mid-March 2026" is read as the month: the due date is its end.
  m = PART_OF_MONTH.exec(text);
  if (m) {
    const year = Number(m[3]);
    const month = MONTH_NUMBERS[m[2]!]!;
    if (year < EARLIEST_YEAR || year > LATEST_YEAR) return { problem: `${year} is not a plausible year` };
    const words = formatUkMonth(year, month);
    return { span: { start: startOfMonthIso(year, month), end: endOfMonthIso(year, month), precision: 'month', kind: 'point', words, reading: `${capitalise(m[1]!)} ${words} read as the month ${words}` } };
  }
  m = /^(?:calendar year )?(\d{4})$/.exec(text);
  if (m) return monthsSpan(Number(m[1]), 1, 12, `${m[1]} as the calendar year`);
  return undefined;
}

function financialYear(first: string, second: string): number | { problem: string } {
  const year = fullYear(first);
  const next = fullYear(second);
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) return { problem: `${year} is not a plausible year` };
  if (next !== year + 1) return { problem: `${first}/${second} is not a single financial year` };
  return year;
}

function season(name: string, year: number, second: string | undefined): SpanResult {
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) return { problem: `${year} is not a plausible year` };
  const label = `${capitalise(name)} ${year}${second === undefined ? '' : `/${second}`}`;
  // Meteorological seasons; winter runs December to February, so "Winter 2026" ends in February 2027.
  if (name === 'winter') {
    if (second !== undefined && fullYear(second) !== year + 1) return { problem: `${label} does not name one winter` };
    return monthsSpan(year, 12, 3, label);
  }
  if (second !== undefined) return { problem: `${label} does not say which year's ${name} is meant` };
  const first = { spring: 3, summer: 6, autumn: 9, fall: 9 }[name as 'spring' | 'summer' | 'autumn' | 'fall'];
  return monthsSpan(year, first, 3, label);
}

/** `count` months from `firstMonth` of `year` (months past December roll into the next year). */
function monthsSpan(year: number, firstMonth: number, count: number, label: string): SpanResult {
  const startYear = year + Math.floor((firstMonth - 1) / 12);
  const startMonth = ((firstMonth - 1) % 12) + 1;
  const lastIndex = firstMonth - 1 + count - 1;
  const endYear = year + Math.floor(lastIndex / 12);
  const endMonth = (lastIndex % 12) + 1;
  const words = monthRangeWords(startYear, startMonth, endYear, endMonth);
  return {
    span: {
      start: startOfMonthIso(startYear, startMonth),
      end: endOfMonthIso(endYear, endMonth),
      precision: 'range',
      kind: 'period',
      words,
      reading: `${label} read as ${words}`,
    },
  };
}

function monthRangeWords(startYear: number, startMonth: number, endYear: number, endMonth: number): string {
  const from = startYear === endYear ? MONTH_NAMES[startMonth - 1] : formatUkMonth(startYear, startMonth);
  return `${from} to ${formatUkMonth(endYear, endMonth)}`;
}

function fyWords(year: number): string {
  return `${year}/${String((year + 1) % 100).padStart(2, '0')}`;
}

function fullYear(text: string): number {
  // Two-digit years are this century's: plans are written about the next few years.
  return text.length === 2 ? 2000 + Number(text) : Number(text);
}

function optionalNumber(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}

/** The text with its first letter in upper case. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
