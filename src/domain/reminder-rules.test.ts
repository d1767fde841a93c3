import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Directorate, Milestone, MilestoneStatus, Project } from './records.ts';
import {
  DEFAULT_REMINDER_SETTINGS,
  ReminderSettingsError,
  dataQualityWeekOf,
  digestsOf,
  homeDirectorateOf,
  kindKey,
  occasionOn,
  parseKindKey,
  recipientFromKey,
  recipientKey,
  reminderSettingsFrom,
  remindersDue,
} from './reminder-rules.ts';
import type { ReminderKind, ReminderSettings } from './reminder-rules.ts';
import { parseBankHolidays } from './working-days.ts';

const holidays = parseBankHolidays(JSON.parse(readFileSync(new URL('../../data/bank-holidays-england-and-wales.json', import.meta.url), 'utf8')), 'holidays');
const settings: ReminderSettings = { ...DEFAULT_REMINDER_SETTINGS, leadDays: [14, 7, 1] };

function milestone(overrides: Partial<Milestone> = {}): Milestone {
  return {
    key: 'k',
    plan: '2026/27',
    projectCode: 'PE1',
    directorates: ['CF'],
    title: 'Open the new family hub',
    status: 'On track',
    ownerUpn: 'owner@council.example',
    ownerName: 'Owner',
    ...overrides,
  };
}
const projects: Project[] = [
  { key: '2026/27|PE1', plan: '2026/27', code: 'PE1', title: 'Families First', commitments: [], leadDirectorates: ['CF'], cabinetMembers: [], projectLeadUpn: 'lead@council.example', projectLeadName: 'Lead' },
];
const directorates: Directorate[] = [
  { name: 'Children and Families', code: 'CF', aliases: [], directorUpn: 'director.cf@council.example', directorName: 'Director CF' },
  { name: 'Health and Care', code: 'HC', aliases: [] },
];

function due(milestones: Milestone[], today: string, using: ReminderSettings = settings) {
  return remindersDue({ today, milestones: milestones.map((record, index) => ({ id: String(index + 1), record })), projects, directorates, holidays, settings: using });
}
const show = (kind: ReminderKind | undefined) => (kind ? kindKey(kind) : 'none');

describe('occasionOn: which reminder a due date brings on a day', () => {
  it.each([
    // due date, today, expected, why
    ['2026-06-19', '2026-06-05', 'lead-14', '14 days before a Friday'],
    ['2026-06-19', '2026-06-12', 'lead-7', '7 days before'],
    ['2026-06-19', '2026-06-18', 'lead-1', 'the day before'],
    ['2026-06-19', '2026-06-19', 'due-today', 'on the day'],
    ['2026-06-19', '2026-06-10', 'none', 'between lead times'],
    ['2026-06-19', '2026-06-22', 'overdue-1', 'first working day after (Monday)'],
    ['2026-06-19', '2026-06-23', 'none', 'not every day while overdue'],
    ['2026-06-19', '2026-06-29', 'overdue-2', 'then weekly'],
    ['2026-06-19', '2026-07-06', 'overdue-3', 'and weekly again'],
    ['2026-06-20', '2026-06-19', 'due-today', 'due on a Saturday: due-today moves to Friday and wins over lead-1'],
    ['2026-06-20', '2026-06-05', 'lead-14', 'lead-14 of a Saturday moves to the Friday before'],
    ['2026-06-20', '2026-06-12', 'lead-7', 'lead-7 of a Saturday moves to the Friday before'],
    ['2026-06-20', '2026-06-22', 'overdue-1', 'overdue from the Monday after a Saturday'],
    ['2026-05-25', '2026-05-22', 'due-today', 'due on Spring bank holiday: told on the Friday before'],
    ['2026-05-25', '2026-05-26', 'overdue-1', 'overdue the day after the bank holiday'],
    ['2026-04-06', '2026-04-02', 'due-today', 'due Easter Monday: told on the Thursday before Good Friday'],
    ['2026-04-06', '2026-04-07', 'overdue-1', 'overdue on the Tuesday after Easter'],
    ['2026-04-17', '2026-04-02', 'lead-14', 'lead-14 falls on Good Friday: moves to Thursday'],
    ['2026-12-25', '2026-12-24', 'due-today', 'due Christmas Day: told on Christmas Eve'],
    ['2026-12-25', '2026-12-29', 'overdue-1', 'overdue after Christmas and the Boxing Day substitute'],
    ['2026-12-29', '2026-12-24', 'lead-1', 'lead-1 on the Boxing Day substitute moves to Christmas Eve'],
    ['2026-03-27', '2026-03-30', 'overdue-1', 'overdue from Monday'],
    ['2026-03-27', '2026-04-02', 'overdue-2', 'the weekly repeat on Easter Monday moves to the Thursday before'],
    ['2026-03-27', '2026-04-13', 'overdue-3', 'then back on Mondays'],
  ])('due %s, on %s: %s (%s)', (dueDate, today, expected) => {
    expect(show(occasionOn(dueDate, today, holidays, settings))).toBe(expected);
  });

  it('follows the plan’s lead times', () => {
    const custom = { ...settings, leadDays: [3] };
    expect(show(occasionOn('2026-06-19', '2026-06-16', holidays, custom))).toBe('lead-3');
    expect(show(occasionOn('2026-06-19', '2026-06-05', holidays, custom))).toBe('none');
  });
});

