import { describe, expect, it } from 'vitest';
import { endOfMonthIso, formatUkDate, parsePlanDate, type PlanDate } from './plan-dates.ts';

type Expected = Omit<PlanDate, 'asPublished' | 'note'> & { note?: string | RegExp };

function expectReading(text: string, expected: Expected, context?: { planStartsOn?: string }) {
  const result = parsePlanDate(text, context);
  const { note, ...rest } = expected;
  const { note: actualNote, asPublished, ...actualRest } = result;
  expect(asPublished).toBe(text);
  expect(actualRest).toEqual(rest);
  if (note instanceof RegExp) expect(actualNote).toMatch(note);
  else if (note !== undefined) expect(actualNote).toBe(note);
}

const month = (dueDate: string): Expected => ({ dueDate, precision: 'month', flag: 'ok' });
const day = (dueDate: string): Expected => ({ dueDate, precision: 'day', flag: 'ok' });
const range = (startDate: string, dueDate: string, note?: string | RegExp): Expected => ({ startDate, dueDate, precision: 'range', flag: 'ok', ...(note === undefined ? {} : { note }) });
const unparsed: Expected = { precision: 'none', flag: 'unparsed', note: /^not understood/ };
const tbc: Expected = { precision: 'none', flag: 'tbc', note: /to be confirmed/ };

// Every distinct date text of the Staffordshire County Council Delivery Plan 2026/27.
const REAL_PLAN: Array<[string, Expected]> = [
  ['October 2025', month('2025-10-31')],
  ['November 2025', month('2025-11-30')],
  ['January 2026', month('2026-01-31')],
  ['February 2026', month('2026-02-28')],
  ['March 2026', month('2026-03-31')],
  ['April 2026', month('2026-04-30')],
  ['May 2026', month('2026-05-31')],
  ['June 2026', month('2026-06-30')],
  ['July 2026', month('2026-07-31')],
  ['August 2026', month('2026-08-31')],
  ['September 2026', month('2026-09-30')],
  ['October 2026', month('2026-10-31')],
  ['November 2026', month('2026-11-30')],
  ['December 2026', month('2026-12-31')],
  ['January 2027', month('2027-01-31')],
  ['February 2027', month('2027-02-28')],
  ['March 2027', month('2027-03-31')],
  ['April 2027', month('2027-04-30')],
  ['May 2027', month('2027-05-31')],
  ['July 2027', month('2027-07-31')],
  ['September 2027', month('2027-09-30')],
  ['Sept 2027', month('2027-09-30')],
  ['October 2027', month('2027-10-31')],
  ['November 2027', month('2027-11-30')],
  ['December 2027', month('2027-12-31')],
  ['March 2028', month('2028-03-31')],
  ['April 2028', month('2028-04-30')],
  ['End April 2027', month('2027-04-30')],
  ['Feb-May 2026', range('2026-02-01', '2026-05-31', 'range: February to May 2026')],
  ['From April 2026', { startDate: '2026-04-01', precision: 'open-ended', flag: 'ok', note: 'open-ended: from April 2026, no due date' }],
  [
    'September 2026 and March 2027',
    { dueDate: '2026-09-30', precision: 'recurring', flag: 'ok', occurrences: ['2026-09-30', '2027-03-31'], note: 'recurs: September 2026 and March 2027' },
  ],
  ['TBC', { precision: 'none', flag: 'tbc', note: 'to be confirmed: the plan gives no date yet' }],
];

describe('parsePlanDate: every date text in the 2026/27 plan', () => {
  it.each(REAL_PLAN)('%s', (text, expected) => expectReading(text, expected));

  it('understands every one of them (only TBC is flagged)', () => {
    const flagged = REAL_PLAN.map(([text]) => parsePlanDate(text)).filter((date) => date.flag !== 'ok');
    expect(flagged.map((date) => date.asPublished)).toEqual(['TBC']);
  });

  it('keeps the published text verbatim, tabs and spaces included', () => {
    expect(parsePlanDate('  Sept 2027\t').asPublished).toBe('  Sept 2027\t');
    expect(parsePlanDate('  Sept 2027\t').dueDate).toBe('2027-09-30');
  });
});

describe('parsePlanDate: months', () => {
  it.each<[string, string]>([
    ['Sep 2027', '2027-09-30'],
    ['Sep. 2027', '2027-09-30'],
    ['sept. 2027', '2027-09-30'],
    ['SEPTEMBER 2026', '2026-09-30'],
    ['feb 2028', '2028-02-29'],
    ['Feb 2027', '2027-02-28'],
    ['Jun 2026', '2026-06-30'],
    ['Dec. 2026', '2026-12-31'],
    ['March, 2026', '2026-03-31'],
    ['03/2026', '2026-03-31'],
    ['March 2026.', '2026-03-31'],
    ['in March 2026', '2026-03-31'],
  ])('%s is due %s', (text, due) => expectReading(text, month(due)));
});

