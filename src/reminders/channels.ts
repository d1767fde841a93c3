/**
 * Which Teams channel webhook a digest goes to, and the setting that holds its URL. Until the bot
 * delivers personal cards, a person's digest goes to their directorate's channel, headed with
 * their name.
 */
import type { Recipient } from '../domain/reminder-rules.ts';

/** The webhook names besides the directorates' (whose names are their codes in lower case). */
export const SLT_WEBHOOK = 'slt';
export const PERFORMANCE_WEBHOOK = 'performance';

/** The webhook a recipient's digest is posted to; a person's goes to `homeDirectorate` (the performance team's when none). */
export function webhookFor(recipient: Recipient, homeDirectorate: string | undefined): string {
  if (recipient.kind === 'person') return homeDirectorate ? webhookOfDirectorate(homeDirectorate) : PERFORMANCE_WEBHOOK;
  if (recipient.channel === 'directorate') return webhookOfDirectorate(recipient.code);
  return recipient.channel === 'slt' ? SLT_WEBHOOK : PERFORMANCE_WEBHOOK;
}

/** A directorate's webhook name: its code in lower case (`cf`). */
export function webhookOfDirectorate(code: string): string {
  return code.trim().toLowerCase();
}

/** The setting holding a webhook's URL: SECRET_WEBHOOK_SLT, SECRET_WEBHOOK_PERFORMANCE, SECRET_WEBHOOK_<CODE>. */
export function webhookSetting(webhook: string): string {
  return `SECRET_WEBHOOK_${webhook.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}
