/**
 * What handlers share: the handler context, resolving the site, list and item a path names (404
 * itemNotFound when absent), and the JSON shapes Graph returns for sites, lists and list items.
 */
import { graphErrors } from '../errors/graph-error-factory.ts';
import type { Caller, GraphRequest, GraphResponse } from '../middleware/graph-context.ts';
import { parseExpand, parseSelect } from '../odata/query-options.ts';
import type { ExpandEntry } from '../odata/query-options.ts';
import { ODataSyntaxError } from '../odata/filter-parser.ts';
import { columnResource } from '../store/columns.ts';
import { fieldsResource, itemETag, selectableFields } from '../store/field-values.ts';
import type { GraphStore } from '../store/graph-store.ts';
import type { Actor, ItemRecord, ListRecord, SiteRecord } from '../store/state.ts';

/** Everything a handler gets. */
export interface HandlerContext {
  request: GraphRequest;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
  store: GraphStore;
  /** Default page size for items and delta. */
  pageSize: number;
  caller: Caller;
  /** Runs a request through the whole pipeline (used by $batch for its parts). */
  dispatch: (request: GraphRequest) => Promise<GraphResponse>;
}

export type Handler = (context: HandlerContext) => GraphResponse | Promise<GraphResponse>;

export function resolveSite(context: HandlerContext): SiteRecord {
  const site = context.store.site(context.params.site ?? '');
  if (!site) throw graphErrors.siteNotFound();
  return site;
}

export function resolveList(context: HandlerContext): { site: SiteRecord; list: ListRecord } {
  const site = resolveSite(context);
  const key = context.params.list ?? '';
  const list = context.store.findList(site.id, key);
  if (!list) throw graphErrors.listNotFound(key);
  return { site, list };
}

export function resolveItem(context: HandlerContext): { site: SiteRecord; list: ListRecord; item: ItemRecord } {
  const { site, list } = resolveList(context);
  const key = context.params.item ?? '';
  const id = /^\d+$/.test(key) ? Number(key) : Number.NaN;
  const item = list.items.get(id);
  if (!item) throw graphErrors.itemNotFound(key);
  return { site, list, item };
}

/** The request body as JSON; a 400 when it is missing or not JSON. */
export function jsonBody(context: HandlerContext): unknown {
  const text = context.request.body;
  if (text === undefined || text.trim() === '') throw graphErrors.invalidJson('The request has no body.');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw graphErrors.invalidJson(error instanceof Error ? error.message : '');
  }
}

/** `$select` and `$expand` of a request, parsed (400 when malformed). */
export function projection(context: HandlerContext): { select?: string[]; expand: ExpandEntry[] } {
  const options = context.request.query.options;
  try {
    const select = options.get('select');
    const expand = options.get('expand');
    return { ...(select !== undefined ? { select: parseSelect(select) } : {}), expand: expand !== undefined ? parseExpand(expand) : [] };
  } catch (error) {
    if (error instanceof ODataSyntaxError) throw graphErrors.badRequest(`Invalid query: ${error.message}`);
    throw error;
  }
}

/** Checks `$expand` names only what the resource can expand. */
export function checkExpand(expand: readonly ExpandEntry[], allowed: readonly string[], type: string): void {
  for (const entry of expand) {
    if (!allowed.includes(entry.name)) throw graphErrors.unknownProperty(entry.name, type);
  }
}

/** Checks `$select` names only properties of the resource type (also when a collection is empty). */
export function checkSelect(select: readonly string[] | undefined, allowed: readonly string[], type: string): void {
  for (const name of select ?? []) if (!allowed.includes(name)) throw graphErrors.unknownProperty(name, type);
}

/** Keeps only the selected properties (plus OData annotations) of a resource. */
export function applySelect(resource: Record<string, unknown>, select: readonly string[] | undefined, allowed: readonly string[], type: string, keep: readonly string[] = []): Record<string, unknown> {
  if (!select) return resource;
  checkSelect(select, allowed, type);
  const picked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) {
    if (key.startsWith('@odata.') || select.includes(key) || keep.includes(key)) picked[key] = value;
  }
  return picked;
}

/** Graph's identitySet for an actor. */
export function identitySet(actor: Actor): Record<string, unknown> {
  if (actor.kind === 'user') return { user: { ...(actor.email ? { email: actor.email } : {}), id: actor.id, displayName: actor.displayName } };
  return { application: { id: actor.id, displayName: actor.displayName } };
}

