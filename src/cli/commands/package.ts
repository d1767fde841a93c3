/**
 * `waymark package [--env local|dev]`: the Teams app package. Fills the `${{VAR}}` placeholders of
 * appPackage/manifest.json from env/.env.<env> (then its .user file, then the process environment),
 * validates the result offline against the published manifest schema that @microsoft/app-manifest
 * ships, checks the icons' pixel sizes, and zips manifest + icons into
 * appPackage/build/appPackage.<env>.zip. teamsapp.yml's actions do the same for the toolkit; this
 * command needs neither the toolkit nor a network.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { Command } from 'commander';
import { zipSync } from 'fflate';
import writeFileAtomic from 'write-file-atomic';
import { readEnvFile } from '../../config/config.ts';
import { CliError } from '../run-command.ts';

export type PackageErrorReason = 'no-environment' | 'missing-variables' | 'invalid-manifest' | 'no-schema' | 'bad-icon';

/** Why the package was not built; nothing is written when this is thrown. */
export class PackageError extends CliError {
  constructor(
    readonly reason: PackageErrorReason,
    message: string,
  ) {
    super(message, 1);
  }
}

export interface PackageCommandOptions {
  env?: string;
}

export interface PackageCommandContext {
  /** The repository root (holds appPackage/ and env/). */
  root: string;
  processEnv: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
}

export interface PackageResult {
  zipPath: string;
  manifest: Record<string, unknown>;
  files: string[];
}

/** Pixel sizes Teams requires of the icons the manifest names. */
const ICON_SIZES = { color: 192, outline: 32, color32x32: 32 } as const;

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export function registerPackageCommand(program: Command): void {
  program
    .command('package')
    .description('Build the Teams app package: fill appPackage/manifest.json from env/.env.<env>, validate it offline, zip it with its icons into appPackage/build/appPackage.<env>.zip.')
    .option('--env <name>', 'environment whose env/.env.<name> files fill the manifest (default: WAYMARK_ENV or local)')
    .action(async (options: PackageCommandOptions) => {
      await runPackageCommand(options, { root: process.cwd(), processEnv: process.env, stdout: (text) => process.stdout.write(text) });
    });
}

/** The package command's work, with its surroundings passed in. */
export async function runPackageCommand(options: PackageCommandOptions, context: PackageCommandContext): Promise<PackageResult> {
  const environment = options.env ?? context.processEnv.WAYMARK_ENV ?? 'local';
  const envFile = join(context.root, 'env', `.env.${environment}`);
  if (!/^[A-Za-z0-9_-]+$/.test(environment) || !existsSync(envFile)) {
    throw new PackageError('no-environment', `There is no environment "${environment}": ${relative(context.root, envFile)} does not exist. Use --env local or --env dev.`);
  }
  const values = { ...readEnvFile(envFile), ...readEnvFile(`${envFile}.user`), ...definedOnly(context.processEnv) };

  const folder = join(context.root, 'appPackage');
  const manifestPath = join(folder, 'manifest.json');
  const label = relative(context.root, manifestPath);
  const manifest = parseManifest(fillPlaceholders(readFileSync(manifestPath, 'utf8'), values, { file: label, environment }), label);

  const problems = validateManifest(manifest);
  if (problems.length > 0) {
    throw new PackageError('invalid-manifest', `${label}, filled for "${environment}", does not match the Teams manifest schema ${String(manifest.manifestVersion)}:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  }

  const icons = iconFiles(manifest, folder, label);
  const entries: Record<string, Uint8Array> = { 'manifest.json': new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`) };
  for (const icon of icons) entries[icon.name] = icon.bytes;

  // A fixed date keeps the zip byte-for-byte the same when nothing changed.
  const zipped = zipSync(entries, { mtime: new Date('2026-01-01T00:00:00Z') });
  const zipPath = join(folder, 'build', `appPackage.${environment}.zip`);
  mkdirSync(dirname(zipPath), { recursive: true });
  await writeFileAtomic(zipPath, Buffer.from(zipped));
  const files = Object.keys(entries);
  context.stdout(`Wrote ${relative(context.root, zipPath)} (${files.join(', ')}; manifest schema ${String(manifest.manifestVersion)}, validated offline).\n`);
  return { zipPath, manifest, files };
}

/**
 * The text with every `${{VAR}}` replaced by its value, escaped for a JSON string. Refuses when any
 * variable is missing or blank, naming each one and the lines it appears on.
 */
