/**
 * Plans an import: compares what a plan document or spreadsheet says with what the lists hold
 * and works out every write, without making any. The dry run prints this plan; the real run
 * hands its writes to a PlanStore.
 *
 * Records are matched by key: projects by plan + code, milestones by plan + code + folded title
 * (+ occurrence), so re-running an import (also one interrupted part way) creates nothing twice.
 *
 * What a re-import never overwrites (progress belongs to Waymark, not to the plan document):
 * - a milestone's status, commentary, completed-on date and last-updated stamp;
 * - a due date someone revised in Waymark (baselineDueDate is set): the revised date is kept and
 *   a changed published date is reported;
 * - owners and project leads.
 * A spreadsheet states progress too: its non-empty Status, Commentary, Owner, Project lead and
 * Due date (ISO) cells are applied, and each status, commentary or due-date change made this way
 * gets a MilestoneUpdates history row (source "import"). Empty cells leave stored values alone.
 * A plan document never touches them. Fields a source has no column for keep their stored values.
 *
 * Pure: the time and the author come in as options.
 */
import { checkDataQuality } from '../domain/data-quality.ts';
import type { DataQualityIssue } from '../domain/data-quality.ts';
import { DEFAULT_DIRECTORATES, normaliseDirectorateName, splitLeadArea } from '../domain/directorates.ts';
import { ukDateOf } from '../domain/clock.ts';
import { parsePlanDate } from '../domain/plan-dates.ts';
import { milestoneKey, milestoneSchema, planSchema, projectKey, projectSchema } from '../domain/records.ts';
import type { Directorate, Milestone, MilestoneUpdate, Plan, Project } from '../domain/records.ts';
import { ImportError } from './import-error.ts';
import type { ImportProblem, ImportWarning, SourceLocation } from './import-error.ts';
import type { ParsedMilestone, ParsedPlanInput, ParsedProject } from './plan-input.ts';
import type { ExistingPlan, StoreWrite, StoredRecord } from './plan-store.ts';

/** SharePoint's Title column holds 255 characters; longer action texts are shortened and kept whole as the deliverable. */
export const TITLE_MAX = 255;

export interface ImportPlanOptions {
  /** Remove stored projects and milestones the input no longer has. */
  prune?: boolean;
  /** When the import runs (ISO date-time), stamped on progress applied from a spreadsheet. */
  now: string;
  /** Who is importing, for history rows. */
  author?: { upn: string; name?: string };
  /** Directorates created on first use when the Directorates list lacks them; DEFAULT_DIRECTORATES by default. */
  defaultDirectorates?: readonly Directorate[];
}

export type ChangeKind = 'add' | 'change' | 'unchanged' | 'remove';

/** One field's old and new value. */
export interface FieldChange {
  field: string;
  from?: unknown;
  to?: unknown;
}

/** What becomes of one project or milestone. */
export interface RecordChange {
  kind: ChangeKind;
  key: string;
  projectCode: string;
  title: string;
  changes: FieldChange[];
  itemId?: string;
  location?: SourceLocation;
  /** For removals: gone from the input, or a second stored copy of the same key. */
  removal?: 'not-in-input' | 'duplicate';
}

export interface ChangeCounts {
  added: number;
  changed: number;
  unchanged: number;
  /** Removed by this run (only with prune). */
  removed: number;
  /** Stored but not in the input, kept because prune was not asked for. */
  wouldBeRemoved: number;
}

/** Everything an import would do. */
export interface ImportChangeSet {
  planName: string;
  file: string;
  plan: { kind: 'add' | 'change' | 'unchanged'; changes: FieldChange[] };
  projects: RecordChange[];
  milestones: RecordChange[];
  /** Directorates the import creates (listed by a dry run). */
  newDirectorates: Directorate[];
  warnings: ImportWarning[];
  /** Rows or sections skipped as bad (with --skip-bad-rows). */
  skipped: ImportProblem[];
  dataQuality: DataQualityIssue[];
  /** The writes, in order. */
  writes: StoreWrite[];
  pruned: boolean;
  counts: { projects: ChangeCounts; milestones: ChangeCounts; directorates: { added: number; known: number } };
}

/**
 * Refuses an input with bad rows (ImportError 'bad-rows' naming each), or with --skip-bad-rows
 * moves them to `skipped`; refuses an input with no projects. Checks text lengths the lists
 * cannot hold.
 */
