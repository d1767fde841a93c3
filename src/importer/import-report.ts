/**
 * What `waymark import` and `waymark check` print: a summary a person reads in a terminal, or
 * JSON for scripts. Pure text building; the CLI writes it out.
 */
import type { DataQualityIssue, DataQualitySeverity } from '../domain/data-quality.ts';
import { describeLocation } from './import-error.ts';
import type { ImportError, ImportProblem, SourceLocation } from './import-error.ts';
import type { FieldChange, ImportChangeSet, RecordChange } from './import-plan.ts';

const LISTED_PER_SEVERITY = 20;

/** The human summary of an import or dry run. */
export function formatImportReport(changeSet: ImportChangeSet, options: { dryRun: boolean; written?: number }): string {
  const out: string[] = [];
  const { counts } = changeSet;
  out.push(`${options.dryRun ? 'Dry run: nothing was written.' : `Imported ${changeSet.file} into plan ${changeSet.planName} (${options.written ?? 0} changes written).`}`);
  out.push(`Plan ${changeSet.planName}: ${changeSet.plan.kind === 'add' ? 'new' : changeSet.plan.kind === 'change' ? `changed (${changeSet.plan.changes.map((c) => c.field).join(', ')})` : 'unchanged'}`);
  out.push(`  Projects:     ${countLine(counts.projects, options.dryRun, changeSet.pruned)}`);
  out.push(`  Milestones:   ${countLine(counts.milestones, options.dryRun, changeSet.pruned)}`);
  const directorates = changeSet.newDirectorates;
  out.push(
    `  Directorates: ${directorates.length === 0 ? 'no new directorates' : `${directorates.length} new${options.dryRun ? ' (created when you import without --dry-run)' : ''}: ${directorates.map((d) => `${d.name} (${d.code})`).join(', ')}`}`,
  );

  const changed = [...changeSet.projects, ...changeSet.milestones].filter((change) => change.kind === 'change');
  if (changed.length > 0) {
    out.push('', `Changes (${changed.length}):`);
    for (const change of changed) out.push(`  ~ ${label(change)}: ${change.changes.map(describeChange).join('; ')}`);
  }
  const removals = [...changeSet.projects, ...changeSet.milestones].filter((change) => change.kind === 'remove');
  if (removals.length > 0) {
    out.push('', changeSet.pruned ? `Removed or kept (${removals.length}):` : `Would be removed with --prune (${removals.length}):`);
    for (const change of removals) out.push(`  - ${label(change)}${change.removal === 'duplicate' ? ' (a second stored copy)' : ''}`);
  }
  if (changeSet.warnings.length > 0) {
    out.push('', `Warnings (${changeSet.warnings.length}):`);
    for (const warning of changeSet.warnings) out.push(`  ${describeLocation(warning.location)}: ${warning.message}`);
  }
  if (changeSet.skipped.length > 0) {
    out.push('', `Skipped (${changeSet.skipped.length}):`);
    for (const problem of changeSet.skipped) out.push(`  ${describeProblem(problem)}`);
  }
  out.push('', ...formatDataQuality(changeSet.dataQuality, { limit: LISTED_PER_SEVERITY, planName: changeSet.planName }));
  return `${out.join('\n')}\n`;
}

function countLine(counts: ImportChangeSet['counts']['projects'], dryRun: boolean, pruned: boolean): string {
  const parts = [`${counts.added} ${dryRun ? 'to add' : 'added'}`, `${counts.changed} ${dryRun ? 'to change' : 'changed'}`, `${counts.unchanged} unchanged`];
  if (pruned || counts.removed > 0) parts.push(`${counts.removed} ${dryRun ? 'to remove' : 'removed'}`);
  if (counts.wouldBeRemoved > 0) parts.push(`${counts.wouldBeRemoved} would be removed with --prune`);
  return parts.join(', ');
}

function label(change: RecordChange): string {
  const title = change.title.length > 70 ? `${change.title.slice(0, 69)}…` : change.title;
  return change.key.split('|').length > 2 ? `${change.projectCode} milestone "${title}"` : `${change.projectCode} "${title}"`;
}

function describeChange(change: FieldChange): string {
  return `${change.field} ${show(change.from)} → ${show(change.to)}`;
}

function show(value: unknown): string {
  if (value === undefined) return '(empty)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `"${text.length > 50 ? `${text.slice(0, 49)}…` : text}"`;
}

/** A problem with its place: "plan.xlsx, row 4, column Status (P): …". */
export function describeProblem(problem: ImportProblem): string {
  return `${describeLocation(problem)}: ${problem.message}`;
}

/** The message of a refused import: the reason and every problem, one per line. */
export function formatImportError(error: ImportError): string {
  const lines = [error.message];
  for (const problem of error.problems) lines.push(`  ${describeProblem(problem)}`);
  return lines.join('\n');
}

/** The data-quality report: errors and warnings listed (up to `limit` each), information counted by kind. */
export function formatDataQuality(issues: readonly DataQualityIssue[], options: { limit?: number; planName: string }): string[] {
  const out: string[] = [];
  const by = (severity: DataQualitySeverity) => issues.filter((issue) => issue.severity === severity);
  const errors = by('error');
  const warnings = by('warning');
  const info = by('info');
  out.push(`Data quality for plan ${options.planName}: ${errors.length} error${errors.length === 1 ? '' : 's'}, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}, ${info.length} for information`);
  for (const [name, list] of [
    ['error', errors],
    ['warning', warnings],
  ] as const) {
    const shown = options.limit === undefined ? list : list.slice(0, options.limit);
    for (const issue of shown) out.push(`  ${name.padEnd(7)} ${issue.message}`);
    if (shown.length < list.length) out.push(`  … and ${list.length - shown.length} more ${name}s (waymark check --plan ${options.planName} lists them all)`);
  }
  const infoCounts = new Map<string, number>();
  for (const issue of info) infoCounts.set(issue.code, (infoCounts.get(issue.code) ?? 0) + 1);
  for (const [code, count] of infoCounts) out.push(`  info    ${count} × ${code}`);
  return out;
}

/** The JSON report of an import: counts, new directorates, every warning and skipped row with its location, changes and data quality. */
export function importReportJson(changeSet: ImportChangeSet, options: { dryRun: boolean; written?: number }): Record<string, unknown> {
  const located = (location: SourceLocation, message: string) => ({ ...location, message });
  return {
    plan: changeSet.planName,
    file: changeSet.file,
    dryRun: options.dryRun,
    written: options.written ?? 0,
    pruned: changeSet.pruned,
    planRecord: changeSet.plan,
    counts: {
      projects: changeSet.counts.projects,
      milestones: changeSet.counts.milestones,
      directorates: { new: changeSet.newDirectorates.length, known: changeSet.counts.directorates.known },
    },
    newDirectorates: changeSet.newDirectorates,
    warnings: changeSet.warnings.map((warning) => located(warning.location, warning.message)),
    skipped: changeSet.skipped,
    changes: [...changeSet.projects, ...changeSet.milestones]
      .filter((change) => change.kind !== 'unchanged')
      .map((change) => ({ kind: change.kind, key: change.key, projectCode: change.projectCode, title: change.title, changes: change.changes, ...(change.location ? { location: change.location } : {}) })),
    dataQuality: changeSet.dataQuality,
  };
}
