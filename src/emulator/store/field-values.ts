/**
 * Field values: checks a `fields` body against the list's columns (every field, before anything
 * is written, so a request with one bad field changes nothing) and renders an item's fields as
 * Graph's fieldValueSet.
 */
import { graphErrors } from '../errors/graph-error-factory.ts';
import { asObject } from './columns.ts';
import type { ColumnRecord, ItemRecord, ListRecord, StoredValue } from './state.ts';

/** Fields SharePoint computes; a write naming one is refused. */
const COMPUTED_FIELDS = new Set([
  'id',
  'ID',
  'Created',
  'Modified',
  'ContentType',
  'AuthorLookupId',
  'EditorLookupId',
  'Author',
  'Editor',
  '_UIVersionString',
  'Attachments',
  'Edit',
  'LinkTitle',
  'LinkTitleNoMenu',
  'ItemChildCount',
  'FolderChildCount',
  '_ComplianceFlags',
  '_ComplianceTag',
  '_ComplianceTagWrittenTime',
  '_ComplianceTagUserId',
]);

/** Checked changes: a value to store, or null to clear the column. */
export type FieldChanges = Record<string, StoredValue | null>;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * The changes a `fields` body asks for, checked: unknown and read-only fields, wrong types,
 * choices, lengths, required columns (on create, every required column must be given) and
 * unique columns. Throws a 400 (409 for a duplicate unique value) naming the field.
 */
export function checkFieldWrites(list: ListRecord, input: unknown, mode: 'create' | 'update', item?: ItemRecord): FieldChanges {
  const body = asObject(input, 'fields');
  const changes: FieldChanges = {};
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('@odata.')) continue;
    const annotation = /^(.+)@odata\.type$/.exec(key);
    if (annotation?.[1]) {
      const column = userColumn(list, annotation[1]);
      if (typeof value === 'string' && value.startsWith('Collection(')) {
        throw graphErrors.notSupported(`Field '${column.name}': multi-value columns are not supported by the emulator.`);
      }
      continue;
    }
    const column = userColumn(list, key);
    changes[column.name] = checkValue(column, value);
  }
  for (const column of list.columns) {
    if (!column.required || column.readOnly) continue;
    const given = Object.prototype.hasOwnProperty.call(changes, column.name);
    if (mode === 'create' && (!given || changes[column.name] === null)) throw graphErrors.fieldRequired(column.name);
    if (mode === 'update' && given && changes[column.name] === null) throw graphErrors.fieldRequired(column.name);
  }
  for (const column of list.columns) {
    const value = changes[column.name];
    if (!column.enforceUniqueValues || value === undefined || value === null) continue;
    for (const other of list.items.values()) {
      if (other.id === item?.id) continue;
      const existing = other.values[column.name];
      if (existing !== undefined && sameValue(existing, value)) {
        throw graphErrors.nameAlreadyExists(
          `The list item could not be added or updated because duplicate values were found in the following field(s) in the list: [${column.name}].`,
        );
      }
    }
  }
  return changes;
}

function sameValue(a: StoredValue, b: StoredValue): boolean {
  return typeof a === 'string' && typeof b === 'string' ? a.localeCompare(b, 'en', { sensitivity: 'accent' }) === 0 : a === b;
}

function userColumn(list: ListRecord, key: string): ColumnRecord {
  if (COMPUTED_FIELDS.has(key)) throw graphErrors.fieldReadOnly(key);
  const column = list.columns.find((candidate) => candidate.name === key);
  if (!column) throw graphErrors.fieldNotRecognized(key);
  if (column.readOnly) throw graphErrors.fieldReadOnly(key);
  return column;
}

