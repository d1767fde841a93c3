/**
 * The built tab in Chromium against the real local stack: who sees what. The SLT persona sees
 * the whole plan by theme, a director their directorate's projects, a manager their milestones;
 * filters and search narrow; a deep link opens its milestone.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { repositoryFromConfig } from '../../src/cli/graph-from-config.ts';
import type { PlanLoad } from '../../src/graph/repository.ts';
import { axeViolations, routeOriginTo, useBrowserStack, waitForPlan } from './browser-stack.ts';

const env = useBrowserStack();
/** The UI's main chunk, which main.ts imports once it has started sign-in and painted any picture. */
const UI_SCRIPT = /\/assets\/mount-[^/]+\.js$/;
let plan: PlanLoad;

beforeAll(async () => {
  plan = await (await repositoryFromConfig(env.stack.config)).loadPlan(env.stack.config.defaultPlan);
});

/** The project codes listed in a table, in order. */
async function projectCodes(page: Page, tableLabel: string): Promise<string[]> {
  const table = page.getByRole('table', { name: tableLabel });
  await table.waitFor();
  const headers = await table.locator('tbody th[scope="row"]').allInnerTexts();
  return headers.map((text) => text.trim().split(/\s+/)[0]!);
}

describe('plan on a page', () => {
  it('shows the SLT persona every project of the plan, grouped by theme', async () => {
    const page = await env.open({ persona: 'slt-chief-executive' });
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().innerText()).toMatch(/plan/i);
    const codes = await projectCodes(page, 'Projects by theme and priority area');
    expect(codes.sort()).toEqual(plan.projects.map((p) => p.record.code).sort());
    expect(codes).toHaveLength(39);
    const themes = [...new Set(plan.projects.map((p) => p.record.theme).filter(Boolean))];
    const headings = await page.getByRole('heading', { level: 2 }).allInnerTexts();
    for (const theme of themes) expect(headings).toContain(theme);
    await expect.poll(() => page.getByLabel('Viewing as (demo)').inputValue()).toBe('slt-chief-executive');
  });

  it('narrows by search words and by directorate, and says how many are shown', async () => {
    const page = await env.open({ persona: 'slt-chief-executive' });
    await page.getByRole('searchbox').fill('PE1');
    await expect.poll(async () => (await projectCodes(page, 'Projects by theme and priority area')).join(',')).toBe('PE1');
    await expect.poll(() => page.getByText(/Showing 1 of 39 projects/).count()).toBe(1);

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Lead directorate').selectOption('CF');
    const expected = plan.projects.filter((p) => p.record.leadDirectorates.includes('CF')).map((p) => p.record.code).sort();
    await expect.poll(async () => (await projectCodes(page, 'Projects by theme and priority area')).sort().join(',')).toBe(expected.join(','));
    // The filter is in the address, so the narrowed view can be shared.
    expect(new URL(page.url()).searchParams.get('dir')).toBe('CF');
  });
});

describe('directorate', () => {
  it('shows a director exactly the projects their directorate leads, joint ones included', async () => {
    const page = await env.open({ persona: 'director-cf', view: 'directorate', dir: 'CF' });
    const expected = plan.projects.filter((p) => p.record.leadDirectorates.includes('CF')).map((p) => p.record.code);
    expect(expected.length).toBeGreaterThan(0);
    const name = plan.directorates.find((d) => d.record.code === 'CF')!.record.name;
    const codes = await projectCodes(page, `Projects led by ${name}`);
    expect(codes.sort()).toEqual(expected.sort());
  });
});

describe('my milestones', () => {
  it('lists exactly the milestones the signed-in manager owns', async () => {
    const page = await env.open({ persona: 'manager-eis', view: 'mine' });
    const upn = 'manager.eis@demo.waymark.example';
    const owned = plan.milestones.filter((m) => m.record.ownerUpn === upn);
    expect(owned.length).toBeGreaterThan(0);
    const table = page.getByRole('table', { name: /Milestones owned by/ });
    await table.waitFor();
    const shownIds = async () => (await table.locator('tbody tr[aria-current], tbody tr[tabindex="-1"]').evaluateAll((rows) => rows.map((row) => row.id))).filter(Boolean).sort();
    const expectedIds = owned.map((m) => `milestone-${m.id}`).sort();
    await expect.poll(shownIds).toEqual(expectedIds);
  });
});