describe('parsePlanDate: end of and by', () => {
  it.each<[string, Expected]>([
    ['End of August 2023', month('2023-08-31')],
    ['by end of March 2026', month('2026-03-31')],
    ['By the end of March 2026', month('2026-03-31')],
    ['end-March 2026', month('2026-03-31')],
    ['By March 2026', month('2026-03-31')],
    ['Ongoing until March 2027', month('2027-03-31')],
    ['Due 31/03/2026', day('2026-03-31')],
    ['End of Q3 2026/27', { dueDate: '2026-12-31', precision: 'month', flag: 'ok', note: /^the end of Q3 of the financial year 2026\/27/ }],
    ['by the end of 2026/27', { dueDate: '2027-03-31', precision: 'month', flag: 'ok', note: /^the end of the financial year 2026\/27/ }],
  ])('%s', (text, expected) => expectReading(text, expected));
});

describe('parsePlanDate: ranges', () => {
  it.each<[string, Expected]>([
    ['February – May 2026', range('2026-02-01', '2026-05-31')],
    ['February — May 2026', range('2026-02-01', '2026-05-31')],
    ['Feb 2026 - May 2026', range('2026-02-01', '2026-05-31')],
    ['February to May 2026', range('2026-02-01', '2026-05-31')],
    ['Between February and May 2026', range('2026-02-01', '2026-05-31')],
    ['Nov 2026-Jan 2027', range('2026-11-01', '2027-01-31', 'range: November 2026 to January 2027')],
    // A range whose start month is later than its end month starts the year before.
    ['Nov-Jan 2027', range('2026-11-01', '2027-01-31')],
    ['1-15 March 2026', range('2026-03-01', '2026-03-15')],
    ['1 March 2026 - 15 April 2026', range('2026-03-01', '2026-04-15')],
    ['From April 2026 to March 2027', range('2026-04-01', '2027-03-31')],
    ['May 2026 - Feb 2026', unparsed],
    ['15-1 March 2026', unparsed],
  ])('%s', (text, expected) => expectReading(text, expected));
});

describe('parsePlanDate: started and open-ended', () => {
  it.each<[string, Expected]>([
    ['From April 2026', { startDate: '2026-04-01', precision: 'open-ended', flag: 'ok' }],
    ['Starting 6 April 2026', { startDate: '2026-04-06', precision: 'open-ended', flag: 'ok' }],
    ['From Q3 2026/27', { startDate: '2026-10-01', precision: 'open-ended', flag: 'ok' }],
    ['Commenced April 2023', { startDate: '2023-04-01', precision: 'ongoing', flag: 'ok', note: 'ongoing: started April 2023, no due date' }],
    ['Started January 2024', { startDate: '2024-01-01', precision: 'ongoing', flag: 'ok' }],
    ['Ongoing since May 2025', { startDate: '2025-05-01', precision: 'ongoing', flag: 'ok' }],
    ['From', unparsed],
    ['From ASAP', unparsed],
  ])('%s', (text, expected) => expectReading(text, expected));
});

describe('parsePlanDate: recurring and staged', () => {
  it.each<[string, Expected]>([
    [
      '6 monthly: September 2026 and March 2027',
      { dueDate: '2026-09-30', precision: 'recurring', flag: 'ok', occurrences: ['2026-09-30', '2027-03-31'], note: 'recurs every six months: September 2026 and March 2027' },
    ],
    ['Annually - September 2023', { dueDate: '2023-09-30', precision: 'recurring', flag: 'ok', occurrences: ['2023-09-30'], note: 'recurs annually from September 2023' }],
    ['Annually – September 2023', { dueDate: '2023-09-30', precision: 'recurring', flag: 'ok', occurrences: ['2023-09-30'] }],
    [
      'March, June and September 2026',
      { dueDate: '2026-03-31', precision: 'recurring', flag: 'ok', occurrences: ['2026-03-31', '2026-06-30', '2026-09-30'] },
    ],
    // Listed out of order, the occurrences still come back ascending with the earliest due.
    ['March 2027 & September 2026', { dueDate: '2026-09-30', precision: 'recurring', flag: 'ok', occurrences: ['2026-09-30', '2027-03-31'] }],
    ['September 2026\nMarch 2027', { dueDate: '2026-09-30', precision: 'recurring', flag: 'ok', occurrences: ['2026-09-30', '2027-03-31'] }],
    ['September and March 2027', unparsed],
    [
      'Draft Strategy September 2023 / Final Strategy March 2024',
      {
        startDate: '2023-09-01',
        dueDate: '2024-03-31',
        precision: 'range',
        flag: 'ok',
        occurrences: ['2023-09-30', '2024-03-31'],
        note: 'staged: Draft strategy September 2023, then Final strategy March 2024; due at the last stage',
      },
    ],
    ['Consultation: 1 June 2026; Decision by 31 July 2026', { startDate: '2026-06-01', dueDate: '2026-07-31', precision: 'range', flag: 'ok', occurrences: ['2026-06-01', '2026-07-31'] }],
    ['Final March 2024 / Draft September 2023', unparsed],
    ['Not before March 2026 / Final April 2026', unparsed],
    ['March 2026 / April 2026', unparsed],
  ])('%s', (text, expected) => expectReading(text, expected));
});

