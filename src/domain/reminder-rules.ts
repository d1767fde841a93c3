/**
 * Which reminders are due on a day: lead times before a milestone's due date (14, 7 and 1 days by
 * default), due today, overdue on the first working day after and then weekly while it stays
 * open, escalated to the directorate's director and then the SLT digest the longer it is overdue.
 * Reminders go out on working days only; one that would fall on a weekend or bank holiday goes on
 * the working day before. Closed (Complete, Cancelled, Deferred) milestones are never chased;
 * undated open ones go to the performance team's weekly data-quality digest instead.
 *
 * Every reminder is addressed to a recipient (a person, or a channel) and carries a ledger key
 * (milestone|kind|due date|recipient), so the run can record it before sending and a rerun sends
 * nothing twice.
 */
import { z } from 'zod';
import { ukDateOf } from './clock.ts';
import { addDaysIso, daysBetween } from './iso-date.ts';
import type { Directorate, Milestone, Project } from './records.ts';
import { isOpen } from './status.ts';
import { isWorkingDay, nextWorkingDayAfter, weekdayOf, workingDayOnOrBefore } from './working-days.ts';
import type { BankHolidays } from './working-days.ts';

/** The reminder rules a plan can change (Plans.ReminderSettings, JSON); anything not set takes the default. */
export interface ReminderSettings {
  /** Days before the due date a "due soon" reminder goes out. */
  leadDays: number[];
  /** A milestone updated this many days ago or fewer (0 = today) is not chased for "due soon". */
  quietDays: number;
  /** Overdue by more than this many days: the directorate's director is told too. */
  directorAfterDays: number;
  /** Overdue by more than this many days: the milestone appears in the SLT digest too. */
  sltAfterDays: number;
  /** Days between overdue reminders after the first. */
  overdueRepeatDays: number;
  /** Weekday of the performance team's data-quality digest: 1 Monday … 5 Friday. */
  dataQualityWeekday: number;
}

export const DEFAULT_REMINDER_SETTINGS: Readonly<ReminderSettings> = Object.freeze({
  leadDays: [14, 7, 1],
  quietDays: 7,
  directorAfterDays: 14,
  sltAfterDays: 28,
  overdueRepeatDays: 7,
  dataQualityWeekday: 1,
});

const days = z.number().int().min(0).max(366);

/** The settings as a plan or the configuration may write them: every field optional. */
export const reminderSettingsSchema = z
  .object({
    leadDays: z.array(z.number().int().min(1).max(366)).max(10),
    quietDays: days,
    directorAfterDays: days,
    sltAfterDays: days,
    overdueRepeatDays: z.number().int().min(1).max(366),
    dataQualityWeekday: z.number().int().min(1).max(5),
  })
  .partial()
  .strict();
export type ReminderSettingsOverrides = z.infer<typeof reminderSettingsSchema>;

/** Settings that cannot be used; the message names the field. */
export class ReminderSettingsError extends Error {
  override readonly name = 'ReminderSettingsError';
  readonly reason = 'invalid-settings' as const;
}

/**
 * The settings in force: `base` overridden by the plan's JSON text when it has any. Throws
 * ReminderSettingsError naming the field when the text is not JSON or a value is out of range.
 */
export function reminderSettingsFrom(planJson: string | undefined, base: ReminderSettings = DEFAULT_REMINDER_SETTINGS, source = 'the plan'): ReminderSettings {
  if (planJson === undefined || planJson.trim() === '') return { ...base, leadDays: [...base.leadDays] };
  let raw: unknown;
  try {
    raw = JSON.parse(planJson);
  } catch {
    throw new ReminderSettingsError(`The reminder settings of ${source} are not JSON: ${planJson.slice(0, 80)}`);
  }
  return withOverrides(base, raw, source);
}

/** `base` with validated overrides applied. */
export function withOverrides(base: ReminderSettings, overrides: unknown, source: string): ReminderSettings {
  const parsed = reminderSettingsSchema.safeParse(overrides);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ReminderSettingsError(`The reminder settings of ${source} are not usable: ${issue.path.join('.') || 'settings'} ${issue.message}.`);
  }
  const merged = { ...base, ...parsed.data };
  return { ...merged, leadDays: [...new Set(merged.leadDays)].sort((a, b) => b - a) };
}

