/**
 * A Teams deep link's subPageId as one of the tab's routes. The subPageId forms belong to
 * src/domain/deep-links.ts, which the cards and other apps use to write the links.
 */
import { parseSubPageId } from '../../domain/deep-links.ts';
import type { DeepLinkTarget } from '../../domain/deep-links.ts';
import type { Route } from '../routing.ts';

/** The route a subPageId names; undefined for text Waymark does not know (the tab then stays where it is). */
export function routeForSubPageId(subPageId: string): Route | undefined {
  const target = parseSubPageId(subPageId);
  return target ? routeForTarget(target) : undefined;
}

/** The tab's route for a deep-link target. */
export function routeForTarget(target: DeepLinkTarget): Route {
  switch (target.kind) {
    case 'milestone':
      return { view: 'milestone', milestone: target.id };
    case 'project':
      return { view: 'project', project: target.code };
    case 'directorate':
      return { view: 'directorate', directorate: target.code };
    case 'mine':
    case 'exceptions':
      return { view: target.kind };
    default:
      return assertNever(target);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled deep link target: ${JSON.stringify(value)}`);
}
