/**
 * The local Microsoft Graph emulator for SharePoint lists (like Azurite for Azure Storage). This
 * is its composition root: it loads or creates the state, builds the store, the token issuer,
 * fault injection and the Graph pipeline, and puts them behind fastify. Everything under /v1.0
 * goes through GraphPipeline; the Entra-like token endpoints are in identity/.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { graphErrorBody, graphErrors } from './errors/graph-error-factory.ts';
import { registerIdentityRoutes, requestOrigin } from './identity/identity-routes.ts';
import { registerInboxRoutes } from './inbox/inbox-routes.ts';
import { registerBotRoutes } from './bot/bot-routes.ts';
import { ChatStore } from './bot/chat-store.ts';
import { InboxStore } from './inbox/inbox-store.ts';
import { registerPersonaRoutes } from './identity/persona-routes.ts';
import type { DemoPerson } from './identity/persona-routes.ts';
import { TokenIssuer } from './identity/token-issuer.ts';
import { applyCors } from './middleware/cors.ts';
import { FaultInjector } from './middleware/faults.ts';
import { GRAPH_JSON } from './middleware/graph-context.ts';
import type { GraphRequest } from './middleware/graph-context.ts';
import { parseQueryString } from './odata/query-options.ts';
import { GraphPipeline } from './routing/graph-pipeline.ts';
import { GraphStore, emptyState } from './store/graph-store.ts';
import { StateWriter, loadState } from './store/persistence.ts';

export interface EmulatorOptions {
  /** 0 = any free port; default 4100. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Folder for persisted data; null = memory only (tests). Default '.data/emulator'. */
  dataDir?: string | null;
  /** Default page size for list items and delta; default 200. */
  pageSize?: number;
  /** Added delay per request (a $batch counts once); default 0. */
  latencyMs?: number;
  /** 0..1: chance a Graph request (each $batch part on its own) gets 429 or 503 with Retry-After; default 0. */
  failRate?: number;
  /** Retry-After on injected failures, in seconds; default 1. */
  retryAfterSeconds?: number;
  /** The emulated site's id (hostname,siteCollectionId,webId). */
  siteId?: string;
  /** Print one line per request to stdout. */
  log?: boolean;
  /** Demo people the development identity provider lists and issues tokens for (none by default). */
  people?: readonly DemoPerson[];
  /** Tenant id put in persona tokens when the request names none. */
  tenantId?: string;
  /** The bot's messaging endpoint the chats page sends card actions to (also EMULATOR_BOT_ENDPOINT, or PUT /dev/bot/endpoint later). */
  botEndpoint?: string;
}

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:4100 (also the token authority host). */
  url: string;
  /** url + '/v1.0'. */
  graphUrl: string;
  siteId: string;
  /** HTTP requests to /v1.0 received (a $batch counts once), $batch parts, and response bytes sent for them. */
  stats(): { requests: number; batchedRequests: number; bytesOut: number };
  resetStats(): void;
  /** Changes fault injection at run time. */
  setFaults(faults: { latencyMs?: number; failRate?: number }): void;
  /** Stops listening and writes any pending state. */
  close(): Promise<void>;
}

export const DEFAULT_SITE_ID = 'waymark.sharepoint.local,5a1e0000-0000-4000-8000-000000000001,5a1e0000-0000-4000-8000-000000000002';
export const DEFAULT_PORT = 4100;
export const DEFAULT_DATA_DIR = '.data/emulator';
export const DEFAULT_PAGE_SIZE = 200;
/** The tenant id persona tokens carry unless told otherwise (matches env/.env.local). */
export const DEFAULT_TENANT_ID = '00000000-0000-4000-8000-00000000c0de';

// A $batch of 20 parts can be large; Graph accepts batches up to about 4 MB.
const BODY_LIMIT = 4 * 1024 * 1024;

