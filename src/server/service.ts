/**
 * Waymark's service: one fastify app that hosts the built tab (static files) and, as the work
 * grows, the write API, the reminder schedule and the bot endpoint. This file is its composition
 * root; each capability registers its own routes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WaymarkConfig } from '../config/config.ts';
import { registerWriteApi } from './api/write-api.ts';
import type { WriteApiOptions } from './api/write-api.ts';
import { registerSecurityHeaders, webOriginOf } from './security-headers.ts';

export interface ServiceOptions {
  config: WaymarkConfig;
  /** Folder of the built tab (vite build output); undefined or missing serves no tab. */
  tabDir?: string;
  host?: string;
  /** Port to listen on; 0 = any free port. Default config.servicePort. */
  port?: number;
  /**
   * The local emulator's origin when it acts as the development identity provider (demo
   * personas); only the local stack sets it. The tab then offers the persona switcher.
   */
  devIdentityUrl?: string;
  /** The write API's parts (token checks, access groups, the app-only writer); without them /api is not served. See writeApiFromConfig. */
  writeApi?: WriteApiOptions;
  /** The bot (src/bot, botFromConfig): registers `POST /api/messages`; without it no bot endpoint is served. */
  bot?: { register(app: FastifyInstance): void };
}

/** The public settings the tab reads at start (`GET /tab-config.json`); never a secret. */
export interface PublicTabConfig {
  graphBaseUrl: string;
  siteId: string;
  tenantId: string;
  clientId: string;
  authorityHost: string;
  plan: string;
  /** Where the write API is: this service's origin. */
  apiBaseUrl: string;
  /** The scope the tab asks for to call the API (`<API_APP_ID_URI>/access_as_user`). */
  apiScope: string;
  devIdentityUrl?: string;
}

export interface RunningService {
  /** e.g. http://127.0.0.1:4200 */
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

export const DEFAULT_TAB_DIR = 'dist/tab';

/** The service's fastify app, not yet listening (tests call app.inject). */
export async function buildService(options: ServiceOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  const { config } = options;
  // The write API is this service: 'self', unless it is published at another address.
  await registerSecurityHeaders(app, { graphBaseUrl: config.graphBaseUrl, authorityHost: config.authorityHost, devIdentityUrl: options.devIdentityUrl, apiBaseUrl: config.servicePublicUrl });
  app.get('/healthz', async () => ({ status: 'ok' }));
  const settings = (request: FastifyRequest): PublicTabConfig => ({
    graphBaseUrl: config.graphBaseUrl,
    siteId: config.siteId,
    tenantId: config.tenantId,
    clientId: config.clientId,
    authorityHost: config.authorityHost,
    plan: config.defaultPlan,
    apiScope: `${config.apiAppIdUri}/access_as_user`,
    apiBaseUrl: config.servicePublicUrl ?? `${request.protocol}://${request.headers.host ?? request.host}`,
    ...(options.devIdentityUrl ? { devIdentityUrl: options.devIdentityUrl } : {}),
  });
  app.get('/tab-config.json', async (request, reply) => reply.header('Cache-Control', 'no-cache').send(settings(request)));
  if (options.writeApi) await registerWriteApi(app, options.writeApi);
  options.bot?.register(app);
  await registerTabHosting(app, options.tabDir, settings);
  return app;
}

export async function startService(options: ServiceOptions): Promise<RunningService> {
  const app = await buildService(options);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? options.config.servicePort, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.config.servicePort;
  return { url: `http://${host}:${port}`, app, close: () => app.close() };
}

// The tab is a single-page app: its files as they are, and index.html, carrying the public
// settings, for / and any other GET outside /api.
async function registerTabHosting(app: FastifyInstance, tabDir: string | undefined, settings: (request: FastifyRequest) => PublicTabConfig): Promise<void> {
  const root = tabDir ? resolve(tabDir) : undefined;
  if (!root || !existsSync(join(root, 'index.html'))) {
    app.get('/', async (_request, reply) => reply.code(503).type('text/plain').send('The tab is not built. Run `npm start` (which builds it) or `npx vite build`.'));
    return;
  }
  const indexHtml = readFileSync(join(root, 'index.html'), 'utf8');
  // index.html is never served as a plain file: every answer for it carries the settings.
  await app.register(fastifyStatic, {
    root,
    index: false,
    wildcard: false,
    cacheControl: false,
    // The build leaves brotli and gzip copies beside each script and stylesheet (vite.config.ts):
    // a browser that accepts one is sent it as it is, with no compressing per request.
    preCompressed: true,
    allowedPath: (path) => path !== '/index.html',
    // Vite names every built asset by its content hash, so a reopened tab may use its copy without
    // asking again (and Chromium then reuses the compiled code too); anything else is revalidated.
    setHeaders: (reply, path) => {
      void reply.header('Cache-Control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.setNotFoundHandler(async (request, reply) => {
    if (request.method !== 'GET' || request.url.startsWith('/api/')) {
      return reply.code(404).send({ error: { code: 'notFound', message: `No such address: ${request.method} ${request.url.split('?')[0]}` } });
    }
    return reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(withEmbeddedSettings(indexHtml, settings(request)));
  });
}

/**
 * index.html with the public settings written into it (as `/tab-config.json` publishes them), so
 * the tab starts signing in as soon as its script runs instead of after another request. `<` is
 * escaped so no value can close the script element.
 */
export function withEmbeddedSettings(html: string, settings: PublicTabConfig): string {
  const json = JSON.stringify(settings).replace(/</g, '\\u003c');
  const preconnects = firstCalledOrigins(settings).map((origin) => `<link rel="preconnect" href="${origin}" crossorigin>`);
  return html.replace('</head>', `${preconnects.join('')}<script id="waymark-settings" type="application/json">${json}</script></head>`);
}

/**
 * The origins a first open calls before it can draw anything: where it signs in and Graph. The
 * browser is told to connect to them while the page loads, so a real tenant's DNS lookups and TLS
 * handshakes (a round trip or more each) happen alongside the scripts, not after sign-in. The
 * tab's requests there are CORS without credentials, hence `crossorigin` (the anonymous pool).
 */
export function firstCalledOrigins(settings: Pick<PublicTabConfig, 'graphBaseUrl' | 'authorityHost' | 'devIdentityUrl'>): string[] {
  return [...new Set([...webOriginOf(settings.devIdentityUrl ?? settings.authorityHost), ...webOriginOf(settings.graphBaseUrl)])];
}
