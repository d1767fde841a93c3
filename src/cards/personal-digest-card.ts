/**
 * The personal digest: the card the bot sends a person in their 1:1 chat with Waymark. Like the
 * channel digest it lists each milestone with its project, dates, status and last update, and it
 * lets the person act where the card lands: mark complete, set a status with a comment, or
 * propose a revised date with a reason, each an Action.Execute (Universal Actions) with an
 * Action.Submit fallback. The card refreshes itself (`refresh`) so everyone who sees it sees the
 * milestone as it is now. Plan and people's text only ever goes into TextRuns (never markdown).
 */
import { ukDateOf } from '../domain/clock.ts';
import { formatUkDate } from '../domain/iso-date.ts';
import { DATE_CHANGE_REASONS, STATUSES_NEEDING_COMMENTARY } from '../domain/records.ts';
import type { MilestoneStatus } from '../domain/records.ts';
import { isOpen, ragOf } from '../domain/status.ts';
import type { Rag } from '../domain/status.ts';
import { MAX_MESSAGE_BYTES, adaptiveCard, fitToMessage, openUrl, ownText, paragraph, run } from './adaptive-card.ts';
import type { AdaptiveCard, CardColor, CardElement, TextRun } from './adaptive-card.ts';
import { timing } from './digest-card.ts';
import type { DigestCardItem } from './digest-card.ts';

/** The verbs the personal card's buttons send; the bot answers each. */
export const CARD_VERBS = {
  complete: 'milestone.complete',
  status: 'milestone.status',
  revise: 'milestone.revise',
  refresh: 'digest.refresh',
} as const;
export type CardVerb = (typeof CARD_VERBS)[keyof typeof CARD_VERBS];

/** The statuses a person can set from the card (Complete has its own button). */
export const CARD_STATUSES = ['On track', 'At risk', 'Off track'] as const satisfies readonly MilestoneStatus[];

/** What every button carries: which milestone, the version the person saw, and which digest the card is. */
export interface CardActionData {
  waymark: 1;
  milestoneId: string;
  /** The milestone's eTag as shown: the update is written with If-Match on it. */
  eTag: string;
  /** The digest this card belongs to, so the answer can show the whole digest again. */
  digest?: string;
}

/** The ids of an item's inputs; Teams sends their values with the action's data under these names. */
export function inputIds(milestoneId: string): { status: string; comment: string; date: string; reasonCategory: string; reasonText: string } {
  return {
    status: `status-${milestoneId}`,
    comment: `comment-${milestoneId}`,
    date: `date-${milestoneId}`,
    reasonCategory: `reasonCategory-${milestoneId}`,
    reasonText: `reasonText-${milestoneId}`,
  };
}

/** A sentence on an item after someone acted on it: saved, refused, not valid, changed meanwhile, failed. */
export interface ItemNotice {
  kind: 'saved' | 'refused' | 'invalid' | 'conflict' | 'failed';
  /** Waymark's own words. */
  text: string;
  /** People's words quoted after it (a commentary, a name), shown exactly. */
  quote?: string;
}

/** One milestone on a personal card: the channel digest's item, with what the card's buttons need. Text is shown exactly. */
export interface PersonalDigestItem extends DigestCardItem {
  milestoneId: string;
  /** The version shown: the card's updates are written with If-Match on it. */
  eTag: string;
  latestCommentary?: string;
  lastUpdatedByName?: string;
  /** Whether the recipient may update it (buttons are shown only then, and only while it is open). */
  canUpdate: boolean;
  notice?: ItemNotice;
}

/** A personal digest's content. */
export interface PersonalDigestInput {
  recipientName: string;
  title: string;
  /** The day days-to-go and RAG are worked out from. */
  asOf: string;
  items: PersonalDigestItem[];
  viewAll: { title: string; url: string };
  /** The digest's key in the bot's store (carried by every button). */
  digest?: string;
  /** Teams user ids (29:…) whose clients refresh the card when they see it (at most 60). */
  refreshFor?: string[];
}

/** A card with Universal Actions' `refresh` section. */
export type PersonalCard = AdaptiveCard & { refresh?: { action: CardElement; userIds?: string[] } };

export interface BuiltPersonalCard {
  card: PersonalCard;
  shown: number;
  bytes: number;
}

