/**
 * Where the tab is, as a URL: `?view=directorate&dir=EIS`, `?project=PE1`, `?milestone=<id>`,
 * plan filters as `?view=plan&q=…&dir=…&cm=…&status=…`. Links are shareable and the browser's
 * back button works. A hash written the same way (`#view=exceptions`) wins over the query, for
 * hosts that only let us change the hash. Parameters that are not ours (persona, theme) are kept.
 */
import { STATUS_FILTERS } from './model/plan-on-a-page.ts';
import type { PlanFilters, StatusFilter } from './model/plan-on-a-page.ts';

export type Route =
  | { view: 'plan'; filters: PlanFilters }
  | { view: 'directorate'; directorate?: string; dueWithinDays?: number }
  | { view: 'mine' }
  | { view: 'exceptions' }
  | { view: 'project'; project: string; milestone?: string }
  | { view: 'milestone'; milestone: string };

export type ViewName = Route['view'];

/** The parameters routing owns; every other parameter of the address is left alone. */
export const ROUTE_PARAMS = ['view', 'dir', 'cm', 'status', 'q', 'project', 'milestone', 'within'] as const;

const VIEWS: readonly string[] = ['plan', 'directorate', 'mine', 'exceptions', 'project', 'milestone'];

/** The route an address names; `fallback` when it names none (a channel tab set to one directorate). */
export function parseRoute(search: string, hash = '', fallback: Route = { view: 'plan', filters: {} }): Route {
  const fromHash = new URLSearchParams(hash.replace(/^#\/?\??/, ''));
  const params = ROUTE_PARAMS.some((name) => fromHash.has(name)) ? fromHash : new URLSearchParams(search);
  const get = (name: (typeof ROUTE_PARAMS)[number]) => params.get(name)?.trim() || undefined;

  const milestone = get('milestone');
  const project = get('project');
  const view = get('view');
  if (project && (view === undefined || view === 'project')) return milestone ? { view: 'project', project, milestone } : { view: 'project', project };
  if (milestone && (view === undefined || view === 'milestone')) return { view: 'milestone', milestone };
  if (view === undefined || !VIEWS.includes(view)) return fallback;
  switch (view) {
    case 'directorate': {
      const within = Number(get('within'));
      return compact({ view: 'directorate', directorate: get('dir'), dueWithinDays: Number.isInteger(within) && within > 0 ? within : undefined });
    }
    case 'mine':
      return { view: 'mine' };
    case 'exceptions':
      return { view: 'exceptions' };
    case 'plan': {
      const status = get('status');
      const filters: PlanFilters = compact({
        directorate: get('dir'),
        cabinetMember: get('cm'),
        status: STATUS_FILTERS.includes(status as StatusFilter) ? (status as StatusFilter) : undefined,
        // Untrimmed: the search box shows exactly what was typed, spaces between words included.
        query: params.get('q') || undefined,
      });
      return { view: 'plan', filters };
    }
    default:
      // 'project' or 'milestone' without the id they need.
      return fallback;
  }
}

/** The query string for a route, keeping every parameter of `currentSearch` that routing does not own. */
export function routeToSearch(route: Route, currentSearch = ''): string {
  const params = new URLSearchParams(currentSearch);
  for (const name of ROUTE_PARAMS) params.delete(name);
  const set = (name: (typeof ROUTE_PARAMS)[number], value: string | number | undefined) => {
    if (value !== undefined && value !== '') params.set(name, String(value));
  };
  switch (route.view) {
    case 'plan':
      set('view', 'plan');
      set('dir', route.filters.directorate);
      set('cm', route.filters.cabinetMember);
      set('status', route.filters.status);
      set('q', route.filters.query);
      break;
    case 'directorate':
      set('view', 'directorate');
      set('dir', route.directorate);
      set('within', route.dueWithinDays);
      break;
    case 'mine':
    case 'exceptions':
      set('view', route.view);
      break;
    case 'project':
      set('project', route.project);
      set('milestone', route.milestone);
      break;
    case 'milestone':
      set('milestone', route.milestone);
      break;
    default:
      return assertNever(route);
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * The route a Teams deep link's subPageId names: "milestone:<id>", "project:<code>",
 * "directorate:<code>", or a query string such as "view=exceptions".
 */
export function routeFromSubPageId(subPageId: string): Route | undefined {
  const text = subPageId.trim();
  if (text === '') return undefined;
  const [kind, ...rest] = text.split(':');
  const value = rest.join(':').trim();
  if (value !== '') {
    if (kind === 'milestone') return { view: 'milestone', milestone: value };
    if (kind === 'project') return { view: 'project', project: value };
    if (kind === 'directorate') return { view: 'directorate', directorate: value };
  }
  const sentinel: Route = { view: 'milestone', milestone: '\u0000' };
  const route = parseRoute(`?${text.replace(/^\?/, '')}`, '', sentinel);
  return route === sentinel ? undefined : route;
}

/** The subPageId a deep link to this milestone carries. */
export function milestoneSubPageId(id: string): string {
  return `milestone:${id}`;
}

/** The element id of a milestone's row, the anchor a deep link scrolls to. */
export function milestoneAnchorId(id: string): string {
  return `milestone-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function assertNever(value: never): never {
  throw new Error(`unhandled route: ${JSON.stringify(value)}`);
}
