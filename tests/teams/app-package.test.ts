/**
 * The Teams app package: the manifest, filled from each environment's env files, validates against
 * the published schema with no network; missing variables are refused by name; the zip holds
 * exactly the manifest and its two icons; the icons have the sizes and colours Teams requires.
 */
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PackageError, fillPlaceholders, pngSize, runPackageCommand, validateManifest } from '../../src/cli/commands/package.ts';
import { readPngPixels } from './png-pixels.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** What a real tenant's provisioning puts in env/.env.dev (fictional ids). */
const DEV_VALUES = {
  TEAMS_APP_ID: '3b1f0c2e-5d7a-4c8e-9f10-2a3b4c5d6e7f',
  TAB_ENDPOINT: 'https://waymark.example-council.gov.uk',
  TAB_DOMAIN: 'waymark.example-council.gov.uk',
  CLIENT_ID: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  API_APP_ID_URI: 'api://waymark.example-council.gov.uk/7c9e6679-7425-40de-944b-e07fc1f90ae7',
  BOT_ID: '5f2d8a41-93c7-4e0b-b6a2-1c4d7e9f0a3b',
};

let root: string;
let output: string[];

/** A copy of the repository's appPackage/ and env/, so a test never writes into the working tree. */
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'waymark-package-'));
  cpSync(join(REPO, 'appPackage'), join(root, 'appPackage'), { recursive: true, filter: (path) => !path.includes(`${join('appPackage', 'build')}`) });
  for (const name of ['.env.local', '.env.dev']) cpSync(join(REPO, 'env', name), join(root, 'env', name));
  output = [];
  // Validation must not reach the network: any fetch fails the test.
  vi.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('the package command must not use the network'));
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(root, { recursive: true, force: true });
});

const run = (env: string, processEnv: NodeJS.ProcessEnv = {}) => runPackageCommand({ env }, { root, processEnv, stdout: (text) => output.push(text) });

function zipEntries(path: string): Record<string, Uint8Array> {
  return unzipSync(new Uint8Array(readFileSync(path)));
}