/** Teams refreshes a card automatically for at most this many listed users. */
export const MAX_REFRESH_USERS = 60;
/** Longest commentary quoted on the card; the rest is in the tab. */
const COMMENTARY_SHOWN = 280;

const RAG_COLOURS: Record<Rag, CardColor> = { red: 'attention', amber: 'warning', green: 'good', complete: 'accent', grey: 'default' };
const NOTICE_STYLES: Record<ItemNotice['kind'], string> = { saved: 'good', refused: 'attention', invalid: 'warning', conflict: 'warning', failed: 'attention' };

/** The personal digest card within `maxBytes` as a message (28 KB by default): as many items as fit, then "and N more". */
export function buildPersonalDigestCard(input: PersonalDigestInput, maxBytes = MAX_MESSAGE_BYTES): BuiltPersonalCard {
  return fitToMessage(input.items.length, (shown) => personalCard(input, shown), maxBytes);
}

function personalCard(input: PersonalDigestInput, shown: number): PersonalCard {
  const count = input.items.length;
  const hidden = count - shown;
  const body: CardElement[] = [
    paragraph([run(input.title, { size: 'large', weight: 'bolder' })]),
    paragraph([run('For ', { isSubtle: true }), run(input.recipientName, { weight: 'bolder' }), run(` · ${formatUkDate(input.asOf)}`, { isSubtle: true })], { spacing: 'none' }),
    ownText(`${count} milestone${count === 1 ? '' : 's'} to look at.`, { spacing: 'small' }),
    ...input.items.slice(0, shown).map((item) => itemContainer(item, input)),
  ];
  if (hidden > 0) body.push(ownText(`And ${hidden} more, less urgent: see them all in Waymark.`, { weight: 'bolder', separator: true, spacing: 'medium' }));
  const card: PersonalCard = adaptiveCard(body, [openUrl(input.viewAll.title, input.viewAll.url)], `${input.title} for ${input.recipientName}: ${count} milestone${count === 1 ? '' : 's'}.`);
  // The refresh names the digest and its milestones, so a card can be rebuilt even when the digest is no longer stored.
  const userIds = (input.refreshFor ?? []).slice(0, MAX_REFRESH_USERS);
  const data = { waymark: 1, ...(input.digest !== undefined ? { digest: input.digest } : {}), milestoneIds: input.items.slice(0, shown).map((item) => item.milestoneId) };
  card.refresh = { action: { type: 'Action.Execute', title: 'Refresh', verb: CARD_VERBS.refresh, data }, ...(userIds.length > 0 ? { userIds } : {}) };
  return card;
}

function itemContainer(item: PersonalDigestItem, input: PersonalDigestInput): CardElement {
  const rag = ragOf({ status: item.status, ...(item.dueDate ? { dueDate: item.dueDate } : {}) }, input.asOf);
  const open = isOpen(item.status);
  const project: TextRun[] = [run(item.projectCode, { weight: 'bolder' }), ...(item.projectTitle ? [run(` ${item.projectTitle}`)] : [])];
  const dates: TextRun[] = [
    run('Due ', { isSubtle: true }),
    run(item.dueDate ? formatUkDate(item.dueDate) : 'no date'),
    ...(item.publishedDate ? [run(' · published as ', { isSubtle: true }), run(item.publishedDate)] : []),
  ];
  const updated = item.lastUpdatedOn ? `last updated ${formatUkDate(ukDateOf(item.lastUpdatedOn))}` : 'never updated';
  const status: TextRun[] = [
    run(item.status, { weight: 'bolder', color: RAG_COLOURS[rag] }),
    ...(item.dueDate && open ? [run(` · ${timing(item.dueDate, input.asOf)}`, { weight: 'bolder', ...(item.dueDate < input.asOf ? { color: 'attention' as const } : {}) })] : []),
    run(` · ${updated}`, { isSubtle: true }),
    ...(item.lastUpdatedOn && item.lastUpdatedByName ? [run(' by ', { isSubtle: true }), run(item.lastUpdatedByName, { isSubtle: true })] : []),
  ];
  const items: CardElement[] = [paragraph(project), paragraph([run(item.milestoneTitle)], { spacing: 'small' }), paragraph(dates, { spacing: 'small' }), paragraph(status, { spacing: 'small' })];
  if (item.latestCommentary) {
    const text = item.latestCommentary.length > COMMENTARY_SHOWN ? `${item.latestCommentary.slice(0, COMMENTARY_SHOWN - 1)}…` : item.latestCommentary;
    items.push(paragraph([run('Latest: ', { isSubtle: true }), run(text, { isSubtle: true })], { spacing: 'small' }));
  }
  if (item.notice) items.push(noticeContainer(item.notice));
  const data: CardActionData = { waymark: 1, milestoneId: item.milestoneId, eTag: item.eTag, ...(input.digest !== undefined ? { digest: input.digest } : {}) };
  const actions: CardElement[] = item.canUpdate && open ? [completeAction(item, data), statusAction(item, data), reviseAction(item, data)] : [];
  actions.push(openUrl('Open in Teams', item.link));
  items.push({ type: 'ActionSet', actions });
  return { type: 'Container', id: `milestone-${item.milestoneId}`, separator: true, spacing: 'medium', items };
}

