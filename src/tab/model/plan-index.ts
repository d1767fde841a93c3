/**
 * The plan as the tab's views read it: every project and milestone with its RAG worked out once
 * for a given day, looked up by code or id, in plan order. Each view model is a cheap pass over
 * this index, so a view change or a filter keystroke never recomputes RAG for 20,000 milestones.
 */
import { isOverdue, ragOf, rollUpProject } from '../../domain/status.ts';
import type { Rag, RollUp } from '../../domain/status.ts';
import type { Directorate, Milestone, Plan, Project } from '../../domain/records.ts';

/** A list item as the repository returns it: its SharePoint item id, its eTag and the record. */
export interface Stored<T> {
  id: string;
  eTag: string;
  record: T;
}

/** The records of one plan, as loaded from the lists. */
export interface PlanRecords {
  plan?: Stored<Plan>;
  directorates: readonly Stored<Directorate>[];
  projects: readonly Stored<Project>[];
  milestones: readonly Stored<Milestone>[];
}

/** A directorate as the views name it; unknown codes keep the code as their name. */
export interface DirectorateRef {
  code: string;
  name: string;
}

/** A milestone with what the views derive from it for the day. */
export interface MilestoneItem {
  id: string;
  eTag: string;
  milestone: Milestone;
  rag: Rag;
  overdue: boolean;
  /** The project the milestone belongs to, when the plan has it. */
  project?: ProjectItem;
}

/** A project with its lead directorates resolved and its milestones rolled up. */
export interface ProjectItem {
  id: string;
  eTag: string;
  project: Project;
  leads: DirectorateRef[];
  rollUp: RollUp;
  /** In plan order: sequence, then due date. */
  milestones: MilestoneItem[];
}

/** Everything the views need, computed once per snapshot and day. */
export interface PlanIndex {
  today: string;
  plan?: Plan;
  /** The plan's name as the header shows it. */
  planName: string;
  /** In plan order: sort order, then code (PE2 before PE10). */
  projects: ProjectItem[];
  projectsByCode: ReadonlyMap<string, ProjectItem>;
  milestones: MilestoneItem[];
  milestonesById: ReadonlyMap<string, MilestoneItem>;
  /** Every directorate the plan knows or a project names, by name. */
  directorates: DirectorateRef[];
  directoratesByCode: ReadonlyMap<string, DirectorateRef>;
  /** Every Cabinet Member named by a project, alphabetically. */
  cabinetMembers: string[];
  /** Themes in the plan's order, then any the plan record does not list in order of appearance. */
  themes: string[];
}

/** Builds the index of a plan's records for `today` (an ISO date, UK time). */
export function indexPlan(records: PlanRecords, today: string, planName = records.plan?.record.name ?? ''): PlanIndex {
  const directoratesByCode = new Map<string, DirectorateRef>();
  for (const stored of records.directorates) {
    directoratesByCode.set(codeKey(stored.record.code), { code: stored.record.code, name: stored.record.name });
  }
  const refFor = (code: string): DirectorateRef => {
    const key = codeKey(code);
    let ref = directoratesByCode.get(key);
    if (!ref) {
      ref = { code, name: code };
      directoratesByCode.set(key, ref);
    }
    return ref;
  };

  const milestonesByProject = new Map<string, MilestoneItem[]>();
  const milestones: MilestoneItem[] = [];
  const milestonesById = new Map<string, MilestoneItem>();
  for (const stored of records.milestones) {
    const m = stored.record;
    const item: MilestoneItem = { id: stored.id, eTag: stored.eTag, milestone: m, rag: ragOf(m, today), overdue: isOverdue(m, today) };
    milestones.push(item);
    milestonesById.set(item.id, item);
    const key = codeKey(m.projectCode);
    const list = milestonesByProject.get(key);
    if (list) list.push(item);
    else milestonesByProject.set(key, [item]);
  }

  const projects: ProjectItem[] = [];
  const projectsByCode = new Map<string, ProjectItem>();
  for (const stored of [...records.projects].sort((a, b) => compareProjects(a.record, b.record))) {
    const p = stored.record;
    const own = (milestonesByProject.get(codeKey(p.code)) ?? []).sort(comparePlanOrder);
    const leads = p.leadDirectorates.map(refFor);
    const item: ProjectItem = {
      id: stored.id,
      eTag: stored.eTag,
      project: p,
      leads,
      rollUp: rollUpProject(own.map((m) => m.milestone), today),
      milestones: own,
    };
    for (const m of own) m.project = item;
    projects.push(item);
    // The first project wins a duplicated code; data quality reports the duplicate.
    if (!projectsByCode.has(codeKey(p.code))) projectsByCode.set(codeKey(p.code), item);
  }
  // Milestone directorates can name a code no project or directorate record does.
  for (const m of milestones) for (const code of m.milestone.directorates) refFor(code);

  const cabinetMembers = [...new Set(projects.flatMap((p) => p.project.cabinetMembers))].sort(compareText);
  const plan = records.plan?.record;
  const themes = [...new Set([...(plan?.themes ?? []), ...projects.map((p) => p.project.theme).filter((t) => t !== undefined)])];

  return {
    today,
    plan,
    planName: plan?.title ?? planName,
    projects,
    projectsByCode,
    milestones,
    milestonesById,
    directorates: [...directoratesByCode.values()].sort((a, b) => compareText(a.name, b.name)),
    directoratesByCode,
    cabinetMembers,
    themes,
  };
}

