/**
 * `GET …/items/delta`: the list's changes read from its change sequence. Without a token the
 * whole list is enumerated; `token=latest` returns nothing and a deltaLink for "now"; a token from
 * a deltaLink returns the items created or changed since (each in its latest state) and the items
 * deleted since as `{id, deleted:{state:'deleted'}}`. Pages end in @odata.nextLink, the last in
 * @odata.deltaLink. A token the emulator did not issue for this list gets 410 Gone with a
 * Location to start again from.
 *
 * A token holds `a` (changes after this sequence number are still to report) and `s` (deletions
 * at or before this number are not reported: a fresh enumeration has nothing to delete).
 */
import { graphErrors } from '../errors/graph-error-factory.ts';
import { json } from '../middleware/graph-context.ts';
import type { GraphResponse } from '../middleware/graph-context.ts';
import type { ItemRecord, ListRecord } from '../store/state.ts';
import { decodeToken, encodeToken, linkWith } from './links.ts';
import { pageSizeOf } from './items.ts';
import { ITEM_PROPERTIES, checkSelect, fieldsExpansion, itemResource, projection, resolveList } from './resources.ts';
import type { HandlerContext } from './resources.ts';

interface DeltaPosition {
  after: number;
  since: number;
}

type Entry = { seq: number; item: ItemRecord } | { seq: number; deletedId: number };

export function getDelta(context: HandlerContext): GraphResponse {
  const { site, list } = resolveList(context);
  const { select, expand } = projection(context);
  const fields = fieldsExpansion(list, expand);
  checkSelect(select, ITEM_PROPERTIES, 'microsoft.graph.listItem');
  const top = pageSizeOf(context);
  const token = context.request.query.parameters.get('token') ?? context.request.query.options.get('deltatoken');
  const base = context.request.graphBase;
  const envelope = { '@odata.context': `${base}/$metadata#Collection(listItem)` };
  const deltaLink = (seq: number) => linkWith(context.request, ['token', 'deltatoken', 'skiptoken'], { token: encodeToken({ l: list.id, a: seq, s: seq }) });

  if (token === 'latest') return json(200, { ...envelope, value: [], '@odata.deltaLink': deltaLink(list.changeSeq) });
  const position: DeltaPosition = token === undefined ? { after: 0, since: list.changeSeq } : readToken(context, list, token);

  const entries: Entry[] = [];
  for (const item of list.items.values()) if (item.changeSeq > position.after) entries.push({ seq: item.changeSeq, item });
  const floor = Math.max(position.after, position.since);
  for (const tombstone of list.tombstones) if (tombstone.seq > floor) entries.push({ seq: tombstone.seq, deletedId: tombstone.id });
  entries.sort((a, b) => a.seq - b.seq);

  const page = entries.slice(0, top);
  const value = page.map((entry) => ('item' in entry ? itemResource(site, list, entry.item, fields, base, select) : { id: String(entry.deletedId), deleted: { state: 'deleted' } }));
  const last = page[page.length - 1];
  if (entries.length > top && last) {
    const next = linkWith(context.request, ['token', 'deltatoken', 'skiptoken'], { token: encodeToken({ l: list.id, a: last.seq, s: position.since }) });
    return json(200, { ...envelope, value, '@odata.nextLink': next });
  }
  return json(200, { ...envelope, value, '@odata.deltaLink': deltaLink(list.changeSeq) });
}

function readToken(context: HandlerContext, list: ListRecord, token: string): DeltaPosition {
  const payload = decodeToken(token);
  const after = payload?.a;
  const since = payload?.s;
  const valid = payload?.l === list.id && typeof after === 'number' && typeof since === 'number' && after >= 0 && since >= 0 && after <= list.changeSeq && since <= list.changeSeq;
  if (!valid) throw graphErrors.deltaTokenGone(linkWith(context.request, ['token', 'deltatoken', 'skiptoken'], {}));
  return { after, since };
}
