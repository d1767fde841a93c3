import { describe, expect, it } from 'vitest';
import { formatSubPageId, parseSubPageId, tabWebUrl, teamsTabDeepLink } from './deep-links.ts';
import type { DeepLinkTarget } from './deep-links.ts';

describe('subPageId', () => {
  it.each<[DeepLinkTarget, string]>([
    [{ kind: 'milestone', id: '42' }, 'milestone:42'],
    [{ kind: 'project', code: 'PE1' }, 'project:PE1'],
    [{ kind: 'mine' }, 'mine'],
    [{ kind: 'directorate', code: 'CF' }, 'directorate:CF'],
    [{ kind: 'exceptions' }, 'exceptions'],
  ])('%j is written %s and read back', (target, text) => {
    expect(formatSubPageId(target)).toBe(text);
    expect(parseSubPageId(text)).toEqual(target);
  });

  it.each(['', 'milestone:', 'milestone:  ', 'plan', 'view=exceptions', 'owner:someone', 'MINE'])('"%s" is unknown', (text) => {
    expect(parseSubPageId(text)).toBeUndefined();
  });

  it('keeps colons inside the value', () => {
    expect(parseSubPageId(' project:A:B ')).toEqual({ kind: 'project', code: 'A:B' });
  });
});

describe('links', () => {
  it('builds a Teams tab deep link with the context encoded', () => {
    const link = teamsTabDeepLink({ appId: 'app-1', entityId: 'plan', subPageId: 'milestone:42', webUrl: 'https://tab.example/?milestone=42', label: 'Waymark plan', channelId: '19:abc@thread.tacv2' });
    const url = new URL(link);
    expect(`${url.origin}${url.pathname}`).toBe('https://teams.microsoft.com/l/entity/app-1/plan');
    expect(url.searchParams.get('webUrl')).toBe('https://tab.example/?milestone=42');
    expect(url.searchParams.get('label')).toBe('Waymark plan');
    expect(JSON.parse(url.searchParams.get('context') ?? '')).toEqual({ subEntityId: 'milestone:42', channelId: '19:abc@thread.tacv2' });
    expect(link).not.toContain(' ');
  });

  it('leaves out what is not given', () => {
    const link = teamsTabDeepLink({ appId: 'a', entityId: 'mine', subPageId: 'mine' });
    expect(link).toBe(`https://teams.microsoft.com/l/entity/a/mine?context=${encodeURIComponent('{"subEntityId":"mine"}')}`);
  });

  it.each<[DeepLinkTarget, string]>([
    [{ kind: 'milestone', id: '42' }, 'http://127.0.0.1:4200/?milestone=42'],
    [{ kind: 'project', code: 'PE1' }, 'http://127.0.0.1:4200/?project=PE1'],
    [{ kind: 'mine' }, 'http://127.0.0.1:4200/?view=mine'],
    [{ kind: 'directorate', code: 'CF' }, 'http://127.0.0.1:4200/?view=directorate&dir=CF'],
    [{ kind: 'exceptions' }, 'http://127.0.0.1:4200/?view=exceptions'],
  ])('the tab address of %j is %s (the routes src/tab/routing.ts reads)', (target, url) => {
    expect(tabWebUrl('http://127.0.0.1:4200/', target)).toBe(url);
  });
});
