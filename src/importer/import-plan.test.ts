import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { milestoneKey } from '../domain/records.ts';
import type { Milestone } from '../domain/records.ts';
import { exportRows } from './export-plan.ts';
import { ImportError } from './import-error.ts';
import { MemoryPlanStore, chunkWrites } from './plan-store.ts';
import type { StoreWrite } from './plan-store.ts';
import { runImport } from './run-import.ts';
import type { RunImportOptions } from './run-import.ts';
import { writeSpreadsheet } from './spreadsheet.ts';

const PLAN_FILE = new URL('../../data/delivery-plan-2026-27.txt', import.meta.url).pathname;
const NOW = '2026-05-06T10:00:00.000Z';
const OPTIONS: RunImportOptions = { defaultPlan: '2026/27', now: NOW, author: { upn: 'performance.officer@example.gov.uk', name: 'Performance Officer (demo)' } };

let dir: string;
let planText: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'waymark-import-'));
  planText = await readFile(PLAN_FILE, 'utf8');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function importedStore(): Promise<MemoryPlanStore> {
  const store = new MemoryPlanStore();
  await runImport(PLAN_FILE, store, OPTIONS);
  return store;
}

function milestoneOf(store: MemoryPlanStore, code: string, titleStart: string): { id: string; record: Milestone } {
  for (const [id, entry] of store.lists.Milestones) if (entry.record.projectCode === code && entry.record.title.startsWith(titleStart)) return { id, record: entry.record };
  throw new Error(`no milestone ${code} ${titleStart}`);
}

/** Changes a stored milestone the way the tab would: new fields, new eTag. */
function updateInWaymark(store: MemoryPlanStore, code: string, titleStart: string, changes: Partial<Milestone>): void {
  const { id } = milestoneOf(store, code, titleStart);
  const entry = store.lists.Milestones.get(id)!;
  store.lists.Milestones.set(id, { eTag: `"${id},99"`, record: { ...entry.record, ...changes } });
}

async function variant(name: string, edit: (text: string) => string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, edit(planText), 'utf8');
  return path;
}

