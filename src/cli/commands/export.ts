/**
 * `waymark export <file.xlsx|file.csv>`: writes a plan from the lists as the milestone
 * spreadsheet, with current status and commentary; importing it unchanged changes nothing.
 */
import type { Command } from 'commander';
import { loadConfig } from '../../config/config.ts';
import { exportRows } from '../../importer/export-plan.ts';
import { GraphPlanStore } from '../../importer/graph-plan-store.ts';
import { ImportError } from '../../importer/import-error.ts';
import type { PlanStore } from '../../importer/plan-store.ts';
import { writeSpreadsheet } from '../../importer/spreadsheet.ts';
import { explainGraphFailure, repositoryFromConfig } from '../graph-from-config.ts';
import { CliError } from '../run-command.ts';

export interface ExportCommandContext {
  store: PlanStore;
  defaultPlan: string;
  stdout: (text: string) => void;
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('Write a plan from the lists as the milestone spreadsheet (.xlsx or .csv), with current status and commentary.')
    .argument('<file>', 'the spreadsheet to write (.xlsx or .csv); replaced if it exists')
    .option('--plan <name>', 'plan to export (default: WAYMARK_PLAN)')
    .action(async (file: string, options: { plan?: string }) => {
      const config = loadConfig();
      try {
        const repository = await repositoryFromConfig(config);
        await runExportCommand(file, options, { store: new GraphPlanStore(repository), defaultPlan: config.defaultPlan, stdout: (text) => process.stdout.write(text) });
      } catch (error) {
        if (error instanceof CliError) throw error;
        throw explainGraphFailure(error, config);
      }
    });
}

/** The export command's work, with its surroundings passed in. */
export async function runExportCommand(file: string, options: { plan?: string }, context: ExportCommandContext): Promise<void> {
  if (!/\.(xlsx|csv)$/i.test(file)) throw new CliError(`Export writes .xlsx or .csv; "${file}" is neither.`, 2);
  const planName = options.plan ?? context.defaultPlan;
  const stored = await context.store.load(planName);
  if (!stored.plan && stored.projects.length === 0) {
    throw new CliError(`Plan ${planName} has no projects in the lists. Import it first (waymark import <file> --plan ${planName}).`, 1);
  }
  const rows = exportRows(stored, planName);
  try {
    await writeSpreadsheet(file, rows);
  } catch (error) {
    if (error instanceof ImportError) throw new CliError(error.message, 2);
    throw new CliError(`Could not write ${file}: ${(error as Error).message}`, 1);
  }
  context.stdout(`Exported plan ${planName}: ${stored.projects.length} projects, ${stored.milestones.length} milestones, ${rows.length} rows to ${file}\n`);
}