/** Starts the emulator and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const dataDir = options.dataDir === undefined ? DEFAULT_DATA_DIR : options.dataDir;
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 5000) throw new RangeError(`pageSize must be a whole number from 1 to 5000, not ${pageSize}`);
  const siteId = options.siteId ?? DEFAULT_SITE_ID;
  const log = options.log ?? false;

  const state = (dataDir ? loadState(dataDir) : undefined) ?? emptyState();
  let writer: StateWriter | undefined;
  const store = new GraphStore(state, { onChange: () => writer?.changed() });
  if (dataDir) {
    writer = new StateWriter(dataDir, () => store.state, 50, (error) => {
      process.stderr.write(`graph emulator: could not save its state in ${dataDir}: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  }
  store.ensureSite(siteId);
  const issuer = await TokenIssuer.create(state.signingKey, (record) => {
    state.signingKey = record;
    writer?.changed();
  });
  const faults = new FaultInjector({ latencyMs: options.latencyMs ?? 0, failRate: options.failRate ?? 0, retryAfterSeconds: options.retryAfterSeconds ?? 1 });
  const stats = { requests: 0, batchedRequests: 0, bytesOut: 0 };
  const pipeline = new GraphPipeline({
    store,
    issuer,
    faults,
    pageSize,
    countBatch: (parts) => {
      stats.batchedRequests += parts;
    },
    onInternalError: (error, request) => {
      process.stderr.write(`graph emulator: internal error on ${request.method} ${request.path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    },
  });

  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT, routerOptions: { maxParamLength: 2000 }, return503OnClosing: false });
  // Bodies are read as text and parsed where they are used, so a malformed body gets Graph's (or OAuth's) error, not fastify's.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.addHook('onRequest', async (request, reply) => {
    // A CORS preflight crosses the network like any other request, so it pays the latency too: a
    // browser sends one before the first call to each URL it sends a token to, and reuses it only
    // for that URL until Access-Control-Max-Age runs out.
    await faults.delay();
    if (applyCors(request, reply)) return reply;
    return undefined;
  });
  if (log) {
    app.addHook('onResponse', async (request, reply) => {
      process.stdout.write(`${new Date().toISOString()} ${request.method} ${request.url} → ${reply.statusCode} (${Math.round(reply.elapsedTime)} ms)\n`);
    });
  }

  registerIdentityRoutes(app, issuer);
  registerPersonaRoutes(app, issuer, options.people ?? [], options.tenantId ?? DEFAULT_TENANT_ID);
  // Teams Workflows webhooks and the card inbox that shows what they received.
  const inbox = new InboxStore(dataDir);
  registerInboxRoutes(app, inbox);
  // The Teams side of the bot: Bot Connector, people and app installation in Graph, the chats page.
  const chats = new ChatStore(dataDir);
  const botEndpoint = options.botEndpoint ?? process.env.EMULATOR_BOT_ENDPOINT;
  registerBotRoutes(app, { issuer, people: options.people ?? [], store: chats, tenantId: options.tenantId ?? DEFAULT_TENANT_ID, ...(botEndpoint ? { botEndpoint } : {}) });

  const graphRoute = async (request: FastifyRequest, reply: FastifyReply) => {
    stats.requests += 1;
    const response = await pipeline.handle(toGraphRequest(request));
    void reply.code(response.status);
    for (const [name, value] of Object.entries(response.headers)) void reply.header(name, value);
    if (response.body === undefined) return reply.send();
    const text = JSON.stringify(response.body);
    stats.bytesOut += Buffer.byteLength(text);
    return reply.header('Content-Type', GRAPH_JSON).header('OData-Version', '4.0').send(text);
  };
  app.all('/v1.0', graphRoute);
  app.all('/v1.0/*', graphRoute);

  app.get('/', async (request) => {
    const origin = requestOrigin(request);
    return {
      name: 'Waymark local Microsoft Graph emulator (SharePoint lists)',
      graph: `${origin}/v1.0`,
      siteId,
      tokenEndpoint: `${origin}/{tenant}/oauth2/v2.0/token`,
      docs: 'docs/emulator.md',
    };
  });

  // Failures fastify raises itself (a body over the size limit, a broken request) still answer in Graph's shape.
  app.setErrorHandler(async (error: { statusCode?: number; message?: string }, request, reply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    const requestId = randomUUID();
    const failure = graphErrors.transport(status, error.message ?? 'The request failed.');
    return reply
      .code(status)
      .header('request-id', requestId)
      .header('Content-Type', GRAPH_JSON)
      .send(JSON.stringify(graphErrorBody(failure, { requestId, clientRequestId: headerText(request, 'client-request-id') ?? requestId })));
  });

  app.setNotFoundHandler(async (request, reply) => {
    const requestId = randomUUID();
    const error = graphErrors.noEndpoint(request.method, request.url.split('?')[0] ?? '');
    return reply
      .code(404)
      .header('request-id', requestId)
      .header('Content-Type', GRAPH_JSON)
      .send(JSON.stringify(graphErrorBody(error, { requestId, clientRequestId: headerText(request, 'client-request-id') ?? requestId })));
  });

  await app.listen({ port: options.port ?? DEFAULT_PORT, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? DEFAULT_PORT);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closed = false;

  return {
    url,
    graphUrl: `${url}/v1.0`,
    siteId,
    stats: () => ({ ...stats }),
    resetStats: () => {
      stats.requests = 0;
      stats.batchedRequests = 0;
      stats.bytesOut = 0;
    },
    setFaults: (changes) => {
      faults.set({
        ...(changes.latencyMs !== undefined ? { latencyMs: changes.latencyMs } : {}),
        ...(changes.failRate !== undefined ? { failRate: changes.failRate } : {}),
      });
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await app.close();
      await writer?.flush();
      await inbox.flush();
      await chats.flush();
    },
  };
}

function headerText(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function toGraphRequest(request: FastifyRequest): GraphRequest {
  const raw = request.raw.url ?? request.url;
  const question = raw.indexOf('?');
  const fullPath = question === -1 ? raw : raw.slice(0, question);
  const rawQuery = question === -1 ? '' : raw.slice(question + 1);
  const path = fullPath.slice('/v1.0'.length) || '/';
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const requestId = randomUUID();
  const query = parseQueryString(rawQuery);
  return {
    method: request.method.toUpperCase(),
    path,
    rawQuery,
    query,
    headers,
    body: typeof request.body === 'string' ? request.body : undefined,
    graphBase: `${requestOrigin(request)}/v1.0`,
    requestId,
    clientRequestId: headers['client-request-id'] ?? requestId,
    inBatch: false,
  };
}
