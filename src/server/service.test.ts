import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../config/config.ts';
import { buildService, firstCalledOrigins } from './service.ts';

let tabDir: string;
const UI_CHUNK = `export const views = [${Array.from({ length: 400 }, (_, index) => `"view ${index}"`).join(', ')}];`;
let app: FastifyInstance;

beforeAll(async () => {
  tabDir = mkdtempSync(join(tmpdir(), 'waymark-tab-'));
  mkdirSync(join(tabDir, 'assets'));
  writeFileSync(join(tabDir, 'index.html'), '<!doctype html><html><head><title>Waymark</title></head><body><div id="root"></div></body></html>');
  writeFileSync(join(tabDir, 'assets', 'main.js'), 'console.log("tab")');
  // As the build leaves a chunk: beside its brotli and gzip copies.
  writeFileSync(join(tabDir, 'assets', 'ui.js'), UI_CHUNK);
  writeFileSync(join(tabDir, 'assets', 'ui.js.br'), brotliCompressSync(UI_CHUNK));
  writeFileSync(join(tabDir, 'assets', 'ui.js.gz'), gzipSync(UI_CHUNK));
  writeFileSync(join(tabDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(tabDir, 'auth-relay.html'), '<!doctype html><title>Sign in</title>');
  // A value that tries to close the script element must stay inside it.
  const config = { ...loadConfig({}), siteId: 'site</script><script>alert(1)</script>' };
  app = await buildService({ config, tabDir, devIdentityUrl: 'http://127.0.0.1:4100' });
});

afterAll(async () => {
  await app?.close();
  rmSync(tabDir, { recursive: true, force: true });
});

function embedded(html: string): unknown {
  const match = /<script id="waymark-settings" type="application\/json">(.*?)<\/script>/.exec(html);
  return match ? JSON.parse(match[1]!) : undefined;
}

describe('the tab page', () => {
  it.each(['/', '/index.html', '/?persona=director-cf', '/some/deep/view'])('%s carries the same settings as /tab-config.json', async (url) => {
    const page = await app.inject({ method: 'GET', url, headers: { host: 'waymark.test' } });
    const published = await app.inject({ method: 'GET', url: '/tab-config.json', headers: { host: 'waymark.test' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(embedded(page.body)).toEqual(published.json());
    expect(published.json()).toMatchObject({ devIdentityUrl: 'http://127.0.0.1:4100', apiBaseUrl: 'http://waymark.test' });
  });

  it('asks the browser to connect at once to where the tab signs in and to Graph, once per origin', async () => {
    const page = await app.inject({ method: 'GET', url: '/' });
    const preconnects = [...page.body.matchAll(/<link rel="preconnect" href="([^"]*)" crossorigin>/g)].map((match) => match[1]);
    const settings = embedded(page.body) as { graphBaseUrl: string; devIdentityUrl: string };
    expect(preconnects).toEqual([...new Set([new URL(settings.devIdentityUrl).origin, new URL(settings.graphBaseUrl).origin])]);
  });

  it.each([
    { settings: { graphBaseUrl: 'https://graph.microsoft.com/v1.0', authorityHost: 'https://login.microsoftonline.com' }, origins: ['https://login.microsoftonline.com', 'https://graph.microsoft.com'] },
    { settings: { graphBaseUrl: 'http://127.0.0.1:4000/v1.0', authorityHost: 'http://127.0.0.1:4000', devIdentityUrl: 'http://127.0.0.1:4000' }, origins: ['http://127.0.0.1:4000'] },
    { settings: { graphBaseUrl: '', authorityHost: 'not a url' }, origins: [] },
  ])('preconnects to $origins for $settings', ({ settings, origins }) => {
    expect(firstCalledOrigins(settings)).toEqual(origins);
  });

  it('escapes the settings so no value can end the script element', async () => {
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.body).not.toContain('<script>alert(1)');
    expect(embedded(page.body)).toMatchObject({ siteId: 'site</script><script>alert(1)</script>' });
  });

  it('serves the built files as they are, hashed assets cacheable for good, and a JSON 404 under /api', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/main.js' });
    expect(asset.body).toBe('console.log("tab")');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await app.inject({ method: 'GET', url: '/favicon.svg' })).headers['cache-control']).toBe('no-cache');
    const missing = await app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'notFound' } });
  });

  it.each([
    { accepts: 'gzip, deflate, br, zstd', encoding: 'br', decode: brotliDecompressSync },
    { accepts: 'gzip, deflate', encoding: 'gzip', decode: gunzipSync },
  ])('sends a script compressed to a browser that accepts $encoding, and the same script when decoded', async ({ accepts, encoding, decode }) => {
    const asset = await app.inject({ method: 'GET', url: '/assets/ui.js', headers: { 'accept-encoding': accepts } });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-encoding']).toBe(encoding);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers.vary).toMatch(/accept-encoding/i);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.rawPayload.length).toBeLessThan(UI_CHUNK.length / 4);
    expect(decode(asset.rawPayload).toString('utf8')).toBe(UI_CHUNK);
  });

  it('sends a script plain to a client that accepts no compression', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/ui.js', headers: { 'accept-encoding': 'identity' } });
    expect(asset.headers['content-encoding']).toBeUndefined();
    expect(asset.body).toBe(UI_CHUNK);
  });

  it.each(['/', '/assets/main.js', '/tab-config.json'])('%s carries the security headers, with a policy that lets Teams frame the tab', async (url) => {
    const response = await app.inject({ method: 'GET', url });
    const policy = String(response.headers['content-security-policy']);
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'self' https://teams.microsoft.com");
    expect(policy).toMatch(/connect-src 'self' [^;]*http:\/\/127\.0\.0\.1:4100/);
    // X-Frame-Options cannot name Teams, so it must not be sent at all.
    expect(response.headers['x-frame-options']).toBeUndefined();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cross-origin-opener-policy']).toBe('same-origin-allow-popups');
    expect(response.headers['x-dns-prefetch-control']).toBe('on');
  });

  it("lets MSAL's popup relay page keep the tab frame that opened it (no opener policy), and only that page", async () => {
    const relay = await app.inject({ method: 'GET', url: '/auth-relay.html#req=x' });
    expect(relay.statusCode).toBe(200);
    expect(relay.headers['cross-origin-opener-policy']).toBe('unsafe-none');
    expect(String(relay.headers['content-security-policy'])).toContain("script-src 'self'");
    expect((await app.inject({ method: 'GET', url: '/auth-relay.html.evil' })).headers['cross-origin-opener-policy']).toBe('same-origin-allow-popups');
  });
});