describe('parsePlanDate: ongoing', () => {
  it.each(['Quarterly meetings underway', 'Ongoing', 'On-going', 'Quarterly', 'Monthly', 'In progress', 'Meetings underway', 'Business as usual'])('%s', (text) =>
    expectReading(text, { precision: 'ongoing', flag: 'ok', note: /^ongoing/ }),
  );

  it('does not read a negated phrase as ongoing', () => expectReading('Not yet underway', unparsed));
});

describe('parsePlanDate: to be confirmed', () => {
  it.each(['TBC', 'tbc', 'TBA', 'TBD', 'To be confirmed', 'To be agreed', 'Dates TBC', 'TBC March 2026'])('%s', (text) => expectReading(text, tbc));

  it('keeps the reason given after TBC', () => expectReading('tbc - awaiting decision', { precision: 'none', flag: 'tbc', note: 'to be confirmed (awaiting decision)' }));

  it('keeps a provisional date but flags it', () => {
    expectReading('March 2026 (TBC)', { dueDate: '2026-03-31', precision: 'month', flag: 'tbc', note: /^provisional/ });
    expectReading('Feb-May 2026 provisional', { startDate: '2026-02-01', dueDate: '2026-05-31', precision: 'range', flag: 'tbc' });
  });

  it('does not keep an unreadable provisional date', () => expectReading('Febuary 2026 (TBC)', unparsed));
});

describe('parsePlanDate: exact days', () => {
  it.each<[string, string]>([
    ['31 March 2026', '2026-03-31'],
    ['31/03/2026', '2026-03-31'],
    // UK order: day first.
    ['04/03/2026', '2026-03-04'],
    ['4/3/2026', '2026-03-04'],
    ['04.03.2026', '2026-03-04'],
    ['04-03-2026', '2026-03-04'],
    ['31/03/26', '2026-03-31'],
    ['2026-03-31', '2026-03-31'],
    ['31st March 2026', '2026-03-31'],
    ['1st April 2026', '2026-04-01'],
    ['2nd Apr 2026', '2026-04-02'],
    ['31 Mar. 2026', '2026-03-31'],
    ['March 31, 2026', '2026-03-31'],
    ['Tuesday 31 March 2026', '2026-03-31'],
    ['29 February 2028', '2028-02-29'],
  ])('%s is %s', (text, due) => expectReading(text, day(due)));
});

describe('parsePlanDate: quarters, financial years, seasons', () => {
  it.each<[string, Expected]>([
    ['Q1 2026/27', range('2026-04-01', '2026-06-30')],
    ['Q2 2026/27', range('2026-07-01', '2026-09-30')],
    ['Q3 2026/27', range('2026-10-01', '2026-12-31', 'Q3 of the financial year 2026/27 read as October to December 2026')],
    ['Q4 2026/27', range('2027-01-01', '2027-03-31', 'Q4 of the financial year 2026/27 read as January to March 2027')],
    ['Q3 2026-27', range('2026-10-01', '2026-12-31')],
    ['Quarter 3 2026/2027', range('2026-10-01', '2026-12-31')],
    ['Q3 FY26/27', range('2026-10-01', '2026-12-31')],
    ['H2 2026/27', range('2026-10-01', '2027-03-31')],
    ['2026/27', range('2026-04-01', '2027-03-31', 'the financial year 2026/27 read as April 2026 to March 2027')],
    ['2026-27', range('2026-04-01', '2027-03-31')],
    ['FY 2026/27', range('2026-04-01', '2027-03-31')],
    ['Spring 2026', range('2026-03-01', '2026-05-31', 'Spring 2026 read as March to May 2026')],
    ['Summer 2026', range('2026-06-01', '2026-08-31')],
    ['Autumn 2026', range('2026-09-01', '2026-11-30')],
    ['Winter 2026', range('2026-12-01', '2027-02-28', 'Winter 2026 read as December 2026 to February 2027')],
    ['Winter 2026/27', range('2026-12-01', '2027-02-28')],
    // Early, mid and late are thirds of the calendar year.
    ['Early 2026', range('2026-01-01', '2026-04-30', 'Early 2026 read as January to April 2026')],
    ['Mid 2026', range('2026-05-01', '2026-08-31')],
    ['Mid-2026', range('2026-05-01', '2026-08-31')],
    ['Late 2026', range('2026-09-01', '2026-12-31')],
    ['Mid-March 2026', { dueDate: '2026-03-31', precision: 'month', flag: 'ok', note: /read as the month March 2026/ }],
    ['2026', range('2026-01-01', '2026-12-31', '2026 as the calendar year read as January to December 2026')],
    ['Q3 2026', { precision: 'none', flag: 'unparsed', note: /could be a financial or a calendar quarter/ }],
    ['2026/28', unparsed],
    ['Spring 2026/27', unparsed],
  ])('%s', (text, expected) => expectReading(text, expected));
});

