import { describe, expect, it } from 'vitest';
import { emptyCounts } from '../domain/status.ts';
import { formatCount, formatCounts, formatDate, formatLoadedAt, plural } from './format.ts';
import { readTabConfig, readTheme } from './config.ts';

describe('formatDate', () => {
  it.each([
    ['2026-03-31', '31 March 2026'],
    ['2027-01-01', '1 January 2027'],
    [undefined, 'No date'],
    ['', 'No date'],
    ['not a date', 'not a date'],
  ])('writes %s as %s', (iso, expected) => {
    expect(formatDate(iso)).toBe(expected);
  });
});

describe('formatLoadedAt', () => {
  it('gives the UK time for today and the day and time otherwise', () => {
    const now = new Date('2026-06-15T12:00:00Z');
    expect(formatLoadedAt('2026-06-15T08:05:00Z', now)).toBe('09:05');
    expect(formatLoadedAt('2026-06-14T08:05:00Z', now)).toBe('14 June at 09:05');
  });
});

describe('formatCounts', () => {
  it.each([
    [{}, 'No milestones'],
    [{ total: 1, complete: 1 }, '1 milestone: 1 complete'],
    [{ total: 5, overdue: 2, undated: 1, onTrack: 2 }, '5 milestones: 2 on track, 2 overdue, 1 undated'],
  ])('writes %o', (counts, expected) => {
    expect(formatCounts({ ...emptyCounts(), ...counts })).toBe(expected);
  });

  it('groups thousands the UK way', () => {
    expect(plural(20000, 'milestone')).toBe('20,000 milestones');
  });
});

describe('formatCount', () => {
  it('writes every whole number exactly as Intl does for en-GB', () => {
    const intl = new Intl.NumberFormat('en-GB');
    for (const n of [0, 1, 12, 123, 999, 1000, 1001, 12345, 999999, 1000000, 20000, -1, -1234, -1234567, Number.MAX_SAFE_INTEGER]) {
      expect(formatCount(n)).toBe(intl.format(n));
    }
  });
});

describe('readTabConfig', () => {
  const build = { GRAPH_BASE_URL: 'http://127.0.0.1:4100/v1.0/', SHAREPOINT_SITE_ID: 'site', WAYMARK_PLAN: '2026/27' };

  it('takes the build settings and lets the address choose the plan', () => {
    expect(readTabConfig('', build)).toMatchObject({ graphBaseUrl: 'http://127.0.0.1:4100/v1.0', siteId: 'site', plan: '2026/27' });
    expect(readTabConfig('?plan=2025%2F26', build).plan).toBe('2025/26');
  });

  it('never lets the address choose where Graph is', () => {
    expect(readTabConfig('?graphBaseUrl=https://evil.example&GRAPH_BASE_URL=https://evil.example', build).graphBaseUrl).toBe('http://127.0.0.1:4100/v1.0');
  });

  it('leaves missing settings undefined, with a default plan', () => {
    expect(readTabConfig('', {})).toEqual({
      graphBaseUrl: undefined,
      siteId: undefined,
      clientId: undefined,
      tenantId: undefined,
      authorityHost: undefined,
      plan: '2026/27',
    });
  });
});

describe('readTheme', () => {
  it.each([
    ['?theme=contrast', false, 'contrast'],
    ['?theme=dark', false, 'dark'],
    ['?theme=neon', true, 'dark'],
    ['', false, 'light'],
  ] as const)('reads %s (prefers dark: %s) as %s', (search, prefersDark, expected) => {
    expect(readTheme(search, prefersDark)).toBe(expected);
  });

  it('opens in the theme Teams last gave the tab, unless the address names one', () => {
    expect(readTheme('', false, 'dark')).toBe('dark');
    expect(readTheme('', true, 'contrast')).toBe('contrast');
    expect(readTheme('?theme=light', true, 'contrast')).toBe('light');
    expect(readTheme('', true, 'sepia')).toBe('dark');
    expect(readTheme('', false, null)).toBe('light');
  });
});