describe('remindersDue', () => {
  it.each(['2026-06-06', '2026-06-07', '2026-05-25', '2026-12-25', '2026-12-28'])('sends nothing on %s, not a working day', (today) => {
    const decision = due([milestone({ dueDate: today })], today);
    expect(decision).toEqual({ workingDay: false, reminders: [], quiet: [] });
  });

  it.each<[MilestoneStatus, number]>([
    ['Complete', 0],
    ['Cancelled', 0],
    ['Deferred', 0],
    ['Not started', 1],
    ['On track', 1],
    ['At risk', 1],
    ['Off track', 1],
  ])('a %s milestone due today gets %i reminders', (status, count) => {
    expect(due([milestone({ status, dueDate: '2026-06-19' })], '2026-06-19').reminders).toHaveLength(count);
  });

  it.each<[string | undefined, boolean, string]>([
    // last updated, today (lead-7 day), reminded?
    ['2026-06-12T08:00:00Z', false, 'updated this morning'],
    ['2026-06-09T16:00:00Z', false, 'updated 3 days ago'],
    ['2026-06-06T10:00:00Z', false, 'updated 6 days ago'],
    ['2026-06-05T10:00:00Z', true, 'updated 7 days ago'],
    [undefined, true, 'never updated'],
  ])('quiet rule: last updated %s → lead reminder sent: %s (%s)', (lastUpdatedOn, reminded) => {
    const decision = due([milestone({ dueDate: '2026-06-19', ...(lastUpdatedOn ? { lastUpdatedOn } : {}) })], '2026-06-12');
    expect(decision.reminders.length === 1).toBe(reminded);
    expect(decision.quiet).toEqual(reminded ? [] : ['1']);
  });

  it('the quiet rule does not hold back due-today or overdue reminders', () => {
    const fresh = { lastUpdatedOn: '2026-06-19T07:00:00Z' };
    expect(due([milestone({ dueDate: '2026-06-19', ...fresh })], '2026-06-19').reminders).toHaveLength(1);
    expect(due([milestone({ dueDate: '2026-06-12', ...fresh })], '2026-06-15').reminders).toHaveLength(1);
  });

  it.each([
    // due Friday 2026-06-05; weekly overdue occasions and who hears of it
    ['2026-06-08', 3, ['owner@council.example']],
    ['2026-06-15', 10, ['owner@council.example']],
    ['2026-06-22', 17, ['director.cf@council.example', 'owner@council.example']],
    ['2026-06-29', 24, ['director.cf@council.example', 'owner@council.example']],
    ['2026-07-06', 31, ['channel:slt', 'director.cf@council.example', 'owner@council.example']],
  ])('escalation on %s (%i days overdue): %j', (today, daysOverdue, recipients) => {
    const { reminders } = due([milestone({ dueDate: '2026-06-05' })], today);
    expect(reminders.map((reminder) => recipientKey(reminder.recipient)).sort()).toEqual(recipients);
    for (const reminder of reminders) expect(reminder.daysToDue).toBe(-daysOverdue);
  });

  it('escalates strictly after the configured days', () => {
    const at = (directorAfterDays: number, sltAfterDays: number) =>
      due([milestone({ dueDate: '2026-06-05' })], '2026-06-15', { ...settings, directorAfterDays, sltAfterDays }).reminders.map((reminder) => recipientKey(reminder.recipient)).sort();
    expect(at(10, 28)).toEqual(['owner@council.example']);
    expect(at(9, 28)).toEqual(['director.cf@council.example', 'owner@council.example']);
    expect(at(9, 9)).toEqual(['channel:slt', 'director.cf@council.example', 'owner@council.example']);
  });

  it('goes to the project lead when the milestone has no owner, and to the directorate channel when there is neither', () => {
    const [lead] = due([milestone({ dueDate: '2026-06-19', ownerUpn: undefined, ownerName: undefined })], '2026-06-19').reminders;
    expect(lead).toMatchObject({ recipient: { kind: 'person', upn: 'lead@council.example', name: 'Lead' }, role: 'project-lead' });
    const [channel] = due([milestone({ dueDate: '2026-06-19', projectCode: 'XX1', directorates: ['HC'], ownerUpn: undefined })], '2026-06-19').reminders;
    expect(channel).toMatchObject({ recipient: { kind: 'channel', channel: 'directorate', code: 'HC' }, role: 'directorate' });
  });

  it('escalates to the directorate channel when the directorate has no director', () => {
    const { reminders } = due([milestone({ dueDate: '2026-06-05', directorates: ['HC'] })], '2026-06-22');
    expect(reminders.map((reminder) => recipientKey(reminder.recipient)).sort()).toEqual(['channel:directorate:HC', 'owner@council.example']);
  });

  it('escalates by the project’s lead directorate when the milestone names none', () => {
    const { reminders } = due([milestone({ dueDate: '2026-06-05', directorates: [] })], '2026-06-22');
    expect(reminders.map((reminder) => recipientKey(reminder.recipient)).sort()).toEqual(['director.cf@council.example', 'owner@council.example']);
  });

  it('sends a director who also owns the milestone one reminder, not two', () => {
    const { reminders } = due([milestone({ dueDate: '2026-06-05', ownerUpn: 'Director.CF@council.example' })], '2026-06-22');
    expect(reminders).toHaveLength(1);
  });

  it.each<[string, string | undefined, string]>([
    ['2026-06-01', '2026-06-01', 'a Monday'],
    ['2026-06-02', undefined, 'a Tuesday'],
    ['2026-05-22', '2026-05-25', 'the Friday before a bank-holiday Monday'],
    ['2026-12-24', '2026-12-28', 'Christmas Eve, before the Boxing Day substitute Monday'],
  ])('data-quality digest on %s: week %s (%s)', (today, week) => {
    expect(dataQualityWeekOf(today, holidays, settings)).toBe(week);
    const decision = due([milestone({ dueDate: undefined }), milestone({ dueDate: undefined, status: 'Deferred' })], today);
    expect(decision.reminders).toEqual(week ? [expect.objectContaining({ milestoneId: '1', recipient: { kind: 'channel', channel: 'performance' }, role: 'data-quality', kind: { type: 'undated', week } })] : []);
  });

  it('keys each reminder by milestone, kind, due date and recipient', () => {
    const [reminder] = due([milestone({ dueDate: '2026-06-19', ownerUpn: 'Owner@Council.example' })], '2026-06-12').reminders;
    expect(reminder?.key).toBe('1|lead-7|2026-06-19|owner@council.example');
  });
});