describe('demo personas', () => {
  it('says so when the address names a persona there is not, and loads the plan as the one then chosen in the header', async () => {
    const page = await (await env.newContext()).newPage();
    await page.goto(env.url({ persona: 'mayor' }));
    await expect.poll(() => page.getByRole('alert').innerText(), { timeout: 15_000 }).toContain('There is no demo persona "mayor". Choose who to view as under "Viewing as (demo)"');
    expect(await page.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    const switcher = page.getByLabel('Viewing as (demo)');
    expect(await switcher.inputValue()).toBe('');

    await switcher.selectOption('director-cf');
    expect(await projectCodes(page, 'Projects by theme and priority area')).toHaveLength(39);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('persona')).toBe('director-cf');
  });
});

describe('deep link', () => {
  it('opens the project of a linked milestone with that milestone highlighted and focused', async () => {
    const target = plan.milestones.find((m) => m.record.projectCode === 'PE1') ?? plan.milestones[0]!;
    const page = await env.open({ persona: 'manager-cf', milestone: target.id });
    await expect.poll(() => page.locator('#waymark-main h1').innerText()).toContain(target.record.projectCode);
    const row = page.locator('tr[aria-current="true"]');
    await expect.poll(() => row.innerText()).toContain(target.record.title.slice(0, 30));
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('aria-current'))).toBe('true');
  });

  it('keeps the persona and the view when the page is reloaded', async () => {
    const page = await env.open({ persona: 'director-hc', view: 'exceptions' });
    await page.reload();
    await waitForPlan(page);
    await expect.poll(() => page.getByLabel('Viewing as (demo)').inputValue()).toBe('director-hc');
    expect(await page.locator('#waymark-main h1').innerText()).toMatch(/exception/i);
  });
});

/**
 * Holds back the context's requests to `pattern` until `release()`: those already held go on,
 * and any asked for later pass straight through (one arriving while the route was being removed
 * would otherwise wait for ever).
 */
async function holdRequests(context: BrowserContext, pattern: RegExp) {
  const held: Array<() => void> = [];
  let holding = true;
  // A request whose page has closed meanwhile cannot go on; that is no failure of the test.
  const goOn = (route: Route) => route.continue().catch(() => undefined);
  await context.route(pattern, (route) => (holding ? new Promise<void>((resolve) => held.push(() => void goOn(route).then(resolve))) : goOn(route)));
  return {
    /** Settles once at least one request has been held: the page has asked for it. */
    asked: () => expect.poll(() => held.length, { timeout: 10_000, message: `a request to ${pattern}` }).toBeGreaterThan(0),
    async release() {
      holding = false;
      for (const go of held.splice(0)) go();
      await context.unroute(pattern);
    },
  };
}

/** Opens the whole plan as the chief executive and lets the first load finish keeping its copy. */
async function openWholePlanOnce(context: BrowserContext): Promise<Page> {
  const first = await context.newPage();
  await first.goto(env.url({ persona: 'slt-chief-executive' }));
  await expect.poll(async () => (await projectCodes(first, 'Projects by theme and priority area')).length).toBe(39);
  await first.waitForFunction(() => !document.querySelector('[role="status"] .fui-Spinner'));
  return first;
}

