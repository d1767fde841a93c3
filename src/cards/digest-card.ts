/**
 * The reminder digest: one card per recipient per run, listing each milestone with its project,
 * dates, status (RAG colour and word), how long to go or how late, when it was last updated, and
 * a link into the tab. A digest too big for one Teams message shows its most urgent items and
 * "and N more" with a link to the recipient's whole view.
 */
import { ukDateOf } from '../domain/clock.ts';
import { daysBetween, formatUkDate } from '../domain/iso-date.ts';
import type { MilestoneStatus } from '../domain/records.ts';
import { ragOf } from '../domain/status.ts';
import type { Rag } from '../domain/status.ts';
import { MAX_MESSAGE_BYTES, adaptiveCard, fitToMessage, openUrl, ownText, paragraph, run } from './adaptive-card.ts';
import type { AdaptiveCard, CardColor, CardElement, FittedCard, TextRun } from './adaptive-card.ts';

/** One milestone in a digest. Text fields come from the plan and are shown exactly as written. */
export interface DigestCardItem {
  projectCode: string;
  projectTitle?: string;
  milestoneTitle: string;
  /** The date as the plan published it ("Feb-May 2026", "TBC"). */
  publishedDate?: string;
  dueDate?: string;
  status: MilestoneStatus;
  /** ISO instant of the last update. */
  lastUpdatedOn?: string;
  /** Where "Open in Teams" goes: a deep link to the milestone in the tab. */
  link: string;
}

/** A digest card's content. */
export interface DigestCardInput {
  /** Who it is for, as people read it: a person's name or a channel's ("Senior leadership team"). */
  recipientName: string;
  /** What the digest is: "Milestone reminders", "Overdue milestones in your directorate", … */
  title: string;
  /** The run's day, which days-to-go and RAG are worked out from. */
  asOf: string;
  /** Most urgent first. */
  items: DigestCardItem[];
  /** The recipient's own filtered view in the tab. */
  viewAll: { title: string; url: string };
}

/** A built digest: the card, how many items it shows, and its size as a Workflows message. */
export type BuiltDigestCard = FittedCard;

const RAG_COLOURS: Record<Rag, CardColor> = { red: 'attention', amber: 'warning', green: 'good', complete: 'accent', grey: 'default' };
const RAG_WORDS: Record<Rag, string> = { red: 'Red', amber: 'Amber', green: 'Green', complete: 'Complete', grey: 'Grey' };

/**
 * The digest card, within `maxBytes` as a Workflows message (28 KB by default): as many items as
 * fit, most urgent first, then "and N more" with the link to the whole view.
 */
export function buildDigestCard(input: DigestCardInput, maxBytes = MAX_MESSAGE_BYTES): BuiltDigestCard {
  return fitToMessage(input.items.length, (shown) => digestCard(input, shown), maxBytes);
}

/** The top of a digest: its title, who it is for and on which day, and how many milestones it holds. */
export function digestHeading(input: Pick<DigestCardInput, 'title' | 'recipientName' | 'asOf'>, count: number): CardElement[] {
  return [
    paragraph([run(input.title, { size: 'large', weight: 'bolder' })]),
    paragraph([run('For ', { isSubtle: true }), run(input.recipientName, { weight: 'bolder' }), run(` · ${formatUkDate(input.asOf)}`, { isSubtle: true })], { spacing: 'none' }),
    ownText(`${count} milestone${count === 1 ? '' : 's'} to look at.`, { spacing: 'small' }),
  ];
}

/** The line under a digest cut to fit: how many more there are (the card's action links to them all). */
export function andMore(hidden: number): CardElement[] {
  return hidden > 0 ? [ownText(`And ${hidden} more, less urgent: see them all in Waymark.`, { weight: 'bolder', separator: true, spacing: 'medium' })] : [];
}

function digestCard(input: DigestCardInput, shown: number): AdaptiveCard {
  const count = input.items.length;
  const body: CardElement[] = [...digestHeading(input, count), ...input.items.slice(0, shown).map((item) => itemContainer(item, input.asOf)), ...andMore(count - shown)];
  return adaptiveCard(body, [openUrl(input.viewAll.title, input.viewAll.url)], `${input.title} for ${input.recipientName}: ${count} milestone${count === 1 ? '' : 's'}.`);
}

function itemContainer(item: DigestCardItem, asOf: string): CardElement {
  const rag = ragOf({ status: item.status, ...(item.dueDate ? { dueDate: item.dueDate } : {}) }, asOf);
  const project: TextRun[] = [run(item.projectCode, { weight: 'bolder' }), ...(item.projectTitle ? [run(` ${item.projectTitle}`)] : [])];
  const dates: TextRun[] = [
    run('Due ', { isSubtle: true }),
    run(item.dueDate ? formatUkDate(item.dueDate) : 'no date'),
    ...(item.publishedDate ? [run(' · published as ', { isSubtle: true }), run(item.publishedDate)] : []),
  ];
  const status: TextRun[] = [
    run(item.status, { weight: 'bolder', color: RAG_COLOURS[rag] }),
    run(` (${RAG_WORDS[rag]})`, { color: RAG_COLOURS[rag] }),
    ...(item.dueDate ? [run(` · ${timing(item.dueDate, asOf)}`, { weight: 'bolder', ...(item.dueDate < asOf ? { color: 'attention' as const } : {}) })] : []),
    run(` · ${item.lastUpdatedOn ? `last updated ${formatUkDate(ukDateOf(item.lastUpdatedOn))}` : 'never updated'}`, { isSubtle: true }),
  ];
  return {
    type: 'Container',
    separator: true,
    spacing: 'medium',
    items: [
      paragraph(project),
      paragraph([run(item.milestoneTitle)], { spacing: 'small' }),
      paragraph(dates, { spacing: 'small' }),
      paragraph(status, { spacing: 'small' }),
      { type: 'ActionSet', actions: [openUrl('Open in Teams', item.link)] },
    ],
  };
}

/** "due today", "due in 3 days", "1 day overdue". */
export function timing(dueDate: string, asOf: string): string {
  const days = daysBetween(asOf, dueDate);
  if (days === 0) return 'due today';
  if (days > 0) return days === 1 ? 'due tomorrow' : `due in ${days} days`;
  return -days === 1 ? '1 day overdue' : `${-days} days overdue`;
}
