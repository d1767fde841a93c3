/** `waymark emulator`: runs the local Microsoft Graph emulator (SharePoint lists) until Ctrl+C. */
import type { Command } from 'commander';
import { loadConfig } from '../../config/config.ts';
import { DEFAULT_DATA_DIR, DEFAULT_PAGE_SIZE, DEFAULT_PORT, startEmulator } from '../../emulator/server.ts';
import type { EmulatorOptions } from '../../emulator/server.ts';
import { DEFAULT_PEOPLE_FILE, loadDemoPeople } from '../demo-people.ts';
import { CliError } from '../run-command.ts';

interface EmulatorFlags {
  port?: string;
  host: string;
  data?: string;
  memory?: boolean;
  latency: string;
  failRate: string;
  pageSize: string;
  log?: boolean;
  people: string | false;
}

export function registerEmulatorCommand(program: Command): void {
  program
    .command('emulator')
    .description('Run the local Microsoft Graph emulator for SharePoint lists (tokens, lists, items, delta, $batch) until Ctrl+C.')
    .option('--port <port>', `port to listen on (default EMULATOR_PORT or ${DEFAULT_PORT}; 0 = any free port)`)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--data <dir>', `folder for the emulator's data (default EMULATOR_DATA_DIR or ${DEFAULT_DATA_DIR})`)
    .option('--memory', 'keep data in memory only (nothing is read or written on disk)')
    .option('--latency <ms>', 'added delay per request in milliseconds (a $batch counts once)', '0')
    .option('--fail-rate <p>', 'chance from 0 to 1 that a request (or $batch part) is throttled with 429/503 and Retry-After', '0')
    .option('--page-size <n>', 'default page size of list items and delta', String(DEFAULT_PAGE_SIZE))
    .option('--log', 'print one line per request')
    .option('--people <file>', 'demo people the development identity provider signs in as', DEFAULT_PEOPLE_FILE)
    .option('--no-people', 'no demo people (only app-only tokens)')
    .addHelpText(
      'after',
      '\nTokens: POST <url>/<tenant>/oauth2/v2.0/token (client_credentials, any secret). Graph: <url>/v1.0.\nSee docs/emulator.md for what is emulated and what is not.\n',
    )
    .action(async (flags: EmulatorFlags) => {
      const options = emulatorOptions(flags);
      const emulator = await startEmulator(options);
      const where = options.dataDir === null ? 'memory only (nothing is saved)' : options.dataDir;
      process.stdout.write(
        [
          `Graph emulator listening on ${emulator.url}`,
          `  Graph:          ${emulator.graphUrl}`,
          `  Token endpoint: ${emulator.url}/<tenant>/oauth2/v2.0/token`,
          `  Site id:        ${emulator.siteId}`,
          `  Demo personas:  ${emulator.url}/dev/personas (${options.people?.length ?? 0})`,
          `  Data:           ${where}`,
          'Set GRAPH_BASE_URL, AUTHORITY_HOST and SHAREPOINT_SITE_ID to these, then run `waymark provision`. Ctrl+C stops it.',
          '',
        ].join('\n'),
      );
      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          process.stdout.write(`\n${signal}: stopping the Graph emulator…\n`);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await emulator.close();
      process.stdout.write('Graph emulator stopped; its data is saved.\n');
    });
}

function emulatorOptions(flags: EmulatorFlags): EmulatorOptions {
  // The emulator needs only its own settings, so a missing Graph setting elsewhere must not stop it.
  let configured: { port?: number; dataDir?: string; tenantId?: string } = {};
  try {
    const config = loadConfig();
    configured = { port: config.emulatorPort, dataDir: config.emulatorDataDir, tenantId: config.tenantId };
  } catch {
    configured = {
      ...(process.env.EMULATOR_PORT ? { port: Number(process.env.EMULATOR_PORT) } : {}),
      ...(process.env.EMULATOR_DATA_DIR ? { dataDir: process.env.EMULATOR_DATA_DIR } : {}),
    };
  }
  const port = flags.port !== undefined ? wholeNumber('--port', flags.port, 0, 65535) : (configured.port ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`EMULATOR_PORT must be a port number, not "${String(port)}".`, 2);
  const latencyMs = wholeNumber('--latency', flags.latency, 0, 600_000);
  const failRate = Number(flags.failRate);
  if (!Number.isFinite(failRate) || failRate < 0 || failRate > 1) throw new CliError(`--fail-rate must be a number from 0 to 1, not "${flags.failRate}".`, 2);
  const pageSize = wholeNumber('--page-size', flags.pageSize, 1, 5000);
  if (flags.memory && flags.data !== undefined) throw new CliError('--memory and --data cannot be used together.', 2);
  const dataDir = flags.memory ? null : (flags.data ?? configured.dataDir ?? DEFAULT_DATA_DIR);
  const people = flags.people === false ? [] : loadDemoPeople(flags.people);
  return { port, host: flags.host, dataDir, latencyMs, failRate, pageSize, log: flags.log ?? false, people, ...(configured.tenantId ? { tenantId: configured.tenantId } : {}) };
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) throw new CliError(`${flag} must be a whole number from ${min} to ${max}, not "${text}".`, 2);
  return value;
}