/** One value checked and normalised for storage; null clears the column. */
export function checkValue(column: ColumnRecord, value: unknown): StoredValue | null {
  if (value === null) return null;
  const name = column.name;
  switch (column.type) {
    case 'text': {
      if (typeof value !== 'string') throw graphErrors.fieldInvalid(name, `expected text, got ${describe(value)}`);
      if (value === '') return null;
      const maxLength = column.text?.maxLength ?? 255;
      if (value.length > maxLength) throw graphErrors.fieldInvalid(name, `the text is ${value.length} characters long; the column allows at most ${maxLength}`);
      return value;
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw graphErrors.fieldInvalid(name, `expected a number, got ${describe(value)}`);
      if (column.number?.minimum !== undefined && value < column.number.minimum) throw graphErrors.fieldInvalid(name, `${value} is below the minimum ${column.number.minimum}`);
      if (column.number?.maximum !== undefined && value > column.number.maximum) throw graphErrors.fieldInvalid(name, `${value} is above the maximum ${column.number.maximum}`);
      return value;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw graphErrors.fieldInvalid(name, `expected true or false, got ${describe(value)}`);
      return value;
    case 'choice': {
      if (typeof value !== 'string') throw graphErrors.fieldInvalid(name, `expected one of the column's choices, got ${describe(value)}`);
      if (value === '') return null;
      const choices = column.choice?.choices ?? [];
      if (!column.choice?.allowTextEntry && !choices.includes(value)) {
        throw graphErrors.fieldInvalid(name, `'${value}' is not one of the choices (${choices.join(', ')})`);
      }
      return value;
    }
    case 'dateTime': {
      if (typeof value !== 'string') throw graphErrors.fieldInvalid(name, `expected a date as ISO 8601 text, got ${describe(value)}`);
      if (value === '') return null;
      const instant = parseInstant(value);
      if (instant === undefined) throw graphErrors.fieldInvalid(name, `'${value}' is not a valid ISO 8601 date or date and time`);
      return column.dateTime?.format === 'dateOnly' ? `${instant.slice(0, 10)}T00:00:00Z` : instant;
    }
    default: {
      const unhandled: never = column.type;
      throw graphErrors.internal(`unknown column type ${String(unhandled)}`);
    }
  }
}

/**
 * An ISO 8601 date (taken as midnight UTC, the emulated site's time zone) or date and time (no
 * zone means UTC), as `yyyy-mm-ddThh:mm:ssZ`; undefined when it is not a real date.
 */
export function parseInstant(text: string): string | undefined {
  const dateOnly = ISO_DATE.exec(text);
  const dateTime = dateOnly ? undefined : ISO_DATE_TIME.exec(text);
  const parts = dateOnly ?? dateTime;
  if (!parts) return undefined;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
  if (dateOnly) return `${text}T00:00:00Z`;
  const zone = dateTime?.[7] ?? 'Z';
  const withZone = zone === 'Z' && !text.endsWith('Z') ? `${text}Z` : text;
  const hours = Number(dateTime?.[4]);
  const minutes = Number(dateTime?.[5]);
  const seconds = Number(dateTime?.[6] ?? 0);
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  const ms = Date.parse(withZone);
  if (Number.isNaN(ms)) return undefined;
  return formatInstant(ms);
}

/** An instant as Graph writes it: `yyyy-mm-ddThh:mm:ssZ`, no fraction. */
export function formatInstant(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text '${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** The eTag of an item, in SharePoint's shape: `"{uid},{version}"` (quotes included). */
export function itemETag(item: ItemRecord): string {
  return `"${item.uid},${item.version}"`;
}

/** The fields Graph always includes after the user columns, computed from the item. */
function computedFields(item: ItemRecord): Record<string, unknown> {
  const title = item.values.Title;
  return {
    id: String(item.id),
    ContentType: 'Item',
    Modified: item.lastModifiedDateTime,
    Created: item.createdDateTime,
    AuthorLookupId: lookupIdOf(item.createdBy.id),
    EditorLookupId: lookupIdOf(item.lastModifiedBy.id),
    _UIVersionString: `${item.version}.0`,
    Attachments: false,
    Edit: '',
    LinkTitleNoMenu: title ?? '',
    LinkTitle: title ?? '',
    ItemChildCount: '0',
    FolderChildCount: '0',
    _ComplianceFlags: '',
    _ComplianceTag: '',
    _ComplianceTagWrittenTime: '',
    _ComplianceTagUserId: '',
  };
}

// SharePoint's site user ids are small integers; the emulator derives a stable one per identity.
function lookupIdOf(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) % 9973;
  return String(hash + 7);
}

/** Every field name a `select` inside `expand=fields(…)` may name on this list. */
export function selectableFields(list: ListRecord): Set<string> {
  const names = new Set<string>(['id', '@odata.etag']);
  for (const column of list.columns) if (column.name !== 'ID') names.add(column.name);
  for (const name of COMPUTED_FIELDS) names.add(name);
  return names;
}

/** The item's fieldValueSet; `select` limits it to those fields (the eTag is always there). */
export function fieldsResource(list: ListRecord, item: ItemRecord, select?: readonly string[]): Record<string, unknown> {
  const all: Record<string, unknown> = { '@odata.etag': itemETag(item) };
  // User columns in the list's column order; SharePoint leaves empty columns out.
  for (const column of list.columns) {
    if (column.readOnly) continue;
    const value = item.values[column.name];
    if (value !== undefined) all[column.name] = value;
  }
  Object.assign(all, computedFields(item));
  if (!select) return all;
  const picked: Record<string, unknown> = { '@odata.etag': all['@odata.etag'] };
  for (const name of select) {
    const key = name === 'ID' ? 'id' : name;
    if (all[key] !== undefined) picked[key] = all[key];
  }
  return picked;
}
