/**
 * The benchmarks' starting point: an in-process emulator (latency off, the demo personas as its
 * identity provider) with the lists provisioned and a synthetic plan seeded, Waymark's settings
 * pointed at it, and a repository on it. The caller closes the emulator.
 */
import { loadConfig } from '../../config/config.ts';
import type { WaymarkConfig } from '../../config/config.ts';
import { startEmulator } from '../../emulator/server.ts';
import type { RunningEmulator } from '../../emulator/server.ts';
import { provisionSite } from '../../graph/provision.ts';
import type { ListRepository } from '../../graph/repository.ts';
import { loadDemoPeople } from '../demo-people.ts';
import { repositoryFromConfig } from '../graph-from-config.ts';
import { seedPlan } from './synthetic-plan.ts';
import type { PlanScale } from './synthetic-plan.ts';

/** The plan every benchmark seeds and reads. */
export const BENCH_PLAN = '2026/27';

export interface SeededEmulator {
  emulator: RunningEmulator;
  /** Waymark's settings pointed at the emulator, for services the benchmark starts. */
  config: WaymarkConfig;
  /** A repository on the emulator (`pageSize` items a page when given). */
  repository: ListRepository;
  /** Items seeded. */
  seeded: number;
  /** How long seeding took, latency off. */
  seedMs: number;
}

/** Starts the emulator and seeds a plan of `scale`; closes the emulator again if that fails. */
export async function startSeededEmulator(scale: PlanScale, options: { pageSize?: number } = {}): Promise<SeededEmulator> {
  const base = loadConfig();
  const emulator = await startEmulator({ port: 0, dataDir: null, latencyMs: 0, people: loadDemoPeople(), tenantId: base.tenantId });
  try {
    const config: WaymarkConfig = { ...base, graphBaseUrl: emulator.graphUrl, authorityHost: emulator.url, siteId: emulator.siteId, defaultPlan: BENCH_PLAN };
    const repository = await repositoryFromConfig(config, options.pageSize === undefined ? {} : { pageSize: options.pageSize });
    await provisionSite(repository.connection, repository.siteId);
    const started = performance.now();
    const seeded = await seedPlan(repository, BENCH_PLAN, scale);
    return { emulator, config, repository, seeded, seedMs: Math.round(performance.now() - started) };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}
