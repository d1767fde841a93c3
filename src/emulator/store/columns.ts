/**
 * Column definitions: SharePoint's built-in columns of a generic list, the checks a new column or
 * a column update must pass (all before anything changes), and the columnDefinition JSON Graph
 * returns.
 */
import { randomUUID } from 'node:crypto';
import { graphErrors } from '../errors/graph-error-factory.ts';
import type { ColumnRecord, ColumnType, ListRecord } from './state.ts';

/** SharePoint allows at most 20 indexed columns on a list. */
export const MAX_INDEXES = 20;
/** The longest single line of text SharePoint stores. */
export const MAX_SINGLE_LINE = 255;
/** The longest multi-line text the emulator accepts (SharePoint's plain-text note limit). */
export const MAX_MULTI_LINE = 63_999;

const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SUPPORTED_FACETS: readonly ColumnType[] = ['text', 'number', 'dateTime', 'choice', 'boolean'];
const UNSUPPORTED_FACETS = [
  'calculated',
  'contentApprovalStatus',
  'currency',
  'geolocation',
  'hyperlinkOrPicture',
  'lookup',
  'personOrGroup',
  'sourceContentType',
  'term',
  'thumbnail',
  'defaultValue',
  'validation',
] as const;
const GENERAL_PROPERTIES = ['name', 'displayName', 'description', 'indexed', 'required', 'hidden', 'enforceUniqueValues', 'columnGroup', 'readOnly', 'id', 'isDeletable', 'isReorderable', 'isSealed', 'propagateChanges'] as const;

/** The columns every new generic list starts with. */
export function builtInColumns(): ColumnRecord[] {
  const base = { description: '', columnGroup: 'Base Columns', hidden: false, enforceUniqueValues: false, builtIn: true } as const;
  return [
    { ...base, id: randomUUID(), name: 'Title', displayName: 'Title', columnGroup: 'Custom Columns', type: 'text', indexed: false, required: true, readOnly: false, text: { allowMultipleLines: false, maxLength: MAX_SINGLE_LINE } },
    { ...base, id: randomUUID(), name: 'ID', displayName: 'ID', type: 'number', indexed: true, required: false, readOnly: true, number: { decimalPlaces: 'none' } },
    { ...base, id: randomUUID(), name: 'Created', displayName: 'Created', type: 'dateTime', indexed: false, required: false, readOnly: true, dateTime: { format: 'dateTime', displayAs: 'default' } },
    { ...base, id: randomUUID(), name: 'Modified', displayName: 'Modified', type: 'dateTime', indexed: false, required: false, readOnly: true, dateTime: { format: 'dateTime', displayAs: 'default' } },
  ];
}

/** Finds a column by id, internal name or display name (the ways Graph addresses one). */
export function findColumn(list: ListRecord, key: string): ColumnRecord | undefined {
  const lower = key.toLowerCase();
  return (
    list.columns.find((column) => column.id.toLowerCase() === lower) ??
    list.columns.find((column) => column.name === key) ??
    list.columns.find((column) => column.displayName.toLowerCase() === lower)
  );
}

/**
 * A new column from a columnDefinition body, checked against the list's existing columns (and
 * the other columns of the same request). Throws a GraphHttpError naming the problem.
 */
export function columnFromDefinition(input: unknown, existing: readonly ColumnRecord[]): ColumnRecord {
  const body = asObject(input, 'columnDefinition');
  for (const key of Object.keys(body)) {
    if (key.startsWith('@odata.')) continue;
    if ((UNSUPPORTED_FACETS as readonly string[]).includes(key)) throw graphErrors.notSupported(`The emulator does not support '${key}' on columns.`);
    if (!(GENERAL_PROPERTIES as readonly string[]).includes(key) && !(SUPPORTED_FACETS as readonly string[]).includes(key)) {
      throw graphErrors.unknownProperty(key, 'microsoft.graph.columnDefinition');
    }
  }
  const name = body.name;
  if (typeof name !== 'string' || name === '') throw graphErrors.invalidRequest("A column needs a 'name'.");
  if (!COLUMN_NAME.test(name) || name.length > 255) {
    throw graphErrors.invalidRequest(`The column name '${name}' is not valid: use letters, digits and _ , starting with a letter or _.`);
  }
  const clash = existing.find((column) => column.name.toLowerCase() === name.toLowerCase() || column.displayName.toLowerCase() === name.toLowerCase());
  if (clash || name.toLowerCase() === 'id') throw graphErrors.nameAlreadyExists(`A duplicate field name "${name}" was found.`);
  const displayName = optionalString(body, 'displayName') ?? name;
  if (displayName !== name && existing.some((column) => column.displayName.toLowerCase() === displayName.toLowerCase())) {
    throw graphErrors.nameAlreadyExists(`A duplicate field name "${displayName}" was found.`);
  }
  const facets = SUPPORTED_FACETS.filter((facet) => body[facet] !== undefined && body[facet] !== null);
  if (facets.length > 1) throw graphErrors.invalidRequest(`A column has one type; '${name}' names ${facets.join(' and ')}.`);
  const type: ColumnType = facets[0] ?? 'text';
  const column: ColumnRecord = {
    id: randomUUID(),
    name,
    displayName,
    description: optionalString(body, 'description') ?? '',
    columnGroup: optionalString(body, 'columnGroup') ?? 'Custom Columns',
    type,
    indexed: optionalBoolean(body, 'indexed') ?? false,
    required: optionalBoolean(body, 'required') ?? false,
    hidden: optionalBoolean(body, 'hidden') ?? false,
    readOnly: false,
    enforceUniqueValues: optionalBoolean(body, 'enforceUniqueValues') ?? false,
    builtIn: false,
  };
  applyFacet(column, body[type], name);
  checkColumn(column, existing);
  return column;
}