export function acceptInput(input: ParsedPlanInput, options: { skipBadRows?: boolean } = {}): ParsedPlanInput {
  const lengthProblems = tooLong(input);
  const problems = [...input.problems, ...lengthProblems.problems];
  const skippedCodes = new Set([...input.codesWithSkippedRows, ...lengthProblems.codes]);
  if (problems.length > 0 && !options.skipBadRows) {
    const rows = input.kind === 'spreadsheet' ? 'row' : 'section';
    throw new ImportError(
      'bad-rows',
      `${input.file}: ${problems.length} problem${problems.length > 1 ? 's' : ''} found, so nothing was imported. Correct the ${rows}s below, or run again with --skip-bad-rows to import the rest.`,
      problems,
    );
  }
  const projects = input.projects.filter((project) => !lengthProblems.codes.has(project.code));
  if (projects.length === 0) {
    throw new ImportError('no-projects', `${input.file} holds no projects to import.`, [{ file: input.file, message: 'no projects found' }]);
  }
  return { ...input, projects, problems: [], skipped: [...input.skipped, ...problems], codesWithSkippedRows: [...skippedCodes] };
}

function tooLong(input: ParsedPlanInput): { problems: ImportProblem[]; codes: Set<string> } {
  const problems: ImportProblem[] = [];
  const codes = new Set<string>();
  for (const project of input.projects) {
    const where: SourceLocation = { file: input.file, ...(project.line !== undefined ? { line: project.line } : {}), ...(project.row !== undefined ? { row: project.row } : {}) };
    const check = (what: string, value: string | undefined, max: number) => {
      if (value !== undefined && value.length > max) {
        problems.push({ ...where, message: `${project.code}: the ${what} is ${value.length} characters long; at most ${max} fit.` });
        codes.add(project.code);
      }
    };
    check('project code', project.code, 32);
    check('project title', project.title, 255);
    check('theme', project.theme, 255);
    check('priority area', project.priorityArea, 255);
    check('sub-area', project.subArea, 255);
    check('summary', project.summary, 10_000);
    check('lead area', project.leadAreaAsPublished, 255);
    for (const commitment of project.commitments ?? []) check('commitment', commitment, 10_000);
    for (const member of project.cabinetMembers ?? []) check('cabinet member', member, 255);
    for (const milestone of project.milestones) {
      check('workstream', milestone.workstream, 255);
      check('published date', milestone.publishedDate, 255);
      check('deliverable', milestone.deliverable, 10_000);
      check('commentary', milestone.commentary, 10_000);
    }
  }
  return { problems, codes };
}

