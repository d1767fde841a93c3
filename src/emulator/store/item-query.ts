/**
 * Querying a list's items as SharePoint does through Graph: `$filter` and `$orderby` on
 * `fields/<Column>`, the indexed-column rule and the 5,000-item list view threshold, and keyset
 * paging. A page cursor holds the last item's sort key and id, never an offset, so items created
 * or deleted between pages neither repeat nor go missing.
 *
 * Text compares case-insensitively, as SharePoint's collation does.
 */
import { graphErrors } from '../errors/graph-error-factory.ts';
import { filterFields, leadingConjunct, parseFilter, ODataSyntaxError } from '../odata/filter-parser.ts';
import type { FilterLiteral, FilterNode } from '../odata/filter-parser.ts';
import { parseOrderBy } from '../odata/query-options.ts';
import type { OrderKey } from '../odata/query-options.ts';
import { parseInstant } from './field-values.ts';
import type { ColumnRecord, ColumnType, ItemRecord, ListRecord } from './state.ts';

/** SharePoint's list view threshold. */
export const LIST_VIEW_THRESHOLD = 5_000;
/** The largest `$top` SharePoint list items accept. */
export const MAX_TOP = 5_000;
/** The Prefer value that lets a query use columns that are not indexed. */
export const HONOR_NON_INDEXED = 'HonorNonIndexedQueriesWarningMayFailRandomly';

const collator = new Intl.Collator('en', { sensitivity: 'accent' });

type SortValue = string | number | null;

interface FieldAccess {
  name: string;
  type: ColumnType;
  indexed: boolean;
  /** The comparable value of the field on an item (ms for dates, 0/1 for booleans), null when empty. */
  read(item: ItemRecord): SortValue;
}

/** An item query: what to match, in which order, from where. */
export interface ItemQuery {
  filter?: string;
  orderBy?: string;
  /** The Prefer header allowed columns that are not indexed. */
  honorNonIndexed: boolean;
}

/** A checked query, ready to run page by page. */
export interface PreparedQuery {
  /** The filter and sort as given, for caching a sorted result. */
  text: string;
  match: (item: ItemRecord) => boolean;
  order: { access: FieldAccess; descending: boolean }[];
  /** Identifies the query, so a page cursor is only accepted by the query that made it. */
  fingerprint: string;
}

/** A page cursor: the sort key and id of the last item returned. */
export interface PageCursor {
  keys: SortValue[];
  id: number;
}

/**
 * Parses and checks a query against the list: syntax (400 BadRequest), unknown columns (400),
 * columns that are not indexed (400 unless Prefer), the list view threshold (500 on lists over
 * 5,000 items, unless the leading filter is on indexed columns and narrows below it).
 */
export function prepareQuery(list: ListRecord, query: ItemQuery): PreparedQuery {
  let filter: FilterNode | undefined;
  let orderKeys: OrderKey[] = [];
  try {
    if (query.filter !== undefined) filter = parseFilter(query.filter);
  } catch (error) {
    if (error instanceof ODataSyntaxError) throw graphErrors.invalidFilter(error.message);
    throw error;
  }
  try {
    if (query.orderBy !== undefined) orderKeys = parseOrderBy(query.orderBy);
  } catch (error) {
    if (error instanceof ODataSyntaxError) throw graphErrors.invalidOrderBy(error.message);
    throw error;
  }
  const referenced = [...(filter ? filterFields(filter) : []), ...orderKeys.map((key) => key.field)];
  const accessors = new Map<string, FieldAccess>();
  for (const name of referenced) if (!accessors.has(name)) accessors.set(name, fieldAccess(list, name));
  const notIndexed = [...accessors.values()].filter((access) => !access.indexed);
  if (notIndexed.length > 0 && !query.honorNonIndexed) throw graphErrors.fieldNotIndexed(notIndexed[0]?.name ?? '');
  const match = filter ? compile(filter, accessors) : () => true;
  if (notIndexed.length > 0 && list.items.size > LIST_VIEW_THRESHOLD) checkThreshold(list, filter, orderKeys, accessors);
  return {
    text: `${query.filter ?? ''}\u0000${query.orderBy ?? ''}`,
    match,
    order: orderKeys.map((key) => ({ access: accessors.get(key.field) as FieldAccess, descending: key.descending })),
    fingerprint: fingerprint(`${query.filter ?? ''}\u0000${query.orderBy ?? ''}`),
  };
}