/** The column as it would be after a PATCH with this body; the stored column is not touched. */
export function columnAfterUpdate(column: ColumnRecord, input: unknown, others: readonly ColumnRecord[]): ColumnRecord {
  const body = asObject(input, 'columnDefinition');
  const updated: ColumnRecord = structuredClone(column);
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('@odata.')) continue;
    switch (key) {
      case 'indexed':
      case 'required':
      case 'hidden':
      case 'enforceUniqueValues':
        if (typeof value !== 'boolean') throw graphErrors.invalidRequest(`'${key}' must be true or false.`);
        if (column.readOnly && key !== 'indexed' && key !== 'hidden') throw graphErrors.invalidRequest(`The built-in column '${column.name}' cannot be changed that way.`);
        updated[key] = value;
        break;
      case 'displayName':
      case 'description':
        if (typeof value !== 'string') throw graphErrors.invalidRequest(`'${key}' must be a string.`);
        if (column.readOnly) throw graphErrors.invalidRequest(`The built-in column '${column.name}' cannot be changed that way.`);
        updated[key] = value;
        break;
      case 'name':
      case 'id':
        if (value !== column[key]) throw graphErrors.invalidRequest(`A column's ${key} cannot be changed.`);
        break;
      case 'columnGroup':
        if (typeof value !== 'string') throw graphErrors.invalidRequest("'columnGroup' must be a string.");
        updated.columnGroup = value;
        break;
      default:
        if ((SUPPORTED_FACETS as readonly string[]).includes(key)) {
          if (key !== column.type) throw graphErrors.invalidRequest(`The column '${column.name}' is a ${column.type} column; its type cannot be changed to ${key}.`);
          if (column.readOnly) throw graphErrors.invalidRequest(`The built-in column '${column.name}' cannot be changed that way.`);
          applyFacet(updated, value, column.name, column);
        } else if ((UNSUPPORTED_FACETS as readonly string[]).includes(key)) {
          throw graphErrors.notSupported(`The emulator does not support '${key}' on columns.`);
        } else if (!(GENERAL_PROPERTIES as readonly string[]).includes(key)) {
          throw graphErrors.unknownProperty(key, 'microsoft.graph.columnDefinition');
        }
    }
  }
  if (updated.displayName.toLowerCase() !== column.displayName.toLowerCase() && others.some((other) => other.id !== column.id && other.displayName.toLowerCase() === updated.displayName.toLowerCase())) {
    throw graphErrors.nameAlreadyExists(`A duplicate field name "${updated.displayName}" was found.`);
  }
  checkColumn(updated, others.filter((other) => other.id !== column.id));
  return updated;
}

function checkColumn(column: ColumnRecord, others: readonly ColumnRecord[]): void {
  if (column.indexed && column.type === 'text' && column.text?.allowMultipleLines) {
    throw graphErrors.invalidRequest(`The column '${column.name}' holds multiple lines of text, which SharePoint cannot index.`);
  }
  if (column.enforceUniqueValues && !column.indexed) {
    throw graphErrors.invalidRequest(`The column '${column.name}' must be indexed to enforce unique values.`);
  }
  if (column.indexed && !column.readOnly && others.filter((other) => other.indexed && !other.readOnly).length + 1 > MAX_INDEXES) {
    throw graphErrors.invalidRequest(`A list can have at most ${MAX_INDEXES} indexed columns.`);
  }
}

