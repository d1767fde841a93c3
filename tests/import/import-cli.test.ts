/**
 * End to end: the import, export and check commands against the in-process Graph emulator,
 * through the CLI's own composition (repositoryFromConfig) and the real Graph client. Imports the
 * real 2026/27 plan, re-imports it, round-trips it through both spreadsheet formats, refuses bad
 * files without writing, and completes an import that was stopped part way.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheckCommand } from '../../src/cli/commands/check.ts';
import { runExportCommand } from '../../src/cli/commands/export.ts';
import { EXIT_REFUSED, runImportCommand } from '../../src/cli/commands/import.ts';
import type { ImportCommandOptions } from '../../src/cli/commands/import.ts';
import { repositoryFromConfig } from '../../src/cli/graph-from-config.ts';
import { CliError } from '../../src/cli/run-command.ts';
import { startEmulator } from '../../src/emulator/server.ts';
import { provisionSite } from '../../src/graph/provision.ts';
import type { BatchOperation, ListRepository } from '../../src/graph/repository.ts';
import { GraphPlanStore } from '../../src/importer/graph-plan-store.ts';
import type { PlanStore } from '../../src/importer/plan-store.ts';

const PLAN_FILE = fileURLToPath(new URL('../../data/delivery-plan-2026-27.txt', import.meta.url));

let emulator: Awaited<ReturnType<typeof startEmulator>>;
let repository: ListRepository;
let store: GraphPlanStore;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, dataDir: null });
  repository = await repositoryFromConfig({
    graphBaseUrl: emulator.graphUrl,
    siteId: emulator.siteId,
    tenantId: '00000000-0000-4000-8000-00000000c0de',
    authorityHost: emulator.url,
    clientId: '11111111-1111-4111-8111-111111111111',
    clientSecret: undefined,
  }, { retryDelaySeconds: 0 });
  await provisionSite(repository.connection, repository.siteId);
  store = new GraphPlanStore(repository);
  dir = await mkdtemp(join(tmpdir(), 'waymark-import-e2e-'));
});

afterAll(async () => {
  await emulator?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Output {
  stdout: string;
  stderr: string;
}

async function importFile(file: string, options: ImportCommandOptions = {}, using: PlanStore = store): Promise<Output & { report: Record<string, unknown> }> {
  const output: Output = { stdout: '', stderr: '' };
  await runImportCommand(file, { json: true, ...options }, {
    store: using,
    defaultPlan: '2026/27',
    now: () => '2026-05-06T10:00:00.000Z',
    stdout: (text) => (output.stdout += text),
    stderr: (text) => (output.stderr += text),
  });
  return { ...output, report: JSON.parse(output.stdout) as Record<string, unknown> };
}

async function refused(run: () => Promise<unknown>): Promise<CliError> {
  const error = await run().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof CliError)) throw new Error(`expected a CliError, got ${String(error)}`);
  return error;
}

describe('waymark import, export and check against the emulator', () => {
  it('imports the real plan: 39 projects, 204 milestones, 6 directorates, with progress on stderr', async () => {
    const { report, stderr } = await importFile(PLAN_FILE);
    expect(report.counts).toEqual({
      projects: { added: 39, changed: 0, unchanged: 0, removed: 0, wouldBeRemoved: 0 },
      milestones: { added: 204, changed: 0, unchanged: 0, removed: 0, wouldBeRemoved: 0 },
      directorates: { new: 6, known: 6 },
    });
    expect(report.written).toBe(250);
    expect(report.warnings).toEqual([
      expect.objectContaining({ file: 'delivery-plan-2026-27.txt', line: 728 }),
      expect.objectContaining({ file: 'delivery-plan-2026-27.txt', line: 1080 }),
      expect.objectContaining({ file: 'delivery-plan-2026-27.txt', line: 200 }),
      expect.objectContaining({ file: 'delivery-plan-2026-27.txt', line: 1044 }),
    ]);
    expect(stderr.trim().split('\n').at(-1)).toBe('writing 250/250');

    const loaded = await repository.loadPlan('2026/27');
    expect(loaded.plan?.record).toMatchObject({ name: '2026/27', title: 'Delivery Plan 2026-2027', council: 'Staffordshire County Council' });
    expect(loaded.projects).toHaveLength(39);
    expect(loaded.milestones).toHaveLength(204);
    expect(loaded.directorates.map((d) => d.record.code).sort()).toEqual(['CF', 'CS', 'EIS', 'FR', 'HC', 'ST']);
  });

  it('changes nothing when the same plan is imported again', async () => {
    const { report } = await importFile(PLAN_FILE);
    expect(report.written).toBe(0);
    expect(report.counts).toMatchObject({ projects: { unchanged: 39, added: 0, changed: 0 }, milestones: { unchanged: 204, added: 0, changed: 0 } });
  });

  it.each(['xlsx', 'csv'])('exports to .%s and importing that file changes nothing', async (extension) => {
    const file = join(dir, `plan.${extension}`);
    let said = '';
    await runExportCommand(file, {}, { store, defaultPlan: '2026/27', stdout: (text) => (said += text) });
    expect(said).toContain('39 projects, 204 milestones');
    const { report } = await importFile(file);
    expect(report.written).toBe(0);
    expect(report.counts).toMatchObject({ projects: { unchanged: 39, changed: 0, added: 0 }, milestones: { unchanged: 204, changed: 0, added: 0, wouldBeRemoved: 0 } });
  });

  it('prints the data-quality report, exiting 0 unless --strict finds errors', async () => {
    let json = '';
    await runCheckCommand({ json: true }, { store, defaultPlan: '2026/27', stdout: (text) => (json += text) });
    const report = JSON.parse(json) as { counts: { error: number; warning: number; info: number } };
    expect(report.counts).toEqual({ error: 0, warning: 93, info: 204 });
    await runCheckCommand({ strict: true }, { store, defaultPlan: '2026/27', stdout: () => {} });

    const odd = join(dir, 'odd-date.csv');
    await writeFile(odd, 'Project code,Project,Milestone,Due (as published)\nZZ1,Odd project,Act,When the stars align\n');
    await importFile(odd, { plan: 'odd-plan' });
    const error = await refused(() => runCheckCommand({ plan: 'odd-plan', strict: true }, { store, defaultPlan: '2026/27', stdout: () => {} }));
    expect(error.exitCode).toBe(1);
  });

  it('refuses a bad file whole, naming file, row and column, exit status 5, writing nothing', async () => {
    const bad = join(dir, 'bad.csv');
    await writeFile(bad, 'Project code,Project,Milestone,Status\nAB1,New project,Good,On track\nAB1,New project,Bad,Sort of\n');
    const error = await refused(() => importFile(bad, { plan: 'bad-plan' }));
    expect(error.exitCode).toBe(EXIT_REFUSED);
    expect(error.message).toContain('bad.csv, row 3, column Status: "Sort of" is not a status');
    const loaded = await repository.loadPlan('bad-plan');
    expect(loaded.plan).toBeUndefined();
    expect(loaded.projects).toEqual([]);

    const { report } = await importFile(bad, { plan: 'bad-plan', skipBadRows: true });
    expect(report.skipped).toEqual([expect.objectContaining({ file: 'bad.csv', row: 3, column: 'Status' })]);
    expect((await repository.loadPlan('bad-plan')).milestones.map((m) => m.record.title)).toEqual(['Good']);
  });

  it('a dry run prints the changes and writes nothing', async () => {
    const { report } = await importFile(PLAN_FILE, { plan: 'dry-plan', dryRun: true });
    expect(report).toMatchObject({ dryRun: true, written: 0, counts: { milestones: { added: 204 } } });
    expect((await repository.loadPlan('dry-plan')).projects).toEqual([]);
  });

  it('completes an import stopped part way when run again, with no duplicates', async () => {
    // A repository whose fifth $batch call never returns an answer, as if the process were killed.
    let calls = 0;
    const dying: Pick<ListRepository, 'loadPlan' | 'batch'> = {
      loadPlan: (name) => repository.loadPlan(name),
      batch: async (operations: readonly BatchOperation[]) => {
        calls += 1;
        if (calls === 5) throw new Error('killed');
        return repository.batch(operations);
      },
    };
    await expect(importFile(PLAN_FILE, { plan: '2027/28' }, new GraphPlanStore(dying))).rejects.toThrow('killed');
    const partial = await repository.loadPlan('2027/28');
    expect(partial.projects.length + partial.milestones.length).toBeLessThan(243);

    const { report } = await importFile(PLAN_FILE, { plan: '2027/28' });
    expect(report.counts).toMatchObject({ milestones: { unchanged: partial.milestones.length, added: 204 - partial.milestones.length } });
    const complete = await repository.loadPlan('2027/28');
    expect(complete.projects).toHaveLength(39);
    expect(complete.milestones).toHaveLength(204);
    expect(new Set(complete.milestones.map((m) => m.record.key)).size).toBe(204);
    expect(complete.directorates).toHaveLength(6);
  });
});
