/**
 * Builds the Teams tab: root src/tab, output dist/tab. The tab's settings come from the same
 * env/.env.<WAYMARK_ENV> files as the rest of Waymark, but only the public keys listed here are
 * compiled in; SECRET_* values and the .user files are never read.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const PUBLIC_KEYS = ['GRAPH_BASE_URL', 'SHAREPOINT_SITE_ID', 'CLIENT_ID', 'TENANT_ID', 'AUTHORITY_HOST', 'WAYMARK_PLAN'] as const;

function tabSettings(): Record<string, string> {
  const environment = process.env.WAYMARK_ENV ?? 'local';
  const file = fileURLToPath(new URL(`./env/.env.${environment}`, import.meta.url));
  const fromFile = existsSync(file) ? (parseEnv(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const settings: Record<string, string> = {};
  for (const key of PUBLIC_KEYS) {
    const value = process.env[key] ?? fromFile[key];
    if (value !== undefined) settings[key] = value;
  }
  return settings;
}

export default defineConfig({
  root: fileURLToPath(new URL('./src/tab', import.meta.url)),
  // Relative asset paths: the built tab can be served from any folder of any HTTPS host.
  base: './',
  plugins: [react()],
  define: {
    __WAYMARK_TAB_CONFIG__: JSON.stringify(tabSettings()),
  },
  // The tab's own .env handling stays off: settings come only through the define above.
  envDir: false,
  build: {
    outDir: fileURLToPath(new URL('./dist/tab', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Sizes are measured gzipped by `npm run bench` (initial JavaScript under 250 KB); the
    // sign-in chunk (MSAL) is large but loads only against a tenant.
    chunkSizeWarningLimit: 800,
    // Two pages: the tab itself, and the channel tab's configuration page Teams opens when a team adds it.
    rolldownOptions: {
      input: {
        main: fileURLToPath(new URL('./src/tab/index.html', import.meta.url)),
        configure: fileURLToPath(new URL('./src/tab/configure.html', import.meta.url)),
      },
    },
  },
  server: { port: 5173, strictPort: false },
});
