/**
 * One reminder run, as of a day: reads the plan and the ledger (in parallel, as the app), works
 * out the reminders due (src/domain/reminder-rules.ts), adds any that an earlier run recorded but
 * could not deliver, leaves out those already sent, builds one digest card per recipient, and for
 * each card writes 'pending' to the ledger, delivers it, and then records 'sent' or 'failed' (in
 * the same write as the next card's 'pending'). Cards go one at a time, so a kill leaves at most
 * one card delivered but not marked sent.
 */
import { buildDigestCard } from '../cards/digest-card.ts';
import type { DigestCardItem } from '../cards/digest-card.ts';
import { buildPersonalDigestCard } from '../cards/personal-digest-card.ts';
import type { PersonalDigestInput, PersonalDigestItem } from '../cards/personal-digest-card.ts';
import { workflowsMessage } from '../cards/adaptive-card.ts';
import type { AdaptiveCard } from '../cards/adaptive-card.ts';
import type { DeepLinkTarget } from '../domain/deep-links.ts';
import { daysBetween, isIsoDate } from '../domain/iso-date.ts';
import type { Directorate, Milestone, Project } from '../domain/records.ts';
import {
  ReminderSettingsError,
  digestsOf,
  homeDirectorateOf,
  kindKey,
  parseKindKey,
  recipientFromKey,
  recipientKey,
  reminderSettingsFrom,
  remindersDue,
} from '../domain/reminder-rules.ts';
import type { Digest, Recipient, Reminder, ReminderSettings } from '../domain/reminder-rules.ts';
import { isOpen } from '../domain/status.ts';
import { isWorkingDay } from '../domain/working-days.ts';
import type { BankHolidays } from '../domain/working-days.ts';
import type { ReminderLedgerEntry, Stored } from '../graph/list-records.ts';
import type { ListRepository } from '../graph/repository.ts';
import { webhookFor } from './channels.ts';
import { ReminderLedger } from './ledger.ts';
import type { LinkBuilder } from './links.ts';
import { ReminderError } from './reminder-error.ts';
import type { CardSender, DeliveryResult } from './webhook-delivery.ts';

/** An earlier reminder is retried by later runs until it has been tried this many times in all. */
export const MAX_CARRIED_ATTEMPTS = 12;

export interface ReminderRunOptions {
  repository: ListRepository;
  planName: string;
  /** The run's day (UK date, yyyy-mm-dd). */
  asOf: string;
  /** Settings from the configuration; the plan's own (Plans.ReminderSettings) override them. */
  settings: ReminderSettings;
  holidays: BankHolidays;
  sender: CardSender;
  /** Delivers a person's digest to them in a 1:1 chat (the bot); without it a person's digest goes to their directorate's channel. */
  personal?: PersonalSender;
  links: LinkBuilder;
  /** Work out and build the cards, deliver nothing and write nothing. */
  dryRun?: boolean;
  /** The current instant (ISO) for SentAt. */
  now?: () => string;
  /** Largest Workflows message in bytes (default 28 KB). */
  maxCardBytes?: number;
}

/** A person's digest as the bot sends it: the card's content, less what the sender adds (the digest's key, whom it refreshes for). */
export type PersonalDigestContent = Omit<PersonalDigestInput, 'digest' | 'refreshFor'>;

/** Why a person could not be reached in a 1:1 chat (their digest then goes to their directorate's channel). */
export type UnreachableReason = 'not-found' | 'not-installable' | 'no-conversation' | 'rejected' | 'gave-up';

/** What became of one personal send. */
export type PersonalSendResult = { ok: true; attempts: number } | { ok: false; attempts: number; reason: UnreachableReason; error: string };

/** Sends a person their digest in a 1:1 chat (src/bot/personal-delivery.ts); reports, never throws, when they cannot be reached. */
export interface PersonalSender {
  deliverPersonal(upn: string, content: PersonalDigestContent): Promise<PersonalSendResult>;
}

/** The channel name of 1:1 chats in reports and the ledger. */
export const PERSONAL_CHAT = 'chat';

/** A person who is not in the directory, or for whom the app cannot be installed, gets the card in their directorate's channel instead. */
const CHANNEL_FALLBACK: ReadonlySet<UnreachableReason> = new Set(['not-found', 'not-installable', 'no-conversation']);