/** Works out the change set of importing `input` into the stored plan `existing`. */
export function planImport(input: ParsedPlanInput, existing: ExistingPlan, options: ImportPlanOptions): ImportChangeSet {
  const planName = input.plan.name;
  if (planName === '') throw new ImportError('no-projects', `${input.file}: no plan name was given.`, [{ file: input.file, message: 'no plan name' }]);
  const warnings: ImportWarning[] = [...input.warnings];
  const writes: StoreWrite[] = [];
  const locate = (item: { line?: number; row?: number }): SourceLocation => ({
    file: input.file,
    ...(item.line !== undefined ? { line: item.line } : {}),
    ...(item.row !== undefined ? { row: item.row } : {}),
  });

  // The plan row.
  const desiredPlan = planRecord(input, existing.plan?.record);
  const planChanges = existing.plan ? diff(existing.plan.record, desiredPlan) : [];
  if (!existing.plan) writes.push({ kind: 'create', list: 'Plans', record: desiredPlan });
  else if (planChanges.length > 0) writes.push({ kind: 'update', list: 'Plans', itemId: existing.plan.id, changes: changesOf(planChanges), ifMatch: existing.plan.eTag });

  // Directorates named by the lead areas.
  const leads = resolveLeads(input, existing, options.defaultDirectorates ?? DEFAULT_DIRECTORATES, warnings, locate);
  for (const directorate of leads.created) writes.push({ kind: 'create', list: 'Directorates', record: directorate });

  const storedProjects = byKey(existing.projects, (record) => projectKey(record.plan, record.code.toUpperCase()));
  const storedMilestones = byKey(existing.milestones, (record) => record.key);
  const projectChanges: RecordChange[] = [];
  const milestoneChanges: RecordChange[] = [];
  const finalProjects: Project[] = [];
  const finalMilestones: Milestone[] = [];
  const milestoneWrites: StoreWrite[] = [];
  const context = desiredPlan.startsOn ? { planStartsOn: desiredPlan.startsOn } : {};

  for (const parsed of input.projects) {
    const key = projectKey(planName, parsed.code);
    const stored = storedProjects.first.get(key);
    const project = projectRecord(parsed, stored?.record, planName, input, leads.codesByProject.get(parsed.code));
    finalProjects.push(project);
    const change = recordChange(project.key, parsed.code, project.title, stored, project, locate(parsed));
    projectChanges.push(change);
    if (!stored) writes.push({ kind: 'create', list: 'Projects', record: project });
    else if (change.kind === 'change') writes.push({ kind: 'update', list: 'Projects', itemId: stored.id, changes: changesOf(change.changes), ifMatch: stored.eTag });

    const occurrences = new Map<string, number>();
    for (const parsedMilestone of parsed.milestones) {
      const base = milestoneKey(planName, parsed.code, parsedMilestone.title);
      const occurrence = (occurrences.get(base) ?? 0) + 1;
      occurrences.set(base, occurrence);
      const mKey = milestoneKey(planName, parsed.code, parsedMilestone.title, occurrence);
      const storedMilestone = storedMilestones.first.get(mKey);
      const built = milestoneRecord(parsedMilestone, storedMilestone?.record, { key: mKey, planName, code: parsed.code, directorates: project.leadDirectorates, input, context, options });
      finalMilestones.push(built.record);
      for (const message of built.notes) warnings.push({ location: locate(parsedMilestone), message: `${parsed.code}: ${message}` });
      const mChange = recordChange(mKey, parsed.code, built.record.title, storedMilestone, built.record, locate(parsedMilestone));
      milestoneChanges.push(mChange);
      if (!storedMilestone) {
        milestoneWrites.push({ kind: 'create', list: 'Milestones', record: built.record });
      } else if (mChange.kind === 'change') {
        const ref = `m${milestoneWrites.length + 1}`;
        milestoneWrites.push({ kind: 'update', list: 'Milestones', itemId: storedMilestone.id, changes: changesOf(mChange.changes), ifMatch: storedMilestone.eTag, ref });
        const history = historyRow(storedMilestone, built.record, input.file, options);
        if (history) milestoneWrites.push({ kind: 'create', list: 'MilestoneUpdates', record: history, dependsOn: [ref] });
      }
    }
  }
  writes.push(...milestoneWrites);

  // What the input no longer has, and second copies of one key left by an earlier failure.
  const inputProjectKeys = new Set(finalProjects.map((project) => project.key));
  const inputMilestoneKeys = new Set(finalMilestones.map((milestone) => milestone.key));
  const protectedCodes = new Set(input.codesWithSkippedRows);
  const mayPrune = (code: string) => !input.skippedUnknownProject && !protectedCodes.has(code.toUpperCase());
  if (options.prune && (input.skippedUnknownProject || protectedCodes.size > 0)) {
    const which = input.skippedUnknownProject ? 'anything' : `projects ${[...protectedCodes].join(', ')}`;
    warnings.push({ location: { file: input.file }, message: `Rows were skipped, so --prune leaves ${which} alone: a skipped row may be a milestone that still exists.` });
  }
  const removals: RecordChange[] = [];
  const removeWrites: StoreWrite[] = [];
  const keptMilestones: Milestone[] = [];
  for (const stored of existing.milestones) {
    const isDuplicate = storedMilestones.duplicates.has(stored.id);
    const gone = !inputMilestoneKeys.has(stored.record.key);
    if (!isDuplicate && !gone) continue;
    const prunable = isDuplicate || mayPrune(stored.record.projectCode);
    const change: RecordChange = {
      kind: 'remove',
      key: stored.record.key,
      projectCode: stored.record.projectCode,
      title: stored.record.title,
      changes: [],
      itemId: stored.id,
      removal: isDuplicate ? 'duplicate' : 'not-in-input',
    };
    if (isDuplicate) warnings.push({ location: { file: input.file }, message: `${stored.record.projectCode}: milestone "${stored.record.title}" is stored twice (item ${stored.id} is the extra copy); --prune removes it.` });
    if (options.prune && prunable) {
      removals.push(change);
      removeWrites.push({ kind: 'remove', list: 'Milestones', itemId: stored.id, ifMatch: stored.eTag });
      if (stored.record.status !== 'Not started' || stored.record.latestCommentary) {
        warnings.push({ location: { file: input.file }, message: `${stored.record.projectCode}: pruning removes milestone "${stored.record.title}", which has progress recorded (${stored.record.status}).` });
      }
    } else {
      removals.push({ ...change, kind: 'remove' });
      keptMilestones.push(stored.record);
    }
  }
  const keptProjects: Project[] = [];
  for (const stored of existing.projects) {
    const isDuplicate = storedProjects.duplicates.has(stored.id);
    if (!isDuplicate && inputProjectKeys.has(projectKey(stored.record.plan, stored.record.code.toUpperCase()))) continue;
    const prunable = isDuplicate || mayPrune(stored.record.code);
    const change: RecordChange = { kind: 'remove', key: stored.record.key, projectCode: stored.record.code, title: stored.record.title, changes: [], itemId: stored.id, removal: isDuplicate ? 'duplicate' : 'not-in-input' };
    removals.push(change);
    if (options.prune && prunable) removeWrites.push({ kind: 'remove', list: 'Projects', itemId: stored.id, ifMatch: stored.eTag });
    else keptProjects.push(stored.record);
  }
  writes.push(...removeWrites);
  const removedIds = new Set(removeWrites.map((write) => (write.kind === 'remove' ? write.itemId : '')));
  const projectRemovals = removals.filter((change) => existing.projects.some((stored) => stored.id === change.itemId));
  const milestoneRemovals = removals.filter((change) => existing.milestones.some((stored) => stored.id === change.itemId));

  validate(desiredPlan, finalProjects, finalMilestones, leads.created, input);

  const dataQuality = checkDataQuality({
    plan: desiredPlan,
    projects: [...finalProjects, ...keptProjects],
    milestones: [...finalMilestones, ...keptMilestones],
    directorates: leads.known,
  });

  const counts = (changes: RecordChange[], removed: RecordChange[]): ChangeCounts => ({
    added: changes.filter((c) => c.kind === 'add').length,
    changed: changes.filter((c) => c.kind === 'change').length,
    unchanged: changes.filter((c) => c.kind === 'unchanged').length,
    removed: removed.filter((c) => c.itemId !== undefined && removedIds.has(c.itemId)).length,
    wouldBeRemoved: removed.filter((c) => c.itemId === undefined || !removedIds.has(c.itemId)).length,
  });

  return {
    planName,
    file: input.file,
    plan: { kind: existing.plan ? (planChanges.length > 0 ? 'change' : 'unchanged') : 'add', changes: planChanges },
    projects: [...projectChanges, ...projectRemovals],
    milestones: [...milestoneChanges, ...milestoneRemovals],
    newDirectorates: leads.created,
    warnings,
    skipped: input.skipped,
    dataQuality,
    writes,
    pruned: Boolean(options.prune),
    counts: {
      projects: counts(projectChanges, projectRemovals),
      milestones: counts(milestoneChanges, milestoneRemovals),
      directorates: { added: leads.created.length, known: leads.known.length },
    },
  };
}

