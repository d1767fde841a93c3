/**
 * Signing in with Microsoft Entra through MSAL's real flows, in the built tab served by the service
 * configured for a tenant, in each place the tab runs:
 * - a plain browser, against a stand-in for Entra's endpoints (fake-entra.ts): the person is sent
 *   to Entra and back (redirect), the tab reads Graph with the token it got, and the write API's
 *   token comes from a hidden frame that returns through the redirect bridge page
 *   (auth-redirect.html) under the service's Content Security Policy;
 * - a Teams client without NAA: a click, then MSAL's popup through the relay page;
 * - a Teams client that recommends NAA, against a stand-in for its host (fake-teams-host.ts):
 *   TeamsJS and MSAL's nested client get both tokens from the host, with no click and no window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext } from 'playwright-core';
import { loadConfig } from '../../src/config/config.ts';
import { startService } from '../../src/server/service.ts';
import type { RunningService } from '../../src/server/service.ts';
import { CHROMIUM_PATH, routeOriginTo } from './browser-stack.ts';
import { FAKE_AUTHORITY, routeFakeEntra } from './fake-entra.ts';
import type { FakeEntra } from './fake-entra.ts';
import { fakeTeamsHostPage, fakeTeamsRecord } from './fake-teams-host.ts';
import { E2E_TAB_DIR } from './global-setup.ts';

const TENANT_ID = '00000000-0000-4000-8000-0000000000aa';
const CLIENT_ID = '11111111-1111-4111-8111-1111111111bb';
const API_APP_ID_URI = `api://waymark.council.example/${CLIENT_ID}`;
const GRAPH = 'https://graph.microsoft.com';
const PERSON = { oid: '22222222-2222-4222-8222-2222222222cc', upn: 'performance.officer@council.example', name: 'Demo Performance Officer' };

const TAB_ORIGIN = 'https://waymark.council.example';

let service: RunningService;
/** The same, published at TAB_ORIGIN (as behind a Teams app's HTTPS address). */
let teamsService: RunningService;
let browser: Browser;

beforeAll(async () => {
  const config = { ...loadConfig({ env: {} }), tenantId: TENANT_ID, clientId: CLIENT_ID, authorityHost: FAKE_AUTHORITY, graphBaseUrl: `${GRAPH}/v1.0`, apiAppIdUri: API_APP_ID_URI };
  service = await startService({ config, tabDir: E2E_TAB_DIR, port: 0 });
  teamsService = await startService({ config: { ...config, servicePublicUrl: TAB_ORIGIN }, tabDir: E2E_TAB_DIR, port: 0 });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await service?.close();
  await teamsService?.close();
});

