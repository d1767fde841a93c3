/**
 * What one card action costs: a person presses "Update status" on their personal card, Teams
 * posts the invoke to the bot (`POST /api/messages`), and the bot checks, saves with If-Match and
 * the history row, and answers with the refreshed card. Measured against the local stack (the
 * real plan, the emulator with latency switched on): the time until the answer, which Teams needs
 * well within its 10–15 s, and the Graph round trips the bot makes for it.
 */
import { randomUUID } from 'node:crypto';
import { inputIds, CARD_VERBS } from '../../cards/personal-digest-card.ts';
import { repositoryFromConfig } from '../graph-from-config.ts';
import { startLocalStack } from '../local-stack.ts';
import { loadDemoPeople } from '../demo-people.ts';
import { median } from './benchmark.ts';
import type { BenchResult, BenchSettings, Benchmark } from './benchmark.ts';

const ACTIONS = 5;
const PERSONA = 'performance-lead';
/** Teams gives up on an invoke answer after about 10 s on some clients; the bot should answer far sooner. */
const ANSWER_BUDGET_MS = 2_000;

/** The card action benchmark, for BENCHMARKS in src/cli/commands/bench.ts. */
export function cardActionBenchmark(): Benchmark {
  return {
    name: 'card-action',
    description: `Update a milestone's status from a personal card through the bot (${ACTIONS} actions, median)`,
    run: measureCardAction,
  };
}

async function measureCardAction(settings: BenchSettings): Promise<BenchResult> {
  const stack = await startLocalStack({ emulatorPort: 0, servicePort: 0, dataDir: null, buildTab: false, tabDir: 'no-tab-in-the-bench', onProgress: settings.log });
  try {
    const person = loadDemoPeople().find((entry) => entry.id === PERSONA);
    if (!person) throw new Error(`no demo persona ${PERSONA}`);
    const repository = await repositoryFromConfig(stack.config);
    const milestone = (await repository.loadPlan(stack.config.defaultPlan)).milestones.find((item) => item.record.status !== 'Complete' && item.record.status !== 'Cancelled');
    if (!milestone) throw new Error('the plan has no open milestone');
    stack.emulator.setFaults({ latencyMs: settings.latencyMs, failRate: 0 });
    const times: number[] = [];
    const roundTrips: number[] = [];
    const ids = inputIds(milestone.id);
    for (let action = 0; action < ACTIONS; action++) {
      // The card shows the current version, as a refreshed card would.
      const current = await repository.get('Milestones', milestone.id);
      stack.emulator.resetStats();
      const started = performance.now();
      const response = await fetch(`${stack.service.url}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          type: 'invoke',
          name: 'adaptiveCard/action',
          id: randomUUID(),
          channelId: 'msteams',
          serviceUrl: stack.emulator.url,
          from: { id: `29:${person.oid}`, aadObjectId: person.oid, name: person.displayName },
          recipient: { id: '28:waymark-bot', name: 'Waymark' },
          conversation: { id: `a:bench-${person.id}`, conversationType: 'personal', tenantId: stack.config.tenantId },
          channelData: { tenant: { id: stack.config.tenantId } },
          value: {
            trigger: 'manual',
            action: {
              type: 'Action.Execute',
              verb: CARD_VERBS.status,
              data: { waymark: 1, milestoneId: milestone.id, eTag: current.eTag, [ids.status]: action % 2 === 0 ? 'At risk' : 'On track', [ids.comment]: `Benchmark update ${action + 1}.` },
            },
          },
        }),
      });
      const answer = (await response.json()) as { statusCode?: number; value?: unknown };
      times.push(performance.now() - started);
      roundTrips.push(stack.emulator.stats().requests);
      if (response.status !== 200 || answer.statusCode !== 200) throw new Error(`the bot answered ${response.status}/${answer.statusCode ?? '?'}: ${JSON.stringify(answer).slice(0, 300)}`);
    }
    const answerMs = Math.round(median(times));
    return {
      name: 'card-action',
      measures: { answerMs, graphRoundTrips: Math.round(median(roundTrips)), actions: ACTIONS },
      target: `answer ≤ ${ANSWER_BUDGET_MS} ms (Teams allows 10–15 s)`,
      met: answerMs <= ANSWER_BUDGET_MS,
    };
  } finally {
    await stack.close();
  }
}