describe('importing the real plan document', () => {
  it('creates the plan row, the directorates it names, 39 projects and 204 milestones', async () => {
    const store = new MemoryPlanStore();
    const outcome = await runImport(PLAN_FILE, store, OPTIONS);
    expect(outcome.changeSet.counts).toEqual({
      projects: { added: 39, changed: 0, unchanged: 0, removed: 0, wouldBeRemoved: 0 },
      milestones: { added: 204, changed: 0, unchanged: 0, removed: 0, wouldBeRemoved: 0 },
      directorates: { added: 6, known: 6 },
    });
    expect(outcome.written).toBe(1 + 6 + 39 + 204);
    expect(store.records('Plans')).toEqual([
      {
        name: '2026/27',
        title: 'Delivery Plan 2026-2027',
        council: 'Staffordshire County Council',
        startsOn: '2026-04-01',
        endsOn: '2027-03-31',
        sourceFile: 'delivery-plan-2026-27.txt',
        themes: ['People', 'Economy', 'Connectivity', 'Communities', 'Efficiency & Value for Money'],
      },
    ]);
    expect(store.records('Directorates').map((d) => d.code)).toEqual(['CF', 'HC', 'FR', 'EIS', 'ST', 'CS']);
    const projects = new Map(store.records('Projects').map((p) => [p.code, p]));
    expect(projects.size).toBe(39);
    expect(projects.get('VFM3')?.leadDirectorates).toEqual(['CF', 'HC']);
    expect(projects.get('VFM4')?.leadDirectorates).toEqual(['FR']);
    expect(projects.get('VFM7')?.leadDirectorates).toEqual(['ST', 'EIS']);
    expect(projects.get('PE1')).toMatchObject({ key: '2026/27|PE1', plan: '2026/27', sortOrder: 1, theme: 'People', subArea: 'Children & Young People' });
    const keys = store.records('Milestones').map((m) => m.key);
    expect(new Set(keys).size).toBe(204);
  });

  it('fills milestone records from the published dates, verbatim text kept', async () => {
    const store = await importedStore();
    expect(milestoneOf(store, 'VFM5', 'Support Government consultation').record).toEqual({
      key: milestoneKey('2026/27', 'VFM5', 'Support Government consultation phase.'),
      plan: '2026/27',
      projectCode: 'VFM5',
      directorates: ['ST'],
      title: 'Support Government consultation phase.',
      sequence: 1,
      publishedDate: 'Feb-May 2026',
      startDate: '2026-02-01',
      dueDate: '2026-05-31',
      datePrecision: 'range',
      dateFlag: 'ok',
      status: 'Not started',
    });
    expect(milestoneOf(store, 'PE2', 'Refresh information').record).toMatchObject({ publishedDate: 'TBC', dateFlag: 'tbc', datePrecision: 'none' });
    expect(milestoneOf(store, 'PE2', 'Refresh information').record.dueDate).toBeUndefined();
    expect(milestoneOf(store, 'EC2', 'Agreement of funding').record.workstream).toBe('Fifty500 Corridor');
  });

  it('shortens a key action longer than the Title column and keeps the whole text as its deliverable (EC12)', async () => {
    const store = await importedStore();
    const { record } = milestoneOf(store, 'EC12', 'Through an annual delivery programme');
    expect(record.title).toHaveLength(255);
    expect(record.title.endsWith('…')).toBe(true);
    expect(record.deliverable).toMatch(/^Through an annual delivery programme.*Broadband providers and BES\.$/);
    expect(record.key).toBe(milestoneKey('2026/27', 'EC12', record.deliverable!));
  });

  it('changes nothing when the same document is imported again', async () => {
    const store = await importedStore();
    const again = await runImport(PLAN_FILE, store, OPTIONS);
    expect(again.changeSet.writes).toEqual([]);
    expect(again.changeSet.counts.projects).toMatchObject({ added: 0, changed: 0, unchanged: 39 });
    expect(again.changeSet.counts.milestones).toMatchObject({ added: 0, changed: 0, unchanged: 204 });
    expect(again.changeSet.plan.kind).toBe('unchanged');
  });

  it('lists new directorates in a dry run and writes nothing', async () => {
    const store = new MemoryPlanStore();
    const dry = await runImport(PLAN_FILE, store, { ...OPTIONS, dryRun: true });
    expect(dry.changeSet.newDirectorates.map((d) => d.code)).toEqual(['CF', 'HC', 'FR', 'EIS', 'ST', 'CS']);
    expect(dry.applied).toBe(false);
    expect(store.records('Directorates')).toEqual([]);
    expect(store.records('Milestones')).toEqual([]);
  });
});

describe('re-importing keeps progress made in Waymark', () => {
  it('never overwrites status, commentary, completion, the last update or a revised due date', async () => {
    const store = await importedStore();
    const progress: Partial<Milestone> = {
      status: 'Complete',
      completedOn: '2026-01-20',
      latestCommentary: 'Done early.',
      lastUpdatedOn: '2026-01-20T09:00:00.000Z',
      lastUpdatedByUpn: 'manager@example.gov.uk',
      lastUpdatedByName: 'Service Manager (demo)',
      ownerUpn: 'owner@example.gov.uk',
    };
    updateInWaymark(store, 'PE1', 'Complete financial modelling', progress);
    updateInWaymark(store, 'PE1', 'Deliver a new Children', { status: 'At risk', baselineDueDate: '2026-11-30', dueDate: '2027-01-31' });
    const again = await runImport(PLAN_FILE, store, OPTIONS);
    expect(again.changeSet.writes).toEqual([]);
    expect(milestoneOf(store, 'PE1', 'Complete financial modelling').record).toMatchObject(progress);
    expect(milestoneOf(store, 'PE1', 'Deliver a new Children').record).toMatchObject({ status: 'At risk', dueDate: '2027-01-31', baselineDueDate: '2026-11-30' });
  });

  it('keeps a revised due date when the document publishes a new date, and says so', async () => {
    const store = await importedStore();
    updateInWaymark(store, 'PE1', 'Deliver a new Children', { baselineDueDate: '2026-11-30', dueDate: '2027-01-31' });
    const path = await variant('new-date.txt', (text) => text.replace('Deliver a new Children\'s Services structure.\n\nNovember 2026', 'Deliver a new Children\'s Services structure.\n\nDecember 2026'));
    const outcome = await runImport(path, store, OPTIONS);
    const change = outcome.changeSet.milestones.find((m) => m.title.startsWith('Deliver a new Children'));
    expect(change?.changes.map((c) => c.field)).toEqual(['publishedDate']);
    expect(outcome.changeSet.warnings.map((w) => w.message)).toContainEqual(expect.stringContaining('the due date revised in Waymark (2027-01-31) is kept'));
    expect(milestoneOf(store, 'PE1', 'Deliver a new Children').record).toMatchObject({ publishedDate: 'December 2026', dueDate: '2027-01-31' });
  });
});

