/**
 * A person's update to a milestone: the rules its body must meet (each problem naming its field),
 * and what it does: the milestone's changed columns and the MilestoneUpdates history row, written
 * together so the record and its history never disagree. Pure: "today" and "now" are passed in.
 */
import { z } from 'zod';
import { DATE_CHANGE_REASONS, MILESTONE_STATUSES, STATUSES_NEEDING_COMMENTARY, UPDATE_SOURCES, isoDateSchema } from './records.ts';
import type { DateChangeReason, Milestone, MilestoneStatus, MilestoneUpdate, UpdateSource } from './records.ts';

/** Longest commentary, in characters (docs/api.md). */
export const MAX_COMMENTARY = 2_000;
/** Longest explanation of a revised due date, in characters. */
export const MAX_REASON_TEXT = 1_000;
/** Revised dates outside these years are typing mistakes, not plans. */
const EARLIEST_YEAR = 2000;
const LATEST_YEAR = 2100;

const REASON_VALUES = DATE_CHANGE_REASONS.map((reason) => reason.value) as [DateChangeReason, ...DateChangeReason[]];

const dateInRange = isoDateSchema.refine((value) => {
  const year = Number(value.slice(0, 4));
  return year >= EARLIEST_YEAR && year <= LATEST_YEAR;
}, `must be between ${EARLIEST_YEAR} and ${LATEST_YEAR}`);

const updateBodySchema = z.strictObject({
  status: z.enum(MILESTONE_STATUSES, { error: `is required and must be one of ${MILESTONE_STATUSES.join(', ')}` }),
  commentary: z.string({ error: 'must be text' }).max(MAX_COMMENTARY, `must be at most ${MAX_COMMENTARY.toLocaleString('en-GB')} characters`).optional(),
  dueDate: dateInRange.optional(),
  reason: z
    .strictObject({
      category: z.enum(REASON_VALUES, { error: `must be one of ${REASON_VALUES.join(', ')}` }),
      text: z
        .string({ error: 'is required: say why the date moved' })
        .trim()
        .min(1, 'is required: say why the date moved')
        .max(MAX_REASON_TEXT, `must be at most ${MAX_REASON_TEXT.toLocaleString('en-GB')} characters`),
    })
    .optional(),
  completedOn: isoDateSchema.optional(),
  source: z.enum(UPDATE_SOURCES, { error: `must be one of ${UPDATE_SOURCES.join(', ')}` }).optional(),
});

/** An update that passed validation. */
export type MilestoneUpdateRequest = z.infer<typeof updateBodySchema>;

/** One thing wrong with an update, naming its field (`status`, `reason.text`, …). */
export interface FieldProblem {
  field: string;
  message: string;
}

export type UpdateValidation = { ok: true; update: MilestoneUpdateRequest } | { ok: false; problems: FieldProblem[] };

/** Checks an update body as received; `today` is the UK date (a completion cannot be in the future). */
export function validateMilestoneUpdate(body: unknown, today: string): UpdateValidation {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, problems: [{ field: 'body', message: 'The update must be a JSON object with at least a status.' }] };
  }
  const parsed = updateBodySchema.safeParse(body);
  const problems: FieldProblem[] = parsed.success
    ? []
    : parsed.error.issues.flatMap((issue) => {
        if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: [...issue.path, key].join('.'), message: `${[...issue.path, key].join('.')} is not a field of an update.` }));
        const field = issue.path.length > 0 ? issue.path.map(String).join('.') : 'body';
        return [{ field, message: `${field} ${issue.message}` }];
      });
  const raw = body as Record<string, unknown>;
  const status = typeof raw.status === 'string' ? raw.status : undefined;
  const commentary = typeof raw.commentary === 'string' ? raw.commentary.trim() : '';
  const has = (field: string) => raw[field] !== undefined && raw[field] !== null;
  const add = (field: string, message: string) => {
    if (!problems.some((problem) => problem.field === field)) problems.push({ field, message });
  };
  if (status && STATUSES_NEEDING_COMMENTARY.includes(status as MilestoneStatus) && commentary === '') {
    add('commentary', `commentary is required when the status is ${status}: say what is wrong and what is being done.`);
  }
  if (has('dueDate') && !has('reason')) add('reason', 'reason is required when the due date changes: give a category and say why.');
  if (has('reason') && !has('dueDate')) add('reason', 'reason is only for a revised due date; send dueDate with it, or leave reason out.');
  if (has('completedOn')) {
    if (status !== 'Complete') add('completedOn', 'completedOn is only for status Complete.');
    else if (typeof raw.completedOn === 'string' && raw.completedOn > today && isoDateSchema.safeParse(raw.completedOn).success) {
      add('completedOn', `completedOn cannot be in the future (today is ${today}).`);
    }
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  const update = { ...parsed.data };
  if (update.commentary !== undefined) update.commentary = update.commentary.trim() || undefined;
  if (update.commentary === undefined) delete update.commentary;
  return { ok: true, update };
}

