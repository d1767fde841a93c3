/**
 * The plan's records as Waymark stores them, with the validation schemas that the tab, the
 * service and the importer share. Property names match the `property` of each column in
 * manifest/sharepoint-lists.json, so src/graph maps records to list items without a hand-kept table.
 *
 * Dates are ISO calendar dates ('2026-03-31') with no time and no zone: a milestone is due on a
 * day in the UK, never at an instant.
 */
import { z } from 'zod';

export const MILESTONE_STATUSES = [
  'Not started',
  'On track',
  'At risk',
  'Off track',
  'Complete',
  'Deferred',
  'Cancelled',
] as const;
export const milestoneStatusSchema = z.enum(MILESTONE_STATUSES);
export type MilestoneStatus = z.infer<typeof milestoneStatusSchema>;

export const DATE_PRECISIONS = ['day', 'month', 'range', 'recurring', 'open-ended', 'ongoing', 'none'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

/** ok: a due date was derived; tbc: the plan says the date is to be confirmed; unparsed: Waymark did not understand the text. */
export const DATE_FLAGS = ['ok', 'tbc', 'unparsed'] as const;
export type DateFlag = (typeof DATE_FLAGS)[number];

/** Statuses whose update must say why (a manager's own words, read by directors and scrutiny). */
export const STATUSES_NEEDING_COMMENTARY: readonly MilestoneStatus[] = ['At risk', 'Off track', 'Deferred'];

/**
 * Why a due date moved, as the performance team reports slippage to committee. The value is
 * stored (MilestoneUpdates.ReasonCategory); the label is what people read.
 */
export const DATE_CHANGE_REASONS = [
  { value: 'dependency', label: 'Waiting on another project or decision' },
  { value: 'resources', label: 'Staff or budget not available' },
  { value: 'scope-change', label: 'The scope changed' },
  { value: 'decision-pending', label: 'Awaiting a governance decision (Cabinet, board)' },
  { value: 'external', label: 'External factors (partners, suppliers, government)' },
  { value: 'data-correction', label: 'The date was recorded wrongly' },
  { value: 'other', label: 'Other (explained below)' },
] as const;
export type DateChangeReason = (typeof DATE_CHANGE_REASONS)[number]['value'];

export const UPDATE_SOURCES = ['tab', 'card', 'import', 'api'] as const;
export type UpdateSource = (typeof UPDATE_SOURCES)[number];

/** A calendar date that exists, written yyyy-mm-dd. */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written yyyy-mm-dd')
  .refine((value) => {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, 'is not a date that exists');
export type IsoDate = string;

const upn = z.string().trim().max(255);
const shortText = z.string().trim().max(255);
const longText = z.string().max(10_000);

export const planSchema = z.object({
  name: z.string().trim().min(1).max(64),
  title: shortText.optional(),
  council: shortText.optional(),
  startsOn: isoDateSchema.optional(),
  endsOn: isoDateSchema.optional(),
  sourceFile: shortText.optional(),
  themes: z.array(shortText).default([]),
  /** JSON of the plan's reminder settings (lead times, quiet days, escalation), owned by the reminders rules. */
  reminderSettings: longText.optional(),
});
export type Plan = z.infer<typeof planSchema>;

export const directorateSchema = z.object({
  name: z.string().trim().min(1).max(255),
  code: z.string().trim().min(1).max(32),
  aliases: z.array(shortText).default([]),
  directorUpn: upn.optional(),
  directorName: shortText.optional(),
});
export type Directorate = z.infer<typeof directorateSchema>;

export const projectSchema = z.object({
  key: z.string().min(1).max(255),
  plan: z.string().min(1).max(64),
  code: z.string().trim().min(1).max(32),
  title: z.string().trim().min(1).max(255),
  theme: shortText.optional(),
  priorityArea: shortText.optional(),
  subArea: shortText.optional(),
  summary: longText.optional(),
  commitments: z.array(longText).default([]),
  leadDirectorates: z.array(z.string().min(1).max(32)).default([]),
  leadAreaAsPublished: shortText.optional(),
  cabinetMembers: z.array(shortText).default([]),
  projectLeadUpn: upn.optional(),
  projectLeadName: shortText.optional(),
  sortOrder: z.number().int().optional(),
});
export type Project = z.infer<typeof projectSchema>;

export const milestoneSchema = z.object({
  key: z.string().min(1).max(255),
  plan: z.string().min(1).max(64),
  projectCode: z.string().trim().min(1).max(32),
  directorates: z.array(z.string().min(1).max(32)).default([]),
  workstream: shortText.optional(),
  title: z.string().trim().min(1).max(255),
  deliverable: longText.optional(),
  sequence: z.number().int().optional(),
  publishedDate: shortText.optional(),
  dueDate: isoDateSchema.optional(),
  startDate: isoDateSchema.optional(),
  datePrecision: z.enum(DATE_PRECISIONS).optional(),
  dateFlag: z.enum(DATE_FLAGS).optional(),
  baselineDueDate: isoDateSchema.optional(),
  status: milestoneStatusSchema,
  completedOn: isoDateSchema.optional(),
  latestCommentary: longText.optional(),
  lastUpdatedOn: z.string().datetime({ offset: true }).optional(),
  lastUpdatedByUpn: upn.optional(),
  lastUpdatedByName: shortText.optional(),
  ownerUpn: upn.optional(),
  ownerName: shortText.optional(),
});
export type Milestone = z.infer<typeof milestoneSchema>;

export const milestoneUpdateSchema = z.object({
  summary: z.string().min(1).max(255),
  milestoneId: z.string().min(1),
  milestoneKey: z.string().min(1).max(255),
  plan: z.string().max(64).optional(),
  previousStatus: milestoneStatusSchema.optional(),
  newStatus: milestoneStatusSchema.optional(),
  previousDueDate: isoDateSchema.optional(),
  newDueDate: isoDateSchema.optional(),
  commentary: longText.optional(),
  reasonCategory: shortText.optional(),
  reasonText: longText.optional(),
  completedOn: isoDateSchema.optional(),
  authorUpn: upn,
  authorName: shortText.optional(),
  source: z.enum(UPDATE_SOURCES),
  updatedAt: z.string().datetime({ offset: true }),
});
export type MilestoneUpdate = z.infer<typeof milestoneUpdateSchema>;

export function projectKey(plan: string, code: string): string {
  return `${plan}|${code}`;
}

/**
 * A milestone's identity within its project across re-imports: the title with case and spacing
 * folded, plus its occurrence number when a project repeats the same title.
 */
export function milestoneKey(plan: string, projectCode: string, title: string, occurrence = 1): string {
  const folded = title.toLowerCase().replace(/\s+/g, ' ').trim().replace(/[.;,]+$/, '');
  const base = `${plan}|${projectCode}|${folded}`;
  const key = occurrence > 1 ? `${base}#${occurrence}` : base;
  // SharePoint text columns hold 255 characters; long titles keep a readable prefix and a stable hash.
  return key.length <= 255 ? key : `${key.slice(0, 240)}~${stableHash(key)}`;
}

function stableHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
