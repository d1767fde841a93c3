/**
 * `waymark bench`: performance checks against an in-process emulator with network latency
 * switched on. Each benchmark is a named function in BENCHMARKS returning one row of results, so
 * more can be added beside the Graph load benchmarks.
 *
 * The Graph load benchmark seeds a synthetic plan (fast, with latency off, straight through
 * repository batches), then turns latency on and times ListRepository.loadPlan, counting round
 * trips in the client's middleware and requests at the emulator.
 */
import type { Command } from 'commander';
import { toWaymarkGraphError } from '../../graph/graph-error.ts';
import type { BenchResult, BenchSettings, Benchmark } from '../bench/benchmark.ts';
import { BENCH_PLAN, startSeededEmulator } from '../bench/seeded-emulator.ts';
import { HUNDRED_PLANS, ONE_PLAN } from '../bench/synthetic-plan.ts';
import type { PlanScale } from '../bench/synthetic-plan.ts';
import { cardActionBenchmark } from '../bench/bot-bench.ts';
import { reminderBenchmarks } from '../bench/reminders-bench.ts';
import { saveBenchmark } from '../bench/save-bench.ts';
import { tabBenchmarks } from '../bench/tab-bench.ts';
import { CliError } from '../run-command.ts';


/** Every benchmark `waymark bench` knows, in the order they run. */
export const BENCHMARKS: readonly Benchmark[] = [
  loadPlanBenchmark('load-plan-1x', 'Load one plan (40 projects, 200 milestones)', ONE_PLAN, 'round trips ≤ 2', (measures) => measures.roundTrips <= 2),
  loadPlanBenchmark(
    'load-plan-100x',
    'Load a plan 100 times larger (4,000 projects, 20,000 milestones)',
    HUNDRED_PLANS,
    'round trips ≤ pages + 1, no threshold errors',
    (measures) => measures.roundTrips <= measures.pages + 1 && measures.thresholdErrors === 0,
  ),
  ...tabBenchmarks(),
  saveBenchmark(),
  cardActionBenchmark(),
  ...reminderBenchmarks(),
];

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description('Run the performance benchmarks against an in-process Graph emulator with latency.')
    .option('--latency <ms>', 'emulated latency per request in milliseconds', '100')
    .option('--page-size <n>', 'page size ($top) the repository asks for', '5000')
    .option('--only <names...>', `run only these benchmarks (${BENCHMARKS.map((benchmark) => benchmark.name).join(', ')})`)
    .option('--json', 'print the results as JSON')
    .action(async (options: { latency: string; pageSize: string; only?: string[]; json?: boolean }) => {
      const latencyMs = Number(options.latency);
      const pageSize = Number(options.pageSize);
      if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new CliError(`--latency must be a number of milliseconds, not "${options.latency}".`, 2);
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 5000) throw new CliError(`--page-size must be a whole number from 1 to 5000, not "${options.pageSize}".`, 2);
      const unknown = (options.only ?? []).filter((name) => !BENCHMARKS.some((benchmark) => benchmark.name === name));
      if (unknown.length > 0) throw new CliError(`Unknown benchmark ${unknown.join(', ')}; known: ${BENCHMARKS.map((benchmark) => benchmark.name).join(', ')}.`, 2);
      const chosen = options.only ? BENCHMARKS.filter((benchmark) => options.only?.includes(benchmark.name)) : BENCHMARKS;
      const settings: BenchSettings = { latencyMs, pageSize, log: (line) => process.stderr.write(`${line}\n`) };
      const results: BenchResult[] = [];
      for (const benchmark of chosen) {
        settings.log(`${benchmark.name}: ${benchmark.description}`);
        results.push(await benchmark.run(settings));
      }
      process.stdout.write(options.json ? `${JSON.stringify({ latencyMs, pageSize, results }, null, 2)}\n` : formatResults(results, settings));
      if (results.some((result) => !result.met)) process.exitCode = 1;
    });
}

/** The results as a plain-text table, one row per benchmark. */
export function formatResults(results: readonly BenchResult[], settings: Pick<BenchSettings, 'latencyMs' | 'pageSize'>): string {
  const keys = [...new Set(results.flatMap((result) => Object.keys(result.measures)))];
  const header = ['benchmark', ...keys, 'target', 'met'];
  const rows = results.map((result) => [result.name, ...keys.map((key) => String(result.measures[key] ?? '')), result.target, result.met ? 'yes' : 'NO']);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [`Latency ${settings.latencyMs} ms per request, page size ${settings.pageSize}`, line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line), ''].join('\n');
}

interface LoadMeasures {
  projects: number;
  milestones: number;
  roundTrips: number;
  emulatorRequests: number;
  batchedRequests: number;
  pages: number;
  bytesIn: number;
  wallMs: number;
  thresholdErrors: number;
}

function loadPlanBenchmark(name: string, description: string, scale: PlanScale, target: string, met: (measures: LoadMeasures) => boolean): Benchmark {
  return {
    name,
    description,
    run: async (settings) => {
      const { emulator, repository, seeded, seedMs } = await startSeededEmulator(scale, { pageSize: settings.pageSize });
      try {
        settings.log(`  seeded ${seeded} items in ${seedMs} ms (latency off)`);

        emulator.setFaults({ latencyMs: settings.latencyMs, failRate: 0 });
        emulator.resetStats();
        repository.connection.resetTraffic();
        let thresholdErrors = 0;
        let projects = 0;
        let milestones = 0;
        let pages = 0;
        const started = performance.now();
        try {
          const loaded = await repository.loadPlan(BENCH_PLAN);
          projects = loaded.projects.length;
          milestones = loaded.milestones.length;
          pages = loaded.pages;
        } catch (error) {
          const failure = toWaymarkGraphError(error);
          if (failure.reason !== 'threshold') throw failure;
          thresholdErrors += 1;
        }
        const wallMs = Math.round(performance.now() - started);
        const traffic = repository.connection.traffic();
        const stats = emulator.stats();
        const measures: LoadMeasures = {
          projects,
          milestones,
          roundTrips: traffic.roundTrips,
          emulatorRequests: stats.requests,
          batchedRequests: stats.batchedRequests,
          pages,
          bytesIn: traffic.bytesIn,
          wallMs,
          thresholdErrors,
        };
        const complete = projects === scale.projects && milestones === scale.projects * scale.milestonesPerProject;
        return { name, measures: { ...measures }, target, met: complete && met(measures) };
      } finally {
        await emulator.close();
      }
    },
  };
}

