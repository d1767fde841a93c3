/**
 * `waymark serve`: runs Waymark's service (the write API under /api and the built tab) against the
 * configured tenant or a running emulator, until Ctrl+C, and the reminder run every working day at
 * REMINDER_TIME (Europe/London). Writes and reminders use the app's own identity.
 */
import type { Command } from 'commander';
import { ConfigError, loadConfig, loadReminderConfig } from '../../config/config.ts';
import { composeReminders } from '../../reminders/compose.ts';
import { startReminderSchedule } from '../../reminders/schedule.ts';
import { writeApiFromConfig } from '../../server/api/write-api-setup.ts';
import { AuthError } from '../../server/auth/auth-error.ts';
import { DEFAULT_TAB_DIR, startService } from '../../server/service.ts';
import { botHostFromConfig, isLocalEmulator } from '../bot-from-config.ts';
import { repositoryFromConfig } from '../graph-from-config.ts';
import { CliError } from '../run-command.ts';
import { untilStopped } from '../until-stopped.ts';

interface ServeFlags {
  port?: string;
  host: string;
  tab: string;
  reminders: boolean;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description("Run Waymark's service: the write API (/api, docs/api.md) and the built tab, until Ctrl+C.")
    .option('--port <port>', 'port to listen on (default SERVICE_PORT; 0 = any free port)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--tab <dir>', 'folder of the built tab (npx vite build)', DEFAULT_TAB_DIR)
    .option('--no-reminders', 'do not run the daily reminders (another instance runs them)')
    .action(async (flags: ServeFlags) => {
      const config = loadConfig();
      const port = flags.port === undefined ? config.servicePort : Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a port number, not "${flags.port}".`, 2);
      let writeApi;
      const repository = await repositoryFromConfig(config);
      // Read before listening, so a bad reminder setting or holiday file stops the service at once, naming it.
      const reminderConfig = flags.reminders ? loadReminderConfig() : undefined;
      let bot;
      try {
        // The bot (personal digests, card actions at /api/messages) when configured; locally the emulator is its Teams.
        bot = botHostFromConfig(config, reminderConfig ?? loadReminderConfig(), repository);
      } catch (error) {
        if (error instanceof ConfigError) throw new CliError(error.message, 2);
        throw error;
      }
      const reminders = reminderConfig ? composeReminders({ repository, planName: config.defaultPlan, config: reminderConfig, ...(bot ? { personal: bot.delivery } : {}) }) : undefined;
      const reminderTime = reminderConfig?.time;
      try {
        writeApi = writeApiFromConfig(config, repository);
      } catch (error) {
        if (error instanceof AuthError) throw new CliError(error.details ? `${error.message} (${error.details})` : error.message, 2);
        throw error;
      }
      // Against a local emulator the tab offers its demo personas; against Entra it signs people in.
      const local = isLocalEmulator(config);
      const service = await startService({ config, tabDir: flags.tab, host: flags.host, port, writeApi, ...(bot ? { bot } : {}), ...(local ? { devIdentityUrl: config.authorityHost } : {}) });
      const schedule =
        reminders && reminderTime
          ? startReminderSchedule({
              time: reminderTime,
              holidays: reminders.holidays,
              run: async (asOf) => {
                const report = await reminders.run(asOf);
                process.stdout.write(`${new Date().toISOString()} reminders as of ${asOf}: ${report.sent} cards sent, ${report.failed} failed, ${report.alreadySent} already sent\n`);
                // A card that keeps failing is reported, not dropped: the ledger keeps it and the next run tries it again.
                if (report.failed > 0) process.stderr.write(`waymark reminders: ${report.failed} cards could not be delivered; see the ReminderLedger list (State failed)\n`);
              },
            })
          : undefined;
      const next = schedule?.nextRun();
      process.stdout.write(
        [
          `Waymark's service is listening on ${service.url}`,
          `  Write API:   ${service.url}/api (docs/api.md); tokens from ${config.authorityHost}/${config.tenantId}/v2.0 for ${config.apiAppIdUri}`,
          `  Graph:       ${config.graphBaseUrl} (site ${config.siteId})`,
          `  Roles:       ${config.accessGroupsFile}`,
          `  Bot:         ${bot ? `${service.url}/api/messages (people's digests in 1:1 chats, card actions)` : 'not configured (BOT_ID): people\'s digests go to their directorate\'s channel'}`,
          `  Reminders:   ${next ? `every working day at ${reminderTime} (UK time); next ${next.toISOString()}` : 'not run by this instance (--no-reminders)'}`,
          'Ctrl+C stops it.',
          '',
        ].join('\n'),
      );
      await untilStopped();
      schedule?.stop();
      await service.close();
      await bot?.store.flush();
    });
}
