import { describe, expect, it } from 'vitest';
import { detectTeamsHost, isMicrosoft365Origin, readHostHints } from './teams-host.ts';
import type { HostWindowHints } from './teams-host.ts';

const plain: HostWindowHints = { framed: false, nativeBridge: false, search: '', ancestorOrigins: [], referrer: '' };

describe('detectTeamsHost', () => {
  it.each<[string, Partial<HostWindowHints>, 'teams' | 'browser']>([
    ['a top-level browser window', {}, 'browser'],
    ['a top-level window even with the Teams marker (a link opened in a browser)', { search: '?host=teams&view=mine' }, 'browser'],
    ['a frame loaded from the manifest (host=teams)', { framed: true, search: '?host=teams&view=mine' }, 'teams'],
    ['Teams mobile: a web view with the native bridge and the marker', { nativeBridge: true, search: '?host=teams' }, 'teams'],
    ['a frame inside Teams without the marker (ancestor origin)', { framed: true, ancestorOrigins: ['https://teams.microsoft.com'] }, 'teams'],
    ['a frame inside new Teams (teams.cloud.microsoft referrer)', { framed: true, referrer: 'https://teams.cloud.microsoft/' }, 'teams'],
    ['a frame inside Outlook on the web', { framed: true, ancestorOrigins: ['https://outlook.office.com'] }, 'teams'],
    ['a frame in some other site (never waits 60 s on TeamsJS)', { framed: true, ancestorOrigins: ['https://intranet.example.gov.uk'] }, 'browser'],
    ['a frame with another host value', { framed: true, search: '?host=sharepoint' }, 'browser'],
    ['a look-alike domain', { framed: true, referrer: 'https://teams.microsoft.com.evil.example/' }, 'browser'],
    ['plain http is not a Microsoft 365 host', { framed: true, referrer: 'http://teams.microsoft.com/' }, 'browser'],
  ])('%s → %s', (_name, hints, expected) => {
    expect(detectTeamsHost({ ...plain, ...hints })).toBe(expected);
  });
});

describe('isMicrosoft365Origin', () => {
  it.each([
    ['https://teams.microsoft.com', true],
    ['https://teams.live.com', true],
    ['https://www.office.com', true],
    ['https://m365.cloud.microsoft', true],
    ['not a url', false],
    ['', false],
  ])('%s → %s', (text, expected) => {
    expect(isMicrosoft365Origin(text)).toBe(expected);
  });
});

describe('readHostHints', () => {
  /** A window-shaped object: only what readHostHints reads. */
  function fakeWindow(options: { framed?: boolean; parentThrows?: boolean; native?: boolean; search?: string; ancestors?: string[]; referrer?: string }): Window {
    const win: Record<string, unknown> = {
      location: { search: options.search ?? '', ancestorOrigins: options.ancestors },
      document: { referrer: options.referrer ?? '' },
    };
    Object.defineProperty(win, 'parent', {
      get: () => {
        if (options.parentThrows) throw new Error('blocked');
        return options.framed ? {} : win;
      },
    });
    if (options.native) win.nativeInterface = {};
    return win as unknown as Window;
  }

  it('reads a top-level window', () => {
    expect(readHostHints(fakeWindow({ search: '?view=mine' }))).toEqual({ framed: false, nativeBridge: false, search: '?view=mine', ancestorOrigins: [], referrer: '' });
  });

  it('reads a frame inside Teams', () => {
    const hints = readHostHints(fakeWindow({ framed: true, search: '?host=teams', ancestors: ['https://teams.microsoft.com'], referrer: 'https://teams.microsoft.com/' }));
    expect(hints).toMatchObject({ framed: true, ancestorOrigins: ['https://teams.microsoft.com'] });
    expect(detectTeamsHost(hints)).toBe('teams');
  });

  it('counts a parent it may not even compare as a frame, and notices Teams mobile', () => {
    expect(readHostHints(fakeWindow({ parentThrows: true })).framed).toBe(true);
    expect(readHostHints(fakeWindow({ native: true })).nativeBridge).toBe(true);
  });
});