export function fillPlaceholders(text: string, values: Record<string, string | undefined>, where: { file: string; environment: string }): string {
  const missing = new Map<string, number[]>();
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    for (const match of line.matchAll(PLACEHOLDER)) {
      const name = match[1] as string;
      if ((values[name] ?? '').trim() !== '') continue;
      const seen = missing.get(name) ?? [];
      if (!seen.includes(index + 1)) seen.push(index + 1);
      missing.set(name, seen);
    }
  });
  if (missing.size > 0) {
    const list = [...missing].map(([name, at]) => `- ${name} (${where.file} line${at.length > 1 ? 's' : ''} ${at.join(', ')})`).join('\n');
    throw new PackageError(
      'missing-variables',
      `The manifest needs ${missing.size === 1 ? 'a variable' : 'variables'} that environment "${where.environment}" does not set:\n${list}\nSet ${missing.size === 1 ? 'it' : 'them'} in env/.env.${where.environment}, env/.env.${where.environment}.user or the environment.`,
    );
  }
  return text.replace(PLACEHOLDER, (_match, name: string) => JSON.stringify((values[name] as string).trim()).slice(1, -1));
}

/**
 * The problems of a filled manifest against the schema of its own manifestVersion, as shipped by
 * @microsoft/app-manifest (no download). Empty when it is valid.
 */
export function validateManifest(manifest: Record<string, unknown>): string[] {
  const version = manifest.manifestVersion;
  if (typeof version !== 'string' || !/^\d+\.\d+$|^devPreview$/.test(version)) return ['/manifestVersion must name a schema version such as "1.30"'];
  const schema = loadManifestSchema(version);
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((error) => {
    const detail = error.keyword === 'additionalProperties' ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})` : '';
    return `${error.instancePath || '/'} ${error.message ?? 'is not valid'}${detail}`;
  });
}

/** The published Teams manifest schema of one version, from @microsoft/app-manifest's offline copies. */
export function loadManifestSchema(version: string): Record<string, unknown> {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json'));
  } catch {
    throw new PackageError('no-schema', 'The Teams manifest schemas come with the dev dependency @microsoft/app-manifest, which is not installed. Run npm install (with dev dependencies).');
  }
  const path = join(packageDir, 'build', 'json-schemas', 'teams', `v${version}`, 'MicrosoftTeams.schema.json');
  if (!existsSync(path)) throw new PackageError('no-schema', `@microsoft/app-manifest has no schema for manifest version ${version} (looked for ${path}).`);
  const text = readFileSync(path, 'utf8');
  // The schemas declare draft-04; Ajv's default engine reads them the same way as long as they
  // use none of draft-04's own forms (boolean exclusiveMinimum/Maximum, `id`). Refuse if they ever do.
  if (/"exclusiveM(?:in|ax)imum"\s*:\s*(?:true|false)/.test(text)) throw new PackageError('no-schema', `The schema ${path} uses draft-04 boolean exclusive limits, which this validator does not read.`);
  const { $schema: _draft, ...schema } = JSON.parse(text) as Record<string, unknown>;
  return schema;
}

/** The width and height a PNG declares in its IHDR chunk; undefined when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((byte, index) => bytes[index] !== byte)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function iconFiles(manifest: Record<string, unknown>, folder: string, label: string): { name: string; bytes: Uint8Array }[] {
  const icons = (manifest.icons ?? {}) as Record<string, unknown>;
  const files: { name: string; bytes: Uint8Array }[] = [];
  const problems: string[] = [];
  for (const [kind, size] of Object.entries(ICON_SIZES)) {
    const name = icons[kind];
    if (typeof name !== 'string') continue;
    // Icons sit beside the manifest at the zip's root; a path out of appPackage/ is refused.
    if (name.includes('/') || name.includes('\\') || name.startsWith('.')) {
      problems.push(`icons.${kind} "${name}" must be a file name beside the manifest`);
      continue;
    }
    const path = join(folder, name);
    if (!existsSync(path)) {
      problems.push(`icons.${kind} names ${name}, which is not in appPackage/`);
      continue;
    }
    const bytes = new Uint8Array(readFileSync(path));
    const actual = pngSize(bytes);
    if (!actual) problems.push(`icons.${kind} ${name} is not a PNG file`);
    else if (actual.width !== size || actual.height !== size) problems.push(`icons.${kind} ${name} is ${actual.width}×${actual.height}; Teams needs ${size}×${size}`);
    else files.push({ name, bytes });
  }
  if (problems.length > 0) throw new PackageError('bad-icon', `The icons of ${label} are not usable:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  return files;
}

function parseManifest(text: string, label: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('it is not a JSON object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw new PackageError('invalid-manifest', `${label} is not valid JSON once filled: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