/** One card of a run and what became of it. */
export interface DeliveryReport {
  /** Who it is for, as headed on the card. */
  recipient: string;
  recipientKey: string;
  /** Where it went: a webhook (slt, performance, a directorate code) or `chat` (the person's 1:1 chat with the bot). */
  channel: string;
  /** Why a person's digest went to a channel instead of their chat (they could not be reached). */
  fallback?: string;
  /** The ledger key of each reminder in the card. */
  keys: string[];
  state: 'sent' | 'failed' | 'dry-run';
  attempts: number;
  error?: string;
  /** Reminders in the digest, and how many the card shows (the rest as "and N more"). */
  items: number;
  shown: number;
  bytes: number;
  card: AdaptiveCard;
}

export interface ReminderRunReport {
  plan: string;
  asOf: string;
  workingDay: boolean;
  dryRun: boolean;
  settings: ReminderSettings;
  /** Reminders due today (and carried over) before the ledger was consulted. */
  reminders: number;
  alreadySent: number;
  carriedOver: number;
  /** Milestones held back from "due soon" because they were updated recently. */
  quiet: number;
  deliveries: DeliveryReport[];
  sent: number;
  failed: number;
}

/** Runs the reminders once as of `options.asOf`. */
export async function runReminders(options: ReminderRunOptions): Promise<ReminderRunReport> {
  const { asOf, holidays } = options;
  if (!isIsoDate(asOf)) throw new ReminderError('bad-date', `The run date "${asOf}" is not a date written yyyy-mm-dd that exists.`);
  const base: ReminderRunReport = {
    plan: options.planName,
    asOf,
    workingDay: isWorkingDay(asOf, holidays),
    dryRun: options.dryRun ?? false,
    settings: options.settings,
    reminders: 0,
    alreadySent: 0,
    carriedOver: 0,
    quiet: 0,
    deliveries: [],
    sent: 0,
    failed: 0,
  };
  if (!base.workingDay) return base;

  const ledger = new ReminderLedger(options.repository);
  const [plan, snapshot] = await Promise.all([options.repository.loadPlan(options.planName), ledger.snapshot(asOf)]);
  if (!plan.plan && plan.projects.length === 0) {
    throw new ReminderError('no-plan', `Plan ${options.planName} has no projects in the lists. Import it first (waymark import <file> --plan ${options.planName}).`);
  }
  let settings: ReminderSettings;
  try {
    settings = reminderSettingsFrom(plan.plan?.record.reminderSettings, options.settings, `plan ${options.planName}`);
  } catch (error) {
    if (error instanceof ReminderSettingsError) throw new ReminderError('bad-settings', error.message);
    throw error;
  }
  const context = planContext(plan.milestones, plan.projects.map((item) => item.record), plan.directorates.map((item) => item.record));
  const decision = remindersDue({
    today: asOf,
    milestones: plan.milestones,
    projects: context.projects,
    directorates: context.directorates,
    holidays,
    settings,
  });
  const due = new Map(decision.reminders.map((reminder) => [reminder.key, reminder]));
  let carriedOver = 0;
  for (const reminder of carriedOverReminders(snapshot.byKey, context, asOf)) {
    if (due.has(reminder.key)) continue;
    due.set(reminder.key, reminder);
    carriedOver += 1;
  }
  const toSend = [...due.values()].filter((reminder) => snapshot.byKey.get(reminder.key)?.record.state !== 'sent');
  const report: ReminderRunReport = { ...base, settings, reminders: due.size, alreadySent: due.size - toSend.length, carriedOver, quiet: decision.quiet.length };

  const known = new Map(snapshot.byKey);
  // Each card's outcome is written with the next card's 'pending' rows (one round trip instead of two).
  let unwritten: ReminderLedgerEntry[] = [];
  for (const digest of interleaveByWebhook(digestsOf(toSend), context, options.personal !== undefined)) {
    const delivery = await deliverDigest(digest, context, { known, ledger, unwritten }, options);
    unwritten = delivery.outcome;
    report.deliveries.push(delivery.report);
    if (delivery.report.state === 'sent') report.sent += 1;
    if (delivery.report.state === 'failed') report.failed += 1;
  }
  if (unwritten.length > 0) await ledger.write(unwritten, known);
  return report;
}

