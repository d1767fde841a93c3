/**
 * Waymark's lists on one SharePoint site, through Graph: typed reads that follow every page,
 * several lists in one $batch, incremental sync by delta, writes with If-Match, and one error
 * type (WaymarkGraphError) for everything that goes wrong. Runs in the browser and in Node.
 *
 * Lists are addressed by display name (`/sites/{site}/lists/Milestones/items`), which Graph
 * accepts wherever it takes a list id. That saves resolving names to ids first, a round trip
 * a cold tab cannot afford when the whole plan must load in two; the names are fixed by the
 * manifest and created by provisioning, so they are as stable as ids for Waymark's purposes.
 */
import { MAX_BATCH_SIZE, batchPartError } from './client.ts';
import type { BatchPart, BatchPartResponse, GraphConnection, RequestHeaders } from './client.ts';
import { fromFields, newItemFields, toFields } from './field-mapping.ts';
import type { FieldValues } from './field-mapping.ts';
import { WaymarkGraphError, toWaymarkGraphError } from './graph-error.ts';
import type { ListRecord, ListRecords, Stored } from './list-records.ts';
import { listSpec, manifest as appManifest, selectedColumns } from './list-schema.ts';
import type { ListName, Manifest } from './list-schema.ts';
import type { Directorate, Milestone, Plan, Project } from '../domain/records.ts';

/** Asks SharePoint to run a filter or sort on a column that is not indexed (fails on lists over 5,000 items). */
export const HONOUR_NON_INDEXED = 'HonorNonIndexedQueriesWarningMayFailRandomly';

export interface ListRepositoryOptions {
  connection: GraphConnection;
  /** The site holding the lists (hostname,siteCollectionId,webId). */
  siteId: string;
  /**
   * `$top` asked for on whole-list reads and in loadPlan: the page size. Undefined lets the
   * service choose (200 on SharePoint). At most 5,000, the list view threshold.
   */
  pageSize?: number;
  /** The manifest whose columns are selected and mapped; the app's own by default. */
  manifest?: Manifest;
}

/** A read of one list. */
export interface ListQuery {
  /** An OData filter on `fields/<Column>`, e.g. `fields/Plan eq '2026/27'` (see eq()). Filter on indexed columns. */
  filter?: string;
  /** An OData sort on `fields/<Column>`, e.g. `fields/DueDate desc`. Sort on indexed columns. */
  orderBy?: string;
  /** Items per page (`$top`); every page is read regardless. */
  top?: number;
  /** Adds `Prefer: HonorNonIndexedQueriesWarningMayFailRandomly`, for small lists only. */
  honourNonIndexed?: boolean;
}

/** Options of a write to an existing item. */
export interface WriteOptions {
  /** The eTag the change was based on; the write fails with 'conflict' (and changes nothing) if the item changed since. */
  ifMatch?: string;
}

/** An update written: the item's id and its new eTag. */
export interface UpdateResult {
  id: string;
  eTag: string;
}

/** Changes to a list since a delta link. */
export interface DeltaResult<T> {
  /** Items created or changed, each once (the last state seen). */
  upserts: Stored<T>[];
  /** Ids of items deleted. */
  deletedIds: string[];
  /** Where the next delta query starts. */
  deltaLink: string;
  /**
   * True when the old link had expired (410 Gone) and the list was read again from the start:
   * `upserts` then holds every item, and anything the caller holds that is not in it is gone.
   */
  resynced: boolean;
}

/** Where a delta query starts when it has no link: 'now' gives a link and no items; 'beginning' enumerates the list. */
export type DeltaStart = 'now' | 'beginning';

/** One plan's records as loaded in one go. */
export interface PlanLoad {
  plan?: Stored<Plan>;
  directorates: Stored<Directorate>[];
  projects: Stored<Project>[];
  milestones: Stored<Milestone>[];
  /** Pages read across the four lists. */
  pages: number;
  /**
   * With `startDelta`, where a delta query on each list continues from: links taken in the same
   * $batch, before the reads (the reads depend on them), so no change made during the load is missed.
   */
  deltaLinks?: Partial<Record<ListName, string>>;
}

