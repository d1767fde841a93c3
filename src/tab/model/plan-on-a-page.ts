/**
 * The plan on a page: themes, their priority areas and each area's projects with their RAG
 * roll-ups, narrowed by the filters SLT use (directorate, Cabinet Member, status, search).
 */
import { rollUpGroup } from '../../domain/status.ts';
import type { Rag, RollUp } from '../../domain/status.ts';
import { codeKey, foldForSearch, searchTextOf } from './plan-index.ts';
import type { PlanIndex, ProjectItem } from './plan-index.ts';

/** A project's status as the filter offers it: its RAG, or "has an overdue milestone". */
export type StatusFilter = Rag | 'overdue';

export const STATUS_FILTERS: readonly StatusFilter[] = ['red', 'amber', 'green', 'complete', 'grey', 'overdue'];

/** What the plan on a page is narrowed by; every field left out matches everything. */
export interface PlanFilters {
  /** Directorate code: projects it leads alone or jointly. */
  directorate?: string;
  cabinetMember?: string;
  status?: StatusFilter;
  /** Project codes or words, as typed. */
  query?: string;
}

export interface PriorityAreaGroup {
  /** undefined when the plan puts projects straight under the theme. */
  name?: string;
  projects: ProjectItem[];
  rollUp: RollUp;
}

export interface ThemeGroup {
  /** undefined for projects the plan gives no theme. */
  name?: string;
  areas: PriorityAreaGroup[];
  rollUp: RollUp;
}

export interface PlanOnAPage {
  themes: ThemeGroup[];
  /** Roll-up of the projects shown. */
  rollUp: RollUp;
  shown: number;
  total: number;
}

/** The plan on a page for the projects that pass the filters, in plan order. */
export function buildPlanOnAPage(index: PlanIndex, filters: PlanFilters = {}): PlanOnAPage {
  const shown = filterProjects(index, filters);
  const byTheme = new Map<string | undefined, Map<string | undefined, ProjectItem[]>>();
  // Themes in the plan's own order; projects with no theme come last.
  for (const theme of index.themes) byTheme.set(theme, new Map());
  for (const item of shown) {
    const theme = item.project.theme;
    let areas = byTheme.get(theme);
    if (!areas) {
      areas = new Map();
      byTheme.set(theme, areas);
    }
    const area = item.project.priorityArea;
    const list = areas.get(area);
    if (list) list.push(item);
    else areas.set(area, [item]);
  }
  const themes: ThemeGroup[] = [];
  const ordered = [...byTheme.entries()].sort(([a], [b]) => (a === undefined ? 1 : 0) - (b === undefined ? 1 : 0));
  for (const [name, areaMap] of ordered) {
    if (areaMap.size === 0) continue;
    const areas = [...areaMap.entries()].map(([areaName, projects]) => ({
      name: areaName,
      projects,
      rollUp: rollUpGroup(projects.map((p) => p.rollUp)),
    }));
    themes.push({ name, areas, rollUp: rollUpGroup(areas.map((a) => a.rollUp)) });
  }
  return { themes, rollUp: rollUpGroup(shown.map((p) => p.rollUp)), shown: shown.length, total: index.projects.length };
}

/** The projects that pass every filter, in plan order. */
export function filterProjects(index: PlanIndex, filters: PlanFilters): ProjectItem[] {
  const directorate = filters.directorate ? codeKey(filters.directorate) : undefined;
  const member = filters.cabinetMember?.trim().toLowerCase() || undefined;
  const matchesQuery = queryMatcher(index, filters.query ?? '');
  return index.projects.filter(
    (item) =>
      (directorate === undefined || item.leads.some((lead) => codeKey(lead.code) === directorate)) &&
      (member === undefined || item.project.cabinetMembers.some((m) => m.trim().toLowerCase() === member)) &&
      (filters.status === undefined || matchesStatus(item, filters.status)) &&
      matchesQuery(item),
  );
}

function matchesStatus(item: ProjectItem, status: StatusFilter): boolean {
  return status === 'overdue' ? item.rollUp.counts.overdue > 0 : item.rollUp.rag === status;
}

/**
 * Every word of the query must start a word of the project's text. A word that is exactly a
 * project code ("pe1") matches that project's code only, so PE1 does not also find PE10–PE19;
 * several codes ("PE1 EC2") find each of those projects.
 */
export function queryMatcher(index: PlanIndex, query: string): (item: ProjectItem) => boolean {
  const words = foldForSearch(query).trim().split(' ').filter((w) => w !== '');
  if (words.length === 0) return () => true;
  const codes = new Set(words.filter((w) => index.projectsByCode.has(codeKey(w))).map(codeKey));
  const others = words.filter((w) => !codes.has(codeKey(w)));
  return (item) =>
    (codes.size === 0 || codes.has(codeKey(item.project.code))) && others.every((word) => searchTextOf(item).includes(` ${word}`));
}