export function siteWebUrl(site: SiteRecord): string {
  return `https://${site.hostname}/sites/${site.name}`;
}

export const SITE_PROPERTIES = ['id', 'name', 'displayName', 'description', 'webUrl', 'createdDateTime', 'lastModifiedDateTime', 'siteCollection', 'root'] as const;

export function siteResource(site: SiteRecord, isRoot: boolean): Record<string, unknown> {
  return {
    createdDateTime: site.createdDateTime,
    description: site.description,
    id: site.id,
    lastModifiedDateTime: site.lastModifiedDateTime,
    name: site.name,
    webUrl: siteWebUrl(site),
    displayName: site.displayName,
    ...(isRoot ? { root: {} } : {}),
    siteCollection: { hostname: site.hostname },
  };
}

export const LIST_PROPERTIES = ['id', 'name', 'displayName', 'description', 'webUrl', 'eTag', 'createdDateTime', 'lastModifiedDateTime', 'createdBy', 'parentReference', 'list', 'columns'] as const;

export function listResource(site: SiteRecord, list: ListRecord, withColumns: boolean, base: string): Record<string, unknown> {
  const eTag = `"${list.id},${list.columns.length}"`;
  return {
    '@odata.etag': eTag,
    createdDateTime: list.createdDateTime,
    description: list.description,
    eTag,
    id: list.id,
    lastModifiedDateTime: list.lastModifiedDateTime,
    name: list.name,
    webUrl: `${siteWebUrl(site)}/Lists/${list.name}`,
    displayName: list.displayName,
    createdBy: identitySet(list.createdBy),
    parentReference: { siteId: site.id },
    list: { contentTypesEnabled: false, hidden: false, template: list.template },
    ...(withColumns
      ? {
          'columns@odata.context': `${base}/$metadata#sites('${encodeURIComponent(site.id)}')/lists('${list.id}')/columns`,
          columns: list.columns.map(columnResource),
        }
      : {}),
  };
}

export const ITEM_PROPERTIES = ['id', 'eTag', 'createdDateTime', 'lastModifiedDateTime', 'createdBy', 'lastModifiedBy', 'webUrl', 'parentReference', 'contentType', 'fields', 'sharepointIds'] as const;

/** How fields are expanded on items: not at all, all of them, or a selection. */
export type FieldsExpansion = { expand: false } | { expand: true; select?: string[] };

/** Reads `expand=fields(select=…)` for list items, checking the selected names exist. */
export function fieldsExpansion(list: ListRecord, expand: readonly ExpandEntry[]): FieldsExpansion {
  checkExpand(expand, ['fields'], 'microsoft.graph.listItem');
  const entry = expand.find((candidate) => candidate.name === 'fields');
  if (!entry) return { expand: false };
  if (entry.select) {
    const known = selectableFields(list);
    for (const name of entry.select) if (!known.has(name)) throw graphErrors.invalidRequest(`Column '${name}' does not exist. It may have been deleted by another user.`);
    return { expand: true, select: entry.select };
  }
  return { expand: true };
}

export function itemResource(site: SiteRecord, list: ListRecord, item: ItemRecord, fields: FieldsExpansion, base: string, select?: readonly string[]): Record<string, unknown> {
  const eTag = itemETag(item);
  const resource: Record<string, unknown> = {
    '@odata.etag': eTag,
    createdDateTime: item.createdDateTime,
    eTag,
    id: String(item.id),
    lastModifiedDateTime: item.lastModifiedDateTime,
    webUrl: `${siteWebUrl(site)}/Lists/${list.name}/${item.id}_.000`,
    createdBy: identitySet(item.createdBy),
    lastModifiedBy: identitySet(item.lastModifiedBy),
    parentReference: { id: list.id, siteId: site.id },
    contentType: { id: '0x0100', name: 'Item' },
  };
  if (fields.expand) {
    resource['fields@odata.context'] = `${base}/$metadata#sites('${encodeURIComponent(site.id)}')/lists('${list.id}')/items('${item.id}')/fields/$entity`;
    resource.fields = fieldsResource(list, item, fields.select);
  }
  return applySelect(resource, select, ITEM_PROPERTIES, 'microsoft.graph.listItem', fields.expand ? ['fields', 'fields@odata.context'] : []);
}