function applyFacet(column: ColumnRecord, raw: unknown, name: string, previous?: ColumnRecord): void {
  const facet = raw === undefined || raw === null ? {} : asObject(raw, column.type);
  switch (column.type) {
    case 'text': {
      const allowMultipleLines = optionalBoolean(facet, 'allowMultipleLines') ?? previous?.text?.allowMultipleLines ?? false;
      const limit = allowMultipleLines ? MAX_MULTI_LINE : MAX_SINGLE_LINE;
      const maxLength = optionalNumber(facet, 'maxLength') ?? (allowMultipleLines ? MAX_MULTI_LINE : (previous?.text?.maxLength ?? MAX_SINGLE_LINE));
      if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > limit) throw graphErrors.invalidRequest(`The maxLength of '${name}' must be a whole number from 1 to ${limit}.`);
      column.text = { allowMultipleLines, maxLength };
      return;
    }
    case 'number': {
      const minimum = optionalNumber(facet, 'minimum') ?? previous?.number?.minimum;
      const maximum = optionalNumber(facet, 'maximum') ?? previous?.number?.maximum;
      if (minimum !== undefined && maximum !== undefined && minimum > maximum) throw graphErrors.invalidRequest(`The minimum of '${name}' is above its maximum.`);
      column.number = { decimalPlaces: optionalString(facet, 'decimalPlaces') ?? previous?.number?.decimalPlaces ?? 'automatic' };
      if (minimum !== undefined) column.number.minimum = minimum;
      if (maximum !== undefined) column.number.maximum = maximum;
      return;
    }
    case 'dateTime': {
      const format = optionalString(facet, 'format') ?? previous?.dateTime?.format ?? 'dateTime';
      if (format !== 'dateOnly' && format !== 'dateTime') throw graphErrors.invalidRequest(`The format of '${name}' must be 'dateOnly' or 'dateTime'.`);
      column.dateTime = { format, displayAs: optionalString(facet, 'displayAs') ?? previous?.dateTime?.displayAs ?? 'default' };
      return;
    }
    case 'choice': {
      const choices = facet.choices ?? previous?.choice?.choices;
      if (!Array.isArray(choices) || choices.length === 0 || choices.some((choice) => typeof choice !== 'string' || choice === '')) {
        throw graphErrors.invalidRequest(`The choice column '${name}' needs 'choices': a list of non-empty strings.`);
      }
      if (new Set(choices).size !== choices.length) throw graphErrors.invalidRequest(`The choice column '${name}' lists a choice twice.`);
      column.choice = {
        choices: [...(choices as string[])],
        allowTextEntry: optionalBoolean(facet, 'allowTextEntry') ?? previous?.choice?.allowTextEntry ?? false,
        displayAs: optionalString(facet, 'displayAs') ?? previous?.choice?.displayAs ?? 'dropDownMenu',
      };
      return;
    }
    case 'boolean':
      column.boolean = {};
      return;
    default: {
      const unhandled: never = column.type;
      throw graphErrors.internal(`unknown column type ${String(unhandled)}`);
    }
  }
}

/** The columnDefinition JSON Graph returns for a column. */
export function columnResource(column: ColumnRecord): Record<string, unknown> {
  const resource: Record<string, unknown> = {
    columnGroup: column.columnGroup,
    description: column.description,
    displayName: column.displayName,
    enforceUniqueValues: column.enforceUniqueValues,
    hidden: column.hidden,
    id: column.id,
    indexed: column.indexed,
    name: column.name,
    readOnly: column.readOnly,
    required: column.required,
  };
  switch (column.type) {
    case 'text':
      resource.text = {
        allowMultipleLines: column.text?.allowMultipleLines ?? false,
        appendChangesToExistingText: false,
        linesForEditing: column.text?.allowMultipleLines ? 6 : 0,
        maxLength: column.text?.maxLength ?? MAX_SINGLE_LINE,
      };
      break;
    case 'number':
      resource.number = { decimalPlaces: column.number?.decimalPlaces ?? 'automatic', displayAs: 'number', maximum: column.number?.maximum ?? 1.7976931348623157e308, minimum: column.number?.minimum ?? -1.7976931348623157e308 };
      break;
    case 'dateTime':
      resource.dateTime = { displayAs: column.dateTime?.displayAs ?? 'default', format: column.dateTime?.format ?? 'dateTime' };
      break;
    case 'choice':
      resource.choice = { allowTextEntry: column.choice?.allowTextEntry ?? false, choices: [...(column.choice?.choices ?? [])], displayAs: column.choice?.displayAs ?? 'dropDownMenu' };
      break;
    case 'boolean':
      resource.boolean = {};
      break;
    default: {
      const unhandled: never = column.type;
      throw graphErrors.internal(`unknown column type ${String(unhandled)}`);
    }
  }
  return resource;
}

/** A JSON object body, or a 400 naming what was expected. */
export function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw graphErrors.invalidRequest(`Expected a JSON object for ${what}.`);
  return value as Record<string, unknown>;
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw graphErrors.invalidRequest(`'${key}' must be a string.`);
  return value;
}

function optionalBoolean(body: Record<string, unknown>, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw graphErrors.invalidRequest(`'${key}' must be true or false.`);
  return value;
}

function optionalNumber(body: Record<string, unknown>, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw graphErrors.invalidRequest(`'${key}' must be a number.`);
  return value;
}

