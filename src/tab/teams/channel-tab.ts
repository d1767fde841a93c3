/**
 * The channel tab's settings: a team pins either the whole plan or one directorate's projects.
 * The choice travels in the tab's contentUrl as `?directorate=<code>` (nothing for the whole
 * plan), so the same built tab serves every channel and a reload keeps the choice.
 */
import type { Route } from '../routing.ts';
import { TEAMS_HOST_PARAM, TEAMS_HOST_VALUE } from './teams-host.ts';
import { TEAMS_THEME_PLACEHOLDER } from '../theme.ts';
import type { TabInstanceConfig } from './teams-sdk.ts';

/** The query parameter naming the directorate a channel tab shows. */
export const CHANNEL_DIRECTORATE_PARAM = 'directorate';

/** What a team chose on the configuration page. */
export type ChannelTabChoice = { kind: 'plan' } | { kind: 'directorate'; code: string; name: string };

const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/**
 * The settings Teams stores for the tab. `tabBase` is the folder the tab is served from, e.g.
 * `https://waymark.example.gov.uk/` (the configuration page's own folder).
 */
export function channelTabConfig(tabBase: string, choice: ChannelTabChoice): TabInstanceConfig {
  const base = new URL('./', tabBase);
  base.search = '';
  base.hash = '';
  const website = new URL(base);
  if (choice.kind === 'directorate') {
    if (!CODE.test(choice.code)) throw new RangeError(`"${choice.code}" is not a directorate code`);
    website.searchParams.set(CHANNEL_DIRECTORATE_PARAM, choice.code);
  }
  const content = new URL(website);
  content.searchParams.set(TEAMS_HOST_PARAM, TEAMS_HOST_VALUE);
  // Teams keeps websiteUrl for "Go to website": the same view, opened in a browser.
  return {
    // The placeholder is appended as it is: URLSearchParams would escape its braces, and Teams
    // would no longer find it.
    contentUrl: `${content.toString()}&${TEAMS_THEME_PLACEHOLDER}`,
    websiteUrl: website.toString(),
    entityId: choice.kind === 'plan' ? 'plan' : `directorate-${choice.code}`,
    suggestedDisplayName: choice.kind === 'plan' ? 'Delivery plan' : truncate(choice.name, 50),
  };
}

/** The directorate code a tab's address names, if any. */
export function channelDirectorate(search: string): string | undefined {
  const code = new URLSearchParams(search).get(CHANNEL_DIRECTORATE_PARAM)?.trim();
  return code && CODE.test(code) ? code : undefined;
}

/** The choice an existing tab's contentUrl records (for changing its settings), matched to a known directorate. */
export function choiceFromContentUrl(contentUrl: string | undefined, directorates: readonly { code: string; name: string }[]): ChannelTabChoice {
  let search = '';
  try {
    search = contentUrl ? new URL(contentUrl).search : '';
  } catch {
    search = '';
  }
  const code = channelDirectorate(search);
  const known = code ? directorates.find((directorate) => directorate.code.toLowerCase() === code.toLowerCase()) : undefined;
  return known ? { kind: 'directorate', code: known.code, name: known.name } : { kind: 'plan' };
}

/**
 * Where a tab opens and which directorate is "home", from its address: a directorate's channel tab
 * opens on that directorate; every other tab keeps the app's own default.
 */
export function tabHomeFromSearch(search: string): { defaultRoute?: Route; homeDirectorate?: string } {
  const directorate = channelDirectorate(search);
  return directorate ? { defaultRoute: { view: 'directorate', directorate }, homeDirectorate: directorate } : {};
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
