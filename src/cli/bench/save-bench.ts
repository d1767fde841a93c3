/**
 * What one save costs: a milestone update through the write API (token check, authorisation,
 * validation, then Graph) against the emulator with latency switched on. Counts the Graph round
 * trips the service makes per save (target: 2, a read then one $batch) and times the save as the
 * tab sees it, and the same for a save that meets a conflict (409 with the current state).
 */
import { writeApiFromConfig } from '../../server/api/write-api-setup.ts';
import { startService } from '../../server/service.ts';
import { repositoryFromConfig } from '../graph-from-config.ts';
import { median } from './benchmark.ts';
import type { BenchResult, BenchSettings, Benchmark } from './benchmark.ts';
import { BENCH_PLAN, startSeededEmulator } from './seeded-emulator.ts';
import { ONE_PLAN } from './synthetic-plan.ts';

const PERSONA = 'performance-lead';
const SAVES = 5;

/** The save benchmark, for BENCHMARKS in src/cli/commands/bench.ts. */
export function saveBenchmark(): Benchmark {
  return {
    name: 'save-update',
    description: `Save a milestone update through the write API (${SAVES} saves, median), and one that conflicts`,
    run: measureSave,
  };
}

async function measureSave(settings: BenchSettings): Promise<BenchResult> {
  const { emulator, config, repository: seeding } = await startSeededEmulator(ONE_PLAN);
  let service: Awaited<ReturnType<typeof startService>> | undefined;
  try {
    const [milestone] = (await seeding.loadPlan(BENCH_PLAN)).milestones;
    if (!milestone) throw new Error('the synthetic plan has no milestone');
    // The service's own repository, so its traffic is counted apart from the seeding.
    const repository = await repositoryFromConfig(config);
    service = await startService({ config, port: 0, writeApi: writeApiFromConfig(config, repository) });
    const url = `${service.url}/api/milestones/${milestone.id}/updates`;
    const token = await personaToken(emulator.url);
    const save = async (eTag: string, n: number) => {
      const started = performance.now();
      const answer = await fetch(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'If-Match': eTag },
        body: JSON.stringify({ status: n % 2 === 0 ? 'At risk' : 'On track', commentary: `Benchmark save ${n}.` }),
      });
      const body = (await answer.json()) as { milestone?: { eTag: string } };
      return { status: answer.status, ms: performance.now() - started, eTag: body.milestone?.eTag };
    };
    // Warm up without latency: the app token, the issuer's keys, the connection.
    let eTag = (await save(milestone.eTag, 0)).eTag ?? '';
    emulator.setFaults({ latencyMs: settings.latencyMs, failRate: 0 });

    const times: number[] = [];
    repository.connection.resetTraffic();
    for (let n = 1; n <= SAVES; n++) {
      const saved = await save(eTag, n);
      if (saved.status !== 200 || !saved.eTag) throw new Error(`save ${n} answered ${saved.status}`);
      times.push(saved.ms);
      eTag = saved.eTag;
    }
    const roundTrips = repository.connection.traffic().roundTrips / SAVES;

    repository.connection.resetTraffic();
    const conflict = await save(milestone.eTag, 0);
    if (conflict.status !== 409) throw new Error(`the stale save answered ${conflict.status}, not 409`);
    const conflictRoundTrips = repository.connection.traffic().roundTrips;

    const saveMs = Math.round(median(times));
    const budgetMs = 2 * settings.latencyMs + 150;
    return {
      name: 'save-update',
      measures: { saveRoundTrips: roundTrips, saveMs, conflictRoundTrips, conflictMs: Math.round(conflict.ms) },
      target: `save: 2 Graph round trips (read, one $batch) and ≤ ${budgetMs} ms`,
      met: roundTrips === 2 && saveMs <= budgetMs,
    };
  } finally {
    await service?.close();
    await emulator.close();
  }
}

async function personaToken(identityUrl: string): Promise<string> {
  const response = await fetch(`${identityUrl}/dev/personas/${PERSONA}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ scope: 'api://waymark.local/access_as_user' }).toString(),
  });
  if (response.status !== 200) throw new Error(`the emulator gave no token for ${PERSONA}: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
