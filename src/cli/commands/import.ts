/**
 * `waymark import <file>`: imports a delivery plan document (.txt) or milestone spreadsheet
 * (.xlsx, .csv) into the SharePoint lists. Every check runs before anything is written; a dry run
 * prints what would change. Re-running an import (also one interrupted part way) completes it
 * without creating anything twice.
 *
 * Exit status: 0 imported (or dry run), 5 the file was refused (nothing written), 1 writing
 * failed part way (run again to complete), 2-4 configuration or Graph access (see graph-from-config).
 */
import type { Command } from 'commander';
import { loadConfig } from '../../config/config.ts';
import { GraphPlanStore } from '../../importer/graph-plan-store.ts';
import { ImportError } from '../../importer/import-error.ts';
import { formatImportError, formatImportReport, importReportJson } from '../../importer/import-report.ts';
import type { PlanStore } from '../../importer/plan-store.ts';
import { runImport } from '../../importer/run-import.ts';
import { explainGraphFailure, repositoryFromConfig } from '../graph-from-config.ts';
import { CliError } from '../run-command.ts';

/** Exit status of an import refused for its content. */
export const EXIT_REFUSED = 5;

export interface ImportCommandOptions {
  plan?: string;
  dryRun?: boolean;
  json?: boolean;
  prune?: boolean;
  skipBadRows?: boolean;
  author?: string;
}

/** What the command needs from outside: where to write, the store, the plan to default to and the time. */
export interface ImportCommandContext {
  store: PlanStore;
  defaultPlan: string;
  now: () => string;
  stdout: (text: string) => void;
  /** Progress and notices; not part of the report. */
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress then rewrites one line). */
  interactive?: boolean;
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('Import a plan document (.txt) or milestone spreadsheet (.xlsx, .csv) into the lists; a second run of the same file changes nothing.')
    .argument('<file>', 'the plan document or spreadsheet')
    .option('--plan <name>', 'plan to import into (default: the Plan column, else WAYMARK_PLAN)')
    .option('--dry-run', 'check the file and print what would change, without writing')
    .option('--json', 'print the report as JSON')
    .option('--prune', 'remove projects and milestones the file no longer has')
    .option('--skip-bad-rows', 'import the good rows of a file that has bad ones, listing every row skipped')
    .option('--author <upn>', 'who is importing, recorded on history rows for status changes from a spreadsheet')
    .action(async (file: string, options: ImportCommandOptions) => {
      const config = loadConfig();
      try {
        const repository = await repositoryFromConfig(config);
        await runImportCommand(file, options, {
          store: new GraphPlanStore(repository),
          defaultPlan: config.defaultPlan,
          now: () => new Date().toISOString(),
          stdout: (text) => process.stdout.write(text),
          stderr: (text) => process.stderr.write(text),
          interactive: Boolean(process.stderr.isTTY),
        });
      } catch (error) {
        if (error instanceof CliError) throw error;
        throw explainGraphFailure(error, config);
      }
    });
}

/** The import command's work, with its surroundings passed in (the CLI's action and tests call it). */
export async function runImportCommand(file: string, options: ImportCommandOptions, context: ImportCommandContext): Promise<void> {
  let lastProgress = '';
  try {
    const outcome = await runImport(file, context.store, {
      ...(options.plan ? { planName: options.plan } : {}),
      defaultPlan: context.defaultPlan,
      dryRun: Boolean(options.dryRun),
      prune: Boolean(options.prune),
      skipBadRows: Boolean(options.skipBadRows),
      now: context.now(),
      author: options.author ? { upn: options.author } : { upn: 'waymark-import', name: 'Waymark import' },
      onProgress: ({ done, total }) => {
        lastProgress = `writing ${done}/${total}`;
        context.stderr(context.interactive ? `\r${lastProgress}` : `${lastProgress}\n`);
      },
    });
    if (context.interactive && lastProgress) context.stderr('\n');
    const report = { dryRun: Boolean(options.dryRun), written: outcome.written };
    if (options.json) context.stdout(`${JSON.stringify(importReportJson(outcome.changeSet, report), null, 2)}\n`);
    else context.stdout(formatImportReport(outcome.changeSet, report));
  } catch (error) {
    if (context.interactive && lastProgress) context.stderr('\n');
    if (!(error instanceof ImportError)) throw error;
    if (options.json) {
      context.stdout(`${JSON.stringify({ ok: false, reason: error.reason, message: error.message, problems: error.problems }, null, 2)}\n`);
    }
    throw new CliError(formatImportError(error), error.reason === 'write-failed' ? 1 : EXIT_REFUSED);
  }
}