/** Records the token each Graph request carried; Graph answers 503 (nothing else matters here). */
async function recordGraphTokens(context: BrowserContext): Promise<string[]> {
  const tokens: string[] = [];
  await context.route(`${GRAPH}/**`, (route) => {
    tokens.push(route.request().headers().authorization ?? '');
    return route.fulfill({ status: 503, headers: { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' }, contentType: 'application/json', body: JSON.stringify({ error: { code: 'serviceNotAvailable', message: 'Not here' } }) });
  });
  return tokens;
}

const TEAMS_HOST_PAGE = 'https://teams.microsoft.com/tab-host';
const TEAMS_TAB_URL = `${TAB_ORIGIN}/?host=teams&view=exceptions`;

/**
 * A fresh profile for the tab in Teams: Teams' page (the HTML given) at TEAMS_HOST_PAGE, the tab at its HTTPS
 * address (routed to the service), Entra's stand-in, and Graph recording the tokens it gets.
 */
async function teamsProfile(hostPage: string): Promise<{ context: BrowserContext; entra: FakeEntra; graphTokens: string[] }> {
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London' });
  const entra = await routeFakeEntra(context, TENANT_ID, CLIENT_ID, PERSON);
  await routeOriginTo(context, TAB_ORIGIN, teamsService.url);
  await context.route(TEAMS_HOST_PAGE, (route) => route.fulfill({ contentType: 'text/html', body: hostPage }));
  return { context, entra, graphTokens: await recordGraphTokens(context) };
}

/** The stand-in Teams host that brokers tokens (fake-teams-host.ts), framing the tab. */
function naaHostPage(options: { consentFirst?: boolean } = {}): string {
  return fakeTeamsHostPage({ tabUrl: TEAMS_TAB_URL, tenantId: TENANT_ID, person: PERSON, environment: new URL(FAKE_AUTHORITY).host, ...options });
}

describe('Entra sign-in in a plain browser', () => {
  it('goes to Entra and back, reads Graph with its token, and gets the API token in a hidden frame through the redirect bridge', async () => {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London' });
    const entra = await routeFakeEntra(context, TENANT_ID, CLIENT_ID, PERSON);
    const refused: string[] = [];
    context.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    // Graph and the write API answer nothing useful: what matters is which token each was sent.
    const graphTokens = await recordGraphTokens(context);
    const apiTokens: string[] = [];
    await context.route(`${service.url}/api/me`, (route) => {
      apiTokens.push(route.request().headers().authorization ?? '');
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ upn: PERSON.upn, displayName: PERSON.name, roles: ['performance'], directorates: [] }) });
    });

    const page = await context.newPage();
    await page.goto(`${service.url}/?view=exceptions`);

    await expect.poll(() => graphTokens.length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(graphTokens[0]).toBe(`Bearer ${entra.issued.get(`${GRAPH}/.default`)}`);
    // The redirect came back to the tab page, and the tab returned to the address it was opened at.
    expect(entra.authorizations[0]!.redirectUri).toBe(`${service.url}/`);
    expect(new URL(page.url()).searchParams.get('view')).toBe('exceptions');

    await expect.poll(() => apiTokens.length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(apiTokens[0]).toBe(`Bearer ${entra.issued.get(`${API_APP_ID_URI}/access_as_user`)}`);
    const silent = entra.authorizations.find((authorization) => authorization.scope.includes('access_as_user'));
    expect(silent).toMatchObject({ prompt: 'none', redirectUri: `${service.url}/auth-redirect.html` });
    expect(refused).toEqual([]);
    await context.close();
  });
});

describe('Entra sign-in in a Teams client that does not broker the token (no NAA)', () => {
  it('asks for a click, then signs in through a popup that starts at the relay page and returns through the redirect bridge', async () => {
    // Teams on the web: the tab in a frame of teams.microsoft.com, at its own HTTPS address (a
    // stand-in routed to the service). The host page never answers TeamsJS, so after its wait
    // the tab signs in with MSAL's popup, as a Teams client without NAA has it do. (The browser
    // here would open a window without a click; the tab does not rely on that.)
    const { context, entra, graphTokens } = await teamsProfile(`<!doctype html><title>Teams</title><iframe title="Waymark" style="width:1000px;height:700px" src="${TEAMS_TAB_URL}"></iframe>`);

    const host = await context.newPage();
    await host.goto(TEAMS_HOST_PAGE);
    // A browser opens a sign-in window only from a click: the tab asks for one.
    const tab = host.frameLocator('iframe[title="Waymark"]');
    const signIn = tab.getByRole('button', { name: 'Sign in' });
    await signIn.waitFor({ timeout: 20_000 });
    expect(await tab.getByRole('alert').innerText()).toMatch(/You are not signed in.*in a new window/s);
    const opened = context.waitForEvent('page', { timeout: 20_000 });
    await signIn.click();
    const relay = await opened;
    // MSAL opens the window blank, then sends it to the relay page with its request.
    await relay.waitForURL(`${TAB_ORIGIN}/auth-relay.html**`);
    await relay.getByRole('button', { name: 'Continue to Microsoft sign-in' }).click();

    await expect.poll(() => graphTokens.length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(graphTokens[0]).toBe(`Bearer ${entra.issued.get(`${GRAPH}/.default`)}`);
    expect(entra.authorizations[0]!.redirectUri).toBe(`${TAB_ORIGIN}/auth-redirect.html`);
    // (The write API's token then comes from a hidden frame, as in a plain browser; playwright
    // cannot route the scripts of a frame nested this deep, so that part is not followed here.)
    await context.close();
  }, 60_000);
});

describe('Entra sign-in in a Teams client that brokers the token (NAA)', () => {
  it('signs in on a first open with no click and no window: Graph and the write API get the tokens Teams brokered', async () => {
    // A Teams host page that recommends NAA (fake-teams-host.ts) frames the tab at its HTTPS
    // address. Entra is routed too, to show the tab never goes to it itself.
    const { context, entra, graphTokens } = await teamsProfile(naaHostPage());
    const apiTokens: string[] = [];
    await context.route(`${TAB_ORIGIN}/api/me`, (route) => {
      apiTokens.push(route.request().headers().authorization ?? '');
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ upn: PERSON.upn, displayName: PERSON.name, roles: ['performance'], directorates: [] }) });
    });
    const host = await context.newPage();
    const windows: string[] = [];
    context.on('page', (page) => windows.push(page.url()));
    await host.goto(TEAMS_HOST_PAGE);
    const teams = () => fakeTeamsRecord(host);

    await expect.poll(() => graphTokens.length, { timeout: 20_000 }).toBeGreaterThan(0);
    const { issued, naa, calls } = await teams();
    expect(graphTokens[0]).toBe(`Bearer ${issued[`${GRAPH}/.default`]}`);
    expect(naa[0]).toMatchObject({ method: 'GetInitContext' });
    expect(naa).toContainEqual({ method: 'GetToken', scope: `${GRAPH}/.default`, clientId: CLIENT_ID });
    expect(calls.slice(0, 2)).toEqual(['initialize', 'getContext']);

    await expect.poll(() => apiTokens.length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(apiTokens[0]).toBe(`Bearer ${(await teams()).issued[`${API_APP_ID_URI}/access_as_user`]}`);
    // Brokered throughout: no sign-in button, no window, no visit to Entra.
    const tab = host.frameLocator('iframe[title="Waymark"]');
    expect(await tab.getByRole('button', { name: 'Sign in' }).count()).toBe(0);
    expect(windows).toEqual([]);
    expect(entra.authorizations).toEqual([]);
    expect((await teams()).naa.map((request) => request.method)).not.toContain('GetTokenPopup');
    await context.close();
  }, 60_000);

  it("when Entra wants the person's consent first: offers Sign in, and the click gets the token through Teams' own window", async () => {
    const { context, graphTokens } = await teamsProfile(naaHostPage({ consentFirst: true }));

    const host = await context.newPage();
    await host.goto(TEAMS_HOST_PAGE);
    const signIn = host.frameLocator('iframe[title="Waymark"]').getByRole('button', { name: 'Sign in' });
    await signIn.waitFor({ timeout: 20_000 });
    expect(graphTokens).toEqual([]);
    await signIn.click();

    await expect.poll(() => graphTokens.length, { timeout: 20_000 }).toBeGreaterThan(0);
    const { issued, naa } = await fakeTeamsRecord(host);
    expect(graphTokens[0]).toBe(`Bearer ${issued[`${GRAPH}/.default`]}`);
    expect(naa.map((request) => request.method)).toContain('GetTokenPopup');
    await context.close();
  }, 60_000);
});