function noticeContainer(notice: ItemNotice): CardElement {
  const colour: CardColor = notice.kind === 'saved' ? 'good' : notice.kind === 'invalid' || notice.kind === 'conflict' ? 'warning' : 'attention';
  return {
    type: 'Container',
    style: NOTICE_STYLES[notice.kind],
    spacing: 'small',
    items: [paragraph([run(notice.text, { weight: 'bolder', color: colour }), ...(notice.quote ? [run(` ${notice.quote}`)] : [])])],
  };
}

/** A Universal Action with the same action as an Action.Submit for clients without Universal Actions (the verb goes in its data). */
function execute(title: string, verb: CardVerb, data: CardActionData, extra: Record<string, unknown> = {}): CardElement {
  return { type: 'Action.Execute', title, verb, data, ...extra, fallback: { type: 'Action.Submit', title, data: { ...data, verb } } };
}

function completeAction(item: PersonalDigestItem, data: CardActionData): CardElement {
  return execute('Mark complete', CARD_VERBS.complete, data, { associatedInputs: 'none', tooltip: `Mark ${item.projectCode} “${item.milestoneTitle}” complete` });
}

function statusAction(item: PersonalDigestItem, data: CardActionData): CardElement {
  const ids = inputIds(item.milestoneId);
  const current = (CARD_STATUSES as readonly string[]).includes(item.status) ? item.status : 'On track';
  return {
    type: 'Action.ShowCard',
    title: 'Update status',
    card: {
      type: 'AdaptiveCard',
      body: [
        {
          type: 'Input.ChoiceSet',
          id: ids.status,
          label: 'Status',
          style: 'expanded',
          isRequired: true,
          errorMessage: 'Choose a status.',
          value: current,
          choices: CARD_STATUSES.map((status) => ({ title: status, value: status })),
        },
        {
          type: 'Input.Text',
          id: ids.comment,
          label: `Comment (required for ${STATUSES_NEEDING_COMMENTARY.filter((status) => (CARD_STATUSES as readonly string[]).includes(status)).join(' and ')})`,
          isMultiline: true,
          maxLength: 2000,
          placeholder: 'What is happening and what is being done',
        },
      ],
      actions: [execute('Save status', CARD_VERBS.status, data)],
    },
  };
}

function reviseAction(item: PersonalDigestItem, data: CardActionData): CardElement {
  const ids = inputIds(item.milestoneId);
  return {
    type: 'Action.ShowCard',
    title: 'Revise date',
    card: {
      type: 'AdaptiveCard',
      body: [
        { type: 'Input.Date', id: ids.date, label: 'New due date', isRequired: true, errorMessage: 'Give the new due date.', ...(item.dueDate ? { value: item.dueDate } : {}) },
        {
          type: 'Input.ChoiceSet',
          id: ids.reasonCategory,
          label: 'Why the date moves',
          isRequired: true,
          errorMessage: 'Choose a reason.',
          choices: DATE_CHANGE_REASONS.map((reason) => ({ title: reason.label, value: reason.value })),
        },
        { type: 'Input.Text', id: ids.reasonText, label: 'Explain the change', isMultiline: true, maxLength: 1000, isRequired: true, errorMessage: 'Say why the date moves.' },
      ],
      actions: [execute('Propose new date', CARD_VERBS.revise, data)],
    },
  };
}