// On a large list SharePoint can only answer when an index narrows the rows first: the leading
// filter must use indexed columns alone and match no more than the threshold, and sorting must
// use indexed columns.
function checkThreshold(list: ListRecord, filter: FilterNode | undefined, orderKeys: OrderKey[], accessors: Map<string, FieldAccess>): void {
  if (orderKeys.some((key) => !accessors.get(key.field)?.indexed)) throw graphErrors.listViewThreshold();
  if (!filter) throw graphErrors.listViewThreshold();
  const leading = leadingConjunct(filter);
  if (filterFields(leading).some((name) => !accessors.get(name)?.indexed)) throw graphErrors.listViewThreshold();
  const narrow = compile(leading, accessors);
  let count = 0;
  for (const item of list.items.values()) {
    if (narrow(item) && ++count > LIST_VIEW_THRESHOLD) throw graphErrors.listViewThreshold();
  }
}

/** One page of items after `cursor`, and the cursor of the next page when there is more. */
export function runPage(list: ListRecord, query: PreparedQuery, top: number, cursor: PageCursor | undefined): { items: ItemRecord[]; next?: PageCursor } {
  if (query.order.length === 0) {
    // Items are held in id order, so a page without $orderby is a scan from the cursor.
    const items: ItemRecord[] = [];
    let more = false;
    for (const item of list.items.values()) {
      if (cursor && item.id <= cursor.id) continue;
      if (!query.match(item)) continue;
      if (items.length === top) {
        more = true;
        break;
      }
      items.push(item);
    }
    const last = items[items.length - 1];
    return more && last ? { items, next: { keys: [], id: last.id } } : { items };
  }
  const compare = (a: { keys: SortValue[]; id: number }, b: { keys: SortValue[]; id: number }): number => {
    for (let index = 0; index < query.order.length; index++) {
      const order = query.order[index];
      const difference = compareValues(a.keys[index] ?? null, b.keys[index] ?? null);
      if (difference !== 0) return order?.descending ? -difference : difference;
    }
    return a.id - b.id;
  };
  const keyed = sortedMatches(list, query, compare);
  let start = 0;
  if (cursor) {
    let low = 0;
    let high = keyed.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const entry = keyed[middle];
      if (entry && compare({ keys: entry.keys, id: entry.item.id }, cursor) <= 0) low = middle + 1;
      else high = middle;
    }
    start = low;
  }
  const page = keyed.slice(start, start + top);
  const last = page[page.length - 1];
  const items = page.map((entry) => entry.item);
  return start + top < keyed.length && last ? { items, next: { keys: last.keys, id: last.item.id } } : { items };
}

interface Keyed {
  item: ItemRecord;
  keys: SortValue[];
}

// The last sorted result per list, reused while the list is unchanged, so reading a sorted query
// page by page sorts the list once rather than once per page.
const sortCache = new WeakMap<ListRecord, { text: string; changeSeq: number; keyed: Keyed[] }>();

function sortedMatches(list: ListRecord, query: PreparedQuery, compare: (a: { keys: SortValue[]; id: number }, b: { keys: SortValue[]; id: number }) => number): Keyed[] {
  const cached = sortCache.get(list);
  if (cached && cached.text === query.text && cached.changeSeq === list.changeSeq) return cached.keyed;
  const keyed: Keyed[] = [];
  for (const item of list.items.values()) if (query.match(item)) keyed.push({ item, keys: query.order.map((key) => key.access.read(item)) });
  keyed.sort((a, b) => compare({ keys: a.keys, id: a.item.id }, { keys: b.keys, id: b.item.id }));
  sortCache.set(list, { text: query.text, changeSeq: list.changeSeq, keyed });
  return keyed;
}

function compareValues(a: SortValue, b: SortValue): number {
  // Empty values sort first, as in SharePoint views.
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (typeof a === 'string' && typeof b === 'string') return collator.compare(a, b);
  return (a as number) - (b as number);
}

/** The item id pseudo-column and Created/Modified read from the item, others from its values. */
function fieldAccess(list: ListRecord, name: string): FieldAccess {
  if (name === 'id' || name === 'ID') {
    return { name, type: 'number', indexed: true, read: (item) => item.id };
  }
  const column: ColumnRecord | undefined = list.columns.find((candidate) => candidate.name === name);
  if (!column) throw graphErrors.invalidRequest(`Column '${name}' does not exist. It may have been deleted by another user.`);
  const base = { name, type: column.type, indexed: column.indexed };
  if (name === 'Created') return { ...base, read: (item) => Date.parse(item.createdDateTime) };
  if (name === 'Modified') return { ...base, read: (item) => Date.parse(item.lastModifiedDateTime) };
  switch (column.type) {
    case 'dateTime':
      return {
        ...base,
        read: (item) => {
          const value = item.values[name];
          return typeof value === 'string' ? Date.parse(value) : null;
        },
      };
    case 'boolean':
      return {
        ...base,
        read: (item) => {
          const value = item.values[name];
          return typeof value === 'boolean' ? (value ? 1 : 0) : null;
        },
      };
    case 'text':
    case 'choice':
    case 'number':
      return {
        ...base,
        read: (item) => {
          const value = item.values[name];
          return value === undefined || typeof value === 'boolean' ? null : value;
        },
      };
    default: {
      const unhandled: never = column.type;
      throw graphErrors.internal(`unknown column type ${String(unhandled)}`);
    }
  }
}

