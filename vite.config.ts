/**
 * Builds the Teams tab: root src/tab, output dist/tab. The tab's settings come from the same
 * env/.env.<WAYMARK_ENV> files as the rest of Waymark, but only the public keys listed here are
 * compiled in; SECRET_* values and the .user files are never read.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import react from '@vitejs/plugin-react';
import { compression } from 'vite-plugin-compression2';
import { defineConfig } from 'vite';
import type { IndexHtmlTransformContext, Plugin } from 'vite';
// Loading it checks manifest/sharepoint-lists.json (list-schema.ts' `manifest`, checked on load in
// Node): a broken manifest stops the build here, with the check's own message.
import './src/graph/list-schema.ts';

const PUBLIC_KEYS = ['GRAPH_BASE_URL', 'SHAREPOINT_SITE_ID', 'CLIENT_ID', 'TENANT_ID', 'AUTHORITY_HOST', 'WAYMARK_PLAN'] as const;

/** A path relative to this file, as an absolute file path. */
const fromHere = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

function tabSettings(): Record<string, string> {
  const environment = process.env.WAYMARK_ENV ?? 'local';
  const file = fromHere(`./env/.env.${environment}`);
  const fromFile = existsSync(file) ? (parseEnv(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const settings: Record<string, string> = {};
  for (const key of PUBLIC_KEYS) {
    const value = process.env[key] ?? fromFile[key];
    if (value !== undefined) settings[key] = value;
  }
  return settings;
}

/**
 * index.html loads only the boot script (src/tab/main.ts), which imports the Graph client
 * (connect-graph.ts) and the UI (mount.tsx) dynamically, so that it can choose what runs first.
 * The chunks of the `atOnce` entries become modulepreload links in index.html: the browser fetches
 * and compiles them in parallel with the boot script (a cold tab needs the Graph client compiled
 * by the time its token arrives). The chunks of the `whenAsked` entries (the UI: React and Fluent
 * UI, ~600 KB) are only listed, in `<script id="waymark-ui-chunks">`, for the boot script to
 * preload once it has started sign-in and painted any picture of the last view: compiled from the
 * start, they held the boot script back (the picture came ~40 ms later). main.ts alone decides
 * when any of them runs.
 */
function preloadDynamicEntries(atOnce: string[], whenAsked: string[]): Plugin {
  return {
    name: 'waymark-preload-dynamic-entries',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html: string, context: IndexHtmlTransformContext) {
        const bundle = context.bundle;
        if (!bundle || !context.filename.endsWith('index.html')) return html;
        const chunks = Object.values(bundle).filter((output) => output.type === 'chunk');
        const files = new Set<string>();
        const chunksOf = (entries: string[]): string[] => {
          const found: string[] = [];
          const visit = (fileName: string) => {
            if (files.has(fileName)) return;
            files.add(fileName);
            found.push(fileName);
            chunks.find((chunk) => chunk.fileName === fileName)?.imports.forEach(visit);
          };
          for (const entry of entries) {
            const start = chunks.find((chunk) => chunk.facadeModuleId === entry);
            if (!start) throw new Error(`preloadDynamicEntries: no chunk is built from ${entry}`);
            visit(start.fileName);
          }
          return found.filter((fileName) => !html.includes(`/${fileName}"`));
        };
        const now = chunksOf(atOnce);
        const later = chunksOf(whenAsked);
        return [
          ...now.map((fileName) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${fileName}` }, injectTo: 'head' as const })),
          { tag: 'script', attrs: { type: 'application/json', id: 'waymark-ui-chunks' }, children: JSON.stringify(later.map((fileName) => `./${fileName}`)), injectTo: 'head' as const },
        ];
      },
    },
  };
}

/**
 * Tells src/graph/list-schema.ts that the SharePoint list manifest the tab bundles has been checked
 * (by this file's import of it, above), so the browser does not check it again on every open.
 */
function checkedListManifest(): Plugin {
  return {
    name: 'waymark-checked-list-manifest',
    config: () => ({ define: { __WAYMARK_MANIFEST_CHECKED__: 'true' } }),
  };
}

/** What rolldown lets a chunk-naming function read of the module graph. */
type ModuleGraph = { getModuleInfo(id: string): { importedIds: readonly string[] } | null };

/**
 * A chunk group (rolldown's `codeSplitting.groups`) holding every module `entry` imports
 * statically, directly or not, except zod, in one chunk called `name`.
 *
 * Left to itself, the bundler cut the modules main.ts needs into six chunks, by which other pages
 * share them (the configuration page, the sign-in pages, the UI), and connect-graph.ts's into two.
 * Over HTTP/1.1 a browser asks one host for six files at a time, so the last two of the eight
 * waited for a connection, and the boot script waited for its chunks. In one chunk each (the other pages
 * load the boot chunk too, ~45 KB), cold opens came ~30 ms sooner (A/B, 10 alternating opens
 * each, twice: 646 → 608 and 573 → 545 ms).
 *
 * zod stays out: main.ts reaches it only to configure it (zod-without-eval.ts), and whole in the
 * boot chunk it ran before the token request could leave. The bundler puts what the boot script
 * uses of it in the boot chunk, and the rest with the Graph client, which builds the schemas.
 */
function everythingImportedBy(entry: string, name: string) {
  let imported: Set<string> | undefined;
  const importedBy = (graph: ModuleGraph): Set<string> => {
    const found = new Set<string>();
    const visit = (id: string) => {
      if (found.has(id)) return;
      found.add(id);
      for (const next of graph.getModuleInfo(id)?.importedIds ?? []) visit(next);
    };
    visit(entry);
    found.delete(entry);
    return found;
  };
  return (id: string, graph: ModuleGraph): string | null => {
    imported ??= importedBy(graph);
    return imported.has(id) && !/[\\/]node_modules[\\/]zod[\\/]/.test(id) ? name : null;
  };
}

export default defineConfig({
  root: fromHere('./src/tab'),
  // Relative asset paths: the built tab can be served from any folder of any HTTPS host.
  base: './',
  plugins: [
    react(),
    checkedListManifest(),
    preloadDynamicEntries([fromHere('./src/tab/data/connect-graph.ts')], [fromHere('./src/tab/mount.tsx')]),
    // Brotli and gzip copies of the scripts and styles, made once here at the highest settings and
    // sent by the service to browsers that accept them (service.ts, preCompressed): a first open's
    // ~670 KB of JavaScript crosses the network as ~180 KB. index.html stays plain: the service
    // writes the settings into it on every request.
    compression({
      include: /\.(js|css)$/,
      threshold: 1024,
      algorithms: ['brotliCompress', 'gzip'],
    }),
  ],
  define: {
    __WAYMARK_TAB_CONFIG__: JSON.stringify(tabSettings()),
  },
  // The tab's own .env handling stays off: settings come only through the define above.
  envDir: false,
  build: {
    outDir: fromHere('./dist/tab'),
    emptyOutDir: true,
    target: 'es2022',
    // Every browser Teams runs tabs in supports modulepreload itself; the polyfill would be one
    // more chunk on the tab's first open, shared with the sign-in pages.
    modulePreload: { polyfill: false },
    sourcemap: true,
    // Sizes are measured gzipped by `npm run bench` (initial JavaScript under 250 KB); the
    // sign-in chunk (MSAL) is large but loads only against a tenant.
    chunkSizeWarningLimit: 800,
    // The tab itself, the channel tab's configuration page Teams opens when a team adds it, and
    // the two pages MSAL needs for a popup or hidden-frame sign-in.
    rolldownOptions: {
      input: {
        main: fromHere('./src/tab/index.html'),
        configure: fromHere('./src/tab/configure.html'),
        // MSAL's pages for a popup or hidden-frame sign-in (src/tab/auth/sign-in-pages.ts).
        authRedirect: fromHere('./src/tab/auth-redirect.html'),
        authRelay: fromHere('./src/tab/auth-relay.html'),
      },
      output: {
        codeSplitting: {
          // The boot script's modules first: the Graph client's chunk takes only what they leave.
          groups: [
            { name: everythingImportedBy(fromHere('./src/tab/main.ts'), 'boot'), debugName: 'boot', priority: 2 },
            { name: everythingImportedBy(fromHere('./src/tab/data/connect-graph.ts'), 'graph'), debugName: 'graph', priority: 1 },
          ],
        },
      },
    },
  },
  server: { port: 5173, strictPort: false },
});
