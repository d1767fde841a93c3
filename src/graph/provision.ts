/**
 * Provisioning: makes a site hold the lists, columns and indexes of the manifest. Idempotent: it
 * creates what is missing, adds missing columns to lists that exist, indexes columns that should
 * be, and changes nothing else (a column of the wrong kind is reported, never altered, because
 * changing a column's type can lose data). A second run changes nothing and says so.
 */
import type { GraphConnection } from './client.ts';
import { columnsToCreate, graphFacet, manifest as appManifest, toGraphColumn } from './list-schema.ts';
import type { ColumnSpec, ListSpec, Manifest } from './list-schema.ts';

/** What provisioning did. */
export interface ProvisionReport {
  /** Lists created. */
  created: string[];
  /** Columns added to lists that existed, as List.Column. */
  added: string[];
  /** Columns that were indexed by this run, as List.Column (built-in Title included). */
  indexed: string[];
  /** Differences left alone, for a person to look at. */
  warnings: string[];
  /** True when the site already matched the manifest and nothing was changed. */
  unchanged: boolean;
  /** The report as sentences, one per line. */
  lines: string[];
}

interface GraphList {
  id: string;
  displayName: string;
}

interface GraphColumn {
  id: string;
  name: string;
  indexed?: boolean;
  text?: unknown;
  number?: unknown;
  dateTime?: unknown;
  choice?: { choices?: string[] };
  boolean?: unknown;
}

interface Collection<T> {
  value?: T[];
  '@odata.nextLink'?: string;
}

/** Brings the site's lists up to the manifest and reports what changed. */
export async function provisionSite(connection: GraphConnection, siteId: string, manifest: Manifest = appManifest): Promise<ProvisionReport> {
  const report: ProvisionReport = { created: [], added: [], indexed: [], warnings: [], unchanged: true, lines: [] };
  const sitePath = `/sites/${siteId}`;
  const existing = await readAll<GraphList>(connection, `${sitePath}/lists?$select=id,displayName`);
  const byName = new Map(existing.map((list) => [list.displayName.toLowerCase(), list]));

  for (const spec of manifest.lists) {
    let list = byName.get(spec.name.toLowerCase());
    const isNew = !list;
    if (!list) {
      list = await connection.post<GraphList>(`${sitePath}/lists`, {
        displayName: spec.name,
        ...(spec.description ? { description: spec.description } : {}),
        columns: columnsToCreate(spec),
        list: { template: 'genericList' },
      });
      report.created.push(spec.name);
    }
    await reconcileColumns(connection, `${sitePath}/lists/${list.id}`, spec, isNew, report);
  }

  report.unchanged = report.created.length === 0 && report.added.length === 0 && report.indexed.length === 0;
  report.lines = describe(report, manifest);
  return report;
}

async function reconcileColumns(connection: GraphConnection, listPath: string, spec: ListSpec, isNew: boolean, report: ProvisionReport): Promise<void> {
  const columns = await readAll<GraphColumn>(connection, `${listPath}/columns`);
  const byName = new Map(columns.map((column) => [column.name.toLowerCase(), column]));
  for (const column of spec.columns) {
    const name = `${spec.name}.${column.name}`;
    let current = byName.get(column.name.toLowerCase());
    const existed = current !== undefined;
    if (!current) {
      if (column.builtIn) {
        report.warnings.push(`${name} is a built-in column but the site's list has none; left alone.`);
        continue;
      }
      current = await connection.post<GraphColumn>(`${listPath}/columns`, toGraphColumn(column));
      if (!isNew) report.added.push(name);
    } else {
      const expected = graphFacet(column.type);
      const actual = facetOf(current);
      if (actual && actual !== expected) {
        report.warnings.push(`${name} is a ${actual} column on the site but the manifest says ${column.type}; left alone.`);
      }
      const missingChoices = missingChoicesOf(column, current);
      if (missingChoices.length > 0) {
        report.warnings.push(`${name} lacks the choices ${missingChoices.join(', ')}; add them in SharePoint's column settings.`);
      }
    }
    if (column.indexed && current.indexed !== true) {
      await connection.patch(`${listPath}/columns/${current.id}`, { indexed: true });
      // Columns created by this run were asked for their index already (reported as created or added);
      // report only indexes added to columns that were there before, Title of a new list included.
      if (existed) report.indexed.push(name);
    }
  }
}

async function readAll<T>(connection: GraphConnection, path: string): Promise<T[]> {
  const items: T[] = [];
  let link: string | undefined = path;
  while (link) {
    const page: Collection<T> = await connection.get<Collection<T>>(link);
    items.push(...(page.value ?? []));
    link = page['@odata.nextLink'];
  }
  return items;
}

function facetOf(column: GraphColumn): string | undefined {
  for (const facet of ['text', 'number', 'dateTime', 'choice', 'boolean'] as const) {
    if (column[facet] !== undefined && column[facet] !== null) return facet;
  }
  return undefined;
}

function missingChoicesOf(column: ColumnSpec, current: GraphColumn): string[] {
  if (column.type !== 'choice' || !current.choice?.choices) return [];
  const have = new Set(current.choice.choices);
  return (column.choices ?? []).filter((choice) => !have.has(choice));
}

function describe(report: ProvisionReport, manifest: Manifest): string[] {
  const lines: string[] = [];
  for (const name of report.created) {
    const spec = manifest.lists.find((list) => list.name === name);
    const columns = spec ? spec.columns.filter((column) => !column.builtIn).length : 0;
    const indexes = spec ? spec.columns.filter((column) => column.indexed).length : 0;
    lines.push(`Created list ${name} with ${count(columns, 'column')} and ${count(indexes, 'index', 'indexes')}.`);
  }
  for (const name of report.added) lines.push(`Added column ${name}.`);
  for (const name of report.indexed) lines.push(`Indexed column ${name}.`);
  for (const warning of report.warnings) lines.push(`Warning: ${warning}`);
  if (report.unchanged) {
    const columns = manifest.lists.reduce((sum, list) => sum + list.columns.length, 0);
    lines.push(`The site already matches the manifest (${manifest.lists.length} lists, ${columns} columns); nothing was changed.`);
  }
  return lines;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
