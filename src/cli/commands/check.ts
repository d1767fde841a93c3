/**
 * `waymark check`: the data-quality report of a plan as it stands in the lists (dates to be
 * confirmed or unreadable, missing owners and leads, unknown directorates, duplicates). Exits 0
 * even when issues exist, so it can run in a daily job; --strict exits 1 when any is an error.
 */
import type { Command } from 'commander';
import { loadConfig } from '../../config/config.ts';
import { checkDataQuality } from '../../domain/data-quality.ts';
import type { Plan } from '../../domain/records.ts';
import { GraphPlanStore } from '../../importer/graph-plan-store.ts';
import { formatDataQuality } from '../../importer/import-report.ts';
import { planPeriodOf } from '../../importer/plan-input.ts';
import type { PlanStore } from '../../importer/plan-store.ts';
import { explainGraphFailure, repositoryFromConfig } from '../graph-from-config.ts';
import { CliError } from '../run-command.ts';

export interface CheckCommandOptions {
  plan?: string;
  json?: boolean;
  strict?: boolean;
}

export interface CheckCommandContext {
  store: PlanStore;
  defaultPlan: string;
  stdout: (text: string) => void;
}

export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .description('Print the data-quality report of a plan from the lists.')
    .option('--plan <name>', 'plan to check (default: WAYMARK_PLAN)')
    .option('--json', 'print the issues as JSON')
    .option('--strict', 'exit with status 1 when any issue is an error')
    .action(async (options: CheckCommandOptions) => {
      const config = loadConfig();
      try {
        const repository = await repositoryFromConfig(config);
        await runCheckCommand(options, { store: new GraphPlanStore(repository), defaultPlan: config.defaultPlan, stdout: (text) => process.stdout.write(text) });
      } catch (error) {
        if (error instanceof CliError) throw error;
        throw explainGraphFailure(error, config);
      }
    });
}

/** The check command's work, with its surroundings passed in. */
export async function runCheckCommand(options: CheckCommandOptions, context: CheckCommandContext): Promise<void> {
  const planName = options.plan ?? context.defaultPlan;
  const stored = await context.store.load(planName);
  if (!stored.plan && stored.projects.length === 0) {
    throw new CliError(`Plan ${planName} has no projects in the lists. Import it first (waymark import <file> --plan ${planName}).`, 1);
  }
  const plan: Plan = stored.plan?.record ?? { name: planName, themes: [], ...(planPeriodOf(planName) ?? {}) };
  const issues = checkDataQuality({
    plan,
    projects: stored.projects.map((item) => item.record),
    milestones: stored.milestones.map((item) => item.record),
    directorates: stored.directorates.map((item) => item.record),
  });
  const errors = issues.filter((issue) => issue.severity === 'error').length;
  if (options.json) {
    const count = (severity: string) => issues.filter((issue) => issue.severity === severity).length;
    context.stdout(`${JSON.stringify({ plan: planName, counts: { error: errors, warning: count('warning'), info: count('info') }, issues }, null, 2)}\n`);
  } else {
    context.stdout(`${formatDataQuality(issues, { planName }).join('\n')}\n`);
  }
  if (options.strict && errors > 0) throw new CliError(`${errors} data-quality error${errors > 1 ? 's' : ''} in plan ${planName}.`, 1);
}
