/**
 * The links cards carry into the tab. With a Teams app id and an HTTPS tab address they are Teams
 * deep links (subPageId into the static tab, the tab's own address as webUrl); otherwise (locally,
 * where Teams cannot load an http tab) they are the tab's own address with the route in the query.
 */
import { formatSubPageId, tabWebUrl, teamsTabDeepLink } from '../domain/deep-links.ts';
import type { DeepLinkTarget } from '../domain/deep-links.ts';

export interface LinkSettings {
  /** The tab's address (TAB_ENDPOINT, else the service's). */
  tabBaseUrl: string;
  teamsAppId?: string;
  /** The static tab deep links open (manifest staticTabs[].entityId); default 'plan'. */
  tabEntityId?: string;
}

/** Builds the link for a place in the tab. */
export type LinkBuilder = (target: DeepLinkTarget) => string;

/** Deep links when the tab can open in Teams, the tab's own address otherwise. */
export function linkBuilder(settings: LinkSettings): LinkBuilder {
  const teams = settings.teamsAppId && settings.tabBaseUrl.startsWith('https://') ? settings.teamsAppId : undefined;
  return (target) => {
    const webUrl = tabWebUrl(settings.tabBaseUrl, target);
    if (!teams) return webUrl;
    return teamsTabDeepLink({ appId: teams, entityId: settings.tabEntityId ?? 'plan', subPageId: formatSubPageId(target), webUrl, label: 'Waymark' });
  };
}