interface PlanContext {
  milestones: Map<string, Milestone>;
  /** Each milestone's eTag: personal cards update with If-Match on the version they show. */
  eTags: Map<string, string>;
  projects: Project[];
  projectByCode: Map<string, Project>;
  directorates: Directorate[];
  directorateByCode: Map<string, Directorate>;
  /** Display names of the people the plan names, by UPN in lower case. */
  names: Map<string, string>;
}

function planContext(milestones: readonly Stored<Milestone>[], projects: Project[], directorates: Directorate[]): PlanContext {
  const names = new Map<string, string>();
  const remember = (upn: string | undefined, name: string | undefined) => {
    if (upn && name) names.set(upn.toLowerCase(), name);
  };
  for (const { record } of milestones) remember(record.ownerUpn, record.ownerName);
  for (const project of projects) remember(project.projectLeadUpn, project.projectLeadName);
  for (const directorate of directorates) remember(directorate.directorUpn, directorate.directorName);
  return {
    milestones: new Map(milestones.map((item) => [item.id, item.record])),
    eTags: new Map(milestones.map((item) => [item.id, item.eTag])),
    projects,
    projectByCode: new Map(projects.map((project) => [project.code, project])),
    directorates,
    directorateByCode: new Map(directorates.map((directorate) => [directorate.code, directorate])),
    names,
  };
}

/**
 * Reminders an earlier run recorded but did not deliver (pending after a kill, or failed), again
 * while the milestone is still open with the same due date and the tries are not used up.
 */
function carriedOverReminders(rows: ReadonlyMap<string, Stored<ReminderLedgerEntry>>, context: PlanContext, asOf: string): Reminder[] {
  const reminders: Reminder[] = [];
  for (const { record: row } of rows.values()) {
    if (row.state === 'sent' || !row.runDate || row.runDate >= asOf) continue;
    if ((row.attempts ?? 0) >= MAX_CARRIED_ATTEMPTS) continue;
    const kind = row.kind ? parseKindKey(row.kind) : undefined;
    const recipient = row.recipient ? recipientFromKey(row.recipient) : undefined;
    const milestone = row.milestoneId ? context.milestones.get(row.milestoneId) : undefined;
    if (!kind || !recipient || !milestone || !row.milestoneId || !isOpen(milestone.status) || milestone.dueDate !== row.dueDate) continue;
    const name = recipient.kind === 'person' ? context.names.get(recipient.upn) : undefined;
    reminders.push({
      key: row.key,
      milestoneId: row.milestoneId,
      kind,
      ...(row.dueDate ? { dueDate: row.dueDate, daysToDue: daysBetween(asOf, row.dueDate) } : {}),
      recipient: name && recipient.kind === 'person' ? { ...recipient, name } : recipient,
      role: 'owner',
    });
  }
  return reminders;
}

/** Digests ordered so consecutive cards go to different webhooks where possible (pacing is per webhook). */
function interleaveByWebhook(digests: Digest[], context: PlanContext, personal: boolean): { digest: Digest; webhook: string }[] {
  const queues = new Map<string, Digest[]>();
  for (const digest of digests) {
    // With the bot, people's digests go to their chats (paced by the bot) and channels get only theirs.
    const webhook = personal && digest.recipient.kind === 'person' ? PERSONAL_CHAT : webhookFor(digest.recipient, homeOf(digest, context));
    queues.set(webhook, [...(queues.get(webhook) ?? []), digest]);
  }
  const ordered: { digest: Digest; webhook: string }[] = [];
  while (queues.size > 0) {
    for (const [webhook, queue] of queues) {
      const next = queue.shift();
      if (next) ordered.push({ digest: next, webhook });
      if (queue.length === 0) queues.delete(webhook);
    }
  }
  return ordered;
}

function homeOf(digest: Digest, context: PlanContext): string | undefined {
  if (digest.recipient.kind !== 'person') return undefined;
  const upn = digest.recipient.upn.toLowerCase();
  const directed = context.directorates.find((directorate) => directorate.directorUpn?.toLowerCase() === upn);
  if (directed) return directed.code;
  const milestones = digest.reminders.map((reminder) => context.milestones.get(reminder.milestoneId)).filter((milestone): milestone is Milestone => milestone !== undefined);
  return homeDirectorateOf(milestones);
}

