import { describe, expect, it } from 'vitest';
import { milestoneAnchorId, parseRoute, routeFromSubPageId, routeToSearch } from './routing.ts';
import type { Route } from './routing.ts';

describe('parseRoute', () => {
  it.each<[string, string, Route]>([
    ['', '', { view: 'plan', filters: {} }],
    ['?view=plan&dir=EIS&cm=Cabinet%20Member%20for%20Economy%20(demo)&status=red&q=family%20hubs', '', {
      view: 'plan',
      filters: { directorate: 'EIS', cabinetMember: 'Cabinet Member for Economy (demo)', status: 'red', query: 'family hubs' },
    }],
    ['?view=plan&q=family%20', '', { view: 'plan', filters: { query: 'family ' } }],
    ['?view=plan&status=purple', '', { view: 'plan', filters: {} }],
    ['?view=directorate&dir=EIS', '', { view: 'directorate', directorate: 'EIS' }],
    ['?view=directorate&dir=EIS&within=30', '', { view: 'directorate', directorate: 'EIS', dueWithinDays: 30 }],
    ['?view=directorate&within=soon', '', { view: 'directorate' }],
    ['?view=mine&persona=manager-cf', '', { view: 'mine' }],
    ['?view=exceptions', '', { view: 'exceptions' }],
    ['?project=PE1', '', { view: 'project', project: 'PE1' }],
    ['?project=PE1&milestone=42', '', { view: 'project', project: 'PE1', milestone: '42' }],
    ['?milestone=42', '', { view: 'milestone', milestone: '42' }],
    ['?view=project', '', { view: 'plan', filters: {} }],
    ['?view=nonsense', '', { view: 'plan', filters: {} }],
    ['?view=plan', '#view=exceptions', { view: 'exceptions' }],
    ['?view=plan', '#/?milestone=7', { view: 'milestone', milestone: '7' }],
    ['?view=mine', '#section-2', { view: 'mine' }],
  ])('reads %s %s', (search, hash, expected) => {
    expect(parseRoute(search, hash)).toEqual(expected);
  });

  it('falls back to the tab’s own default when the address names no view', () => {
    expect(parseRoute('?persona=director-hc', '', { view: 'directorate', directorate: 'HC' })).toEqual({ view: 'directorate', directorate: 'HC' });
  });
});

describe('routeToSearch', () => {
  it.each<[Route, string, string]>([
    [{ view: 'plan', filters: {} }, '', '?view=plan'],
    [{ view: 'plan', filters: { query: 'family hubs', status: 'overdue' } }, '', '?view=plan&status=overdue&q=family+hubs'],
    [{ view: 'directorate', directorate: 'HC', dueWithinDays: 60 }, '?persona=director-hc&theme=dark', '?persona=director-hc&theme=dark&view=directorate&dir=HC&within=60'],
    [{ view: 'project', project: 'PE1' }, '?view=plan&q=x&persona=slt', '?persona=slt&project=PE1'],
    [{ view: 'milestone', milestone: '42' }, '', '?milestone=42'],
    [{ view: 'mine' }, '?project=PE1&milestone=3', '?view=mine'],
  ])('writes %o', (route, current, expected) => {
    expect(routeToSearch(route, current)).toBe(expected);
  });

  it.each<Route>([
    { view: 'plan', filters: { directorate: 'CF', cabinetMember: 'Cabinet Member for Children (demo)', status: 'grey', query: 'a&b=c' } },
    { view: 'directorate', directorate: 'EIS', dueWithinDays: 90 },
    { view: 'project', project: 'VFM3', milestone: 'abc' },
    { view: 'exceptions' },
  ])('reads back what it writes: %o', (route) => {
    expect(parseRoute(routeToSearch(route))).toEqual(route);
  });
});

describe('routeFromSubPageId', () => {
  it.each<[string, Route | undefined]>([
    ['milestone:42', { view: 'milestone', milestone: '42' }],
    ['project:PE1', { view: 'project', project: 'PE1' }],
    ['directorate:EIS', { view: 'directorate', directorate: 'EIS' }],
    ['view=exceptions', { view: 'exceptions' }],
    ['?milestone=9', { view: 'milestone', milestone: '9' }],
    ['', undefined],
    ['gibberish', undefined],
    ['milestone:', undefined],
  ])('reads %j', (subPageId, expected) => {
    expect(routeFromSubPageId(subPageId)).toEqual(expected);
  });
});

describe('milestoneAnchorId', () => {
  it('makes a safe element id from any item id', () => {
    expect(milestoneAnchorId('42')).toBe('milestone-42');
    expect(milestoneAnchorId('a b/c')).toBe('milestone-a_b_c');
  });
});
