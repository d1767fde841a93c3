import { describe, expect, it } from 'vitest';
import { DEFAULT_DIRECTORATES } from '../../domain/directorates.ts';
import { channelDirectorate, channelTabConfig, choiceFromContentUrl, tabHomeFromSearch } from './channel-tab.ts';

const BASE = 'https://waymark.example.gov.uk/tab/configure.html?host=teams';

describe('channelTabConfig', () => {
  it('the whole plan: the tab folder with only the Teams marker', () => {
    expect(channelTabConfig(BASE, { kind: 'plan' })).toEqual({
      contentUrl: 'https://waymark.example.gov.uk/tab/?host=teams&theme={app.theme}',
      websiteUrl: 'https://waymark.example.gov.uk/tab/',
      entityId: 'plan',
      suggestedDisplayName: 'Delivery plan',
    });
  });

  it('one directorate: ?directorate=<code> in both addresses, named after the directorate', () => {
    expect(channelTabConfig(BASE, { kind: 'directorate', code: 'EIS', name: 'Economy, Infrastructure and Skills' })).toEqual({
      contentUrl: 'https://waymark.example.gov.uk/tab/?directorate=EIS&host=teams&theme={app.theme}',
      websiteUrl: 'https://waymark.example.gov.uk/tab/?directorate=EIS',
      entityId: 'directorate-EIS',
      suggestedDisplayName: 'Economy, Infrastructure and Skills',
    });
  });

  it('drops the page address’s own query and hash', () => {
    expect(channelTabConfig('https://h.example/configure.html?x=1#y', { kind: 'plan' }).contentUrl).toBe('https://h.example/?host=teams&theme={app.theme}');
  });

  it('refuses a code that is not one', () => {
    expect(() => channelTabConfig(BASE, { kind: 'directorate', code: 'E&S x', name: 'x' })).toThrow(/not a directorate code/);
  });

  it('round-trips through choiceFromContentUrl for every canonical directorate', () => {
    for (const { code, name } of DEFAULT_DIRECTORATES) {
      const { contentUrl } = channelTabConfig(BASE, { kind: 'directorate', code, name });
      expect(choiceFromContentUrl(contentUrl, DEFAULT_DIRECTORATES)).toEqual({ kind: 'directorate', code, name });
    }
  });
});

describe('choiceFromContentUrl', () => {
  it.each([
    ['no address (a new tab)', undefined, { kind: 'plan' }],
    ['the whole plan', 'https://h.example/?host=teams', { kind: 'plan' }],
    ['a known directorate, any case', 'https://h.example/?directorate=cf&host=teams', { kind: 'directorate', code: 'CF', name: 'Children and Families' }],
    ['a directorate this council no longer has', 'https://h.example/?directorate=ZZ', { kind: 'plan' }],
    ['not an address', 'nonsense', { kind: 'plan' }],
  ])('%s', (_name, url, expected) => {
    expect(choiceFromContentUrl(url, DEFAULT_DIRECTORATES)).toEqual(expected);
  });
});

describe('tabHomeFromSearch', () => {
  it.each([
    ['a directorate channel tab opens on its directorate', '?host=teams&directorate=HC', { defaultRoute: { view: 'directorate', directorate: 'HC' }, homeDirectorate: 'HC' }],
    ['the whole-plan tab keeps the app default', '?host=teams', {}],
    ['a blank or malformed directorate is ignored', '?directorate=%20&x=1', {}],
    ['a script-like value is ignored', '?directorate=<script>', {}],
  ])('%s', (_name, search, expected) => {
    expect(tabHomeFromSearch(search)).toEqual(expected);
  });

  it('reads only the directorate parameter', () => {
    expect(channelDirectorate('?dir=EIS')).toBeUndefined();
  });
});
