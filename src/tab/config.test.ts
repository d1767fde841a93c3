import { describe, expect, it, vi } from 'vitest';
import { embeddedSettings, loadTabConfig, readTheme, withServiceSettings } from './config.ts';

const build = { GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0', SHAREPOINT_SITE_ID: 'built-site', WAYMARK_PLAN: '2026/27' };

describe('withServiceSettings', () => {
  it('lets the service beside the tab say where Graph, the API and the identity provider are', () => {
    const config = withServiceSettings(
      { plan: '2026/27', siteId: 'built-site' },
      { graphBaseUrl: 'http://127.0.0.1:4100/v1.0/', siteId: 'emulated-site', apiBaseUrl: 'http://127.0.0.1:4200/', apiScope: 'api://waymark.local/access_as_user', devIdentityUrl: 'http://127.0.0.1:4100' },
      '',
    );
    expect(config).toMatchObject({
      graphBaseUrl: 'http://127.0.0.1:4100/v1.0',
      siteId: 'emulated-site',
      apiBaseUrl: 'http://127.0.0.1:4200',
      apiScope: 'api://waymark.local/access_as_user',
      devIdentityUrl: 'http://127.0.0.1:4100',
    });
  });

  it('keeps built values the service leaves blank, and the plan the address asks for', () => {
    const config = withServiceSettings({ plan: '2026/27', siteId: 'built-site', clientId: 'built-client' }, { siteId: ' ', clientId: '', plan: '2026/27' }, '?plan=2027%2F28');
    expect(config).toMatchObject({ siteId: 'built-site', clientId: 'built-client', plan: '2027/28' });
  });
});

describe('loadTabConfig', () => {
  it('uses the settings the service wrote into the page, without a request', async () => {
    const fetchImpl = vi.fn();
    const config = await loadTabConfig('', fetchImpl as unknown as typeof fetch, build, { siteId: 'embedded-site', devIdentityUrl: 'http://127.0.0.1:4100' });
    expect(fetchImpl).not.toHaveBeenCalled();
    expect(config).toMatchObject({ graphBaseUrl: 'https://graph.microsoft.com/v1.0', siteId: 'embedded-site', devIdentityUrl: 'http://127.0.0.1:4100' });
  });

  it('reads /tab-config.json from the service when the page carries no settings', async () => {
    const fetchImpl = vi.fn(async () => new Response(JSON.stringify({ siteId: 'served-site', devIdentityUrl: 'http://127.0.0.1:4100' }), { status: 200 }));
    const config = await loadTabConfig('', fetchImpl as unknown as typeof fetch, build, undefined);
    expect(fetchImpl).toHaveBeenCalledWith('tab-config.json', expect.objectContaining({ cache: 'no-cache' }));
    expect(config).toMatchObject({ graphBaseUrl: 'https://graph.microsoft.com/v1.0', siteId: 'served-site', devIdentityUrl: 'http://127.0.0.1:4100' });
  });

  it.each([
    ['the file is missing (static hosting)', async () => new Response('not found', { status: 404 })],
    ['the network fails', async () => Promise.reject(new TypeError('Failed to fetch'))],
    ['the answer is not JSON', async () => new Response('<html>', { status: 200 })],
  ])('keeps the built settings when %s', async (_case, answer) => {
    const config = await loadTabConfig('', answer as unknown as typeof fetch, build, undefined);
    expect(config).toMatchObject({ graphBaseUrl: 'https://graph.microsoft.com/v1.0', siteId: 'built-site' });
    expect(config.devIdentityUrl).toBeUndefined();
  });
});

describe('embeddedSettings', () => {
  const page = (text: string | null) => ({ getElementById: (id: string) => (id === 'waymark-settings' && text !== null ? ({ textContent: text } as HTMLElement) : null) });
  it.each([
    ['no element (a page served without the service)', null, undefined],
    ['not JSON', '{"siteId":', undefined],
    ['JSON but not an object', '["x"]', undefined],
    ['the settings', '{"siteId":"s","apiBaseUrl":"http://127.0.0.1:4200"}', { siteId: 's', apiBaseUrl: 'http://127.0.0.1:4200' }],
  ])('reads %s', (_case, text, expected) => {
    expect(embeddedSettings(page(text))).toEqual(expected);
  });
});

describe('readTheme', () => {
  it("takes the address's theme first, in the tab's names or Teams' (which Teams fills in for {app.theme})", () => {
    expect(readTheme('?theme=contrast', false, 'dark')).toBe('contrast');
    expect(readTheme('?host=teams&theme=dark', false, null)).toBe('dark');
    expect(readTheme('?host=teams&theme=default', true, 'dark')).toBe('light');
  });

  it('falls back to the theme Teams last gave, then the browser, when the address has none it knows', () => {
    // A host that does not fill in the placeholder leaves it as written.
    expect(readTheme('?host=teams&theme={app.theme}', false, 'contrast')).toBe('contrast');
    expect(readTheme('?theme=glass', true, null)).toBe('dark');
    expect(readTheme('', false, 'sepia')).toBe('light');
  });
});
