/**
 * Reminder run benchmarks for `waymark bench`: a synthetic plan (1× and 100×) seeded with
 * latency off, then with latency on, one dry run (Graph reads only) and one real run as of a
 * busy day (reads, ledger writes, cards posted to the emulator's inbox, which the latency also
 * slows). Reports Graph reads, ledger writes, cards sent and the wall time of the run.
 */
import { composeReminders } from '../../reminders/compose.ts';
import type { Benchmark } from './benchmark.ts';
import { BENCH_PLAN, startSeededEmulator } from './seeded-emulator.ts';
import { HUNDRED_PLANS, ONE_PLAN } from './synthetic-plan.ts';
import type { PlanScale } from './synthetic-plan.ts';
// A Tuesday when the synthetic plan has reminders of every kind: lead times, due today, overdue and escalations.
const AS_OF = '2026-09-01';

/** The reminder benchmarks, for BENCHMARKS in src/cli/commands/bench.ts. */
export function reminderBenchmarks(): Benchmark[] {
  return [
    remindBenchmark('remind-1x', 'One reminder run over a plan of 200 milestones', ONE_PLAN, 'Graph reads ≤ 3 (plan and ledger at once), every card sent', (m) => m.graphReads <= 3),
    remindBenchmark('remind-100x', 'One reminder run over a plan of 20,000 milestones', HUNDRED_PLANS, 'Graph reads ≤ milestone pages + 2, every card sent', (m) => m.graphReads <= m.pages + 2),
  ];
}

interface RemindMeasures {
  milestones: number;
  reminders: number;
  cardsSent: number;
  graphReads: number;
  pages: number;
  ledgerWrites: number;
  readMs: number;
  wallMs: number;
}

function remindBenchmark(name: string, description: string, scale: PlanScale, target: string, met: (measures: RemindMeasures) => boolean): Benchmark {
  return {
    name,
    description,
    run: async (settings) => {
      const { emulator, repository } = await startSeededEmulator(scale, { pageSize: settings.pageSize });
      try {
        const reminders = composeReminders({
          repository,
          planName: BENCH_PLAN,
          config: { time: '07:30', webhooks: {}, inboxUrl: emulator.url, tabBaseUrl: 'http://127.0.0.1:4200' },
        });
        emulator.setFaults({ latencyMs: settings.latencyMs, failRate: 0 });

        repository.connection.resetTraffic();
        const readStarted = performance.now();
        const dry = await reminders.run(AS_OF, { dryRun: true });
        const readMs = Math.round(performance.now() - readStarted);
        const graphReads = repository.connection.traffic().roundTrips;
        // loadPlan reads the lists' pages in parallel rounds: as many as the longest list has pages.
        const pages = Math.ceil((scale.projects * scale.milestonesPerProject) / settings.pageSize);

        repository.connection.resetTraffic();
        const started = performance.now();
        const report = await reminders.run(AS_OF);
        const wallMs = Math.round(performance.now() - started);
        const total = repository.connection.traffic().roundTrips;
        settings.log(`  ${report.reminders} reminders in ${report.deliveries.length} cards, ${report.failed} failed`);
        const measures: RemindMeasures = {
          milestones: scale.projects * scale.milestonesPerProject,
          reminders: report.reminders,
          cardsSent: report.sent,
          graphReads,
          pages,
          ledgerWrites: total - graphReads,
          readMs,
          wallMs,
        };
        const allSent = report.failed === 0 && report.sent === dry.deliveries.length && report.sent > 0;
        return { name, measures: { ...measures }, target, met: allSent && met(measures) };
      } finally {
        await emulator.close();
      }
    },
  };
}