interface LedgerState {
  /** Ledger rows by key, kept up to date as the run writes. */
  known: Map<string, Stored<ReminderLedgerEntry>>;
  ledger: ReminderLedger;
  /** The previous card's outcome, still to be written. */
  unwritten: ReminderLedgerEntry[];
}

/**
 * Builds and delivers one digest: writes its rows 'pending' (with the previous card's outcome)
 * before delivering, and returns its own outcome for the caller to write. A kill at any point
 * leaves at most this card delivered and still 'pending'.
 */
async function deliverDigest(
  { digest, webhook }: { digest: Digest; webhook: string },
  context: PlanContext,
  { known, ledger, unwritten }: LedgerState,
  options: ReminderRunOptions,
): Promise<{ report: DeliveryReport; outcome: ReminderLedgerEntry[] }> {
  const heading = headingOf(digest, context);
  const channelCard = () =>
    buildDigestCard(
      {
        recipientName: heading.name,
        title: heading.title,
        asOf: options.asOf,
        items: digest.reminders.map((reminder) => cardItem(reminder, context, options.links)),
        viewAll: { title: heading.viewAllTitle, url: options.links(heading.viewAll) },
      },
      options.maxCardBytes,
    );
  const personalContent = webhook === PERSONAL_CHAT ? personalContentOf(digest, heading, context, options) : undefined;
  const built = personalContent ? buildPersonalDigestCard(personalContent, options.maxCardBytes) : channelCard();
  const keys = digest.reminders.map((reminder) => reminder.key);
  const report: Omit<DeliveryReport, 'state' | 'attempts'> = {
    recipient: heading.name,
    recipientKey: digest.recipientKey,
    channel: webhook,
    keys,
    items: digest.reminders.length,
    shown: built.shown,
    bytes: built.bytes,
    card: built.card,
  };
  if (options.dryRun) return { report: { ...report, state: 'dry-run', attempts: 0 }, outcome: [] };

  const now = options.now ?? (() => new Date().toISOString());
  const entry = (reminder: Reminder, changes: Partial<ReminderLedgerEntry>): ReminderLedgerEntry => {
    const previous = known.get(reminder.key)?.record;
    return {
      key: reminder.key,
      milestoneId: reminder.milestoneId,
      kind: kindKey(reminder.kind),
      ...(reminder.dueDate ? { dueDate: reminder.dueDate } : {}),
      recipient: recipientKey(reminder.recipient),
      channel: webhook,
      state: 'pending',
      attempts: previous?.attempts ?? 0,
      runDate: previous?.runDate ?? options.asOf,
      ...changes,
    };
  };
  // Recorded before delivery: a kill from here on leaves 'pending', which the next run sends again.
  const pending = digest.reminders.map((reminder) => entry(reminder, {}));
  for (const [key, row] of await ledger.write([...unwritten, ...pending], known)) known.set(key, row);
  let result: DeliveryResult | PersonalSendResult;
  let sentTo: Pick<DeliveryReport, 'channel' | 'card' | 'shown' | 'bytes' | 'fallback'> = report;
  if (personalContent && options.personal) {
    result = await options.personal.deliverPersonal((digest.recipient as Extract<Recipient, { kind: 'person' }>).upn, personalContent);
    if (!result.ok && CHANNEL_FALLBACK.has(result.reason)) {
      // Not reachable in a chat: the card goes where it went before the bot, their directorate's channel, headed with their name.
      const fallbackWebhook = webhookFor(digest.recipient, homeOf(digest, context));
      const fallbackCard = channelCard();
      const firstTries = result.attempts;
      const reason = result.error;
      result = await options.sender.deliver(fallbackWebhook, workflowsMessage(fallbackCard.card));
      result = { ...result, attempts: result.attempts + firstTries };
      sentTo = { channel: fallbackWebhook, card: fallbackCard.card, shown: fallbackCard.shown, bytes: fallbackCard.bytes, fallback: reason };
    }
  } else {
    result = await options.sender.deliver(webhook, workflowsMessage(built.card));
  }
  const outcome = digest.reminders.map((reminder) => {
    const attempts = (known.get(reminder.key)?.record.attempts ?? 0) + result.attempts;
    return result.ok
      ? entry(reminder, { state: 'sent', channel: sentTo.channel, attempts, sentAt: now(), lastError: undefined })
      : entry(reminder, { state: 'failed', attempts, lastError: result.error });
  });
  const delivered: DeliveryReport = result.ok
    ? { ...report, ...sentTo, state: 'sent', attempts: result.attempts }
    : { ...report, state: 'failed', attempts: result.attempts, error: result.error };
  return { report: delivered, outcome };
}

