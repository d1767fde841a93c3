/**
 * A personal card checked as Adaptive Cards 1.5 with Microsoft's renderer library (the channel
 * card check, tests/reminders/card-validation.ts), plus what that library does not keep on a round
 * trip though the schema allows it: each Action.Execute's `fallback` (an Action.Submit) is checked
 * on its own, and the card's `refresh` must be an Action.Execute with at most 60 user ids.
 */
import { adaptiveCardProblems } from '../reminders/card-validation.ts';

/** The problems of a personal card; empty when it is valid. */
export function personalCardProblems(card: unknown): string[] {
  const problems: string[] = [];
  const fallbacks: unknown[] = [];
  const stripped = strip(card, fallbacks);
  problems.push(...adaptiveCardProblems(stripped));
  for (const [index, fallback] of fallbacks.entries()) {
    if ((fallback as { type?: unknown }).type !== 'Action.Submit') problems.push(`fallback ${index}: must be an Action.Submit`);
    const wrapped = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'fallback' }], actions: [fallback] };
    problems.push(...adaptiveCardProblems(wrapped).map((problem) => `fallback ${index}: ${problem}`));
  }
  const refresh = (card as { refresh?: { action?: { type?: unknown }; userIds?: unknown[] } }).refresh;
  if (refresh && refresh.action?.type !== 'Action.Execute') problems.push('refresh.action must be an Action.Execute');
  if (refresh?.userIds && refresh.userIds.length > 60) problems.push('refresh.userIds lists more than 60 people');
  return problems;
}

// The card without action fallbacks (collected) and without `refresh`, which the library does not serialise back.
function strip(node: unknown, fallbacks: unknown[], top = true): unknown {
  if (Array.isArray(node)) return node.map((entry) => strip(entry, fallbacks, false));
  if (node === null || typeof node !== 'object') return node;
  const record = node as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'fallback' && typeof record.type === 'string' && record.type.startsWith('Action.')) {
      fallbacks.push(value);
      continue;
    }
    if (top && key === 'refresh') continue;
    copy[key] = strip(value, fallbacks, false);
  }
  return copy;
}