function planRecord(input: ParsedPlanInput, stored: Plan | undefined): Plan {
  const fromInput = input.plan;
  if (input.kind === 'document' || !stored) {
    // A document describes the plan; it keeps only what documents never carry (reminder settings).
    return { ...fromInput, ...(stored?.reminderSettings ? { reminderSettings: stored.reminderSettings } : {}) };
  }
  // A spreadsheet carries only the plan's name: it fills gaps and appends themes it introduces.
  const themes = [...stored.themes, ...fromInput.themes.filter((theme) => !stored.themes.includes(theme))];
  return {
    ...stored,
    themes,
    ...(stored.startsOn ? {} : fromInput.startsOn ? { startsOn: fromInput.startsOn } : {}),
    ...(stored.endsOn ? {} : fromInput.endsOn ? { endsOn: fromInput.endsOn } : {}),
    ...(stored.sourceFile ? {} : { sourceFile: input.file }),
  };
}

interface LeadResolution {
  codesByProject: Map<string, string[]>;
  created: Directorate[];
  known: Directorate[];
}

/**
 * Directorate codes for each project's lead area. Known directorates are the stored ones; a
 * default directorate (DEFAULT_DIRECTORATES) named by a lead area is created, and so is one for
 * a name that matches nothing (with a warning: it may be a spelling to add as an alias instead).
 */
