/**
 * The built tab inside a Teams frame, against the local stack: a stand-in Teams host
 * (fake-teams-host.ts) frames it and speaks TeamsJS' own protocol to it, so the tab's TeamsJS
 * adapter runs for real. A deep link's subPageId opens its milestone, also when Teams shows a
 * cached tab again with another one, and a page Teams reuses for another channel tab loads that
 * tab; the tab follows Teams' theme as it changes; and it tells
 * Teams when it has content, which Teams waits for before it shows the tab.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { FrameLocator, Page } from 'playwright-core';
import { repositoryFromConfig } from '../../src/cli/graph-from-config.ts';
import type { PlanLoad } from '../../src/graph/repository.ts';
import { useBrowserStack } from './browser-stack.ts';
import { channelTabConfig } from '../../src/tab/teams/channel-tab.ts';
import { fakeTeamsHostPage, fakeTeamsRecord, sendFromTeams } from './fake-teams-host.ts';

const HOST_PAGE = 'https://teams.microsoft.com/tab-host';
/** Teams answers, then the tab draws: longer than expect.poll's default second on a busy machine. */
const POLL = { timeout: 15_000 };
const PERSONA = 'manager-cf';

// The host page is a public https origin and the local stack is on 127.0.0.1, which Chromium's
// Local Network Access checks would keep it from framing; a tenant's tab and Graph are public.
const env = useBrowserStack({ chromiumArgs: ['--disable-features=LocalNetworkAccessChecks'] });
let plan: PlanLoad;

beforeAll(async () => {
  plan = await (await repositoryFromConfig(env.stack.config)).loadPlan(env.stack.config.defaultPlan);
});

/** Opens the host page, which frames the tab at its Teams address with this context. */
async function openInTeams(context: Record<string, string>, options: { tabUrl?: string; unresponsive?: boolean } = {}): Promise<{ host: Page; tab: FrameLocator; tabUrl: string }> {
  const browserContext = await env.newContext();
  const tabUrl = options.tabUrl ?? env.url({ host: 'teams', persona: PERSONA });
  const page = fakeTeamsHostPage({ tabUrl, tenantId: env.stack.config.tenantId ?? 'tenant', person: { oid: 'oid', upn: 'manager@council.example', name: 'Demo Manager' }, environment: 'login.microsoftonline.com', context, unresponsive: options.unresponsive });
  await browserContext.route(HOST_PAGE, (route) => route.fulfill({ contentType: 'text/html', body: page }));
  // TeamsJS asks Microsoft's CDN for the host origins it trusts; offline, it uses its own list.
  await browserContext.route('https://res.cdn.office.net/**', (route) => route.abort('internetdisconnected'));
  const host = await browserContext.newPage();
  await host.goto(HOST_PAGE);
  return { host, tab: host.frameLocator('iframe[title="Waymark"]'), tabUrl };
}

/** The background the tab's Fluent UI theme paints. */
function background(tab: FrameLocator): Promise<string> {
  return tab.locator('.fui-FluentProvider').first().evaluate((element) => getComputedStyle(element).backgroundColor);
}

describe('inside Teams', () => {
  it("opens a deep link's milestone from Teams' subPageId, and another when Teams shows the cached tab again with a new one", async () => {
    const first = plan.milestones[0]!;
    const second = plan.milestones.find((m) => m.record.projectCode !== first.record.projectCode)!;
    const { host, tab, tabUrl } = await openInTeams({ subEntityId: `milestone:${first.id}` });

    await expect.poll(() => tab.locator('#waymark-main h1').innerText(), POLL).toContain(first.record.projectCode);
    await expect.poll(() => tab.locator('tr[aria-current="true"]').innerText(), POLL).toContain(first.record.title.slice(0, 30));
    // Teams shows a tab only once it says it has content.
    await expect.poll(async () => (await fakeTeamsRecord(host)).calls, POLL).toContain('appInitialization.success');

    // Teams keeps the page and shows it again for a link to another milestone: the context changes, then 'load'.
    await sendFromTeams(host, 'load', [{ entityId: 'waymark-plan', contentUrl: tabUrl }], { subEntityId: `milestone:${second.id}` });
    await expect.poll(() => tab.locator('#waymark-main h1').innerText(), POLL).toContain(second.record.projectCode);
    await expect.poll(() => tab.locator('tr[aria-current="true"]').innerText(), POLL).toContain(second.record.title.slice(0, 30));
    // …and says so again, as Teams waits for it after each resume.
    await expect.poll(async () => (await fakeTeamsRecord(host)).calls.filter((call) => call === 'appInitialization.success').length, POLL).toBe(2);
  });

  it('loads the other channel tab when Teams reuses the page for a tab configured for one directorate', async () => {
    const { host, tab } = await openInTeams({});
    await expect.poll(() => tab.locator('#waymark-main h1').innerText(), POLL).toMatch(/plan/i);
    // Teams reuses only a page that registered for it; the tab draws without waiting for TeamsJS.
    await expect.poll(async () => (await fakeTeamsRecord(host)).calls, POLL).toContain('registerHandler:load');
    const other = env.url({ host: 'teams', persona: PERSONA, directorate: 'HC' });
    await sendFromTeams(host, 'load', [{ entityId: 'directorate-HC', contentUrl: other }]);
    await expect.poll(() => host.frames().map((frame) => frame.url()), POLL).toContain(other);
    const name = plan.directorates.find((d) => d.record.code === 'HC')!.record.name;
    await expect.poll(() => tab.getByRole('table', { name: `Projects led by ${name}` }).count(), POLL).toBe(1);
  });

  it("starts in Teams' theme and follows it to dark and high contrast while open", async () => {
    // Fluent UI's neutral background in each: white, #292929 (dark), black (high contrast).
    const [light, dark, contrast] = ['rgb(255, 255, 255)', 'rgb(41, 41, 41)', 'rgb(0, 0, 0)'];
    const { host, tab } = await openInTeams({ theme: 'dark' });
    await tab.locator('#waymark-main h1').waitFor();
    await expect.poll(() => background(tab), POLL).toBe(dark);

    await sendFromTeams(host, 'themeChange', ['default']);
    await expect.poll(() => background(tab), POLL).toBe(light);

    await sendFromTeams(host, 'themeChange', ['contrast']);
    await expect.poll(() => background(tab), POLL).toBe(contrast);
    await sendFromTeams(host, 'themeChange', ['dark']);
    await expect.poll(() => background(tab), POLL).toBe(dark);
  });

  it('draws in the theme Teams writes into a channel tab\'s address ({app.theme}) before TeamsJS has answered', async () => {
    // The address the configuration page saves, as Teams loads it: placeholder filled in. This
    // host then never answers TeamsJS, so the address is all the tab has to go on while it draws.
    const saved = channelTabConfig(env.url(), { kind: 'plan' }).contentUrl;
    const tabUrl = `${saved.replace('{app.theme}', 'contrast')}&persona=${PERSONA}`;
    const { host, tab } = await openInTeams({}, { tabUrl, unresponsive: true });
    await tab.locator('#waymark-main h1').waitFor();
    expect(await background(tab)).toBe('rgb(0, 0, 0)');
    expect((await fakeTeamsRecord(host)).calls).toEqual(['initialize']);
  });
});
