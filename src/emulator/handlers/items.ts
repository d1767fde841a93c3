/**
 * List items: query them (filter, sort, select, keyset paging), read one, create one, update its
 * fields, delete one. Writes honour If-Match (412 and no change on a stale eTag) and are checked
 * whole before anything is stored.
 */
import { graphErrors } from '../errors/graph-error-factory.ts';
import { json, noContent } from '../middleware/graph-context.ts';
import type { GraphResponse } from '../middleware/graph-context.ts';
import { parseSelect } from '../odata/query-options.ts';
import { ODataSyntaxError } from '../odata/filter-parser.ts';
import { asObject } from '../store/columns.ts';
import { checkFieldWrites, fieldsResource, itemETag, selectableFields } from '../store/field-values.ts';
import { MAX_TOP, prefersNonIndexed, prepareQuery, runPage } from '../store/item-query.ts';
import type { PageCursor } from '../store/item-query.ts';
import type { ItemRecord, ListRecord, SiteRecord } from '../store/state.ts';
import { decodeToken, encodeToken, linkWith } from './links.ts';
import { ITEM_PROPERTIES, checkSelect, fieldsExpansion, itemResource, jsonBody, projection, resolveItem, resolveList } from './resources.ts';
import type { HandlerContext } from './resources.ts';

function collectionContext(context: HandlerContext, site: SiteRecord, list: ListRecord): string {
  return `${context.request.graphBase}/$metadata#sites('${encodeURIComponent(site.id)}')/lists('${list.id}')/items`;
}

/** `$top`: a whole number from 1 to 5,000; the default page size when absent. */
export function pageSizeOf(context: HandlerContext): number {
  const raw = context.request.query.options.get('top');
  if (raw === undefined) return context.pageSize;
  if (!/^\d+$/.test(raw.trim())) throw graphErrors.badRequest(`The value '${raw}' of $top is not a whole number.`);
  const top = Number(raw.trim());
  if (top < 1 || top > MAX_TOP) throw graphErrors.badRequest(`The value of $top must be from 1 to ${MAX_TOP}; it was ${top}.`);
  return top;
}

export function getItems(context: HandlerContext): GraphResponse {
  const { site, list } = resolveList(context);
  const options = context.request.query.options;
  const { select, expand } = projection(context);
  const fields = fieldsExpansion(list, expand);
  checkSelect(select, ITEM_PROPERTIES, 'microsoft.graph.listItem');
  const top = pageSizeOf(context);
  const query = prepareQuery(list, {
    ...(options.has('filter') ? { filter: options.get('filter') ?? '' } : {}),
    ...(options.has('orderby') ? { orderBy: options.get('orderby') ?? '' } : {}),
    honorNonIndexed: prefersNonIndexed(context.request.headers.prefer),
  });
  let cursor: PageCursor | undefined;
  const skipToken = options.get('skiptoken');
  if (skipToken !== undefined) {
    const payload = decodeToken(skipToken);
    const keys = payload?.k;
    const id = payload?.i;
    if (!payload || payload.l !== list.id || payload.f !== query.fingerprint || !Array.isArray(keys) || typeof id !== 'number') {
      throw graphErrors.badRequest('The $skiptoken is not valid for this query; follow @odata.nextLink exactly as returned.');
    }
    cursor = { keys: keys as PageCursor['keys'], id };
  }
  const page = runPage(list, query, top, cursor);
  const base = context.request.graphBase;
  const body: Record<string, unknown> = {
    '@odata.context': collectionContext(context, site, list),
    value: page.items.map((item) => itemResource(site, list, item, fields, base, select)),
  };
  if (page.next) {
    const token = encodeToken({ l: list.id, f: query.fingerprint, k: page.next.keys, i: page.next.id });
    body['@odata.nextLink'] = linkWith(context.request, ['skiptoken'], { $skiptoken: token });
  }
  return json(200, body);
}

export function getItem(context: HandlerContext): GraphResponse {
  const { site, list, item } = resolveItem(context);
  const { select, expand } = projection(context);
  const fields = fieldsExpansion(list, expand);
  return json(200, {
    '@odata.context': `${collectionContext(context, site, list)}/$entity`,
    ...itemResource(site, list, item, fields, context.request.graphBase, select),
  });
}

export function getItemFields(context: HandlerContext): GraphResponse {
  const { site, list, item } = resolveItem(context);
  const selectText = context.request.query.options.get('select');
  let select: string[] | undefined;
  if (selectText !== undefined) {
    try {
      select = parseSelect(selectText);
    } catch (error) {
      if (error instanceof ODataSyntaxError) throw graphErrors.badRequest(`Invalid query: ${error.message}`);
      throw error;
    }
    const known = selectableFields(list);
    for (const name of select) if (!known.has(name)) throw graphErrors.invalidRequest(`Column '${name}' does not exist. It may have been deleted by another user.`);
  }
  return json(200, fieldsBody(context, site, list, item, select));
}

function fieldsBody(context: HandlerContext, site: SiteRecord, list: ListRecord, item: ItemRecord, select?: string[]): Record<string, unknown> {
  return {
    '@odata.context': `${context.request.graphBase}/$metadata#sites('${encodeURIComponent(site.id)}')/lists('${list.id}')/items('${item.id}')/fields/$entity`,
    ...fieldsResource(list, item, select),
  };
}

export function createItem(context: HandlerContext): GraphResponse {
  const { site, list } = resolveList(context);
  const body = asObject(jsonBody(context), 'listItem');
  for (const key of Object.keys(body)) {
    if (!key.startsWith('@odata.') && key !== 'fields' && key !== 'contentType') throw graphErrors.unknownProperty(key, 'microsoft.graph.listItem');
  }
  const changes = checkFieldWrites(list, body.fields ?? {}, 'create');
  const item = context.store.createItem(list, changes, context.caller.actor);
  const base = context.request.graphBase;
  return json(
    201,
    { '@odata.context': `${collectionContext(context, site, list)}/$entity`, ...itemResource(site, list, item, { expand: true }, base) },
    { Location: `${base}/sites/${encodeURIComponent(site.id)}/lists/${list.id}/items/${item.id}`, ETag: itemETag(item) },
  );
}

export function updateItemFields(context: HandlerContext): GraphResponse {
  const { site, list, item } = resolveItem(context);
  checkIfMatch(context, item);
  const changes = checkFieldWrites(list, jsonBody(context), 'update', item);
  context.store.updateItem(list, item, changes, context.caller.actor);
  return json(200, fieldsBody(context, site, list, item), { ETag: itemETag(item) });
}

export function deleteItem(context: HandlerContext): GraphResponse {
  const { list, item } = resolveItem(context);
  checkIfMatch(context, item);
  context.store.deleteItem(list, item);
  return noContent();
}

// If-Match holds one or more eTags (or *); a write goes ahead only when one is the item's current eTag.
function checkIfMatch(context: HandlerContext, item: ItemRecord): void {
  const header = context.request.headers['if-match'];
  if (header === undefined || header.trim() === '') return;
  const current = normaliseETag(itemETag(item));
  // An eTag holds a comma itself ("{guid},{version}"), so tags are split only before an opening quote.
  const offered = header.split(/,(?=\s*(?:W\/)?")/).map((tag) => tag.trim());
  if (offered.some((tag) => tag === '*' || normaliseETag(tag) === current)) return;
  throw graphErrors.preconditionFailed();
}

function normaliseETag(tag: string): string {
  let value = tag.trim();
  if (value.startsWith('W/')) value = value.slice(2);
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
  return value.replace(/\\"/g, '').replace(/"/g, '');
}
