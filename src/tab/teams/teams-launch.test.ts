import { describe, expect, it } from 'vitest';
import { formatSubPageId, tabWebUrl } from '../../domain/deep-links.ts';
import type { DeepLinkTarget } from '../../domain/deep-links.ts';
import { parseRoute } from '../routing.ts';
import type { Route } from '../routing.ts';
import type { TeamsLaunch } from './teams-connection.ts';
import { routeForSubPageId } from './deep-link-route.ts';
import { launchAction } from './teams-launch.ts';
import type { LaunchAction, LaunchState } from './teams-launch.ts';

const ORIGIN = 'https://waymark.example.gov.uk';
const milestone = (id: string): Route => ({ view: 'milestone', milestone: id });

describe('routeForSubPageId', () => {
  it.each<[string, Route | undefined]>([
    ['milestone:123', milestone('123')],
    ['  milestone:123 ', milestone('123')],
    ['project:PE1', { view: 'project', project: 'PE1' }],
    ['mine', { view: 'mine' }],
    ['directorate:EIS', { view: 'directorate', directorate: 'EIS' }],
    ['exceptions', { view: 'exceptions' }],
    ['', undefined],
    ['milestone:', undefined],
    ['something else entirely', undefined],
  ])('%j', (text, expected) => {
    expect(routeForSubPageId(text)).toEqual(expected);
  });
});

describe('a deep link opens the same place in Teams and in a browser', () => {
  it.each<DeepLinkTarget>([
    { kind: 'milestone', id: '204' },
    { kind: 'project', code: 'VFM4' },
    { kind: 'mine' },
    { kind: 'directorate', code: 'EIS' },
    { kind: 'exceptions' },
  ])('%j', (target) => {
    const inTeams = routeForSubPageId(formatSubPageId(target));
    const web = new URL(tabWebUrl('https://waymark.example.gov.uk/', target));
    expect(inTeams).toBeDefined();
    expect(parseRoute(web.search, web.hash, { view: 'plan', filters: {} })).toEqual(inTeams);
  });
});

describe('launchAction', () => {
  const at = (search: string, followed?: string): LaunchState => ({ search, followed, origin: ORIGIN });
  it.each<[string, TeamsLaunch, LaunchState, LaunchAction]>([
    ['start without a deep link stays', { reason: 'start' }, at('?host=teams'), { kind: 'stay' }],
    ['start with a deep link opens it in place', { reason: 'start', subPageId: 'milestone:7' }, at('?host=teams'), { kind: 'navigate', route: milestone('7'), replace: true }],
    ['start with an unknown subPageId stays', { reason: 'start', subPageId: 'nonsense' }, at('?host=teams'), { kind: 'stay' }],
    ['a re-shown tab with the same, stale subPageId stays where the person is', { reason: 'visible', subPageId: 'milestone:7' }, at('?project=PE1', 'milestone:7'), { kind: 'stay' }],
    ['a re-shown tab with a new subPageId opens it', { reason: 'visible', subPageId: 'milestone:9' }, at('?project=PE1', 'milestone:7'), { kind: 'navigate', route: milestone('9'), replace: false }],
    ['a context change with a new subPageId opens it', { reason: 'context', subPageId: 'project:SR2' }, at('', 'milestone:7'), { kind: 'navigate', route: { view: 'project', project: 'SR2' }, replace: false }],
    ['a context change without one stays', { reason: 'context' }, at('', 'milestone:7'), { kind: 'stay' }],
    [
      'a resume with a new deep link opens it',
      { reason: 'resume', subPageId: 'milestone:9', contentUrl: `${ORIGIN}/?host=teams&view=plan` },
      at('?host=teams&project=PE1', 'milestone:7'),
      { kind: 'navigate', route: milestone('9'), replace: false },
    ],
    [
      'a resume with the stale deep link opens what the launched tab asks for',
      { reason: 'resume', subPageId: 'milestone:7', contentUrl: `${ORIGIN}/?host=teams&view=mine` },
      at('?host=teams&project=PE1', 'milestone:7'),
      { kind: 'navigate', route: { view: 'mine' }, replace: false },
    ],
    [
      'a resume of the same directorate tab opens its home',
      { reason: 'resume', contentUrl: `${ORIGIN}/?directorate=EIS&host=teams` },
      at('?directorate=EIS&host=teams&project=PE1'),
      { kind: 'navigate', route: { view: 'directorate', directorate: 'EIS' }, replace: false },
    ],
    [
      'a resume as another directorate’s tab loads that tab afresh',
      { reason: 'resume', subPageId: 'milestone:9', contentUrl: `${ORIGIN}/?directorate=HC&host=teams` },
      at('?directorate=EIS&host=teams'),
      { kind: 'reload', url: `${ORIGIN}/?directorate=HC&host=teams` },
    ],
    [
      'a resume naming another site never leaves Waymark',
      { reason: 'resume', contentUrl: 'https://elsewhere.example/?directorate=HC' },
      at('?directorate=EIS&host=teams'),
      { kind: 'stay' },
    ],
  ])('%s', (_name, launch, state, expected) => {
    expect(launchAction(launch, state)).toEqual(expected);
  });
});