/** Why a reminder goes out. */
export type ReminderKind =
  | { type: 'lead'; days: number }
  | { type: 'due-today' }
  /** `occurrence` 1 is the first working day after the due date, 2 a week on, and so on. */
  | { type: 'overdue'; occurrence: number }
  /** `week` is the date the weekly digest was due (before moving off a non-working day). */
  | { type: 'undated'; week: string };

/** The kind as the ledger writes it: lead-14, due-today, overdue-2, undated-2026-06-01. */
export function kindKey(kind: ReminderKind): string {
  switch (kind.type) {
    case 'lead':
      return `lead-${kind.days}`;
    case 'due-today':
      return 'due-today';
    case 'overdue':
      return `overdue-${kind.occurrence}`;
    case 'undated':
      return `undated-${kind.week}`;
    default:
      return assertNever(kind);
  }
}

/** The kind a ledger row names (the inverse of kindKey); undefined for text that is not one. */
export function parseKindKey(text: string): ReminderKind | undefined {
  if (text === 'due-today') return { type: 'due-today' };
  const numbered = /^(lead|overdue)-(\d{1,3})$/.exec(text);
  if (numbered) {
    const value = Number(numbered[2]);
    return numbered[1] === 'lead' ? { type: 'lead', days: value } : { type: 'overdue', occurrence: value };
  }
  const undated = /^undated-(\d{4}-\d{2}-\d{2})$/.exec(text);
  return undated ? { type: 'undated', week: undated[1]! } : undefined;
}

/** Who a reminder goes to. Channels are the SLT's, the performance team's and each directorate's. */
export type Recipient =
  | { kind: 'person'; upn: string; name?: string }
  | { kind: 'channel'; channel: 'slt' | 'performance' }
  | { kind: 'channel'; channel: 'directorate'; code: string };

/** Why this recipient gets this milestone. */
export type ReminderRole = 'owner' | 'project-lead' | 'director' | 'directorate' | 'slt' | 'data-quality';

/** The recipient part of a ledger key: a person's UPN (lower case) or `channel:slt`, `channel:directorate:CF`. */
export function recipientKey(recipient: Recipient): string {
  if (recipient.kind === 'person') return recipient.upn.trim().toLowerCase();
  return recipient.channel === 'directorate' ? `channel:directorate:${recipient.code}` : `channel:${recipient.channel}`;
}

/** The recipient a ledger row's recipient text names (a person's name is not kept there). */
export function recipientFromKey(text: string): Recipient | undefined {
  if (text === 'channel:slt') return { kind: 'channel', channel: 'slt' };
  if (text === 'channel:performance') return { kind: 'channel', channel: 'performance' };
  if (text.startsWith('channel:directorate:')) {
    const code = text.slice('channel:directorate:'.length);
    return code ? { kind: 'channel', channel: 'directorate', code } : undefined;
  }
  return text.includes('@') && !text.startsWith('channel:') ? { kind: 'person', upn: text } : undefined;
}

/** The ledger key of a reminder: milestone|kind|due date|recipient. */
export function reminderKey(milestoneId: string, kind: ReminderKind, dueDate: string | undefined, recipient: Recipient): string {
  return `${milestoneId}|${kindKey(kind)}|${dueDate ?? 'none'}|${recipientKey(recipient)}`;
}

/** A milestone as the rules read it: its list item id and its record. */
export interface MilestoneEntry {
  id: string;
  record: Milestone;
}

/** What the rules need to decide a day's reminders. */
export interface ReminderInput {
  /** The day of the run (UK date). */
  today: string;
  milestones: readonly MilestoneEntry[];
  projects: readonly Project[];
  directorates: readonly Directorate[];
  holidays: BankHolidays;
  settings: ReminderSettings;
}

