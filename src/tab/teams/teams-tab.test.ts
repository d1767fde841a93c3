import { describe, expect, it, vi } from 'vitest';
import type { Route } from '../routing.ts';
import type { TabTheme } from '../theme.ts';
import { fakeTeams } from './fake-teams-sdk.ts';
import type { FakeTeams } from './fake-teams-sdk.ts';
import { connectTeams } from './teams-connection.ts';
import type { HostWindowHints } from './teams-host.ts';
import { followTeams, notifyWhenContent, startTeamsTab } from './teams-tab.ts';

const BROWSER: HostWindowHints = { framed: false, nativeBridge: false, search: '', ancestorOrigins: [], referrer: '' };
const IN_TEAMS: HostWindowHints = { ...BROWSER, framed: true, search: '?host=teams' };
const visibility = { visibilityState: 'visible' as const, addEventListener: () => {} };
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('startTeamsTab', () => {
  it('in a plain browser never loads TeamsJS and signs in by redirect at once', async () => {
    const loadSdk = vi.fn(async () => fakeTeams().sdk);
    const start = startTeamsTab({ hints: BROWSER, loadSdk });
    expect(start.host).toBe('browser');
    expect(await start.connection).toBeUndefined();
    expect(await start.signInHost()).toBe('browser');
    expect(loadSdk).not.toHaveBeenCalled();
  });

  it.each<[boolean, boolean, string]>([
    [true, true, 'teams-naa'],
    [false, true, 'teams'],
    // Recommended, but TeamsJS set up no bridge (a frame nested deeper): MSAL could not use NAA.
    [true, false, 'teams'],
  ])('inside Teams with NAA recommended=%s and its bridge=%s signs in with %s', async (recommended, bridge, expected) => {
    const teams = fakeTeams();
    teams.naaRecommended = recommended;
    const start = startTeamsTab({ hints: IN_TEAMS, loadSdk: async () => teams.sdk, visibility, naaBridge: () => bridge });
    expect(start.host).toBe('teams');
    expect(await start.signInHost()).toBe(expected);
  });

  it('carries on without Teams when it does not answer, using the popup fallback in the frame', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const teams = fakeTeams({}, { initialize: () => new Promise(() => {}) });
    const start = startTeamsTab({ hints: IN_TEAMS, loadSdk: async () => teams.sdk, timeoutMs: 5 });
    expect(await start.connection).toBeUndefined();
    expect(await start.signInHost()).toBe('teams');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('did not answer'));
    warn.mockRestore();
  });
});

/** A page surface that records what following Teams did to it. */
function surface(search = '?host=teams') {
  const record = { routes: [] as Array<[Route, boolean]>, themes: [] as TabTheme[], reloads: [] as string[] };
  return {
    record,
    surface: {
      navigate: (route: Route, options: { replace: boolean }) => record.routes.push([route, options.replace]),
      setTheme: (theme: TabTheme) => record.themes.push(theme),
      reload: (url: string) => record.reloads.push(url),
      location: () => ({ search, origin: 'https://h.example' }),
    },
  };
}

async function connected(teams: FakeTeams) {
  return connectTeams({ loadSdk: async () => teams.sdk, visibility });
}

describe('followTeams', () => {
  it('applies the theme, opens the launch deep link in place, and follows theme changes', async () => {
    const teams = fakeTeams({ app: { theme: 'dark' }, page: { id: 'plan', subPageId: 'milestone:5' } });
    const { record, surface: page } = surface();
    const stop = followTeams(await connected(teams), page);

    expect(record.themes).toEqual(['dark']);
    expect(record.routes).toEqual([[{ view: 'milestone', milestone: '5' }, true]]);
    teams.changeTheme('contrast');
    expect(record.themes).toEqual(['dark', 'contrast']);

    stop();
    teams.changeTheme('default');
    expect(record.themes).toEqual(['dark', 'contrast']);
  });

  it('on a resume opens the new deep link, then tells Teams the tab is ready again', async () => {
    const teams = fakeTeams({ page: { id: 'plan', subPageId: 'milestone:5' } });
    const connection = await connected(teams);
    connection.notifySuccess();
    const { record, surface: page } = surface();
    followTeams(connection, page);

    teams.context = { ...teams.context, page: { id: 'plan', subPageId: 'milestone:6' } };
    teams.resume({ entityId: 'plan', contentUrl: new URL('https://h.example/?host=teams') });
    await settle();

    expect(record.routes.at(-1)).toEqual([{ view: 'milestone', milestone: '6' }, false]);
    expect(teams.calls.notifySuccess).toBe(2);
  });

  it('a cached tab shown again with its old deep link leaves the person where they are', async () => {
    const teams = fakeTeams({ page: { id: 'plan', subPageId: 'milestone:5' } });
    const { record, surface: page } = surface();
    followTeams(await connected(teams), page);
    teams.changeContext({ ...teams.context });
    expect(record.routes).toHaveLength(1);
  });

  it('reloads when Teams reuses the page for another directorate’s tab', async () => {
    const teams = fakeTeams();
    const { record, surface: page } = surface('?directorate=EIS&host=teams');
    followTeams(await connected(teams), page);
    teams.resume({ entityId: 'directorate-HC', contentUrl: new URL('https://h.example/?directorate=HC&host=teams') });
    await settle();
    expect(record.reloads).toEqual(['https://h.example/?directorate=HC&host=teams']);
    expect(teams.calls.notifySuccess).toBe(0);
  });
});

describe('notifyWhenContent', () => {
  function store(status: string) {
    const listeners = new Set<() => void>();
    return {
      state: { status },
      getState() {
        return this.state;
      },
      subscribe(listener: () => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      set(next: string) {
        this.state = { status: next };
        for (const listener of [...listeners]) listener();
      },
    };
  }

  it('tells Teams once the first content (or an explained error) is on screen', async () => {
    const teams = fakeTeams();
    const connection = await connected(teams);
    const plan = store('loading');
    notifyWhenContent(connection, plan);
    expect(teams.calls.notifySuccess).toBe(0);
    plan.set('ready');
    plan.set('ready');
    expect(teams.calls.notifySuccess).toBe(1);
  });

  it('tells Teams at once when content is already there (a cached copy)', async () => {
    const teams = fakeTeams();
    notifyWhenContent(await connected(teams), store('error'));
    expect(teams.calls.notifySuccess).toBe(1);
  });
});