/** Options of loadPlan. */
export interface PlanLoadOptions {
  /** Also start delta links on these lists, in the first round trip (no extra one). */
  startDelta?: readonly ListName[];
}

interface OperationCommon {
  /** The name other operations of the same batch use in `dependsOn`; defaults to the operation's position (1, 2, …). */
  ref?: string;
  /** Refs that must succeed first; if one fails this operation is not attempted (424, 'dependency-failed'). */
  dependsOn?: string[];
}

/** One operation of a batch. */
export type BatchOperation = {
  [L in ListName]:
    | (OperationCommon & { kind: 'create'; list: L; record: ListRecord<L> })
    | (OperationCommon & { kind: 'update'; list: L; itemId: string; changes: Partial<ListRecord<L>>; ifMatch?: string })
    | (OperationCommon & { kind: 'remove'; list: L; itemId: string; ifMatch?: string })
    | (OperationCommon & { kind: 'get'; list: L; itemId: string });
}[ListName];

/** What became of one operation of a batch, in the order given. */
export type BatchResult = {
  [L in ListName]:
    | { ref: string; kind: BatchOperation['kind']; list: L; status: number; ok: true; id?: string; eTag?: string; item?: Stored<ListRecord<L>> }
    | { ref: string; kind: BatchOperation['kind']; list: L; status: number; ok: false; error: WaymarkGraphError };
}[ListName];

/** Quotes a value for an OData filter. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `fields/<column> eq '<value>'` (or a number), for ListQuery.filter. */
export function eq(column: string, value: string | number): string {
  return `fields/${column} eq ${typeof value === 'number' ? String(value) : odataString(value)}`;
}

interface GraphListItem {
  id?: unknown;
  eTag?: unknown;
  lastModifiedDateTime?: unknown;
  fields?: Record<string, unknown>;
  deleted?: unknown;
}

