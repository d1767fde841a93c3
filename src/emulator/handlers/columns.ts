/** Columns of a list: read them, add one, change one (e.g. index it: PATCH …/columns/{id} with {indexed:true}). */
import { graphErrors } from '../errors/graph-error-factory.ts';
import { json } from '../middleware/graph-context.ts';
import type { GraphResponse } from '../middleware/graph-context.ts';
import { columnAfterUpdate, columnFromDefinition, columnResource, findColumn } from '../store/columns.ts';
import { applySelect, checkExpand, checkSelect, jsonBody, projection, resolveList } from './resources.ts';
import type { HandlerContext } from './resources.ts';

const COLUMN_PROPERTIES = [
  'id',
  'name',
  'displayName',
  'description',
  'columnGroup',
  'enforceUniqueValues',
  'hidden',
  'indexed',
  'readOnly',
  'required',
  'text',
  'number',
  'dateTime',
  'choice',
  'boolean',
] as const;

function contextUrl(context: HandlerContext, siteId: string, listId: string, suffix: string): string {
  return `${context.request.graphBase}/$metadata#sites('${encodeURIComponent(siteId)}')/lists('${listId}')/columns${suffix}`;
}

export function getColumns(context: HandlerContext): GraphResponse {
  const { site, list } = resolveList(context);
  const { select, expand } = projection(context);
  checkExpand(expand, [], 'microsoft.graph.columnDefinition');
  checkSelect(select, COLUMN_PROPERTIES, 'microsoft.graph.columnDefinition');
  const value = list.columns.map((column) => applySelect(columnResource(column), select, COLUMN_PROPERTIES, 'microsoft.graph.columnDefinition'));
  return json(200, { '@odata.context': contextUrl(context, site.id, list.id, ''), value });
}

export function getColumn(context: HandlerContext): GraphResponse {
  const { site, list } = resolveList(context);
  const key = context.params.column ?? '';
  const column = findColumn(list, key);
  if (!column) throw graphErrors.columnNotFound(key);
  const { select } = projection(context);
  return json(200, { '@odata.context': contextUrl(context, site.id, list.id, '/$entity'), ...applySelect(columnResource(column), select, COLUMN_PROPERTIES, 'microsoft.graph.columnDefinition') });
}

export function createColumn(context: HandlerContext): GraphResponse {
  const { site, list } = resolveList(context);
  const column = columnFromDefinition(jsonBody(context), list.columns);
  context.store.addColumn(list, column);
  return json(201, { '@odata.context': contextUrl(context, site.id, list.id, '/$entity'), ...columnResource(column) });
}

export function updateColumn(context: HandlerContext): GraphResponse {
  const { site, list } = resolveList(context);
  const key = context.params.column ?? '';
  const column = findColumn(list, key);
  if (!column) throw graphErrors.columnNotFound(key);
  const updated = columnAfterUpdate(column, jsonBody(context), list.columns);
  context.store.replaceColumn(list, updated);
  return json(200, { '@odata.context': contextUrl(context, site.id, list.id, '/$entity'), ...columnResource(updated) });
}