describe('parsePlanDate: what it does not understand', () => {
  it.each([
    ['', /the date is empty/],
    ['   ', /the date is empty/],
    ['ASAP', /not a date Waymark recognises/],
    ['next year', /not a date Waymark recognises/],
    ['Febuary 2026', /not a date Waymark recognises/],
    ['30 February 2026', /30 February 2026 is not a date that exists/],
    ['29 February 2027', /29 February 2027 is not a date that exists/],
    ['31/04/2026', /31 April 2026 is not a date that exists/],
    ['2026-13-01', /there is no month 13/],
    ['13/13/2026', /there is no month 13/],
    ['March 0026', /not a plausible year/],
    ['Monday 31 March 2026', /31 March 2026 is not a Monday/],
    ['June', /gives no year/],
    ['Before March 2026', /not a date Waymark recognises/],
    ['As required', /not a date Waymark recognises/],
    [`Deliver the programme by March 2027 ${'with partners '.repeat(10)}`, /too long to be a date/],
  ])('%j', (text, why) => {
    const result = parsePlanDate(text);
    expect(result).toEqual({ asPublished: text, precision: 'none', flag: 'unparsed', note: expect.stringMatching(why) });
  });
});

describe('parsePlanDate: a month without a year, placed in the plan', () => {
  const context = { planStartsOn: '2026-04-01' };
  it.each<[string, Expected]>([
    ['June', { dueDate: '2026-06-30', precision: 'month', flag: 'ok', note: /year taken from the plan/ }],
    ['January', { dueDate: '2027-01-31', precision: 'month', flag: 'ok' }],
    ['April', { dueDate: '2026-04-30', precision: 'month', flag: 'ok' }],
    ['End March', { dueDate: '2027-03-31', precision: 'month', flag: 'ok' }],
    ['From June', { startDate: '2026-06-01', precision: 'open-ended', flag: 'ok' }],
    ['15 May', { dueDate: '2026-05-15', precision: 'day', flag: 'ok' }],
  ])('%s', (text, expected) => expectReading(text, expected, context));

  it('places a plan that starts in January in its own calendar year', () => {
    expect(parsePlanDate('March', { planStartsOn: '2026-01-01' }).dueDate).toBe('2026-03-31');
  });
});

describe('endOfMonthIso', () => {
  it.each<[number, number, string]>([
    [2026, 1, '2026-01-31'],
    [2026, 2, '2026-02-28'],
    [2028, 2, '2028-02-29'],
    [2100, 2, '2100-02-28'],
    [2000, 2, '2000-02-29'],
    [2026, 4, '2026-04-30'],
    [2026, 12, '2026-12-31'],
  ])('%i-%i ends %s', (year, monthNumber, expected) => expect(endOfMonthIso(year, monthNumber)).toBe(expected));

  it('rejects a month that does not exist', () => {
    expect(() => endOfMonthIso(2026, 13)).toThrow(RangeError);
    expect(() => endOfMonthIso(2026, 0)).toThrow(RangeError);
  });
});

describe('formatUkDate', () => {
  it.each([
    ['2026-03-31', '31 March 2026'],
    ['2026-01-01', '1 January 2026'],
    ['2027-09-30', '30 September 2027'],
  ])('%s is %s', (iso, expected) => expect(formatUkDate(iso)).toBe(expected));

  it('rejects text that is not a real date', () => {
    expect(() => formatUkDate('2026-02-30')).toThrow(RangeError);
    expect(() => formatUkDate('31/03/2026')).toThrow(RangeError);
  });
});