interface GraphPage {
  value?: GraphListItem[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

// Of an item itself only what Stored keeps: leaves out createdBy, lastModifiedBy, webUrl, parentReference and contentType,
// most of an item's bytes. Not used on delta, whose deleted items must keep their `deleted` facet.
const ITEM_SELECT = '$select=id,eTag,lastModifiedDateTime';

// The plan's lists loadPlan reads, each with its filter on an indexed column (Directorates is small and read whole).
const PLAN_LISTS = ['Plans', 'Directorates', 'Projects', 'Milestones'] as const;
type PlanListName = (typeof PLAN_LISTS)[number];
/** One page of one plan list, as a round of loadPlan brings it. */
type PlanPage = { list: PlanListName; page: GraphPage };

/** Lets requests just started leave (their middleware runs in microtasks) before synchronous work holds the thread. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Waymark's lists on one site. */
export class ListRepository {
  readonly connection: GraphConnection;
  readonly siteId: string;
  private readonly pageSize?: number;
  private readonly manifest: Manifest;

  constructor(options: ListRepositoryOptions) {
    this.connection = options.connection;
    this.siteId = options.siteId;
    this.pageSize = options.pageSize;
    this.manifest = options.manifest ?? appManifest;
  }

  /**
   * Every item matching the query, following each @odata.nextLink exactly as returned. Plain GETs:
   * its callers (the service, reminders) run in node, where no CORS preflight comes before a new
   * URL; the tab's reads (loadPlan, delta) page through $batch instead (pageThroughBatch).
   */
  async list<L extends ListName>(list: L, query: ListQuery = {}): Promise<Stored<ListRecord<L>>[]> {
    const headers: RequestHeaders = query.honourNonIndexed ? { Prefer: HONOUR_NON_INDEXED } : {};
    const items: Stored<ListRecord<L>>[] = [];
    let link: string | undefined = this.itemsQuery(list, { ...query, top: query.top ?? this.pageSize });
    while (link) {
      const page: GraphPage = await this.connection.get<GraphPage>(link, headers);
      for (const item of page.value ?? []) items.push(this.toStored(list, item));
      link = page['@odata.nextLink'];
    }
    return items;
  }

  /** One item by id; 'not-found' when it is not there. */
  async get<L extends ListName>(list: L, id: string): Promise<Stored<ListRecord<L>>> {
    const item = await this.connection.get<GraphListItem>(`${this.itemPath(list, id)}?${ITEM_SELECT}&${this.expandFields(list)}`);
    return this.toStored(list, item);
  }

  /** Creates an item from a whole record, validated first (nothing is sent if it is not valid). */
  async create<L extends ListName>(list: L, record: ListRecord<L>): Promise<Stored<ListRecord<L>>> {
    const fields = newItemFields(list, record, this.spec(list));
    const item = await this.connection.post<GraphListItem>(this.itemsPath(list), { fields });
    return this.createdItem(list, item, fields);
  }

  /**
   * Writes only the properties given (PATCH …/fields); a property set to undefined clears its
   * column. With `ifMatch`, fails with 'conflict' and changes nothing if the item changed since.
   */
  async update<L extends ListName>(list: L, id: string, changes: Partial<ListRecord<L>>, options: WriteOptions = {}): Promise<UpdateResult> {
    const fields = toFields(list, changes, this.spec(list));
    if (Object.keys(fields).length === 0) {
      // Nothing to write; still report the current eTag, and a conflict if the caller's is stale.
      const current = await this.get(list, id);
      if (options.ifMatch && options.ifMatch !== current.eTag) {
        throw new WaymarkGraphError('conflict', `Someone changed this ${list} item after it was read. Reload it and make the change again.`, { statusCode: 412, list });
      }
      return { id, eTag: current.eTag };
    }
    const headers: RequestHeaders = options.ifMatch ? { 'If-Match': options.ifMatch } : {};
    const answer = await this.connection.patch<Record<string, unknown>>(`${this.itemPath(list, id)}/fields`, fields, headers);
    return { id, eTag: eTagOf(answer) };
  }

  /** Deletes an item; with `ifMatch`, only if it has not changed since. */
  async remove(list: ListName, id: string, options: WriteOptions = {}): Promise<void> {
    const headers: RequestHeaders = options.ifMatch ? { 'If-Match': options.ifMatch } : {};
    await this.connection.delete(this.itemPath(list, id), headers);
  }

  /**
   * Runs operations as $batch calls of at most 20 (operations joined by dependsOn stay in one
   * call) and reports each one's outcome in the order given. Every record is validated before
   * anything is sent, so bad input writes nothing. Parts throttled inside a batch are retried
   * after their Retry-After (see GraphConnection.batch).
   */
  async batch(operations: readonly BatchOperation[]): Promise<BatchResult[]> {
    const refs = operations.map((operation, index) => operation.ref ?? String(index + 1));
    const parts: BatchPart[] = operations.map((operation, index) => this.toBatchPart(operation, refs[index] ?? String(index + 1)));
    const answers = await this.connection.batch(parts);
    return operations.map((operation, index) => this.toBatchResult(operation, refs[index] ?? String(index + 1), answers[index]));
  }

  /**
   * Changes to a list since `deltaLink`. Without a link, `start` says where from: 'now' (default)
   * returns no items and a link to start from; 'beginning' returns every item. An expired link
   * (410 Gone) starts again from the Location Graph gives, with `resynced: true`.
   */
  async delta<L extends ListName>(list: L, deltaLink?: string, start: DeltaStart = 'now'): Promise<DeltaResult<ListRecord<L>>> {
    const first = deltaLink ?? this.deltaStart(list, start);
    try {
      return { ...(await this.readDelta(list, first)), resynced: false };
    } catch (error) {
      const failure = toWaymarkGraphError(error);
      if (failure.statusCode !== 410 || deltaLink === undefined) throw failure;
      const restart = failure.location ?? this.deltaStart(list, 'beginning');
      return { ...(await this.readDelta(list, restart)), resynced: true };
    }
  }

  /**
   * One plan's records: the first page of Plans, Directorates, Projects and Milestones in ONE
   * $batch (filtered on indexed columns), then the further pages, in one $batch per round when
   * several lists have more. A plan of ~200 milestones loads in one round trip (two if a list
   * runs past the page size); a large one in 1 + (most pages of any list − 1).
   */
  async loadPlan(planName: string, options: PlanLoadOptions = {}): Promise<PlanLoad> {
    const filters: Record<PlanListName, string | undefined> = {
      Plans: eq('Title', planName),
      Directorates: undefined,
      Projects: eq('Plan', planName),
      Milestones: eq('Plan', planName),
    };
    const collected: { [K in PlanListName]: Stored<ListRecords[K]>[] } = { Plans: [], Directorates: [], Projects: [], Milestones: [] };
    let pages = 0;
    const deltaStarts = options.startDelta ?? [];
    const deltaLinks: Partial<Record<ListName, string>> = {};
    const first = [...PLAN_LISTS].map((list) => [list, this.itemsQuery(list, { filter: filters[list], top: this.pageSize })] as [PlanListName, string]);
    let pending: Promise<PlanPage[]> | undefined = this.planRound(first, deltaStarts, deltaLinks);
    while (pending) {
      const answers: PlanPage[] = await pending;
      // The next round leaves before this one's items are mapped: on a large plan the mapping
      // takes about as long as a round trip, so the two overlap instead of adding up.
      const round = answers.flatMap(({ list, page }) => (page['@odata.nextLink'] ? [[list, page['@odata.nextLink']] as [PlanListName, string]] : []));
      pending = round.length > 0 ? this.planRound(round, [], deltaLinks) : undefined;
      if (pending) {
        pending.catch(() => undefined); // awaited next time round; a failure meanwhile is not "unhandled"
        await nextTurn();
      }
      for (const { list, page } of answers) {
        pages += 1;
        const target = collected[list] as Stored<ListRecords[typeof list]>[];
        for (const item of page.value ?? []) target.push(this.toStored(list, item));
      }
    }
    return {
      ...(collected.Plans[0] ? { plan: collected.Plans[0] } : {}),
      directorates: collected.Directorates,
      projects: collected.Projects,
      milestones: collected.Milestones,
      pages,
      ...(deltaStarts.length > 0 ? { deltaLinks } : {}),
    };
  }

  /**
   * One round of plan pages as one $batch, with the delta starts asked for first. Also a single
   * list still paging: in a browser every new URL called with a token costs a CORS preflight (a
   * round trip of its own) and each next link is a new URL, while $batch is the same URL every
   * time, so its preflight is answered once and reused.
   */
  private async planRound(round: [PlanListName, string][], deltaStarts: readonly ListName[], deltaLinks: Partial<Record<ListName, string>>): Promise<PlanPage[]> {
    const starts: BatchPart[] = deltaStarts.map((list) => ({ id: `delta-${list}`, method: 'GET' as const, url: this.connection.relative(this.deltaStart(list, 'now')) }));
    const dependsOn = starts.length > 0 ? { dependsOn: starts.map((start) => start.id) } : {};
    const parts: BatchPart[] = [...starts, ...round.map(([list, link]) => ({ id: list, method: 'GET' as const, url: this.connection.relative(link), ...dependsOn }))];
    const responses = await this.connection.batch(parts);
    for (const [index, list] of deltaStarts.entries()) {
      const link = pageOf(responses[index]!)['@odata.deltaLink'];
      if (!link) throw new WaymarkGraphError('unknown', `Starting a delta query on ${list} gave no delta link.`, { list });
      deltaLinks[list] = link;
    }
    return responses.slice(starts.length).map((response, index) => ({ list: round[index]![0], page: pageOf(response) }));
  }

  private async readDelta<L extends ListName>(list: L, link: string): Promise<Omit<DeltaResult<ListRecord<L>>, 'resynced'>> {
    // Items may appear more than once; the last appearance wins, and a deletion removes an earlier upsert.
    const latest = new Map<string, GraphListItem | 'deleted'>();
    let current: string | undefined = link;
    let deltaLink: string | undefined;
    while (current) {
      const page = await this.pageThroughBatch(current);
      for (const item of page.value ?? []) {
        const id = String(item.id ?? '');
        if (!id) continue;
        latest.delete(id);
        latest.set(id, item.deleted ? 'deleted' : item);
      }
      current = page['@odata.nextLink'];
      deltaLink = page['@odata.deltaLink'] ?? deltaLink;
    }
    if (!deltaLink) throw new WaymarkGraphError('unknown', `The delta query on ${list} ended without a delta link.`, { list });
    const deletedIds: string[] = [];
    const withoutFields: string[] = [];
    const upserts = new Map<string, Stored<ListRecord<L>>>();
    for (const [id, item] of latest) {
      if (item === 'deleted') deletedIds.push(id);
      else if (!item.fields) withoutFields.push(id);
      else upserts.set(id, this.toStored(list, item));
    }
    // Graph may leave fields out of a delta page; read those items (an item gone meanwhile counts as deleted).
    for (let start = 0; start < withoutFields.length; start += MAX_BATCH_SIZE) {
      const ids = withoutFields.slice(start, start + MAX_BATCH_SIZE);
      const answers = await this.connection.batch(ids.map((id) => ({ id, method: 'GET' as const, url: `${this.itemPath(list, id)}?${this.expandFields(list)}` })));
      for (const answer of answers) {
        if (answer.status === 404) deletedIds.push(answer.id);
        else if (answer.status >= 200 && answer.status < 300) upserts.set(answer.id, this.toStored(list, answer.body as GraphListItem));
        else throw batchPartError(answer);
      }
    }
    return { upserts: [...upserts.values()], deletedIds, deltaLink };
  }

  /**
   * One page asked for as a $batch of one rather than a GET of its link: each delta and next link
   * is a new URL, so a browser would send a CORS preflight (a round trip) before every one of
   * them, while the $batch URL's preflight is answered once and reused. See planRound.
   */
  private async pageThroughBatch(link: string): Promise<GraphPage> {
    // batch() answers every part it was given, a missing answer as an error of its own.
    const answers = await this.connection.batch([{ id: '1', method: 'GET', url: this.connection.relative(link) }]);
    return pageOf(answers[0]!);
  }

  private deltaStart(list: ListName, start: DeltaStart): string {
    const base = `${this.itemsPath(list)}/delta?${this.expandFields(list)}`;
    return start === 'now' ? `${base}&token=latest` : base;
  }

  private toBatchPart(operation: BatchOperation, ref: string): BatchPart {
    const common = { id: ref, ...(operation.dependsOn && operation.dependsOn.length > 0 ? { dependsOn: operation.dependsOn } : {}) };
    const spec = this.spec(operation.list);
    switch (operation.kind) {
      case 'create': {
        const fields = newItemFields(operation.list, operation.record, spec);
        return { ...common, method: 'POST', url: this.itemsPath(operation.list), body: { fields } };
      }
      case 'update': {
        const fields = toFields(operation.list, operation.changes, spec);
        return {
          ...common,
          method: 'PATCH',
          url: `${this.itemPath(operation.list, operation.itemId)}/fields`,
          body: fields,
          ...(operation.ifMatch ? { headers: { 'If-Match': operation.ifMatch } } : {}),
        };
      }
      case 'remove':
        return {
          ...common,
          method: 'DELETE',
          url: this.itemPath(operation.list, operation.itemId),
          ...(operation.ifMatch ? { headers: { 'If-Match': operation.ifMatch } } : {}),
        };
      case 'get':
        return { ...common, method: 'GET', url: `${this.itemPath(operation.list, operation.itemId)}?${this.expandFields(operation.list)}` };
      default: {
        const unhandled: never = operation;
        throw new WaymarkGraphError('invalid-request', `Unknown batch operation ${JSON.stringify(unhandled)}`);
      }
    }
  }

  private toBatchResult(operation: BatchOperation, ref: string, answer: BatchPartResponse | undefined): BatchResult {
    const base = { ref, kind: operation.kind, list: operation.list };
    if (!answer || answer.status < 200 || answer.status >= 300) {
      const error = answer ? batchPartError(answer) : new WaymarkGraphError('unknown', 'The $batch answer had no response for this request.');
      return { ...base, status: answer?.status ?? 0, ok: false, error } as BatchResult;
    }
    try {
      const body = (answer.body ?? {}) as Record<string, unknown>;
      switch (operation.kind) {
        case 'create': {
          const item = this.createdItem(operation.list, body as GraphListItem, undefined);
          return { ...base, status: answer.status, ok: true, id: item.id, eTag: item.eTag, item } as BatchResult;
        }
        case 'update':
          return { ...base, status: answer.status, ok: true, id: operation.itemId, eTag: eTagOf(body) } as BatchResult;
        case 'remove':
          return { ...base, status: answer.status, ok: true, id: operation.itemId } as BatchResult;
        case 'get': {
          const item = this.toStored(operation.list, body as GraphListItem);
          return { ...base, status: answer.status, ok: true, id: item.id, eTag: item.eTag, item } as BatchResult;
        }
        default: {
          const unhandled: never = operation;
          throw new WaymarkGraphError('invalid-request', `Unknown batch operation ${JSON.stringify(unhandled)}`);
        }
      }
    } catch (error) {
      return { ...base, status: answer.status, ok: false, error: toWaymarkGraphError(error) } as BatchResult;
    }
  }

  // A created item normally comes back with its fields; if not, the record sent is what it holds.
  private createdItem<L extends ListName>(list: L, item: GraphListItem, sent: FieldValues | undefined): Stored<ListRecord<L>> {
    if (item.fields || !sent) return this.toStored(list, item);
    return this.toStored(list, { ...item, fields: sent });
  }

  private toStored<L extends ListName>(list: L, item: GraphListItem): Stored<ListRecord<L>> {
    const fields = item.fields;
    if (!fields) throw new WaymarkGraphError('invalid-record', `Graph returned a ${list} item without its fields.`, { list });
    const id = String(item.id ?? fields.id ?? '');
    const eTag = typeof item.eTag === 'string' ? item.eTag : typeof fields['@odata.etag'] === 'string' ? fields['@odata.etag'] : '';
    const stored: Stored<ListRecord<L>> = { id, eTag, record: fromFields(list, fields, this.spec(list)) };
    if (typeof item.lastModifiedDateTime === 'string') stored.modified = item.lastModifiedDateTime;
    return stored;
  }

  private spec(list: ListName) {
    return listSpec(list, this.manifest);
  }

  private itemsPath(list: ListName): string {
    return `/sites/${this.siteId}/lists/${encodeURIComponent(list)}/items`;
  }

  private itemPath(list: ListName, id: string): string {
    return `${this.itemsPath(list)}/${encodeURIComponent(id)}`;
  }

  private expandFields(list: ListName): string {
    return `expand=fields(select=${selectedColumns(this.spec(list)).join(',')})`;
  }

  private itemsQuery(list: ListName, query: ListQuery): string {
    const parts = [ITEM_SELECT, this.expandFields(list)];
    if (query.filter) parts.push(`$filter=${encodeURIComponent(query.filter)}`);
    if (query.orderBy) parts.push(`$orderby=${encodeURIComponent(query.orderBy)}`);
    if (query.top !== undefined) parts.push(`$top=${query.top}`);
    return `${this.itemsPath(list)}?${parts.join('&')}`;
  }
}

function pageOf(response: BatchPartResponse): GraphPage {
  if (response.status < 200 || response.status >= 300) throw batchPartError(response);
  return (response.body ?? {}) as GraphPage;
}

function eTagOf(body: Record<string, unknown> | undefined): string {
  const value = body?.['@odata.etag'] ?? body?.eTag;
  return typeof value === 'string' ? value : '';
}
