/**
 * Which record type each list holds, and the schema that validates it. The plan's records come
 * from src/domain/records.ts; the reminder ledger's record lives here until the reminders work
 * gives it a home in the domain.
 */
import { z } from 'zod';
import {
  directorateSchema,
  isoDateSchema,
  milestoneSchema,
  milestoneUpdateSchema,
  planSchema,
  projectSchema,
} from '../domain/records.ts';
import type { Directorate, Milestone, MilestoneUpdate, Plan, Project } from '../domain/records.ts';
import type { ListName } from './list-schema.ts';

export const REMINDER_STATES = ['pending', 'sent', 'failed'] as const;
export type ReminderState = (typeof REMINDER_STATES)[number];

/** One reminder sent or being sent; `key` (milestone|kind|due date|recipient) makes a rerun send nothing twice. */
export const reminderLedgerEntrySchema = z.object({
  key: z.string().min(1).max(255),
  milestoneId: z.string().max(255).optional(),
  kind: z.string().max(255).optional(),
  dueDate: isoDateSchema.optional(),
  recipient: z.string().max(255).optional(),
  channel: z.string().max(255).optional(),
  // A row without a state would be read as neither sent nor pending; every writer sets it.
  state: z.enum(REMINDER_STATES),
  attempts: z.number().int().min(0).optional(),
  lastError: z.string().max(10_000).optional(),
  runDate: isoDateSchema.optional(),
  sentAt: z.string().datetime({ offset: true }).optional(),
});
export type ReminderLedgerEntry = z.infer<typeof reminderLedgerEntrySchema>;

/** The record type of each list. */
export interface ListRecords {
  Plans: Plan;
  Directorates: Directorate;
  Projects: Project;
  Milestones: Milestone;
  MilestoneUpdates: MilestoneUpdate;
  ReminderLedger: ReminderLedgerEntry;
}
export type ListRecord<L extends ListName> = ListRecords[L];

/** The record schema of each list, used to validate before writing and after reading. */
export const LIST_RECORD_SCHEMAS = {
  Plans: planSchema,
  Directorates: directorateSchema,
  Projects: projectSchema,
  Milestones: milestoneSchema,
  MilestoneUpdates: milestoneUpdateSchema,
  ReminderLedger: reminderLedgerEntrySchema,
} as const satisfies { [L in ListName]: z.ZodType<ListRecords[L]> };

/** An item as stored: its SharePoint id, its eTag (for If-Match) and its record. */
export interface Stored<T> {
  id: string;
  eTag: string;
  record: T;
  /** lastModifiedDateTime of the item, when Graph returned it. */
  modified?: string;
}
