/**
 * One import from start to end, for the CLI and end-to-end tests: read and check the file, load
 * the stored plan, plan the changes, and (unless it is a dry run) write them through the store.
 * Nothing is written before every check has passed.
 */
import { basename } from 'node:path';
import { ImportError } from './import-error.ts';
import type { ImportProblem } from './import-error.ts';
import { acceptInput, planImport } from './import-plan.ts';
import type { ImportChangeSet } from './import-plan.ts';
import { parsePlanDocument } from './plan-document.ts';
import { planPeriodOf } from './plan-input.ts';
import type { ParsedPlanInput } from './plan-input.ts';
import type { ApplyProgress, PlanStore } from './plan-store.ts';
import { decodeText, inputKindOf, readInputBytes } from './read-input.ts';
import { readSpreadsheet } from './spreadsheet.ts';

export interface RunImportOptions {
  /** --plan: the plan to import into. */
  planName?: string;
  /** The configured plan (WAYMARK_PLAN), used when neither --plan nor the file names one. */
  defaultPlan: string;
  dryRun?: boolean;
  prune?: boolean;
  skipBadRows?: boolean;
  /** The current instant (ISO), from the caller's clock. */
  now: string;
  author?: { upn: string; name?: string };
  onProgress?: (progress: ApplyProgress) => void;
}

export interface ImportOutcome {
  changeSet: ImportChangeSet;
  /** False for a dry run. */
  applied: boolean;
  written: number;
}

/** Reads a plan document (.txt) or spreadsheet (.xlsx, .csv) into the planner's input. */
export async function readImportInput(path: string, options: { planName?: string; defaultPlan: string }): Promise<ParsedPlanInput> {
  const kind = inputKindOf(path);
  let input: ParsedPlanInput;
  if (kind === 'document') {
    const file = basename(path);
    const text = decodeText(await readInputBytes(path), file);
    input = parsePlanDocument(text, { planName: options.planName ?? options.defaultPlan, sourceFile: file });
  } else {
    input = await readSpreadsheet(path, options.planName ? { planName: options.planName } : {});
  }
  if (input.plan.name === '') {
    input = { ...input, plan: { ...input.plan, name: options.defaultPlan, ...(planPeriodOf(options.defaultPlan) ?? {}) } };
  }
  return input;
}

/** Imports one file into the store; throws ImportError when the file is refused or writing fails. */
export async function runImport(path: string, store: PlanStore, options: RunImportOptions): Promise<ImportOutcome> {
  const input = acceptInput(await readImportInput(path, options), { skipBadRows: options.skipBadRows });
  const existing = await store.load(input.plan.name);
  const changeSet = planImport(input, existing, {
    prune: options.prune,
    now: options.now,
    ...(options.author ? { author: options.author } : {}),
  });
  if (options.dryRun || changeSet.writes.length === 0) return { changeSet, applied: !options.dryRun, written: 0 };
  const result = await store.apply(changeSet.writes, options.onProgress);
  if (result.failures.length > 0) {
    const problems: ImportProblem[] = result.failures.map((failure) => ({ file: input.file, message: `${describeWrite(failure.write)}: ${failure.message}` }));
    throw new ImportError(
      'write-failed',
      `${result.written} of ${changeSet.writes.length} changes were written before ${result.failures.length} failed. Run the same import again to complete it; nothing will be written twice.`,
      problems,
    );
  }
  return { changeSet, applied: true, written: result.written };
}

function describeWrite(write: ImportChangeSet['writes'][number]): string {
  if (write.kind === 'create') {
    const record = write.record as { key?: string; name?: string; summary?: string };
    return `creating ${write.list} ${record.key ?? record.name ?? record.summary ?? ''}`.trim();
  }
  return `${write.kind === 'update' ? 'updating' : 'removing'} ${write.list} item ${write.itemId}`;
}