const searchTexts = new WeakMap<ProjectItem, string>();

/**
 * Folded words of everything a search may match: code, title, theme, area, summary, commitments,
 * Cabinet Members, lead directorates, milestone titles and workstreams. Built on the first search,
 * not with the index, so opening the tab does not pay for it.
 */
export function searchTextOf(item: ProjectItem): string {
  let text = searchTexts.get(item);
  if (text === undefined) {
    const p = item.project;
    text = foldForSearch(
      [
        p.code,
        p.title,
        p.theme,
        p.priorityArea,
        p.subArea,
        p.summary,
        p.leadAreaAsPublished,
        ...p.commitments,
        ...p.cabinetMembers,
        ...item.leads.map((l) => l.name),
        ...item.milestones.flatMap((m) => [m.milestone.title, m.milestone.workstream]),
      ]
        .filter((part) => part !== undefined)
        .join(' '),
    );
    searchTexts.set(item, text);
  }
  return text;
}

/** The project with this code (case-insensitive), if the plan has one. */
export function projectByCode(index: PlanIndex, code: string): ProjectItem | undefined {
  return index.projectsByCode.get(codeKey(code));
}

/** The directorate with this code (case-insensitive), if the plan names one. */
export function directorateByCode(index: PlanIndex, code: string): DirectorateRef | undefined {
  return index.directoratesByCode.get(codeKey(code));
}

/** The directorates a milestone counts for: its own list, else its project's leads. */
export function milestoneDirectorates(item: MilestoneItem): string[] {
  if (item.milestone.directorates.length > 0) return item.milestone.directorates;
  return item.project?.project.leadDirectorates ?? [];
}

// One collator for every comparison: String.localeCompare with options builds a new one per call,
// which dominates sorting 20,000 milestones. Made at the first comparison, not when this module
// loads: the tab's boot script loads it, and a page's first collator costs ~15 ms of ICU start-up.
let collator: Intl.Collator | undefined;

/** en-GB order ignoring case and accents, numbers by value: 'PE2' before 'PE10'. */
export function compareText(a: string, b: string): number {
  collator ??= new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });
  return collator.compare(a, b);
}

/** Case-insensitive key for codes: plans write "PE1", links may say "pe1". */
export function codeKey(code: string): string {
  return code.trim().toUpperCase();
}

/** Lower case, accents and punctuation dropped, single spaces, with a space at each end so a word start is ' word'. */
export function foldForSearch(text: string): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['\u2018\u2019]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return words === '' ? ' ' : ` ${words} `;
}

function compareProjects(a: Project, b: Project): number {
  const byOrder = (a.sortOrder ?? Number.MAX_SAFE_INTEGER) - (b.sortOrder ?? Number.MAX_SAFE_INTEGER);
  return byOrder !== 0 ? byOrder : compareText(a.code, b.code);
}

/** Plan order of milestones within a project: the plan's sequence, then due date, undated last. */
export function comparePlanOrder(a: MilestoneItem, b: MilestoneItem): number {
  const bySequence = (a.milestone.sequence ?? Number.MAX_SAFE_INTEGER) - (b.milestone.sequence ?? Number.MAX_SAFE_INTEGER);
  if (bySequence !== 0) return bySequence;
  return compareDue(a.milestone.dueDate, b.milestone.dueDate);
}

/** Earlier due dates first; a milestone with no due date sorts after every dated one. */
export function compareDue(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a < b ? -1 : 1;
}
