/** Lists of a site: read them, read one (optionally with its columns), create one with its columns, delete one. */
import { graphErrors } from '../errors/graph-error-factory.ts';
import { json, noContent } from '../middleware/graph-context.ts';
import type { GraphResponse } from '../middleware/graph-context.ts';
import { asObject, columnFromDefinition } from '../store/columns.ts';
import { builtInColumns } from '../store/columns.ts';
import type { ColumnRecord } from '../store/state.ts';
import { LIST_PROPERTIES, applySelect, checkExpand, checkSelect, jsonBody, listResource, projection, resolveList, resolveSite } from './resources.ts';
import type { HandlerContext } from './resources.ts';

const LIST_BODY_PROPERTIES = ['displayName', 'description', 'list', 'columns', 'name'];

export function getLists(context: HandlerContext): GraphResponse {
  const site = resolveSite(context);
  const { select, expand } = projection(context);
  checkExpand(expand, ['columns'], 'microsoft.graph.list');
  checkSelect(select, LIST_PROPERTIES, 'microsoft.graph.list');
  const withColumns = expand.some((entry) => entry.name === 'columns');
  const base = context.request.graphBase;
  const value = context.store
    .lists(site.id)
    .map((list) => applySelect(listResource(site, list, withColumns, base), select, LIST_PROPERTIES, 'microsoft.graph.list', withColumns ? ['columns', 'columns@odata.context'] : []));
  return json(200, { '@odata.context': `${base}/$metadata#sites('${encodeURIComponent(site.id)}')/lists`, value });
}

export function getList(context: HandlerContext): GraphResponse {
  const { site, list } = resolveList(context);
  const { select, expand } = projection(context);
  checkExpand(expand, ['columns'], 'microsoft.graph.list');
  const withColumns = expand.some((entry) => entry.name === 'columns');
  const base = context.request.graphBase;
  const resource = applySelect(listResource(site, list, withColumns, base), select, LIST_PROPERTIES, 'microsoft.graph.list', withColumns ? ['columns', 'columns@odata.context'] : []);
  return json(200, { '@odata.context': `${base}/$metadata#sites('${encodeURIComponent(site.id)}')/lists/$entity`, ...resource });
}

export function createList(context: HandlerContext): GraphResponse {
  const site = resolveSite(context);
  const body = asObject(jsonBody(context), 'list');
  for (const key of Object.keys(body)) {
    if (!key.startsWith('@odata.') && !LIST_BODY_PROPERTIES.includes(key)) throw graphErrors.unknownProperty(key, 'microsoft.graph.list');
  }
  const displayName = body.displayName;
  if (typeof displayName !== 'string' || displayName.trim() === '') throw graphErrors.invalidRequest("A list needs a 'displayName'.");
  if (displayName.length > 255) throw graphErrors.invalidRequest('A list title can be at most 255 characters long.');
  const description = body.description ?? '';
  if (typeof description !== 'string') throw graphErrors.invalidRequest("'description' must be a string.");
  if (body.list !== undefined) {
    const facet = asObject(body.list, 'list');
    const template = facet.template ?? 'genericList';
    if (template !== 'genericList') throw graphErrors.notSupported(`The emulator supports only the 'genericList' template, not '${String(template)}'.`);
  }
  if (context.store.findList(site.id, displayName)) {
    throw graphErrors.nameAlreadyExists('A list, survey, discussion board, or document library with the specified title already exists in this Web site. Please choose another title.');
  }
  const definitions = body.columns ?? [];
  if (!Array.isArray(definitions)) throw graphErrors.invalidRequest("'columns' must be a list of column definitions.");
  // Every column is checked (against the built-in ones and each other) before the list exists.
  const columns: ColumnRecord[] = [];
  const builtIns = builtInColumns();
  for (const definition of definitions) columns.push(columnFromDefinition(definition, [...builtIns, ...columns]));
  const list = context.store.createList(site.id, { displayName, description, columns }, context.caller.actor);
  const base = context.request.graphBase;
  return json(201, { '@odata.context': `${base}/$metadata#sites('${encodeURIComponent(site.id)}')/lists/$entity`, ...listResource(site, list, false, base) });
}

export function deleteList(context: HandlerContext): GraphResponse {
  const { list } = resolveList(context);
  context.store.deleteList(list);
  return noContent();
}
