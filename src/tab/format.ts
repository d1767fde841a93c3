/**
 * Words and dates as the tab writes them, en-GB throughout: '31 March 2026', never 3/31/2026.
 */
import { ukDateOf } from '../domain/clock.ts';
import { formatUkDate, splitIso } from '../domain/iso-date.ts';
import type { Rag, RollUpCounts } from '../domain/status.ts';
import type { ExceptionKind, UndatedReason } from './model/exceptions.ts';
import { compareText } from './model/plan-index.ts';
import type { StatusFilter } from './model/plan-on-a-page.ts';

/** '31 March 2026'; text that is not a date is returned as it is rather than hidden. */
export function formatDate(iso: string | undefined, none = 'No date'): string {
  if (iso === undefined || iso === '') return none;
  return splitIso(iso) ? formatUkDate(iso) : iso;
}

// Made when first needed, not when the tab loads: a page's first Intl formatter of each kind costs
// tens of milliseconds (ICU loading its data), and an open tab should not pay for it up front.
let time: Intl.DateTimeFormat | undefined;
let dayAndTime: Intl.DateTimeFormat | undefined;

/** When data was loaded, UK time, for the header: '10:42' today, else '14 June at 10:42'. */
export function formatLoadedAt(instant: string, now: Date = new Date()): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  const sameDay = ukDateOf(date) === ukDateOf(now);
  if (sameDay) return (time ??= new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' })).format(date);
  return (dayAndTime ??= new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' })).format(date);
}

/**
 * Starts the browser's ICU now, for the formatters and the collator a plan's first drawing uses:
 * a page's first collator and first date formatter cost 40-90 ms between them in Chromium on a
 * busy machine. A first open calls it while it waits for Graph, so the plan is drawn sooner once it arrives.
 */
export function warmUpFormatters(now: Date = new Date()): void {
  formatLoadedAt(now.toISOString(), now);
  compareText('a', 'b');
}

/** The words shown with each RAG colour, so colour is never the only signal. */
export const RAG_LABEL: Record<Rag, string> = {
  red: 'Red',
  amber: 'Amber',
  green: 'Green',
  complete: 'Complete',
  grey: 'Grey',
};

/** What each RAG means, for tooltips and the legend. */
export const RAG_MEANING: Record<Rag, string> = {
  red: 'off track or overdue',
  amber: 'at risk',
  green: 'on track',
  complete: 'all done',
  grey: 'not started, deferred or cancelled',
};

export const STATUS_FILTER_LABEL: Record<StatusFilter, string> = {
  red: 'Red (off track or overdue)',
  amber: 'Amber (at risk)',
  green: 'Green (on track)',
  complete: 'Complete',
  grey: 'Grey (not started)',
  overdue: 'Has overdue milestones',
};

const COUNT_LABELS: Array<[keyof RollUpCounts, string]> = [
  ['complete', 'complete'],
  ['onTrack', 'on track'],
  ['atRisk', 'at risk'],
  ['offTrack', 'off track'],
  ['overdue', 'overdue'],
  ['notStarted', 'not started'],
  ['undated', 'undated'],
  ['deferred', 'deferred'],
  ['cancelled', 'cancelled'],
];

/** The counts that are not zero, in plan-on-a-page order: [['complete', 'complete', 3], …]. */
export function countParts(counts: RollUpCounts): Array<{ key: keyof RollUpCounts; label: string; value: number }> {
  return COUNT_LABELS.filter(([key]) => counts[key] > 0).map(([key, label]) => ({ key, label, value: counts[key] }));
}

/** '5 milestones: 3 complete, 1 overdue, 1 undated'; 'No milestones'. */
export function formatCounts(counts: RollUpCounts): string {
  if (counts.total === 0) return 'No milestones';
  const parts = countParts(counts).map((p) => `${p.value} ${p.label}`);
  return `${plural(counts.total, 'milestone')}: ${parts.join(', ')}`;
}

/**
 * '1,234': a count as en-GB writes it. Written out rather than through Intl.NumberFormat, whose
 * first use in a page costs ~25 ms of ICU start-up on the path to the tab's first content, for
 * what is only a comma every three digits. Whole numbers only: counts are never fractional.
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return String(n);
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ',');
  return n < 0 ? `-${digits}` : digits;
}

/** '1 milestone', '3 milestones'. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${formatCount(n)} ${n === 1 ? word : many}`;
}

export const EXCEPTION_TITLE: Record<ExceptionKind, string> = {
  overdue: 'Overdue',
  'at-risk': 'At risk or off track',
  undated: 'Undated (TBC or not understood)',
  stale: 'No update for 30 days',
};

export const UNDATED_LABEL: Record<UndatedReason, string> = {
  tbc: 'To be confirmed',
  unparsed: 'Date not understood',
  'no-date': 'No due date',
};
