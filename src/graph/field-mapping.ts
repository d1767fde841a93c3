/**
 * Records ↔ list item fields, driven by the manifest: each column's `property` is the record
 * property it holds, and its type says how the value is written. No hand-kept table per list.
 *
 * Conventions: 'lines' columns hold a string[] one value per line; dates are written yyyy-mm-dd
 * and read back as the UK calendar date (SharePoint may return a date-only value as an instant
 * such as midnight UTC, or 23:00 UTC the day before in summer); an undefined or empty value is
 * written as null, and SharePoint leaves null columns out of `fields` altogether.
 */
import type { z } from 'zod';
import { ukDateOf } from '../domain/clock.ts';
import { WaymarkGraphError } from './graph-error.ts';
import { LIST_RECORD_SCHEMAS } from './list-records.ts';
import type { ListRecord } from './list-records.ts';
import { listSpec } from './list-schema.ts';
import type { ColumnSpec, ListName, ListSpec } from './list-schema.ts';

/** A value as Graph takes it in `fields`. */
export type FieldValue = string | number | boolean | null;
export type FieldValues = Record<string, FieldValue>;

/**
 * The fields for the properties given, and only those (for PATCH …/fields with the changed
 * values). Each value is validated against the list's record schema; a property set to undefined
 * clears the column.
 */
export function toFields<L extends ListName>(list: L, changes: Partial<ListRecord<L>>, spec: ListSpec = listSpec(list)): FieldValues {
  const shape = schemaShape(list);
  const fields: FieldValues = {};
  for (const [property, value] of Object.entries(changes)) {
    const column = columnFor(list, spec, property);
    const checked = shape[property]?.safeParse(value);
    if (checked && !checked.success) throw invalidValue(list, column, checked.error);
    fields[column.name] = writeValue(column, checked ? checked.data : value);
  }
  return fields;
}

/** The fields of a whole new record, validated as a whole; empty columns are left out. */
export function newItemFields<L extends ListName>(list: L, record: ListRecord<L>, spec: ListSpec = listSpec(list)): FieldValues {
  for (const property of Object.keys(record)) columnFor(list, spec, property);
  const parsed = LIST_RECORD_SCHEMAS[list].safeParse(record);
  if (!parsed.success) throw invalidRecord(list, spec, parsed.error, 'written');
  const valid = parsed.data as Record<string, unknown>;
  const fields: FieldValues = {};
  for (const column of spec.columns) {
    const value = writeValue(column, valid[column.property]);
    if (value !== null) fields[column.name] = value;
  }
  return fields;
}

/** The record held in an item's fields, validated; a bad value names its column. */
export function fromFields<L extends ListName>(list: L, fields: Readonly<Record<string, unknown>>, spec: ListSpec = listSpec(list)): ListRecord<L> {
  const raw: Record<string, unknown> = {};
  for (const column of spec.columns) {
    const value = readValue(column, fields[column.name]);
    if (value !== undefined) raw[column.property] = value;
  }
  const parsed = LIST_RECORD_SCHEMAS[list].safeParse(raw);
  if (!parsed.success) throw invalidRecord(list, spec, parsed.error, 'read');
  return parsed.data as ListRecord<L>;
}

/** Writes one value as Graph takes it in `fields`. */
export function writeValue(column: ColumnSpec, value: unknown): FieldValue {
  if (value === undefined || value === null) return null;
  switch (column.type) {
    case 'lines': {
      const lines = Array.isArray(value) ? value.map(String) : [String(value)];
      const kept = lines.map((line) => line.trim()).filter((line) => line !== '');
      return kept.length > 0 ? kept.join('\n') : null;
    }
    case 'number':
      return typeof value === 'number' ? value : Number(value);
    case 'boolean':
      return Boolean(value);
    case 'text':
    case 'note':
    case 'choice':
    case 'date':
    case 'dateTime': {
      const text = String(value);
      return text === '' ? null : text;
    }
    default: {
      const unhandled: never = column.type;
      return String(unhandled);
    }
  }
}

/** Reads one value from `fields` into the record's shape; undefined for an empty column. */
export function readValue(column: ColumnSpec, value: unknown): unknown {
  if (value === undefined || value === null || value === '') return undefined;
  switch (column.type) {
    case 'lines':
      return typeof value === 'string'
        ? value
            .split(/\r?\n/)
            .map((line) => line.trim())
            .filter((line) => line !== '')
        : value;
    case 'number':
      return typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;
    case 'date':
      return typeof value === 'string' ? readDate(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'text':
    case 'note':
    case 'choice':
    case 'dateTime':
      return value;
    default: {
      const unhandled: never = column.type;
      return unhandled;
    }
  }
}

/**
 * A date-only column's value as yyyy-mm-dd. SharePoint stores a date-only value as midnight in
 * the site's time zone and Graph may return it as that instant in UTC, so an instant is read as
 * the calendar date in UK time (a council's site is in the UK). Text that is not a date is
 * returned unchanged for the schema to reject.
 */
export function readDate(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return value;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? value : ukDateOf(instant);
}

function schemaShape(list: ListName): Record<string, z.ZodType | undefined> {
  return LIST_RECORD_SCHEMAS[list].shape as unknown as Record<string, z.ZodType | undefined>;
}

function columnFor(list: ListName, spec: ListSpec, property: string): ColumnSpec {
  const column = spec.columns.find((candidate) => candidate.property === property);
  if (!column) {
    throw new WaymarkGraphError('invalid-record', `${list} has no column for the property "${property}"; the manifest does not list it.`, {
      list,
      field: property,
    });
  }
  return column;
}

function invalidValue(list: ListName, column: ColumnSpec, error: z.ZodError): WaymarkGraphError {
  const message = error.issues[0]?.message ?? 'is not valid';
  return new WaymarkGraphError('invalid-record', `${list} ${column.name} (${column.property}): ${message}.`, {
    list,
    field: column.name,
    details: message,
  });
}

function invalidRecord(list: ListName, spec: ListSpec, error: z.ZodError, when: 'read' | 'written'): WaymarkGraphError {
  const issue = error.issues[0];
  const property = typeof issue?.path[0] === 'string' ? issue.path[0] : undefined;
  const column = spec.columns.find((candidate) => candidate.property === property);
  const where = column ? `${column.name} (${column.property})` : (property ?? 'record');
  const problems = error.issues.map((item) => `${item.path.join('.') || 'record'}: ${item.message}`).join('; ');
  const doing = when === 'read' ? 'An item read from' : 'A record to write to';
  return new WaymarkGraphError('invalid-record', `${doing} ${list} is not valid: ${where}: ${issue?.message ?? 'invalid'}.`, {
    list,
    field: column?.name ?? property,
    details: problems,
  });
}