function resolveLeads(
  input: ParsedPlanInput,
  existing: ExistingPlan,
  defaults: readonly Directorate[],
  warnings: ImportWarning[],
  locate: (item: { line?: number; row?: number }) => SourceLocation,
): LeadResolution {
  const known: Directorate[] = existing.directorates.map((stored) => stored.record);
  const storedCodes = new Set(known.map((d) => d.code.toUpperCase()));
  const storedNames = new Set(known.map((d) => normaliseDirectorateName(d.name)));
  const offered = defaults.filter((d) => !storedCodes.has(d.code.toUpperCase()) && !storedNames.has(normaliseDirectorateName(d.name)));
  const created: Directorate[] = [];
  const codesByProject = new Map<string, string[]>();
  if (!input.supplied.project.has('leadAreaAsPublished')) return { codesByProject, created, known };

  for (const project of input.projects) {
    const text = project.leadAreaAsPublished;
    if (text === undefined) {
      codesByProject.set(project.code, []);
      continue;
    }
    let split = splitLeadArea(text, [...known, ...offered]);
    for (const lead of split.leads) {
      if (offered.includes(lead) && !known.includes(lead)) {
        known.push(lead);
        created.push(lead);
      }
    }
    if (split.unknown.length > 0) {
      for (const name of split.unknown) {
        const directorate: Directorate = { name, code: newCode(name, [...known, ...offered]), aliases: [] };
        known.push(directorate);
        created.push(directorate);
        warnings.push({
          location: locate(project),
          message: `${project.code}: the lead area "${name}" matches no directorate, so a new directorate "${name}" (${directorate.code}) is created. If it is another name for an existing directorate, add it to that directorate's aliases and import again.`,
        });
      }
      split = splitLeadArea(text, known);
    }
    codesByProject.set(
      project.code,
      split.leads.map((lead) => lead.code),
    );
  }
  return { codesByProject, created, known };
}

/** Initials of a new directorate's name ("People Services" → "PS"), made unique. */
function newCode(name: string, taken: readonly Directorate[]): string {
  const words = normaliseDirectorateName(name)
    .split(' ')
    .filter((word) => word !== '' && !['and', 'of', 'the', 'for'].includes(word));
  const initials = (words.map((word) => word[0]).join('') || 'DIR').toUpperCase().slice(0, 28);
  const codes = new Set(taken.map((d) => d.code.toUpperCase()));
  let code = initials;
  for (let n = 2; codes.has(code); n++) code = `${initials}${n}`;
  return code;
}

function projectRecord(parsed: ParsedProject, stored: Project | undefined, planName: string, input: ParsedPlanInput, leadCodes: string[] | undefined): Project {
  const supplied = input.supplied.project;
  const record: Project = stored
    ? { ...stored }
    : { key: '', plan: planName, code: parsed.code, title: parsed.title, commitments: [], leadDirectorates: [], cabinetMembers: [] };
  record.key = projectKey(planName, parsed.code);
  record.plan = planName;
  record.code = parsed.code;
  record.title = parsed.title;
  setOptional(record, 'theme', supplied.has('theme'), parsed.theme);
  setOptional(record, 'priorityArea', supplied.has('priorityArea'), parsed.priorityArea);
  setOptional(record, 'subArea', supplied.has('subArea'), parsed.subArea);
  setOptional(record, 'summary', supplied.has('summary'), parsed.summary);
  setOptional(record, 'leadAreaAsPublished', supplied.has('leadAreaAsPublished'), parsed.leadAreaAsPublished);
  if (supplied.has('commitments')) record.commitments = parsed.commitments ?? [];
  if (supplied.has('cabinetMembers')) record.cabinetMembers = parsed.cabinetMembers ?? [];
  if (leadCodes !== undefined) record.leadDirectorates = leadCodes;
  if (parsed.projectLeadUpn !== undefined || parsed.projectLeadName !== undefined) {
    setOptional(record, 'projectLeadUpn', true, parsed.projectLeadUpn);
    setOptional(record, 'projectLeadName', true, parsed.projectLeadName);
  }
  if (supplied.has('sortOrder')) record.sortOrder = parsed.sortOrder;
  return record;
}

