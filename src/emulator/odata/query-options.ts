/**
 * OData query options other than `$filter`: the query string itself (system options may be
 * written with or without `$`, in any case, as Graph accepts), `$orderby`, `$select` and
 * `$expand` with nested `select`.
 */
import { ODataSyntaxError } from './filter-parser.ts';

/** Query parameters by name, as decoded from the URL; system options keyed without `$`, lower-case. */
export interface ParsedQuery {
  /** System options (`$filter`, `expand`, …) keyed as `filter`, `expand`, … */
  options: Map<string, string>;
  /** Other parameters (e.g. delta's `token`), keyed as written. */
  parameters: Map<string, string>;
  /** The names that appeared more than once (an error for system options). */
  repeated: string[];
  /** A parameter whose percent-encoding is broken (the request is refused). */
  malformed?: string;
}

/** The system query options Graph knows; written `$name` or (in v1.0) `name`. */
export const SYSTEM_OPTIONS = ['filter', 'orderby', 'top', 'skip', 'skiptoken', 'select', 'expand', 'count', 'search', 'format', 'deltatoken'] as const;
export type SystemOption = (typeof SYSTEM_OPTIONS)[number];

/** Parses a raw query string (without `?`); `+` is a space, as in form encoding. */
export function parseQueryString(raw: string): ParsedQuery {
  const options = new Map<string, string>();
  const parameters = new Map<string, string>();
  const repeated: string[] = [];
  let malformed: string | undefined;
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const rawKey = equals === -1 ? pair : pair.slice(0, equals);
    const rawValue = equals === -1 ? '' : pair.slice(equals + 1);
    const key = decode(rawKey);
    const value = decode(rawValue);
    if (key === undefined || value === undefined) {
      malformed ??= pair;
      continue;
    }
    const bare = key.startsWith('$') ? key.slice(1).toLowerCase() : key.toLowerCase();
    const isSystem = key.startsWith('$') || (SYSTEM_OPTIONS as readonly string[]).includes(bare);
    if (isSystem) {
      if (options.has(bare)) repeated.push(`$${bare}`);
      options.set(bare, value);
    } else {
      if (parameters.has(key)) repeated.push(key);
      parameters.set(key, value);
    }
  }
  return { options, parameters, repeated, ...(malformed !== undefined ? { malformed } : {}) };
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** One key of `$orderby`. */
export interface OrderKey {
  field: string;
  descending: boolean;
}

/** Parses `$orderby`: `fields/A [asc|desc], fields/B …`. */
export function parseOrderBy(text: string): OrderKey[] {
  if (text.trim() === '') throw new ODataSyntaxError('the $orderby is empty', 0);
  const keys: OrderKey[] = [];
  let offset = 0;
  for (const part of text.split(',')) {
    const words = part.trim().split(/\s+/);
    const [path, direction, extra] = words;
    const position = offset + part.indexOf(path ?? '');
    if (!path || extra !== undefined) throw new ODataSyntaxError(`'${part.trim()}' is not a sort key (fields/<Column> [asc|desc])`, position);
    const match = /^fields\/([A-Za-z_][A-Za-z0-9_]*)$/.exec(path);
    if (!match?.[1]) throw new ODataSyntaxError(`'${path}' is not supported; list items sort on fields/<Column>`, position);
    if (direction !== undefined && direction !== 'asc' && direction !== 'desc') {
      throw new ODataSyntaxError(`'${direction}' is not a sort direction (asc or desc)`, position);
    }
    keys.push({ field: match[1], descending: direction === 'desc' });
    offset += part.length + 1;
  }
  return keys;
}

/** Parses `$select`: a comma-separated list of property names. */
export function parseSelect(text: string): string[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) throw new ODataSyntaxError('the $select is empty', 0);
  for (const name of names) {
    if (!/^[A-Za-z_@][A-Za-z0-9_.@]*$/.test(name)) throw new ODataSyntaxError(`'${name}' is not a property name`, text.indexOf(name));
  }
  return names;
}

/** One entry of `$expand`, with its nested `select` if any. */
export interface ExpandEntry {
  name: string;
  select?: string[];
}

/** Parses `$expand`: `fields`, `fields(select=A,B)`, `fields($select=A,B)`, several separated by commas. */
export function parseExpand(text: string): ExpandEntry[] {
  const entries: ExpandEntry[] = [];
  let depth = 0;
  let start = 0;
  const parts: { text: string; at: number }[] = [];
  for (let index = 0; index <= text.length; index++) {
    const char = text[index];
    if (char === '(') depth += 1;
    else if (char === ')') {
      depth -= 1;
      if (depth < 0) throw new ODataSyntaxError(`unbalanced ')' at position ${index} of $expand`, index);
    } else if ((char === ',' && depth === 0) || index === text.length) {
      parts.push({ text: text.slice(start, index), at: start });
      start = index + 1;
    }
  }
  if (depth !== 0) throw new ODataSyntaxError("unbalanced '(' in $expand", text.length);
  for (const part of parts) {
    const trimmed = part.text.trim();
    if (trimmed === '') throw new ODataSyntaxError(`empty entry in $expand at position ${part.at}`, part.at);
    const match = /^([A-Za-z_][A-Za-z0-9_]*)\s*(?:\((.*)\))?$/s.exec(trimmed);
    if (!match?.[1]) throw new ODataSyntaxError(`'${trimmed}' is not an $expand entry`, part.at);
    const entry: ExpandEntry = { name: match[1] };
    const inner = match[2];
    if (inner !== undefined) {
      for (const option of inner.split(';')) {
        const equals = option.indexOf('=');
        const key = (equals === -1 ? option : option.slice(0, equals)).trim().replace(/^\$/, '').toLowerCase();
        if (key === 'select' && equals !== -1) entry.select = parseSelect(option.slice(equals + 1));
        else throw new ODataSyntaxError(`'${option.trim()}' is not supported inside $expand=${entry.name}(…); only select is`, part.at);
      }
    }
    entries.push(entry);
  }
  return entries;
}