/** One milestone to one recipient, for one reason. */
export interface Reminder {
  key: string;
  milestoneId: string;
  kind: ReminderKind;
  dueDate?: string;
  recipient: Recipient;
  role: ReminderRole;
  /** Days until the due date: negative when overdue; undefined when undated. */
  daysToDue?: number;
}

/** A day's reminders and why others were held back. */
export interface ReminderDecision {
  /** False on weekends and bank holidays: nothing goes out. */
  workingDay: boolean;
  reminders: Reminder[];
  /** Milestones with a "due soon" reminder today held back because they were updated recently. */
  quiet: string[];
}

/** The reminders due on `input.today`, one per milestone and recipient (a recipient with two roles gets it once). */
export function remindersDue(input: ReminderInput): ReminderDecision {
  const { today, holidays, settings } = input;
  if (!isWorkingDay(today, holidays)) return { workingDay: false, reminders: [], quiet: [] };
  const projects = new Map(input.projects.map((project) => [project.code, project]));
  const directorates = new Map(input.directorates.map((directorate) => [directorate.code, directorate]));
  const digestWeek = dataQualityWeekOf(today, holidays, settings);
  const byKey = new Map<string, Reminder>();
  const quiet: string[] = [];
  const add = (reminder: Omit<Reminder, 'key'>) => {
    const key = reminderKey(reminder.milestoneId, reminder.kind, reminder.dueDate, reminder.recipient);
    if (!byKey.has(key)) byKey.set(key, { key, ...reminder });
  };

  for (const { id, record } of input.milestones) {
    if (!isOpen(record.status)) continue;
    if (record.dueDate === undefined) {
      if (digestWeek) add({ milestoneId: id, kind: { type: 'undated', week: digestWeek }, recipient: { kind: 'channel', channel: 'performance' }, role: 'data-quality' });
      continue;
    }
    const kind = occasionOn(record.dueDate, today, holidays, settings);
    if (!kind) continue;
    if (kind.type === 'lead' && updatedWithin(record, today, settings.quietDays)) {
      quiet.push(id);
      continue;
    }
    const daysToDue = daysBetween(today, record.dueDate);
    const common = { milestoneId: id, kind, dueDate: record.dueDate, daysToDue };
    const project = projects.get(record.projectCode);
    add({ ...common, ...responsibleFor(record, project) });
    if (kind.type !== 'overdue') continue;
    if (-daysToDue > settings.directorAfterDays) {
      for (const code of record.directorates.length > 0 ? record.directorates : (project?.leadDirectorates ?? [])) {
        const directorate = directorates.get(code);
        const recipient: Recipient = directorate?.directorUpn
          ? { kind: 'person', upn: directorate.directorUpn, ...(directorate.directorName ? { name: directorate.directorName } : {}) }
          : { kind: 'channel', channel: 'directorate', code };
        add({ ...common, recipient, role: directorate?.directorUpn ? 'director' : 'directorate' });
      }
    }
    if (-daysToDue > settings.sltAfterDays) add({ ...common, recipient: { kind: 'channel', channel: 'slt' }, role: 'slt' });
  }
  return { workingDay: true, reminders: [...byKey.values()], quiet };
}

/**
 * The reminder a milestone due on `dueDate` gets on `today` (a working day), if any. When two
 * fall on the same day (a Saturday due date brings "1 day" and "due today" to the Friday) the
 * more urgent one wins.
 */
export function occasionOn(dueDate: string, today: string, holidays: BankHolidays, settings: ReminderSettings): ReminderKind | undefined {
  if (today <= dueDate) {
    if (workingDayOnOrBefore(dueDate, holidays) === today) return { type: 'due-today' };
    const leads = [...settings.leadDays].sort((a, b) => a - b);
    for (const lead of leads) {
      if (workingDayOnOrBefore(addDaysIso(dueDate, -lead), holidays) === today) return { type: 'lead', days: lead };
    }
    return undefined;
  }
  const first = nextWorkingDayAfter(dueDate, holidays);
  if (today < first) return undefined;
  if (today === first) return { type: 'overdue', occurrence: 1 };
  const repeat = settings.overdueRepeatDays;
  const step = Math.floor(daysBetween(first, today) / repeat);
  // A repeat that falls on a non-working day moves back, so the one due next may land today.
  for (const n of [step, step + 1]) {
    if (n < 1) continue;
    if (workingDayOnOrBefore(addDaysIso(first, n * repeat), holidays) === today) return { type: 'overdue', occurrence: n + 1 };
  }
  return undefined;
}