describe('re-importing a changed document', () => {
  const edit = (text: string) =>
    text
      .replace('\nPE6 - Health checks\n', '\nPE6 - Health checks for all\n')
      .replace('Deploy additional capacity for Everyone Health.\n\nDecember 2026', 'Deploy additional capacity for Everyone Health.\n\nJanuary 2027')
      .replace('Deploy additional capacity in GPs and pharmacies.\n\nDecember 2026\n\n', '')
      .replace('Purchase property for a complex needs residential home.\tApril 2026\n', 'Purchase property for a complex needs residential home.\tApril 2026\nOpen the new home.\tMarch 2027\n');

  it('reports field-level changes, additions and what would be removed, removing nothing without --prune', async () => {
    const store = await importedStore();
    const outcome = await runImport(await variant('changed.txt', edit), store, OPTIONS);
    const { counts } = outcome.changeSet;
    expect(counts.projects).toEqual({ added: 0, changed: 1, unchanged: 38, removed: 0, wouldBeRemoved: 0 });
    // One date changed in PE6, two PE6 actions move up a place, three PE3 actions move down one.
    expect(counts.milestones).toEqual({ added: 1, changed: 6, unchanged: 197, removed: 0, wouldBeRemoved: 1 });
    const byTitle = new Map(outcome.changeSet.milestones.map((m) => [m.title, m]));
    expect(outcome.changeSet.projects.find((p) => p.kind === 'change')?.changes).toEqual([{ field: 'title', from: 'Health checks', to: 'Health checks for all' }]);
    expect(byTitle.get('Deploy additional capacity for Everyone Health.')?.changes).toEqual([
      { field: 'publishedDate', from: 'December 2026', to: 'January 2027' },
      { field: 'dueDate', from: '2026-12-31', to: '2027-01-31' },
    ]);
    expect(byTitle.get('Open the new home.')?.kind).toBe('add');
    expect(byTitle.get('Deploy additional capacity in GPs and pharmacies.')).toMatchObject({ kind: 'remove', removal: 'not-in-input' });
    expect(outcome.changeSet.writes.some((w) => w.kind === 'remove')).toBe(false);
    expect(store.records('Milestones')).toHaveLength(205);
  });

  it('removes what the document no longer has with --prune', async () => {
    const store = await importedStore();
    const outcome = await runImport(await variant('pruned.txt', edit), store, { ...OPTIONS, prune: true });
    expect(outcome.changeSet.counts.milestones).toMatchObject({ removed: 1, wouldBeRemoved: 0 });
    expect(store.records('Milestones')).toHaveLength(204);
    expect(store.records('Milestones').some((m) => m.title === 'Deploy additional capacity in GPs and pharmacies.')).toBe(false);
  });

  it('flags an unreadable published date as data quality, and still imports', async () => {
    const store = new MemoryPlanStore();
    const path = await variant('odd-date.txt', (text) => text.replace('Update the Pen Portrait.\tMarch 2026', 'Update the Pen Portrait.\tWhen funding allows'));
    const outcome = await runImport(path, store, OPTIONS);
    expect(outcome.changeSet.dataQuality).toContainEqual(expect.objectContaining({ code: 'date-unparsed', projectCode: 'PE10', severity: 'error' }));
    expect(milestoneOf(store, 'PE10', 'Update the Pen Portrait').record).toMatchObject({ publishedDate: 'When funding allows', dateFlag: 'unparsed' });
  });

  it('creates a directorate for a lead area that matches none, with a warning naming the line', async () => {
    const store = new MemoryPlanStore();
    const path = await variant('new-lead.txt', (text) => text.replace('Lead area: Customer Services', 'Lead area: Customer Services / Corporate Communications'));
    const outcome = await runImport(path, store, OPTIONS);
    expect(outcome.changeSet.newDirectorates).toContainEqual({ name: 'Corporate Communications', code: 'CC', aliases: [] });
    expect(outcome.changeSet.warnings).toContainEqual({ location: { file: 'new-lead.txt', line: 1524 }, message: expect.stringContaining('"Corporate Communications" matches no directorate') });
    expect(store.records('Projects').find((p) => p.code === 'SR4')?.leadDirectorates).toEqual(['CS', 'CC']);
  });
});

