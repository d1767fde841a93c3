/** Contract: provisioning is idempotent, and brings a site with an older schema up to date, saying what it added. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/graph/list-schema.ts';
import type { Manifest } from '../../src/graph/list-schema.ts';
import { provisionSite } from '../../src/graph/provision.ts';
import { startTarget } from './target.ts';
import type { ContractTarget } from './target.ts';

let target: ContractTarget;

beforeAll(async () => {
  // startTarget provisions the app's manifest once already.
  target = await startTarget();
});

afterAll(async () => {
  await target?.close();
});

/** A small manifest of one list named for this run, as it was in an older version and as it is now. */
function versions(listName: string): { older: Manifest; current: Manifest } {
  const base = [
    { name: 'Title', property: 'name', type: 'text', required: true, builtIn: true },
    { name: 'Code', property: 'code', type: 'text', maxLength: 32 },
    { name: 'Status', property: 'status', type: 'choice', choices: ['open', 'closed'], indexed: true },
  ];
  const older = parseManifest({ schemaVersion: 1, lists: [{ name: listName, columns: base }] });
  const current = parseManifest({
    schemaVersion: 2,
    lists: [
      {
        name: listName,
        columns: [
          { ...base[0], indexed: true },
          { ...base[1], indexed: true },
          base[2],
          { name: 'ReviewedOn', property: 'reviewedOn', type: 'date', indexed: true },
          { name: 'Notes', property: 'notes', type: 'note' },
        ],
      },
    ],
  });
  return { older, current };
}

describe('provisioning', () => {
  it('changes nothing on a second run and says so', async () => {
    const report = await provisionSite(target.connection, target.siteId);
    expect(report).toMatchObject({ created: [], added: [], indexed: [], unchanged: true });
    expect(report.lines.join('\n')).toMatch(/nothing was changed/);
  });

  it('creates a missing list with its columns and indexes', async () => {
    const listName = `Contract${target.runId.replace(/[^a-z0-9]/gi, '')}New`;
    const { current } = versions(listName);
    const report = await provisionSite(target.connection, target.siteId, current);
    expect(report.created).toEqual([listName]);
    expect(report.unchanged).toBe(false);
    expect(report.lines[0]).toMatch(new RegExp(`Created list ${listName} with 4 columns and 4 indexes`));
    const again = await provisionSite(target.connection, target.siteId, current);
    expect(again.unchanged).toBe(true);
  });

  it('adds the columns and indexes an older schema lacks, reports them, then is unchanged', async () => {
    const listName = `Contract${target.runId.replace(/[^a-z0-9]/gi, '')}Old`;
    const { older, current } = versions(listName);
    expect((await provisionSite(target.connection, target.siteId, older)).created).toEqual([listName]);

    const upgrade = await provisionSite(target.connection, target.siteId, current);
    expect(upgrade.created).toEqual([]);
    expect(upgrade.added.sort()).toEqual([`${listName}.Notes`, `${listName}.ReviewedOn`]);
    expect(upgrade.indexed.sort()).toEqual([`${listName}.Code`, `${listName}.Title`]);
    expect(upgrade.unchanged).toBe(false);
    expect(upgrade.lines).toEqual(expect.arrayContaining([`Added column ${listName}.Notes.`, `Indexed column ${listName}.Code.`]));

    const columns = await target.connection.get<{ value: { name: string; indexed?: boolean }[] }>(`/sites/${target.siteId}/lists/${listName}/columns`);
    const indexed = columns.value.filter((column) => column.indexed).map((column) => column.name);
    expect(indexed).toEqual(expect.arrayContaining(['Title', 'Code', 'Status', 'ReviewedOn']));

    const third = await provisionSite(target.connection, target.siteId, current);
    expect(third).toMatchObject({ created: [], added: [], indexed: [], unchanged: true });
  });
});
