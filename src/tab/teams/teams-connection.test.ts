import { describe, expect, it } from 'vitest';
import type { TabTheme } from '../theme.ts';
import { fakeTeams } from './fake-teams-sdk.ts';
import { TeamsConnectError, connectTeams, isNaaRecommended } from './teams-connection.ts';
import type { TeamsLaunch } from './teams-connection.ts';

/** A document stand-in whose visibility a test can flip. */
function visibilitySource() {
  const listeners: Array<() => void> = [];
  const source = {
    visibilityState: 'visible' as DocumentVisibilityState,
    addEventListener: (_type: string, listener: () => void) => {
      listeners.push(listener);
    },
    show() {
      source.visibilityState = 'visible';
      for (const listener of listeners) listener();
    },
  };
  return source;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('connectTeams', () => {
  it.each<[string, TabTheme]>([
    ['default', 'light'],
    ['dark', 'dark'],
    ['contrast', 'contrast'],
    ['glass', 'light'],
  ])('maps the Teams theme %s to %s at start and when it changes', async (name, expected) => {
    const teams = fakeTeams({ app: { theme: name } });
    const connection = await connectTeams({ loadSdk: async () => teams.sdk, visibility: visibilitySource() });
    expect(connection.theme).toBe(expected);

    const seen: TabTheme[] = [];
    connection.onThemeChange((theme) => seen.push(theme));
    teams.changeTheme('contrast');
    teams.changeTheme(name);
    expect(seen).toEqual(['contrast', expected]);
  });

  it('reads the deep link of the launch', async () => {
    const teams = fakeTeams({ page: { id: 'plan', subPageId: ' milestone:42 ' } });
    const connection = await connectTeams({ loadSdk: async () => teams.sdk, visibility: visibilitySource() });
    expect(connection.launch).toEqual({ reason: 'start', subPageId: 'milestone:42' });
  });

  it('re-reads the context when a cached tab resumes or is shown again, and on context changes', async () => {
    const teams = fakeTeams({ page: { id: 'plan', subPageId: 'milestone:1' } });
    const visibility = visibilitySource();
    const connection = await connectTeams({ loadSdk: async () => teams.sdk, visibility });
    const launches: TeamsLaunch[] = [];
    connection.onLaunch((launch) => launches.push(launch));
    expect(teams.registered).toEqual({ beforeSuspend: true, resume: true });

    teams.context = { ...teams.context, page: { id: 'plan', subPageId: 'milestone:2' } };
    teams.resume({ entityId: 'plan', contentUrl: new URL('https://h.example/?host=teams&view=plan') });
    await settle();
    teams.context = { ...teams.context, page: { id: 'plan', subPageId: 'project:PE1' } };
    visibility.show();
    await settle();
    teams.changeContext({ ...teams.context, page: { id: 'plan', subPageId: 'exceptions' } });

    expect(launches).toEqual([
      { reason: 'resume', subPageId: 'milestone:2', contentUrl: 'https://h.example/?host=teams&view=plan' },
      { reason: 'visible', subPageId: 'project:PE1' },
      { reason: 'context', subPageId: 'exceptions' },
    ]);
  });

  it('tells Teams about content once per launch, and again after a resume', async () => {
    const teams = fakeTeams();
    const connection = await connectTeams({ loadSdk: async () => teams.sdk, visibility: visibilitySource() });
    connection.notifySuccess();
    connection.notifySuccess();
    expect(teams.calls.notifySuccess).toBe(1);
    teams.resume({ entityId: 'plan', contentUrl: new URL('https://h.example/') });
    connection.notifySuccess();
    expect(teams.calls.notifySuccess).toBe(2);
  });

  it('does not opt the configuration page into caching', async () => {
    const teams = fakeTeams();
    await connectTeams({ loadSdk: async () => teams.sdk, cacheable: false, visibility: visibilitySource() });
    expect(teams.registered).toEqual({ beforeSuspend: false, resume: false });
  });

  it('gives up with reason "timeout" when Teams never answers', async () => {
    const teams = fakeTeams({}, { initialize: () => new Promise(() => {}) });
    const failure = await connectTeams({ loadSdk: async () => teams.sdk, timeoutMs: 5 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TeamsConnectError);
    expect((failure as TeamsConnectError).reason).toBe('timeout');
  });

  it('gives up with reason "failed" when TeamsJS rejects (no parent window)', async () => {
    const teams = fakeTeams({}, { initialize: async () => Promise.reject(new Error('Initialization Failed. No Parent window found.')) });
    const failure = (await connectTeams({ loadSdk: async () => teams.sdk }).catch((error: unknown) => error)) as TeamsConnectError;
    expect(failure.reason).toBe('failed');
    expect(failure.message).toContain('No Parent window found');
  });
});

describe('isNaaRecommended', () => {
  it.each<[boolean | 'throws', boolean]>([
    [true, true],
    [false, false],
    ['throws', false],
  ])('host says %s → %s', (answer, expected) => {
    const teams = fakeTeams();
    teams.naaRecommended = answer;
    expect(isNaaRecommended(teams.sdk)).toBe(expected);
  });
});