describe('spreadsheets: export, edit, import', () => {
  it.each(['xlsx', 'csv'])('export then import of an unchanged .%s changes nothing, progress included', async (extension) => {
    const store = await importedStore();
    updateInWaymark(store, 'PE1', 'Complete financial modelling', { status: 'Complete', completedOn: '2026-01-20', latestCommentary: 'Done.', ownerUpn: 'owner@example.gov.uk', ownerName: 'Owner (demo)' });
    updateInWaymark(store, 'PE1', 'Deliver a new Children', { baselineDueDate: '2026-11-30', dueDate: '2027-01-31' });
    const path = join(dir, `export.${extension}`);
    await writeSpreadsheet(path, exportRows(await store.load('2026/27'), '2026/27'));
    const outcome = await runImport(path, store, OPTIONS);
    expect(outcome.changeSet.writes).toEqual([]);
    expect(outcome.changeSet.counts.milestones).toMatchObject({ added: 0, changed: 0, unchanged: 204, wouldBeRemoved: 0 });
    expect(outcome.changeSet.counts.projects).toMatchObject({ added: 0, changed: 0, unchanged: 39 });
  });

  it('applies Status and Commentary from a spreadsheet with a history row, and leaves empty cells alone', async () => {
    const store = await importedStore();
    updateInWaymark(store, 'PE3', 'Review internal fostering', { latestCommentary: 'Kept.', status: 'On track' });
    const rows = exportRows(await store.load('2026/27'), '2026/27').map((row) => {
      if (row.Milestone === 'Purchase property for a complex needs residential home.') return { ...row, Status: 'Complete', Commentary: 'Bought.' };
      if (row.Milestone === 'Review internal fostering service support and therapeutic offer.') return { ...row, Status: '', Commentary: '' };
      return row;
    });
    const path = join(dir, 'progress.csv');
    await writeSpreadsheet(path, rows);
    const outcome = await runImport(path, store, OPTIONS);
    expect(outcome.changeSet.counts.milestones).toMatchObject({ changed: 1, unchanged: 203 });
    expect(milestoneOf(store, 'PE3', 'Purchase property').record).toMatchObject({
      status: 'Complete',
      latestCommentary: 'Bought.',
      completedOn: '2026-05-06',
      lastUpdatedOn: NOW,
      lastUpdatedByUpn: 'performance.officer@example.gov.uk',
    });
    expect(milestoneOf(store, 'PE3', 'Review internal fostering').record).toMatchObject({ status: 'On track', latestCommentary: 'Kept.' });
    expect(store.records('MilestoneUpdates')).toEqual([
      expect.objectContaining({ milestoneId: milestoneOf(store, 'PE3', 'Purchase property').id, previousStatus: 'Not started', newStatus: 'Complete', commentary: 'Bought.', source: 'import', authorUpn: 'performance.officer@example.gov.uk', updatedAt: NOW }),
    ]);
  });

  it('moves a due date given in the override column, keeping the first date as the baseline', async () => {
    const store = await importedStore();
    const rows = exportRows(await store.load('2026/27'), '2026/27').map((row) => (row.Milestone === 'Implement a Spot Purchase Agreement.' ? { ...row, 'Due date (ISO, optional override)': '2026-08-15' } : row));
    const path = join(dir, 'override.xlsx');
    await writeSpreadsheet(path, rows);
    await runImport(path, store, OPTIONS);
    expect(milestoneOf(store, 'PE10', 'Implement a Spot Purchase').record).toMatchObject({ dueDate: '2026-08-15', baselineDueDate: '2026-06-30', publishedDate: 'June 2026' });
    expect(store.records('MilestoneUpdates')).toEqual([expect.objectContaining({ previousDueDate: '2026-06-30', newDueDate: '2026-08-15' })]);
  });

  it('with --skip-bad-rows and --prune, leaves alone the stored milestones of projects that lost a row', async () => {
    const store = await importedStore();
    const rows = exportRows(await store.load('2026/27'), '2026/27').map((row) => (row.Milestone === 'Update the Pen Portrait.' ? { ...row, Status: 'Half done' } : row));
    const path = join(dir, 'skip.csv');
    await writeSpreadsheet(path, rows);
    await expect(runImport(path, store, { ...OPTIONS, prune: true })).rejects.toMatchObject({ reason: 'bad-rows' });
    const outcome = await runImport(path, store, { ...OPTIONS, prune: true, skipBadRows: true });
    expect(outcome.changeSet.skipped).toEqual([expect.objectContaining({ file: 'skip.csv', column: 'Status', message: expect.stringContaining('"Half done" is not a status') })]);
    expect(outcome.changeSet.counts.milestones).toMatchObject({ removed: 0, wouldBeRemoved: 1 });
    expect(store.records('Milestones')).toHaveLength(204);
  });
});