describe('settings', () => {
  it('takes the plan’s settings over the defaults', () => {
    expect(reminderSettingsFrom('{"leadDays":[3,10,3],"quietDays":2}')).toMatchObject({ leadDays: [10, 3], quietDays: 2, directorAfterDays: 14 });
    expect(reminderSettingsFrom(undefined)).toEqual(DEFAULT_REMINDER_SETTINGS);
    expect(reminderSettingsFrom('  ')).toEqual(DEFAULT_REMINDER_SETTINGS);
  });

  it.each([
    ['{"leadDays":[0]}', /leadDays\.0/],
    ['{"quietDays":-1}', /quietDays/],
    ['{"dataQualityWeekday":6}', /dataQualityWeekday/],
    ['{"leadTimes":[7]}', /leadTimes|Unrecognized/i],
    ['not json', /not JSON/],
  ])('refuses %s naming the field', (text, message) => {
    expect(() => reminderSettingsFrom(text, DEFAULT_REMINDER_SETTINGS, 'plan 2026/27')).toThrow(ReminderSettingsError);
    expect(() => reminderSettingsFrom(text, DEFAULT_REMINDER_SETTINGS, 'plan 2026/27')).toThrow(message);
  });
});

describe('ledger text and digests', () => {
  it.each<ReminderKind>([{ type: 'lead', days: 14 }, { type: 'due-today' }, { type: 'overdue', occurrence: 3 }, { type: 'undated', week: '2026-06-01' }])('kind %j survives the ledger', (kind) => {
    expect(parseKindKey(kindKey(kind))).toEqual(kind);
  });

  it.each(['lead-', 'overdue-x', 'sometime', ''])('"%s" is no kind', (text) => {
    expect(parseKindKey(text)).toBeUndefined();
  });

  it.each([
    ['channel:slt', { kind: 'channel', channel: 'slt' }],
    ['channel:performance', { kind: 'channel', channel: 'performance' }],
    ['channel:directorate:CF', { kind: 'channel', channel: 'directorate', code: 'CF' }],
    ['a@b.example', { kind: 'person', upn: 'a@b.example' }],
    ['channel:other', undefined],
  ])('recipient %s', (text, expected) => {
    expect(recipientFromKey(text)).toEqual(expected);
  });

  it('groups one digest per recipient, most urgent first', () => {
    const milestones = [milestone({ dueDate: '2026-06-19' }), milestone({ dueDate: '2026-05-29' }), milestone({ dueDate: '2026-06-15', ownerUpn: 'other@council.example' })];
    // 2026-06-01: #1 none, #2 overdue-1 (Monday after a Friday), #3 lead-14.
    const digests = digestsOf(due(milestones, '2026-06-01').reminders);
    expect(digests.map((digest) => [digest.recipientKey, digest.reminders.map((reminder) => reminder.milestoneId)])).toEqual([
      ['other@council.example', ['3']],
      ['owner@council.example', ['2']],
    ]);
    const both = digestsOf(due([milestone({ dueDate: '2026-06-15' }), milestone({ dueDate: '2026-05-29' })], '2026-06-01').reminders);
    expect(both[0]?.reminders.map((reminder) => reminder.milestoneId)).toEqual(['2', '1']);
  });

  it('puts a person in the directorate most of their milestones belong to', () => {
    expect(homeDirectorateOf([{ directorates: ['HC'] }, { directorates: ['CF'] }, { directorates: ['CF', 'HC'] }])).toBe('CF');
    expect(homeDirectorateOf([{ directorates: ['HC'] }, { directorates: ['CF'] }])).toBe('CF');
    expect(homeDirectorateOf([{ directorates: [] }])).toBeUndefined();
  });
});