describe('opening', () => {
  it('reopens from the local copy, before Graph has answered anything', async () => {
    const context = await env.newContext();
    await (await openWholePlanOnce(context)).close();

    // Graph holds every answer back: whatever the reopened tab shows comes from its copy.
    const graph = await holdRequests(context, /\/v1\.0\//);
    const again = await context.newPage();
    await again.goto(env.url({ persona: 'slt-chief-executive' }));
    expect(await projectCodes(again, 'Projects by theme and priority area')).toHaveLength(39);
    await graph.release();
  });

  it('shows a picture of the last view at once, for reading only, until the live tab has drawn the plan', async () => {
    const context = await env.newContext();
    const first = await openWholePlanOnce(context);
    // The picture is taken once the page is idle; a reopen paints it only beside a kept copy.
    await first.waitForFunction(() => localStorage.getItem('waymark.view-snapshot') !== null, undefined, { timeout: 10_000 });
    await expect.poll(() => first.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('waymark.copy|')).length)).toBe(1);
    const liveBorder = await first.locator('.fui-SearchBox').evaluate((box) => getComputedStyle(box).borderTopWidth + ' ' + getComputedStyle(box).borderTopColor);
    await first.close();

    // The UI's scripts are held back: what the reopened tab shows meanwhile is the picture.
    const ui = await holdRequests(context, UI_SCRIPT);
    const again = await context.newPage();
    await again.goto(env.url({ persona: 'slt-chief-executive' }));
    // The boot script paints the picture before it asks for the UI.
    await ui.asked();
    const picture = again.locator('#waymark-snapshot');
    // What the first page kept, named in the message: the picture needs both it and the local copy.
    const kept = await again.evaluate(() => Object.keys(localStorage).map((key) => key.split('|')[0]));
    expect(await picture.count(), `the picture (localStorage holds ${kept.join(', ')})`).toBe(1);
    expect(await picture.locator('tbody th[scope="row"]').count()).toBe(39);
    expect(await picture.getAttribute('inert')).toBe('');
    expect(await picture.getAttribute('aria-busy')).toBe('true');
    // Drawn with the page's styles as they were (a text box keeps its border)…
    expect(await picture.locator('.fui-SearchBox').evaluate((box) => getComputedStyle(box).borderTopWidth + ' ' + getComputedStyle(box).borderTopColor)).toBe(liveBorder);
    // …but not offered to assistive technology or the keyboard: there is nothing to use yet.
    expect(await again.getByRole('table').count()).toBe(0);
    await again.keyboard.press('Tab');
    expect(await again.evaluate(() => document.getElementById('waymark-snapshot')?.contains(document.activeElement))).toBe(false);

    await ui.release();
    expect(await projectCodes(again, 'Projects by theme and priority area')).toHaveLength(39);
    await expect.poll(() => picture.count()).toBe(0);
    expect(await again.evaluate(() => document.querySelectorAll('style[data-waymark-snapshot]').length)).toBe(0);

    // Someone else opening the tab in this browser gets no picture of the chief executive's view.
    const uiAgain = await holdRequests(context, UI_SCRIPT);
    const other = await context.newPage();
    await other.goto(env.url({ persona: 'manager-cf' }));
    await uiAgain.asked();
    expect(await other.locator('#waymark-snapshot').count()).toBe(0);
    await uiAgain.release();
    await context.close();
  });

  it('pictures a view that fetches its own part only once that view has drawn, never its loading state, with its lists as chosen', async () => {
    const page = await env.open({ persona: 'director-cf', view: 'directorate', dir: 'CF' });
    await page.waitForFunction(() => localStorage.getItem('waymark.view-snapshot') !== null, undefined, { timeout: 10_000 });
    const pictured = await page.evaluate(() => (JSON.parse(localStorage.getItem('waymark.view-snapshot')!) as { html: string }).html);
    expect(pictured).toContain('Projects led by');
    expect(pictured).not.toContain('Opening the view');
    // Its lists show what the live page chose: who is viewing, and which directorate.
    const chosen = await page.evaluate((html) => {
      const painted = document.createElement('div');
      painted.innerHTML = html;
      return [...painted.querySelectorAll('select')].map((select) => select.selectedOptions[0]?.textContent);
    }, pictured);
    expect(chosen).toEqual(expect.arrayContaining(['Demo Director, Children and Families', 'Children and Families']));
    await page.context().close();
  });

  it('fetches the UI only once its boot script has started sign-in, and all of the UI ahead of drawing', async () => {
    const context = await env.newContext();
    const page = await context.newPage();
    await page.goto(env.url({ persona: 'slt-chief-executive' }));
    await page.getByRole('table', { name: 'Projects by theme and priority area' }).waitFor();
    const opening = await page.evaluate(() => {
      const listed = JSON.parse(document.getElementById('waymark-ui-chunks')?.textContent ?? '[]') as string[];
      const asked = performance.getEntriesByType('resource').map((entry) => ({ name: entry.name, start: entry.startTime }));
      return {
        boot: performance.getEntriesByName('waymark:boot')[0]!.startTime,
        listed: listed.map((href) => new URL(href, document.baseURI).href),
        preloaded: [...document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')].map((link) => link.href),
        asked,
      };
    });
    expect(opening.listed.some((href) => UI_SCRIPT.test(href))).toBe(true);
    expect(opening.listed.some((href) => /\/assets\/FluentProvider-[^/]+\.js$/.test(href))).toBe(true);
    for (const href of opening.listed) {
      expect(opening.preloaded).toContain(href);
      const request = opening.asked.find((entry) => entry.name === href);
      expect(request, href).toBeDefined();
      expect(request!.start).toBeGreaterThanOrEqual(opening.boot);
    }
    await context.close();
  });

  it('asks for no more scripts at first than a browser fetches at once from one host', async () => {
    // Over HTTP/1.1 a browser opens six connections to a host; a seventh script waits for one.
    const page = await (await fetch(env.url({ persona: 'slt-chief-executive' }))).text();
    const scripts = [...page.matchAll(/<(?:script[^>]* src|link rel="modulepreload"[^>]* href)="([^"]+\.js)"/g)].map((match) => match[1]);
    expect(scripts.some((href) => /\/assets\/main-[^/]+\.js$/.test(href!))).toBe(true);
    expect(scripts.length).toBeGreaterThan(1);
    expect(scripts.length).toBeLessThanOrEqual(6);
  });

  it('receives its scripts compressed, at under a third of their size', async () => {
    const page = await env.open({ persona: 'slt-chief-executive' });
    const scripts = await page.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((entry) => /\/assets\/[^/]+\.js$/.test(entry.name) && entry.decodedBodySize > 1024)
        .map((entry) => ({ name: entry.name, sent: entry.encodedBodySize, size: entry.decodedBodySize })),
    );
    expect(scripts.length).toBeGreaterThan(5);
    const sent = scripts.reduce((total, script) => total + script.sent, 0);
    const size = scripts.reduce((total, script) => total + script.size, 0);
    for (const script of scripts) expect(script.sent, script.name).toBeLessThan(script.size);
    expect(sent).toBeLessThan(size / 3);
    await page.context().close();
  });

  it('says so, and offers no half-drawn tab, when its scripts cannot be fetched', async () => {
    const context = await env.newContext();
    await context.route(UI_SCRIPT, (route) => route.abort('connectionfailed'));
    const page = await context.newPage();
    await page.goto(env.url({ persona: 'slt-chief-executive' }));
    await expect.poll(() => page.getByRole('alert').innerText(), { timeout: 20_000 }).toMatch(/could not finish loading.*reload the tab/i);
    expect(await page.locator('#waymark-main').count()).toBe(0);
  });
});