function compile(node: FilterNode, accessors: Map<string, FieldAccess>): (item: ItemRecord) => boolean {
  switch (node.kind) {
    case 'and': {
      const left = compile(node.left, accessors);
      const right = compile(node.right, accessors);
      return (item) => left(item) && right(item);
    }
    case 'or': {
      const left = compile(node.left, accessors);
      const right = compile(node.right, accessors);
      return (item) => left(item) || right(item);
    }
    case 'not': {
      const operand = compile(node.operand, accessors);
      return (item) => !operand(item);
    }
    case 'startswith': {
      const access = accessors.get(node.field) as FieldAccess;
      if (access.type !== 'text' && access.type !== 'choice') throw graphErrors.invalidFilter(`startswith() needs a text column; '${node.field}' is ${access.type}`);
      const prefix = node.value.toLocaleLowerCase('en');
      return (item) => {
        const value = access.read(item);
        return typeof value === 'string' && value.toLocaleLowerCase('en').startsWith(prefix);
      };
    }
    case 'compare': {
      const access = accessors.get(node.field) as FieldAccess;
      if (node.value.type === 'null') {
        if (node.op !== 'eq' && node.op !== 'ne') throw graphErrors.invalidFilter(`null can only be compared with eq or ne (fields/${node.field})`);
        const wantEmpty = node.op === 'eq';
        return (item) => (access.read(item) === null) === wantEmpty;
      }
      const literal = literalFor(access, node.value);
      const op = node.op;
      return (item) => {
        const value = access.read(item);
        if (value === null) return op === 'ne';
        const difference = compareValues(value, literal);
        switch (op) {
          case 'eq':
            return difference === 0;
          case 'ne':
            return difference !== 0;
          case 'gt':
            return difference > 0;
          case 'ge':
            return difference >= 0;
          case 'lt':
            return difference < 0;
          case 'le':
            return difference <= 0;
          default: {
            const unhandled: never = op;
            throw graphErrors.internal(`unknown operator ${String(unhandled)}`);
          }
        }
      };
    }
    default: {
      const unhandled: never = node;
      throw graphErrors.internal(`unknown filter node ${JSON.stringify(unhandled)}`);
    }
  }
}

// A literal converted to the column's comparable form; a literal of the wrong kind is a 400.
function literalFor(access: FieldAccess, literal: Exclude<FilterLiteral, { type: 'null' }>): string | number {
  const mismatch = () => graphErrors.invalidFilter(`fields/${access.name} is a ${access.type} column and cannot be compared with ${describeLiteral(literal)}`);
  switch (access.type) {
    case 'text':
    case 'choice':
      if (literal.type !== 'string') throw mismatch();
      return literal.value;
    case 'number':
      if (literal.type === 'number') return literal.value;
      if (literal.type === 'string' && literal.value.trim() !== '' && Number.isFinite(Number(literal.value))) return Number(literal.value);
      throw mismatch();
    case 'boolean':
      if (literal.type === 'boolean') return literal.value ? 1 : 0;
      if (literal.type === 'number' && (literal.value === 0 || literal.value === 1)) return literal.value;
      throw mismatch();
    case 'dateTime': {
      if (literal.type !== 'dateTime' && literal.type !== 'string') throw mismatch();
      const instant = parseInstant(literal.value);
      if (instant === undefined) throw graphErrors.invalidFilter(`'${literal.value}' is not a valid date or date and time for fields/${access.name}`);
      return Date.parse(instant);
    }
    default: {
      const unhandled: never = access.type;
      throw graphErrors.internal(`unknown column type ${String(unhandled)}`);
    }
  }
}

function describeLiteral(literal: FilterLiteral): string {
  switch (literal.type) {
    case 'string':
      return `the text '${literal.value}'`;
    case 'number':
      return `the number ${literal.value}`;
    case 'boolean':
      return String(literal.value);
    case 'null':
      return 'null';
    case 'dateTime':
      return `the date ${literal.value}`;
    default: {
      const unhandled: never = literal;
      return String(unhandled);
    }
  }
}

/** A short stable hash (FNV-1a) of a string. */
export function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

/** True when a Prefer header asks to honour queries on columns that are not indexed. */
export function prefersNonIndexed(prefer: string | undefined): boolean {
  if (!prefer) return false;
  return prefer
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .includes(HONOR_NON_INDEXED.toLowerCase());
}
