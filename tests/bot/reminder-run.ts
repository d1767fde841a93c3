/**
 * One reminder run over the bot stack as of a day, with people's digests going through the bot
 * and no waiting between sends or before retries (the emulator answers at once).
 */
import { composeReminders } from '../../src/reminders/compose.ts';
import type { ReminderRunReport } from '../../src/reminders/run-reminders.ts';
import type { BotStack } from './bot-stack.ts';

/** Runs the reminders as of `asOf` at 06:30 UTC, personal digests through `env`'s bot. */
export function runPersonalReminders(env: BotStack, asOf: string): Promise<ReminderRunReport> {
  const { stack, repository } = env;
  return composeReminders({
    repository,
    planName: stack.config.defaultPlan,
    config: { time: '07:30', webhooks: {}, inboxUrl: stack.emulator.url, tabBaseUrl: stack.service.url },
    personal: stack.bot.delivery,
    delivery: { minIntervalMs: 0, baseDelayMs: 0 },
    now: () => `${asOf}T06:30:00.000Z`,
  }).run(asOf);
}
