/**
 * The local stack `npm start` runs and end-to-end tests start: the Graph emulator with the demo
 * people, the lists provisioned, the real 2026/27 plan imported on first start, and demo owners.
 * Each part is the production code pointed at the emulator; only the emulator is local.
 */
import { resolve } from 'node:path';
import { botFromConfig } from '../bot/bot-setup.ts';
import { botSettingsFromConfig } from './bot-from-config.ts';
import type { BotHost } from '../bot/bot-setup.ts';
import { loadConfig, loadReminderConfig } from '../config/config.ts';
import type { WaymarkConfig } from '../config/config.ts';
import { startEmulator } from '../emulator/server.ts';
import type { RunningEmulator } from '../emulator/server.ts';
import { provisionSite } from '../graph/provision.ts';
import { GraphPlanStore } from '../importer/graph-plan-store.ts';
import { runImport } from '../importer/run-import.ts';
import { writeApiFromConfig } from '../server/api/write-api-setup.ts';
import { DEFAULT_TAB_DIR, startService } from '../server/service.ts';
import type { RunningService } from '../server/service.ts';
import { loadDemoPeople } from './demo-people.ts';
import { seedDemoPeople } from './demo-seed.ts';
import { repositoryFromConfig } from './graph-from-config.ts';

/** The published plan the local stack starts with. */
export const DEMO_PLAN_FILE = 'data/delivery-plan-2026-27.txt';

export interface LocalStackOptions {
  /** Emulator port; default EMULATOR_PORT (0 = any free port, for tests). */
  emulatorPort?: number;
  /** Emulator data folder; null keeps everything in memory (tests). Default EMULATOR_DATA_DIR. */
  dataDir?: string | null;
  /** Added Graph latency in ms (demos of a slow network, benchmarks). */
  latencyMs?: number;
  /** Service port; default SERVICE_PORT (0 = any free port). */
  servicePort?: number;
  /** Build the tab with Vite before serving it (default true); tests that built it once pass false. */
  buildTab?: boolean;
  /** Folder of the built tab to serve; default dist/tab. */
  tabDir?: string;
  /** Progress lines ("Importing the 2026/27 plan…"). */
  onProgress?: (line: string) => void;
}

export interface LocalStack {
  config: WaymarkConfig;
  emulator: RunningEmulator;
  service: RunningService;
  /** The bot the service hosts at /api/messages (personal digests, card actions). */
  bot: BotHost;
  /** What happened on the way up, one line each, for the start banner. */
  notes: string[];
  close(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const base = loadConfig();
  const progress = options.onProgress ?? (() => undefined);
  const people = loadDemoPeople();
  const emulator = await startEmulator({
    port: options.emulatorPort ?? base.emulatorPort,
    dataDir: options.dataDir === undefined ? base.emulatorDataDir : options.dataDir,
    latencyMs: options.latencyMs ?? 0,
    people,
    tenantId: base.tenantId,
  });
  try {
    // Everything after this talks to the emulator exactly as it would to a tenant.
    const config: WaymarkConfig = { ...base, graphBaseUrl: emulator.graphUrl, authorityHost: emulator.url, siteId: emulator.siteId };
    const repository = await repositoryFromConfig(config);
    const notes: string[] = [];
    progress('Provisioning the SharePoint lists…');
    const provisioned = await provisionSite(repository.connection, repository.siteId);
    notes.push(provisioned.lines.some((line) => /creat/i.test(line)) ? 'Lists provisioned.' : 'Lists already provisioned.');
    const existing = await repository.loadPlan(config.defaultPlan);
    if (existing.projects.length === 0) {
      progress(`Importing the ${config.defaultPlan} plan from ${DEMO_PLAN_FILE}…`);
      const outcome = await runImport(DEMO_PLAN_FILE, new GraphPlanStore(repository), { defaultPlan: config.defaultPlan, now: new Date().toISOString() });
      notes.push(`Imported ${DEMO_PLAN_FILE}: ${outcome.written} records written.`);
    } else {
      notes.push(`Plan ${config.defaultPlan} already loaded (${existing.projects.length} projects, ${existing.milestones.length} milestones); kept as it is.`);
    }
    const seeded = await seedDemoPeople(repository, config.defaultPlan, people);
    if (seeded.directorates + seeded.projects + seeded.milestones > 0) {
      notes.push(`Demo people assigned: ${seeded.directorates} directors, ${seeded.projects} project leads, ${seeded.milestones} milestone owners.`);
    }
    // Locally every channel webhook is the emulator's: `waymark remind` posts there and the inbox page shows the cards.
    notes.push(`Reminder cards go to the emulator's card inbox: ${emulator.url}/inbox (send today's with \`npm run waymark -- remind\`).`);
    if (options.buildTab ?? true) {
      progress('Building the tab…');
      await buildTab(options.tabDir);
    }
    // The bot runs without a secret locally (the Agents SDK's anonymous mode); the emulator is its Teams side.
    const bot = botFromConfig({ ...botSettingsFromConfig(config, loadReminderConfig()), dataDir: options.dataDir === null ? null : config.serviceDataDir }, repository);
    const service = await startService({
      bot,
      config,
      tabDir: options.tabDir ?? DEFAULT_TAB_DIR,
      port: options.servicePort ?? base.servicePort,
      devIdentityUrl: emulator.url,
      // The write API checks persona tokens against the emulator's keys and writes with the app-only repository.
      writeApi: writeApiFromConfig(config, repository),
    });
    await fetch(`${emulator.url}/dev/bot/endpoint`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ url: `${service.url}/api/messages` }) });
    notes.push(`Personal digests from the bot appear in the emulator's chats page: ${emulator.url}/chats (its buttons call the bot at ${service.url}/api/messages).`);
    return {
      config,
      emulator,
      service,
      bot,
      notes,
      close: async () => {
        await service.close();
        await bot.store.flush();
        await emulator.close();
      },
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

/** Builds the tab with the project's vite.config.ts (quietly; errors still surface), into `outDir` if given. */
export async function buildTab(outDir?: string): Promise<void> {
  const { build } = await import('vite');
  // Vite follows NODE_ENV when it is set, and test runners set it to 'test': the tab is always
  // built as it ships (production React), whoever asks.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: 'vite.config.ts', logLevel: 'warn', mode: 'production', ...(outDir ? { build: { outDir: resolve(outDir), emptyOutDir: true } } : {}) });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