/** Who made an update. */
export interface UpdateAuthor {
  upn: string;
  name?: string;
}

/** What applying an update writes: the milestone's changed columns (undefined clears one) and the history row. */
export interface PlannedUpdate {
  patch: Partial<Milestone>;
  history: MilestoneUpdate;
}

/** When the update is made: the instant (ISO, UTC) and the UK date. */
export interface UpdateTime {
  now: string;
  today: string;
}

/**
 * Turns a valid update of the milestone as it is now into what to write. The first change of a
 * due date keeps the original as baselineDueDate (a milestone with no date yet takes its first
 * date as the baseline); completedOn is today unless given, and is cleared when a milestone is reopened.
 */
export function planMilestoneUpdate(
  current: { id: string; record: Milestone },
  update: MilestoneUpdateRequest,
  author: UpdateAuthor,
  time: UpdateTime,
  source: UpdateSource,
): PlannedUpdate {
  const before = current.record;
  const patch: Partial<Milestone> = {
    status: update.status,
    lastUpdatedOn: time.now,
    lastUpdatedByUpn: author.upn,
    ...(author.name ? { lastUpdatedByName: author.name } : {}),
  };
  if (update.commentary !== undefined) patch.latestCommentary = update.commentary;
  const movesDate = update.dueDate !== undefined && update.dueDate !== before.dueDate;
  if (movesDate) {
    patch.dueDate = update.dueDate;
    // A revised date is a day: whatever the published text was ("Spring 2027", "TBC"), it is now exact.
    patch.datePrecision = 'day';
    patch.dateFlag = 'ok';
    if (before.baselineDueDate === undefined) patch.baselineDueDate = before.dueDate ?? update.dueDate;
  }
  let completedOn: string | undefined;
  if (update.status === 'Complete') {
    completedOn = update.completedOn ?? before.completedOn ?? time.today;
    patch.completedOn = completedOn;
  } else if (before.completedOn !== undefined) {
    patch.completedOn = undefined;
  }
  const newDueDate = movesDate ? update.dueDate : before.dueDate;
  const history: MilestoneUpdate = {
    summary: summarise(before, update.status, newDueDate, update.commentary),
    milestoneId: current.id,
    milestoneKey: before.key,
    plan: before.plan,
    previousStatus: before.status,
    newStatus: update.status,
    ...(before.dueDate !== undefined ? { previousDueDate: before.dueDate } : {}),
    ...(newDueDate !== undefined ? { newDueDate } : {}),
    ...(update.commentary !== undefined ? { commentary: update.commentary } : {}),
    ...(movesDate && update.reason ? { reasonCategory: update.reason.category, reasonText: update.reason.text } : {}),
    ...(completedOn !== undefined ? { completedOn } : {}),
    authorUpn: author.upn,
    ...(author.name ? { authorName: author.name } : {}),
    source,
    updatedAt: time.now,
  };
  return { patch, history };
}

// The history row's title, as a list view of MilestoneUpdates shows it: what changed, in a few words.
function summarise(before: Milestone, status: MilestoneStatus, dueDate: string | undefined, commentary: string | undefined): string {
  const parts: string[] = [];
  parts.push(before.status === status ? `Status ${status} (unchanged)` : `Status ${before.status} → ${status}`);
  if (dueDate !== before.dueDate) parts.push(`due ${before.dueDate ?? 'none'} → ${dueDate ?? 'none'}`);
  if (parts.length === 1 && before.status === status && commentary) parts[0] = `Commentary (status ${status})`;
  return `${before.projectCode}: ${parts.join('; ')}`.slice(0, 255);
}
