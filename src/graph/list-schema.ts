/**
 * The SharePoint data manifest (manifest/sharepoint-lists.json), validated once when loaded and
 * turned into Graph column definitions for provisioning. Nothing else restates the schema: the
 * field mapping and provisioning both read it from here.
 */
import { z } from 'zod';
import manifestJson from '../../manifest/sharepoint-lists.json' with { type: 'json' };

/** The lists Waymark keeps on a site, by their display names. */
export const LIST_NAMES = ['Plans', 'Directorates', 'Projects', 'Milestones', 'MilestoneUpdates', 'ReminderLedger'] as const;
export type ListName = (typeof LIST_NAMES)[number];

export const COLUMN_TYPES = ['text', 'note', 'lines', 'number', 'date', 'dateTime', 'choice', 'boolean'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

// SharePoint cannot index multi-line text columns, so the manifest may not ask for it.
const UNINDEXABLE: readonly ColumnType[] = ['note', 'lines'];

const columnSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'column names are internal names: letters, digits and _ only'),
    property: z.string().min(1),
    type: z.enum(COLUMN_TYPES),
    required: z.boolean().optional(),
    indexed: z.boolean().optional(),
    builtIn: z.boolean().optional(),
    maxLength: z.number().int().min(1).max(255).optional(),
    choices: z.array(z.string().min(1)).min(1).optional(),
    description: z.string().optional(),
    $comment: z.string().optional(),
  })
  .superRefine((column, context) => {
    if (column.type === 'choice' && !column.choices) {
      context.addIssue({ code: 'custom', message: `choice column ${column.name} lists no choices` });
    }
    if (column.indexed && UNINDEXABLE.includes(column.type)) {
      context.addIssue({ code: 'custom', message: `column ${column.name} is multi-line text, which SharePoint cannot index` });
    }
  });
export type ColumnSpec = z.infer<typeof columnSchema>;

const listSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    columns: z.array(columnSchema).min(1),
  })
  .superRefine((list, context) => {
    for (const key of ['name', 'property'] as const) {
      const seen = new Set<string>();
      for (const column of list.columns) {
        if (seen.has(column[key])) context.addIssue({ code: 'custom', message: `list ${list.name} has two columns with ${key} "${column[key]}"` });
        seen.add(column[key]);
      }
    }
  });
export type ListSpec = z.infer<typeof listSchema>;

const manifestSchema = z.object({
  $comment: z.string().optional(),
  schemaVersion: z.number().int().min(1),
  lists: z.array(listSchema).min(1),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** A manifest that does not describe usable lists; the message names what is wrong. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

/** Validates a manifest (the repository's file, or an older or test variant for provisioning). */
export function parseManifest(json: unknown): Manifest {
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `- ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new ManifestError(`The SharePoint list manifest is not valid:\n${problems}`);
  }
  return parsed.data;
}

/**
 * Set to true by the tab's build, which has checked the manifest it bundles (vite.config.ts,
 * checkedListManifest); undefined everywhere else.
 */
declare const __WAYMARK_MANIFEST_CHECKED__: boolean | undefined;

/**
 * The manifest the app runs on, checked to hold every list Waymark needs: here, as the module
 * loads, in Node (the service, the CLI, the tests), and by the build for the tab, which bundles
 * the file and so cannot meet another. The browser does not check it again: on a cold open the
 * check ran while the token was on its way and held back the handling of it (cold opens, 10 each
 * alternating: median 656 ms with the check, 592 ms without).
 */
export const manifest: Manifest =
  typeof __WAYMARK_MANIFEST_CHECKED__ !== 'undefined' && __WAYMARK_MANIFEST_CHECKED__ ? (manifestJson as Manifest) : checkAppManifest(manifestJson);

/** Validates the app's own manifest, which must also hold every list Waymark needs. */
function checkAppManifest(json: unknown): Manifest {
  const parsed = parseManifest(json);
  const missing = LIST_NAMES.filter((name) => !parsed.lists.some((list) => list.name === name));
  if (missing.length > 0) throw new ManifestError(`The SharePoint list manifest lacks the lists ${missing.join(', ')}.`);
  return parsed;
}

/** The manifest entry of one of Waymark's lists. */
export function listSpec(name: ListName, from: Manifest = manifest): ListSpec {
  const spec = from.lists.find((list) => list.name === name);
  if (!spec) throw new ManifestError(`The SharePoint list manifest has no list ${name}.`);
  return spec;
}

/** The column names to ask Graph for when reading a list (`expand=fields(select=…)`). */
export function selectedColumns(spec: ListSpec): string[] {
  return spec.columns.map((column) => column.name);
}

/** The indexed columns of a list, which are the only ones safe to filter or sort on. */
export function indexedColumns(spec: ListSpec): string[] {
  return spec.columns.filter((column) => column.indexed).map((column) => column.name);
}

/** A Graph columnDefinition as sent to `POST …/lists` and `POST …/columns`. */
export interface GraphColumnDefinition {
  name: string;
  displayName?: string;
  description?: string;
  indexed?: boolean;
  required?: boolean;
  text?: { allowMultipleLines: boolean; maxLength?: number };
  number?: Record<string, never>;
  dateTime?: { format: 'dateOnly' | 'dateTime' };
  choice?: { choices: string[] };
  boolean?: Record<string, never>;
}

/** The Graph definition of one manifest column. */
export function toGraphColumn(column: ColumnSpec): GraphColumnDefinition {
  const definition: GraphColumnDefinition = { name: column.name, displayName: column.name };
  if (column.description) definition.description = column.description;
  if (column.indexed) definition.indexed = true;
  if (column.required) definition.required = true;
  switch (column.type) {
    case 'text':
      definition.text = { allowMultipleLines: false, maxLength: column.maxLength ?? 255 };
      break;
    case 'note':
    case 'lines':
      definition.text = { allowMultipleLines: true };
      break;
    case 'number':
      definition.number = {};
      break;
    case 'date':
      definition.dateTime = { format: 'dateOnly' };
      break;
    case 'dateTime':
      definition.dateTime = { format: 'dateTime' };
      break;
    case 'choice':
      definition.choice = { choices: [...(column.choices ?? [])] };
      break;
    case 'boolean':
      definition.boolean = {};
      break;
    default: {
      const unhandled: never = column.type;
      throw new ManifestError(`Unknown column type ${String(unhandled)}`);
    }
  }
  return definition;
}

/** The columns provisioning creates for a list: all but SharePoint's built-in ones (Title). */
export function columnsToCreate(spec: ListSpec): GraphColumnDefinition[] {
  return spec.columns.filter((column) => !column.builtIn).map(toGraphColumn);
}

/** The Graph facet a column type is stored as, to notice a column of the same name but another kind. */
export function graphFacet(type: ColumnType): 'text' | 'number' | 'dateTime' | 'choice' | 'boolean' {
  switch (type) {
    case 'text':
    case 'note':
    case 'lines':
      return 'text';
    case 'number':
      return 'number';
    case 'date':
    case 'dateTime':
      return 'dateTime';
    case 'choice':
      return 'choice';
    case 'boolean':
      return 'boolean';
    default: {
      const unhandled: never = type;
      throw new ManifestError(`Unknown column type ${String(unhandled)}`);
    }
  }
}
