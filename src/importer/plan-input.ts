/**
 * What the two readers (plan document, spreadsheet) hand to the import planner: projects with
 * their key actions as the source states them, before directorates are resolved and keys made.
 * A field left undefined means "this source says nothing about it", so re-importing keeps what
 * Waymark holds; see `supplied`.
 */
import type { MilestoneStatus, Plan } from '../domain/records.ts';
import type { ImportProblem, ImportWarning } from './import-error.ts';

/** One key action or milestone as read. */
export interface ParsedMilestone {
  /** The action text, verbatim. */
  title: string;
  workstream?: string;
  /** The date exactly as published ('' when the source gives none). */
  publishedDate: string;
  /** 1-based order within its project. */
  sequence: number;
  /** Line of a plan document. */
  line?: number;
  /** Row of a spreadsheet. */
  row?: number;
  deliverable?: string;
  /** An ISO due date that overrides the one derived from publishedDate (spreadsheets only). */
  dueDateOverride?: string;
  ownerUpn?: string;
  ownerName?: string;
  status?: MilestoneStatus;
  commentary?: string;
}

/** One project as read. */
export interface ParsedProject {
  code: string;
  title: string;
  theme?: string;
  priorityArea?: string;
  subArea?: string;
  /** The paragraph(s) between the title and "We will". */
  summary?: string;
  /** Every "We will" bullet, verbatim. */
  commitments?: string[];
  leadAreaAsPublished?: string;
  cabinetMembers?: string[];
  projectLeadUpn?: string;
  projectLeadName?: string;
  /** 1-based order in the source. */
  sortOrder: number;
  line?: number;
  row?: number;
  milestones: ParsedMilestone[];
}

/** Project fields a source can state; those it states are written, the others keep their stored values. */
export type ProjectField = 'title' | 'theme' | 'priorityArea' | 'subArea' | 'summary' | 'commitments' | 'leadAreaAsPublished' | 'cabinetMembers' | 'projectLead' | 'sortOrder';
/** Milestone fields a source can state. */
export type MilestoneField = 'workstream' | 'deliverable' | 'sequence' | 'owner' | 'status' | 'commentary';

/** A whole input, read and checked, ready to plan. */
export interface ParsedPlanInput {
  kind: 'document' | 'spreadsheet';
  /** The file name shown in messages. */
  file: string;
  /** The plan as the source describes it; `name` may be empty when the source does not say. */
  plan: Plan;
  projects: ParsedProject[];
  warnings: ImportWarning[];
  /** Bad rows or sections: the import is refused unless they are skipped. */
  problems: ImportProblem[];
  /** Rows dropped because of problems (with --skip-bad-rows), each with why. */
  skipped: ImportProblem[];
  /** Project codes that lost a row to skipping: pruning leaves their stored milestones alone. */
  codesWithSkippedRows: string[];
  /** True when a skipped row had no readable project code, so nothing may be pruned. */
  skippedUnknownProject: boolean;
  supplied: { project: ReadonlySet<ProjectField>; milestone: ReadonlySet<MilestoneField> };
}

/**
 * The plan year a name such as "2026/27" or "2026-27" stands for: a UK council's financial year,
 * 1 April to 31 March. Undefined when the name does not follow that pattern.
 */
export function planPeriodOf(name: string): { startsOn: string; endsOn: string } | undefined {
  const match = /^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$/.exec(name.trim());
  if (!match) return undefined;
  const start = Number(match[1]);
  const endText = match[2]!;
  const follows = endText.length === 2 ? Number(endText) === (start + 1) % 100 : Number(endText) === start + 1;
  if (!follows) return undefined;
  return { startsOn: `${start}-04-01`, endsOn: `${start + 1}-03-31` };
}

/** Upper-cases and trims a project code so "ec7 " and "EC7" are one project. */
export function normaliseCode(code: string): string {
  return code.trim().toUpperCase();
}
