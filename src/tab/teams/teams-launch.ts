/**
 * What the tab shows when Teams launches it, shows a cached copy again, or reports a new context:
 * pure decisions, so the cached-tab rules are tested without Teams.
 *
 * A cached tab keeps the context of its first launch, so the same subPageId comes back after the
 * person has moved on; only a subPageId different from the last one followed is a new deep link.
 * A resume is treated like a fresh launch of the address Teams asks for; when that address is
 * another channel tab's (another directorate), the page loads it afresh.
 */
import { parseRoute } from '../routing.ts';
import type { Route } from '../routing.ts';
import { channelDirectorate, tabHomeFromSearch } from './channel-tab.ts';
import type { TeamsLaunch } from './teams-connection.ts';
import { routeForSubPageId } from './deep-link-route.ts';

export type LaunchAction = { kind: 'stay' } | { kind: 'navigate'; route: Route; replace: boolean } | { kind: 'reload'; url: string };

export interface LaunchState {
  /** The subPageId last followed (or seen at start). */
  followed?: string;
  /** The page's current query string. */
  search: string;
  /** The page's origin: a resume never sends the page to another site. */
  origin: string;
}

/** What to do about one launch. */
export function launchAction(launch: TeamsLaunch, state: LaunchState): LaunchAction {
  const fresh = launch.subPageId !== undefined && launch.subPageId !== state.followed ? routeForSubPageId(launch.subPageId) : undefined;
  switch (launch.reason) {
    case 'start': {
      const route = launch.subPageId === undefined ? undefined : routeForSubPageId(launch.subPageId);
      return route ? { kind: 'navigate', route, replace: true } : { kind: 'stay' };
    }
    case 'resume': {
      const asked = resumeUrl(launch.contentUrl);
      if (!asked || asked.origin !== state.origin) return fresh ? { kind: 'navigate', route: fresh, replace: false } : { kind: 'stay' };
      if (channelDirectorate(asked.search) !== channelDirectorate(state.search)) return { kind: 'reload', url: asked.toString() };
      if (fresh) return { kind: 'navigate', route: fresh, replace: false };
      const home = tabHomeFromSearch(asked.search).defaultRoute ?? { view: 'plan', filters: {} };
      return { kind: 'navigate', route: parseRoute(asked.search, asked.hash, home), replace: false };
    }
    case 'context':
    case 'visible':
      return fresh ? { kind: 'navigate', route: fresh, replace: false } : { kind: 'stay' };
    default:
      return assertNever(launch.reason);
  }
}

function resumeUrl(text: string | undefined): URL | undefined {
  if (!text) return undefined;
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled launch: ${String(value)}`);
}