interface MilestoneContext {
  key: string;
  planName: string;
  code: string;
  directorates: string[];
  input: ParsedPlanInput;
  context: { planStartsOn?: string };
  options: ImportPlanOptions;
}

function milestoneRecord(parsed: ParsedMilestone, stored: Milestone | undefined, ctx: MilestoneContext): { record: Milestone; notes: string[] } {
  const notes: string[] = [];
  const supplied = ctx.input.supplied.milestone;
  const fullTitle = parsed.title;
  const title = fullTitle.length > TITLE_MAX ? `${fullTitle.slice(0, TITLE_MAX - 1).trimEnd()}\u2026` : fullTitle;
  const record: Milestone = stored
    ? { ...stored }
    : { key: ctx.key, plan: ctx.planName, projectCode: ctx.code, directorates: [], title, status: 'Not started' };
  record.key = ctx.key;
  record.plan = ctx.planName;
  record.projectCode = ctx.code;
  record.directorates = [...ctx.directorates];
  record.title = title;
  setOptional(record, 'workstream', supplied.has('workstream'), parsed.workstream);
  setOptional(record, 'deliverable', supplied.has('deliverable'), parsed.deliverable);
  if (title !== fullTitle && !record.deliverable) {
    record.deliverable = fullTitle;
    if (!stored) notes.push(`the key action "${title.slice(0, 60)}…" is longer than ${TITLE_MAX} characters; its title is shortened and the whole text kept as the deliverable.`);
  }
  if (supplied.has('sequence')) record.sequence = parsed.sequence;

  const derived = parsePlanDate(parsed.publishedDate, ctx.context);
  setOptional(record, 'publishedDate', true, parsed.publishedDate === '' ? undefined : parsed.publishedDate);
  setOptional(record, 'startDate', true, derived.startDate);
  record.datePrecision = derived.precision;
  record.dateFlag = derived.flag;
  let progressChanged = false;
  if (parsed.dueDateOverride !== undefined) {
    if (stored && stored.dueDate !== parsed.dueDateOverride) {
      progressChanged = true;
      // Moving a stored date is a revision: the first date stays as the baseline.
      if (!stored.baselineDueDate && stored.dueDate) record.baselineDueDate = stored.dueDate;
    }
    record.dueDate = parsed.dueDateOverride;
  } else if (stored?.baselineDueDate) {
    // Revised in Waymark: the revision stands, whatever the document now says.
    if (derived.dueDate !== undefined && derived.dueDate !== stored.baselineDueDate && stored.publishedDate !== record.publishedDate) {
      notes.push(`"${title.slice(0, 60)}" is now published as "${parsed.publishedDate}"; the due date revised in Waymark (${stored.dueDate ?? 'none'}) is kept.`);
    }
  } else {
    setOptional(record, 'dueDate', true, derived.dueDate);
  }

  if (parsed.status !== undefined && parsed.status !== record.status) {
    const wasComplete = record.status === 'Complete';
    record.status = parsed.status;
    if (parsed.status === 'Complete' && !record.completedOn) record.completedOn = ukDateOf(ctx.options.now);
    if (wasComplete && parsed.status !== 'Complete') delete record.completedOn;
    progressChanged = progressChanged || stored !== undefined;
  }
  if (parsed.commentary !== undefined && parsed.commentary !== record.latestCommentary) {
    record.latestCommentary = parsed.commentary;
    progressChanged = progressChanged || stored !== undefined;
  }
  if (parsed.ownerUpn !== undefined || parsed.ownerName !== undefined) {
    setOptional(record, 'ownerUpn', true, parsed.ownerUpn);
    setOptional(record, 'ownerName', true, parsed.ownerName);
  }
  if (progressChanged) {
    record.lastUpdatedOn = ctx.options.now;
    setOptional(record, 'lastUpdatedByUpn', true, ctx.options.author?.upn);
    setOptional(record, 'lastUpdatedByName', true, ctx.options.author?.name);
  }
  return { record, notes };
}

