/**
 * `waymark remind`: one reminder run as of a day (default today in the UK). Works out what is
 * due, records each reminder in the ReminderLedger list, sends one digest card per recipient (to a
 * person's 1:1 chat through the bot when it is configured, to channels through their webhooks;
 * locally the emulator's chats and inbox) and marks it sent. `--dry-run` sends and
 * writes nothing; `--json` prints every delivery with its card. Exits 1 when a card could not be
 * delivered (it stays in the ledger as failed and the next run tries it again).
 */
import type { Command } from 'commander';
import { loadConfig, loadReminderConfig } from '../../config/config.ts';
import { ukDateOf } from '../../domain/clock.ts';
import { formatUkDate, isIsoDate } from '../../domain/iso-date.ts';
import { composeReminders } from '../../reminders/compose.ts';
import { ReminderError } from '../../reminders/reminder-error.ts';
import type { ReminderRunReport } from '../../reminders/run-reminders.ts';
import { botHostFromConfig } from '../bot-from-config.ts';
import { explainGraphFailure, repositoryFromConfig } from '../graph-from-config.ts';
import { CliError } from '../run-command.ts';

export interface RemindCommandOptions {
  asOf?: string;
  dryRun?: boolean;
  json?: boolean;
  plan?: string;
}

export interface RemindCommandContext {
  /** One run as of a UK date. */
  run: (asOf: string, options: { dryRun?: boolean }) => Promise<ReminderRunReport>;
  /** Today in the UK. */
  today: string;
  stdout: (text: string) => void;
}

export function registerRemindCommand(program: Command): void {
  program
    .command('remind')
    .description('Send the reminder cards due today (or --as-of a day), once: a rerun the same day sends nothing.')
    .option('--as-of <date>', 'run as of this day, YYYY-MM-DD (default: today in the UK)')
    .option('--dry-run', 'show what would be sent; send and record nothing')
    .option('--json', 'print every delivery (recipient, channel, ledger keys, state, card) as JSON')
    .option('--plan <name>', 'plan to remind about (default: WAYMARK_PLAN)')
    .action(async (options: RemindCommandOptions) => {
      const config = loadConfig();
      const reminderConfig = loadReminderConfig();
      try {
        const repository = await repositoryFromConfig(config);
        // People's digests go to their 1:1 chats through the bot when it is configured (locally: the emulator's chats).
        const bot = options.dryRun ? undefined : botHostFromConfig(config, reminderConfig, repository);
        const composed = composeReminders({ repository, planName: options.plan ?? config.defaultPlan, config: reminderConfig, ...(bot ? { personal: bot.delivery } : {}) });
        try {
          await runRemindCommand(options, { run: composed.run, today: ukDateOf(new Date()), stdout: (text) => process.stdout.write(text) });
        } finally {
          await bot?.store.flush();
        }
      } catch (error) {
        if (error instanceof CliError) throw error;
        if (error instanceof ReminderError) throw new CliError(error.message, error.reason === 'bad-date' ? 2 : 1);
        throw explainGraphFailure(error, config);
      }
    });
}

/** The remind command's work, with its surroundings passed in. */
export async function runRemindCommand(options: RemindCommandOptions, context: RemindCommandContext): Promise<ReminderRunReport> {
  const asOf = options.asOf?.trim() ?? context.today;
  if (!isIsoDate(asOf)) throw new CliError(`--as-of must be a date written YYYY-MM-DD that exists, such as ${context.today}; "${options.asOf}" is not.`, 2);
  const report = await context.run(asOf, { dryRun: options.dryRun ?? false });
  context.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  if (report.failed > 0) {
    throw new CliError(`${report.failed} reminder card${report.failed === 1 ? '' : 's'} could not be delivered; they are recorded as failed and the next run tries again.`, 1);
  }
  return report;
}

/** The run as lines a person reads. */
export function formatReport(report: ReminderRunReport): string {
  const day = formatUkDate(report.asOf);
  if (!report.workingDay) return `${day} is not a working day in England and Wales: no reminders are sent.\n`;
  const lines = [
    `Reminders for plan ${report.plan} as of ${day}${report.dryRun ? ' (dry run: nothing sent or recorded)' : ''}:`,
    `  ${report.reminders} due, ${report.alreadySent} already sent, ${report.carriedOver} carried over from earlier runs, ${report.quiet} held back (updated recently).`,
  ];
  for (const delivery of report.deliveries) {
    const more = delivery.shown < delivery.items ? ` (${delivery.shown} shown, and ${delivery.items - delivery.shown} more)` : '';
    const state = delivery.state === 'failed' ? `FAILED: ${delivery.error ?? 'unknown error'}` : delivery.state === 'dry-run' ? 'would send' : 'sent';
    lines.push(`  ${state.padEnd(10)} ${delivery.recipient} → ${delivery.channel}: ${delivery.items} milestone${delivery.items === 1 ? '' : 's'}${more}`);
  }
  if (report.deliveries.length === 0) lines.push('  Nothing to send.');
  else if (!report.dryRun) lines.push(`  ${report.sent} card${report.sent === 1 ? '' : 's'} sent, ${report.failed} failed.`);
  return `${lines.join('\n')}\n`;
}
