/**
 * How the tab words the age of an update ("3 days ago") and one history row's changes
 * ("Status On track → At risk; due 31 March 2027 → 30 June 2027").
 */
import { formatDate } from '../format.ts';
import type { ApiMilestoneUpdate } from '../data/api-client.ts';

const RELATIVE = new Intl.RelativeTimeFormat('en-GB', { numeric: 'auto' });
const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** "just now", "5 minutes ago", "3 days ago", "2 months ago". */
export function formatAge(instant: string, now: Date = new Date()): string {
  const then = new Date(instant);
  if (Number.isNaN(then.getTime())) return instant;
  let amount = (then.getTime() - now.getTime()) / 1000;
  if (Math.abs(amount) < 45) return 'just now';
  for (const [unit, size] of STEPS) {
    if (Math.abs(amount) < size) return RELATIVE.format(Math.round(amount), unit);
    amount /= size;
  }
  return then.toISOString();
}

/** The changes one update made, in words. */
export function describeUpdate(update: ApiMilestoneUpdate): string[] {
  const parts: string[] = [];
  if (update.previousStatus !== update.newStatus && update.newStatus) parts.push(`Status ${update.previousStatus ?? 'not set'} → ${update.newStatus}`);
  else if (update.newStatus) parts.push(`Status ${update.newStatus} (unchanged)`);
  if (update.newDueDate && update.newDueDate !== update.previousDueDate) {
    parts.push(`Due date ${formatDate(update.previousDueDate, 'none')} → ${formatDate(update.newDueDate)}`);
  }
  if (update.completedOn) parts.push(`Completed on ${formatDate(update.completedOn)}`);
  return parts;
}