/** The history row for progress a spreadsheet changed on a stored milestone, or none. */
function historyRow(stored: StoredRecord<Milestone>, next: Milestone, file: string, options: ImportPlanOptions): MilestoneUpdate | undefined {
  const before = stored.record;
  const statusChanged = before.status !== next.status;
  const dateChanged = before.dueDate !== next.dueDate && next.lastUpdatedOn === options.now;
  const commentaryChanged = before.latestCommentary !== next.latestCommentary;
  if (next.lastUpdatedOn !== options.now || (!statusChanged && !dateChanged && !commentaryChanged)) return undefined;
  const what = [statusChanged ? `status ${next.status}` : '', dateChanged ? `due ${next.dueDate ?? 'none'}` : '', commentaryChanged ? 'commentary' : ''].filter(Boolean).join(', ');
  return {
    summary: `Imported from ${file}: ${what}`.slice(0, 255),
    milestoneId: stored.id,
    milestoneKey: next.key,
    plan: next.plan,
    ...(statusChanged ? { previousStatus: before.status, newStatus: next.status } : {}),
    ...(dateChanged && before.dueDate ? { previousDueDate: before.dueDate } : {}),
    ...(dateChanged && next.dueDate ? { newDueDate: next.dueDate } : {}),
    ...(commentaryChanged && next.latestCommentary ? { commentary: next.latestCommentary } : {}),
    ...(next.completedOn && statusChanged ? { completedOn: next.completedOn } : {}),
    authorUpn: options.author?.upn ?? 'waymark-import',
    ...(options.author?.name ? { authorName: options.author.name } : {}),
    source: 'import',
    updatedAt: options.now,
  };
}

function setOptional<T extends object, K extends keyof T>(record: T, field: K, applies: boolean, value: T[K] | undefined): void {
  if (!applies) return;
  if (value === undefined || value === '') delete record[field];
  else record[field] = value;
}

function byKey<T>(items: readonly StoredRecord<T>[], keyOf: (record: T) => string): { first: Map<string, StoredRecord<T>>; duplicates: Set<string> } {
  const first = new Map<string, StoredRecord<T>>();
  const duplicates = new Set<string>();
  for (const item of items) {
    const key = keyOf(item.record);
    if (first.has(key)) duplicates.add(item.id);
    else first.set(key, item);
  }
  return { first, duplicates };
}

function recordChange<T extends object>(key: string, projectCode: string, title: string, stored: StoredRecord<T> | undefined, next: T, location: SourceLocation): RecordChange {
  if (!stored) return { kind: 'add', key, projectCode, title, changes: [], location };
  const changes = diff(stored.record, next);
  return { kind: changes.length > 0 ? 'change' : 'unchanged', key, projectCode, title, changes, itemId: stored.id, location };
}

/** Field-level differences; a missing field and an empty list are the same. */
export function diff<T extends object>(before: T, after: T): FieldChange[] {
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const from = normalise((before as Record<string, unknown>)[field]);
    const to = normalise((after as Record<string, unknown>)[field]);
    if (JSON.stringify(from) !== JSON.stringify(to)) changes.push({ field, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
  }
  return changes;
}

function normalise(value: unknown): unknown {
  if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) return undefined;
  return value;
}

function changesOf(changes: readonly FieldChange[]): Record<string, unknown> {
  return Object.fromEntries(changes.map((change) => [change.field, change.to]));
}

/** The lists' schemas check every record before anything is written: a failure here is a bug in reading, reported with its place. */
function validate(plan: Plan, projects: readonly Project[], milestones: readonly Milestone[], directorates: readonly Directorate[], input: ParsedPlanInput): void {
  const problems: ImportProblem[] = [];
  const check = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }, what: string) => {
    if (result.success) return;
    for (const issue of result.error?.issues ?? []) problems.push({ file: input.file, message: `${what}: ${issue.path.join('.')} ${issue.message}` });
  };
  check(planSchema.safeParse(plan), `plan ${plan.name}`);
  for (const project of projects) check(projectSchema.safeParse(project), `project ${project.code}`);
  for (const milestone of milestones) check(milestoneSchema.safeParse(milestone), `${milestone.projectCode} milestone "${milestone.title.slice(0, 60)}"`);
  for (const directorate of directorates) {
    if (directorate.name.length > 255 || directorate.code.length > 32) problems.push({ file: input.file, message: `directorate "${directorate.name.slice(0, 60)}" has a name or code too long for the list` });
  }
  if (problems.length > 0) throw new ImportError('bad-rows', `${input.file}: ${problems.length} record${problems.length > 1 ? 's' : ''} would not fit the lists; nothing was imported.`, problems);
}