/** A person's digest as the bot's card shows it: the same items, with what the card's buttons need. */
function personalContentOf(digest: Digest, heading: Heading, context: PlanContext, options: ReminderRunOptions): PersonalDigestContent {
  return {
    recipientName: heading.name,
    title: heading.title,
    asOf: options.asOf,
    items: digest.reminders.map((reminder) => personalItem(reminder, context, options.links)),
    viewAll: { title: heading.viewAllTitle, url: options.links(heading.viewAll) },
  };
}

function personalItem(reminder: Reminder, context: PlanContext, links: LinkBuilder): PersonalDigestItem {
  const item = cardItem(reminder, context, links);
  const milestone = context.milestones.get(reminder.milestoneId)!;
  return {
    ...item,
    milestoneId: reminder.milestoneId,
    eTag: context.eTags.get(reminder.milestoneId) ?? '',
    ...(milestone.latestCommentary ? { latestCommentary: milestone.latestCommentary } : {}),
    ...(milestone.lastUpdatedByName ? { lastUpdatedByName: milestone.lastUpdatedByName } : {}),
    // Reminders go to the milestone's owner and director, who may normally update it; the bot
    // still checks the person's rights when they press a button, and says why when it refuses.
    canUpdate: isOpen(milestone.status),
  };
}

interface Heading {
  name: string;
  title: string;
  viewAll: DeepLinkTarget;
  viewAllTitle: string;
}

function headingOf(digest: Digest, context: PlanContext): Heading {
  const recipient: Recipient = digest.recipient;
  if (recipient.kind === 'person') {
    const name = recipient.name ?? context.names.get(recipient.upn.toLowerCase()) ?? recipient.upn;
    const directed = context.directorates.find((directorate) => directorate.directorUpn?.toLowerCase() === recipient.upn.toLowerCase());
    if (directed && digest.reminders.every((reminder) => reminder.role === 'director')) {
      return { name, title: `Overdue milestones in ${directed.name}`, viewAll: { kind: 'directorate', code: directed.code }, viewAllTitle: 'Open the directorate in Waymark' };
    }
    return { name, title: 'Milestone reminders', viewAll: { kind: 'mine' }, viewAllTitle: 'Open my milestones' };
  }
  switch (recipient.channel) {
    case 'slt':
      return { name: 'Senior leadership team', title: 'Milestones long overdue', viewAll: { kind: 'exceptions' }, viewAllTitle: 'Open exceptions in Waymark' };
    case 'performance':
      return { name: 'Performance team', title: 'Data quality: milestones to sort out', viewAll: { kind: 'exceptions' }, viewAllTitle: 'Open exceptions in Waymark' };
    case 'directorate': {
      const directorate = context.directorateByCode.get(recipient.code);
      return {
        name: directorate?.name ?? recipient.code,
        title: 'Milestone reminders for the directorate',
        viewAll: { kind: 'directorate', code: recipient.code },
        viewAllTitle: 'Open the directorate in Waymark',
      };
    }
    default: {
      const unhandled: never = recipient;
      throw new Error(`unhandled recipient ${JSON.stringify(unhandled)}`);
    }
  }
}

function cardItem(reminder: Reminder, context: PlanContext, links: LinkBuilder): DigestCardItem {
  const milestone = context.milestones.get(reminder.milestoneId);
  if (!milestone) throw new Error(`reminder for milestone ${reminder.milestoneId}, which the plan does not have`);
  const project = context.projectByCode.get(milestone.projectCode);
  return {
    projectCode: milestone.projectCode,
    ...(project ? { projectTitle: project.title } : {}),
    milestoneTitle: milestone.title,
    ...(milestone.publishedDate ? { publishedDate: milestone.publishedDate } : {}),
    ...(milestone.dueDate ? { dueDate: milestone.dueDate } : {}),
    status: milestone.status,
    ...(milestone.lastUpdatedOn ? { lastUpdatedOn: milestone.lastUpdatedOn } : {}),
    link: links({ kind: 'milestone', id: reminder.milestoneId }),
  };
}
