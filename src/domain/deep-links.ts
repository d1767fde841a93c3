/**
 * Where a link into Waymark's tab lands. Teams carries the place as the deep link's subPageId
 * (subEntityId) text; outside Teams the same place is the tab's own address with its route in
 * the query (`?milestone=12`, as src/tab/routing.ts reads it). Cards and other apps write links
 * with these functions; the tab reads the subPageId back with parseSubPageId.
 */

/** A place in the tab a link can open. */
export type DeepLinkTarget =
  | { kind: 'milestone'; id: string }
  | { kind: 'project'; code: string }
  | { kind: 'mine' }
  | { kind: 'directorate'; code: string }
  | { kind: 'exceptions' };

/** The subPageId text of a target: `milestone:<listItemId>`, `project:<code>`, `mine`, `directorate:<code>`, `exceptions`. */
export function formatSubPageId(target: DeepLinkTarget): string {
  switch (target.kind) {
    case 'milestone':
      return `milestone:${target.id}`;
    case 'project':
      return `project:${target.code}`;
    case 'directorate':
      return `directorate:${target.code}`;
    case 'mine':
    case 'exceptions':
      return target.kind;
    default:
      return assertNever(target);
  }
}

/** The target a subPageId names; undefined for anything Waymark does not know (including a kind with no value). */
export function parseSubPageId(text: string): DeepLinkTarget | undefined {
  const trimmed = text.trim();
  if (trimmed === 'mine' || trimmed === 'exceptions') return { kind: trimmed };
  const colon = trimmed.indexOf(':');
  if (colon === -1) return undefined;
  const kind = trimmed.slice(0, colon);
  const value = trimmed.slice(colon + 1).trim();
  if (value === '') return undefined;
  switch (kind) {
    case 'milestone':
      return { kind: 'milestone', id: value };
    case 'project':
      return { kind: 'project', code: value };
    case 'directorate':
      return { kind: 'directorate', code: value };
    default:
      return undefined;
  }
}

/** What a Teams tab deep link needs. */
export interface TeamsTabDeepLink {
  /** The Teams app id (manifest `id`). */
  appId: string;
  /** The static tab's entityId (manifest `staticTabs[].entityId`). */
  entityId: string;
  subPageId: string;
  /** Where Teams falls back to in a browser that cannot open the tab: the tab's own address. */
  webUrl?: string;
  /** The tab's label shown while it opens. */
  label?: string;
  /** For a channel tab, the channel it is pinned in. */
  channelId?: string;
}

/** `https://teams.microsoft.com/l/entity/<appId>/<entityId>?webUrl=…&label=…&context=<{"subEntityId":…,"channelId":…}>`. */
export function teamsTabDeepLink(link: TeamsTabDeepLink): string {
  const context = JSON.stringify({ subEntityId: link.subPageId, ...(link.channelId ? { channelId: link.channelId } : {}) });
  const query = [
    ...(link.webUrl ? [`webUrl=${encodeURIComponent(link.webUrl)}`] : []),
    ...(link.label ? [`label=${encodeURIComponent(link.label)}`] : []),
    `context=${encodeURIComponent(context)}`,
  ].join('&');
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(link.appId)}/${encodeURIComponent(link.entityId)}?${query}`;
}

/**
 * The tab's own address for a target, in the query form src/tab/routing.ts reads: `?milestone=12`,
 * `?project=PE1`, `?view=mine`, `?view=directorate&dir=CF`, `?view=exceptions`.
 */
export function tabWebUrl(tabBaseUrl: string, target: DeepLinkTarget): string {
  const url = new URL(tabBaseUrl);
  switch (target.kind) {
    case 'milestone':
      url.searchParams.set('milestone', target.id);
      break;
    case 'project':
      url.searchParams.set('project', target.code);
      break;
    case 'directorate':
      url.searchParams.set('view', 'directorate');
      url.searchParams.set('dir', target.code);
      break;
    case 'mine':
    case 'exceptions':
      url.searchParams.set('view', target.kind);
      break;
    default:
      return assertNever(target);
  }
  return url.toString();
}

function assertNever(value: never): never {
  throw new Error(`unhandled deep link target: ${JSON.stringify(value)}`);
}