/** The nominal date of this week's data-quality digest when it goes out today (moved back off a non-working day), else undefined. */
export function dataQualityWeekOf(today: string, holidays: BankHolidays, settings: ReminderSettings): string | undefined {
  for (let ahead = 0; ahead < 7; ahead++) {
    const day = addDaysIso(today, ahead);
    if (weekdayOf(day) === settings.dataQualityWeekday && workingDayOnOrBefore(day, holidays) === today) return day;
  }
  return undefined;
}

/** The person a milestone's own reminders go to: its owner, else its project's lead, else its directorate's channel. */
export function responsibleFor(milestone: Milestone, project: Project | undefined): Pick<Reminder, 'recipient' | 'role'> {
  if (milestone.ownerUpn) return { recipient: { kind: 'person', upn: milestone.ownerUpn, ...(milestone.ownerName ? { name: milestone.ownerName } : {}) }, role: 'owner' };
  if (project?.projectLeadUpn) {
    return { recipient: { kind: 'person', upn: project.projectLeadUpn, ...(project.projectLeadName ? { name: project.projectLeadName } : {}) }, role: 'project-lead' };
  }
  const code = milestone.directorates[0] ?? project?.leadDirectorates[0];
  if (code) return { recipient: { kind: 'channel', channel: 'directorate', code }, role: 'directorate' };
  // Nobody to tell: the performance team, who keep the plan's owners.
  return { recipient: { kind: 'channel', channel: 'performance' }, role: 'data-quality' };
}

function updatedWithin(milestone: Milestone, today: string, quietDays: number): boolean {
  if (!milestone.lastUpdatedOn) return false;
  const since = daysBetween(ukDateOf(milestone.lastUpdatedOn), today);
  return since >= 0 && since <= quietDays - 1;
}

/** One card's worth: every reminder to one recipient in a run. */
export interface Digest {
  recipientKey: string;
  recipient: Recipient;
  reminders: Reminder[];
}

/** The reminders grouped one digest per recipient, most urgent first within each (then by milestone id). */
export function digestsOf(reminders: readonly Reminder[]): Digest[] {
  const digests = new Map<string, Digest>();
  for (const reminder of reminders) {
    const key = recipientKey(reminder.recipient);
    const digest = digests.get(key) ?? { recipientKey: key, recipient: reminder.recipient, reminders: [] };
    digest.reminders.push(reminder);
    digests.set(key, digest);
  }
  for (const digest of digests.values()) digest.reminders.sort(byUrgency);
  return [...digests.values()].sort((a, b) => a.recipientKey.localeCompare(b.recipientKey));
}

/** Most urgent first: most overdue, then soonest due, then undated; ties by milestone id. */
export function byUrgency(a: Pick<Reminder, 'daysToDue' | 'milestoneId'>, b: Pick<Reminder, 'daysToDue' | 'milestoneId'>): number {
  const da = a.daysToDue ?? Number.POSITIVE_INFINITY;
  const db = b.daysToDue ?? Number.POSITIVE_INFINITY;
  if (da !== db) return da < db ? -1 : 1;
  return a.milestoneId.localeCompare(b.milestoneId, 'en', { numeric: true });
}

/**
 * The directorate channel a person's digest goes to until the bot delivers it personally: the
 * directorate most of the person's milestones belong to (ties: the first in code order).
 */
export function homeDirectorateOf(milestones: readonly Pick<Milestone, 'directorates'>[]): string | undefined {
  const counts = new Map<string, number>();
  for (const milestone of milestones) {
    const code = milestone.directorates[0];
    if (code) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

function assertNever(value: never): never {
  throw new Error(`unhandled reminder kind: ${JSON.stringify(value)}`);
}