describe('content security policy', () => {
  it('refuses, and reports, a script that was not served as a file of the tab', async () => {
    const page = await env.open({ persona: 'slt-chief-executive' });
    await page.evaluate(() => {
      const injected = document.createElement('script');
      injected.textContent = 'window.__injectedRan = true';
      document.body.append(injected);
    });
    expect(await page.evaluate(() => (window as unknown as { __injectedRan?: boolean }).__injectedRan)).toBeUndefined();
    let reported = '';
    await expect.poll(() => (reported += env.takePolicyViolations().join('\n'))).toMatch(/script-src/);
    await page.context().close();
  });

  it.each([
    { host: 'https://teams.microsoft.com', framed: true },
    { host: 'https://teams.cloud.microsoft', framed: true },
    { host: 'https://intranet.example', framed: false },
  ])('may be framed by $host: $framed', async ({ host, framed }) => {
    // Both sites served over HTTPS by routing in the browser: the host page at `host`, and the
    // tab at a stand-in address, passed through to the running service with its own headers.
    const context = await env.newContext();
    const tabOrigin = 'https://waymark.test';
    await routeOriginTo(context, tabOrigin, env.stack.service.url);
    await context.route(`${host}/tab-host`, (route) =>
      route.fulfill({ contentType: 'text/html', body: `<!doctype html><title>Host</title><iframe title="Waymark" src="${tabOrigin}/?persona=slt-chief-executive"></iframe>` }),
    );
    const page = await context.newPage();
    await page.goto(`${host}/tab-host`);
    const tab = page.frameLocator('iframe[title="Waymark"]');
    if (framed) {
      await expect.poll(() => tab.locator('#root').count()).toBe(1);
    } else {
      let reported = '';
      await expect.poll(() => (reported += env.takePolicyViolations().join('\n'))).toMatch(/frame-ancestors/);
      expect(await tab.locator('#root').count()).toBe(0);
    }
    // The framed tab cannot reach the local emulator over plain HTTP (mixed content): that is
    // the stand-in's limit, not the policy's, and is not what this checks.
    env.takePolicyViolations();
    await context.close();
  });
});

describe("MSAL's sign-in pages", () => {
  it('the redirect bridge, opened without a sign-in to pass on, says so and what to do', async () => {
    const page = await (await env.newContext()).newPage();
    await page.goto(`${env.stack.service.url}/auth-redirect.html`);
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/could not finish in this window .*Close it, then sign in again from Waymark/);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('the popup relay waits for a click, then refuses a request MSAL did not make', async () => {
    const page = await (await env.newContext()).newPage();
    await page.goto(`${env.stack.service.url}/auth-relay.html#req=${encodeURIComponent(JSON.stringify({ id: 'x', method: 'GET', url: 'javascript:alert(1)' }))}`);
    const button = page.getByRole('button', { name: 'Continue to Microsoft sign-in' });
    await expect.poll(() => button.isEnabled()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await button.press('Enter');
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/cannot start from this window .*sign in again from Waymark/);
    expect(page.context().pages()).toHaveLength(1);
    await page.context().close();
  });
});