describe('waymark package', () => {
  it('builds the local package: a manifest valid against the published schema and exactly three files', async () => {
    const result = await run('local');

    const entries = zipEntries(result.zipPath);
    expect(Object.keys(entries).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(new TextDecoder().decode(entries['manifest.json'])) as Record<string, unknown>;
    expect(JSON.stringify(manifest)).not.toContain('${{');
    expect(validateManifest(manifest)).toEqual([]);
    const local = parseEnv(readFileSync(join(root, 'env', '.env.local'), 'utf8'));
    expect(manifest.id).toBe(local.TEAMS_APP_ID);
    expect(manifest.webApplicationInfo).toMatchObject({ id: local.CLIENT_ID, resource: local.API_APP_ID_URI });
    expect(result.zipPath).toBe(join(root, 'appPackage', 'build', 'appPackage.local.zip'));
    expect(output.join('')).toContain('appPackage.local.zip');
    expect(globalThis.fetch).not.toHaveBeenCalled();
  });

  it('builds the dev package once a tenant has filled its variables (environment overrides the files)', async () => {
    const result = await run('dev', DEV_VALUES);

    const manifest = result.manifest as {
      id: string;
      validDomains: string[];
      configurableTabs: { configurationUrl: string; scopes: string[]; canUpdateConfiguration: boolean }[];
      staticTabs: { entityId: string; name?: string; contentUrl?: string }[];
    };
    expect(validateManifest(result.manifest)).toEqual([]);
    expect(manifest.id).toBe(DEV_VALUES.TEAMS_APP_ID);
    expect(manifest.validDomains).toEqual([DEV_VALUES.TAB_DOMAIN]);
    expect(manifest.configurableTabs).toEqual([expect.objectContaining({ configurationUrl: `${DEV_VALUES.TAB_ENDPOINT}/configure.html?host=teams`, scopes: ['team'], canUpdateConfiguration: true })]);
    expect(manifest.staticTabs.find((tab) => tab.entityId === 'mine')).toMatchObject({ name: 'My milestones', contentUrl: `${DEV_VALUES.TAB_ENDPOINT}/?host=teams&view=mine&theme={app.theme}` });
    expect(Object.keys(zipEntries(result.zipPath)).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
  });

  it('refuses an environment that leaves variables unset, naming each and where it appears, and writes nothing', async () => {
    const { TAB_DOMAIN: _domain, CLIENT_ID: _client, ...partly } = DEV_VALUES;

    const failure = await run('dev', partly).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(PackageError);
    expect((failure as PackageError).reason).toBe('missing-variables');
    const message = (failure as PackageError).message;
    expect(message).toMatch(/- TAB_DOMAIN \(appPackage\/manifest\.json lines \d+, \d+\)/);
    expect(message).toMatch(/- CLIENT_ID \(appPackage\/manifest\.json line \d+\)/);
    expect(message).not.toContain('TEAMS_APP_ID');
    expect(message).toContain('env/.env.dev.user');
    expect(existsSync(join(root, 'appPackage', 'build', 'appPackage.dev.zip'))).toBe(false);
  });

  it('reads secrets and local overrides from the .user file', async () => {
    writeFileSync(join(root, 'env', '.env.dev.user'), Object.entries(DEV_VALUES).map(([key, value]) => `${key}=${value}`).join('\n'));
    const result = await run('dev');
    expect((result.manifest as { id: string }).id).toBe(DEV_VALUES.TEAMS_APP_ID);
  });

  it('refuses a manifest the schema rejects, saying where', async () => {
    const path = join(root, 'appPackage', 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as { staticTabs: { entityId: string }[] };
    (manifest.staticTabs[0] as { entityId: string }).entityId = 'x'.repeat(65);
    writeFileSync(path, JSON.stringify(manifest));

    const failure = (await run('local').catch((error: unknown) => error)) as PackageError;
    expect(failure.reason).toBe('invalid-manifest');
    expect(failure.message).toContain('/staticTabs/0/entityId');
  });

  it('refuses an icon of the wrong size', async () => {
    copyFileSync(join(root, 'appPackage', 'color.png'), join(root, 'appPackage', 'outline.png'));
    const failure = (await run('local').catch((error: unknown) => error)) as PackageError;
    expect(failure.reason).toBe('bad-icon');
    expect(failure.message).toContain('outline.png is 192×192; Teams needs 32×32');
  });

  it('refuses an environment that has no env file', async () => {
    const failure = (await run('staging').catch((error: unknown) => error)) as PackageError;
    expect(failure.reason).toBe('no-environment');
    expect(failure.message).toContain('env/.env.staging');
  });
});

describe('filling placeholders', () => {
  const where = { file: 'manifest.json', environment: 'test' };

  it.each([
    ['a plain value', '{"a":"${{X}}"}', { X: 'b' }, { a: 'b' }],
    ['spaces inside the braces', '{"a":"${{ X }}"}', { X: 'b' }, { a: 'b' }],
    ['a value with quotes and backslashes stays one JSON string', '{"a":"${{X}}"}', { X: 'say "hi" \\ there' }, { a: 'say "hi" \\ there' }],
    ['surrounding whitespace is dropped', '{"a":"${{X}}/x"}', { X: ' https://h ' }, { a: 'https://h/x' }],
  ])('%s', (_name, text, values, expected) => {
    expect(JSON.parse(fillPlaceholders(text, values, where))).toEqual(expected);
  });

  it('counts a blank value as missing', () => {
    expect(() => fillPlaceholders('{"a":"${{X}}"}', { X: '  ' }, where)).toThrow(/- X \(manifest\.json line 1\)/);
  });
});

describe('the icons', () => {
  const icon = (name: string) => new Uint8Array(readFileSync(join(REPO, 'appPackage', name)));

  it('are PNGs of the sizes Teams requires', () => {
    expect(pngSize(icon('color.png'))).toEqual({ width: 192, height: 192 });
    expect(pngSize(icon('outline.png'))).toEqual({ width: 32, height: 32 });
    expect(pngSize(new TextEncoder().encode('not a png at all, just text'))).toBeUndefined();
  });

  it('outline.png is white on transparent only, and draws something', () => {
    const { width, height, rgba } = readPngPixels(icon('outline.png'));
    expect([width, height]).toEqual([32, 32]);
    let drawn = 0;
    const offending: string[] = [];
    for (let i = 0; i < width * height; i += 1) {
      const [r, g, b, a] = rgba.subarray(i * 4, i * 4 + 4);
      if (a === 0) continue;
      drawn += 1;
      if (r !== 255 || g !== 255 || b !== 255) offending.push(`(${i % width},${Math.floor(i / width)}) rgba(${r},${g},${b},${a})`);
    }
    expect(offending).toEqual([]);
    expect(drawn).toBeGreaterThan(50);
    expect(drawn).toBeLessThan(width * height);
  });

  it('color.png is opaque and not one flat colour', () => {
    const { rgba } = readPngPixels(icon('color.png'));
    const colours = new Set<string>();
    let seeThrough = 0;
    for (let i = 0; i < rgba.length; i += 4) {
      if (rgba[i + 3] !== 255) seeThrough += 1;
      colours.add(`${rgba[i]},${rgba[i + 1]},${rgba[i + 2]}`);
    }
    expect(seeThrough).toBe(0);
    expect(colours.size).toBeGreaterThan(1);
  });
});