describe('interrupted imports', () => {
  it('completes on a second run after being stopped part way, with no duplicates', async () => {
    const store = new MemoryPlanStore({ failAfterWrites: 120 });
    await expect(runImport(PLAN_FILE, store, OPTIONS)).rejects.toThrow('the store stopped after 120 writes');
    expect(store.records('Projects').length + store.records('Milestones').length + store.records('Directorates').length + store.records('Plans').length).toBe(120);
    store.failAfterWrites = undefined;
    const second = await runImport(PLAN_FILE, store, OPTIONS);
    expect(second.written).toBe(250 - 120);
    expect(store.records('Projects')).toHaveLength(39);
    expect(store.records('Milestones')).toHaveLength(204);
    expect(new Set(store.records('Milestones').map((m) => m.key)).size).toBe(204);
    expect(store.records('Directorates')).toHaveLength(6);
    const third = await runImport(PLAN_FILE, store, OPTIONS);
    expect(third.changeSet.writes).toEqual([]);
  });

  it('stops with write-failed when a stored item changed meanwhile, naming what failed', async () => {
    const store = await importedStore();
    const path = await variant('conflict.txt', (text) => text.replace('Update the Pen Portrait.\tMarch 2026', 'Update the Pen Portrait.\tApril 2026'));
    const realLoad = store.load.bind(store);
    // Someone edits the milestone between the import's read and its write.
    store.load = async (name) => {
      const loaded = await realLoad(name);
      updateInWaymark(store, 'PE10', 'Update the Pen Portrait', { latestCommentary: 'Edited in the tab meanwhile.' });
      return loaded;
    };
    const error = await runImport(path, store, OPTIONS).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ reason: 'write-failed', problems: [expect.objectContaining({ message: expect.stringContaining('changed since it was read') })] });
    expect(milestoneOf(store, 'PE10', 'Update the Pen Portrait').record).toMatchObject({ publishedDate: 'March 2026', latestCommentary: 'Edited in the tab meanwhile.' });
  });
});

describe('chunkWrites', () => {
  const create = (n: number): StoreWrite => ({ kind: 'create', list: 'Directorates', record: { name: `D${n}`, code: `D${n}`, aliases: [] } });
  it('packs writes in chunks of 20 and keeps a dependent write with the write it depends on', () => {
    const writes: StoreWrite[] = Array.from({ length: 19 }, (_, i) => create(i));
    writes.push({ kind: 'update', list: 'Directorates', itemId: '1', changes: { name: 'x' }, ref: 'u' });
    writes.push({ ...create(99), dependsOn: ['u'] });
    writes.push(create(100));
    const chunks = chunkWrites(writes);
    expect(chunks.map((chunk) => [chunk.start, chunk.writes.length])).toEqual([
      [0, 19],
      [19, 3],
    ]);
  });
});
