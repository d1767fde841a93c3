/**
 * The one path every Graph request takes, whether it came over HTTP or inside a `$batch`:
 * authenticate → inject faults → route → check query options → handler → response, with every
 * failure turned into Graph's error body by the error factory. The route table lives here.
 */
import { GraphHttpError, graphErrorBody, graphErrors } from '../errors/graph-error-factory.ts';
import { batchHandler } from '../handlers/batch.ts';
import { createColumn, getColumn, getColumns, updateColumn } from '../handlers/columns.ts';
import { getDelta } from '../handlers/delta.ts';
import { createItem, deleteItem, getItem, getItemFields, getItems, updateItemFields } from '../handlers/items.ts';
import { createList, deleteList, getList, getLists } from '../handlers/lists.ts';
import type { Handler } from '../handlers/resources.ts';
import { getSite } from '../handlers/sites.ts';
import type { TokenIssuer } from '../identity/token-issuer.ts';
import { authenticate, authoriseWrite } from '../middleware/auth.ts';
import type { FaultInjector } from '../middleware/faults.ts';
import { json } from '../middleware/graph-context.ts';
import type { GraphRequest, GraphResponse } from '../middleware/graph-context.ts';
import type { SystemOption } from '../odata/query-options.ts';
import type { GraphStore } from '../store/graph-store.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

interface Route {
  method: Method;
  /** Segments; ':name' captures one segment, others match case-insensitively. */
  segments: string[];
  /** The system query options the route accepts; any other `$option` is a 400. */
  options: readonly SystemOption[];
  handle: Handler;
}

export interface PipelineOptions {
  store: GraphStore;
  issuer: TokenIssuer;
  faults: FaultInjector;
  pageSize: number;
  /** Counts the parts of each $batch. */
  countBatch: (parts: number) => void;
  /** Reports an unexpected failure (a bug in the emulator), for the log. */
  onInternalError?: (error: unknown, request: GraphRequest) => void;
}

const READ = ['select', 'expand'] as const;
const ITEM_QUERY = ['select', 'expand', 'filter', 'orderby', 'top', 'skiptoken'] as const;
const NONE = [] as const;

/** Runs Graph requests. */
export class GraphPipeline {
  private readonly routes: Route[];

  constructor(private readonly options: PipelineOptions) {
    const route = (method: Method, pattern: string, allowed: readonly SystemOption[], handle: Handler): Route => ({
      method,
      segments: pattern.split('/').filter((segment) => segment !== ''),
      options: allowed,
      handle,
    });
    const list = 'sites/:site/lists/:list';
    this.routes = [
      route('POST', '$batch', NONE, batchHandler(options.countBatch)),
      route('GET', 'sites/:site', READ, getSite),
      route('GET', 'sites/:site/lists', READ, getLists),
      route('POST', 'sites/:site/lists', NONE, createList),
      route('GET', list, READ, getList),
      route('DELETE', list, NONE, deleteList),
      route('GET', `${list}/columns`, READ, getColumns),
      route('POST', `${list}/columns`, NONE, createColumn),
      route('GET', `${list}/columns/:column`, READ, getColumn),
      route('PATCH', `${list}/columns/:column`, NONE, updateColumn),
      route('GET', `${list}/items`, ITEM_QUERY, getItems),
      route('POST', `${list}/items`, NONE, createItem),
      route('GET', `${list}/items/delta`, ['select', 'expand', 'top', 'deltatoken'], getDelta),
      route('GET', `${list}/items/delta()`, ['select', 'expand', 'top', 'deltatoken'], getDelta),
      route('GET', `${list}/items/:item`, READ, getItem),
      route('DELETE', `${list}/items/:item`, NONE, deleteItem),
      route('GET', `${list}/items/:item/fields`, ['select'], getItemFields),
      route('PATCH', `${list}/items/:item/fields`, NONE, updateItemFields),
    ];
  }

  /** Answers one request; never throws. */
  async handle(request: GraphRequest): Promise<GraphResponse> {
    try {
      const caller = await authenticate(request, this.options.issuer);
      authoriseWrite(request, caller);
      const isBatch = request.method === 'POST' && request.path.toLowerCase() === '/$batch';
      // A $batch is throttled part by part, as Graph does, never as a whole.
      if (!isBatch) {
        const fault = this.options.faults.roll();
        if (fault) throw fault;
      }
      const { route, params } = this.match(request);
      this.checkQuery(request, route);
      const response = await route.handle({
        request: { ...request, caller },
        params,
        store: this.options.store,
        pageSize: this.options.pageSize,
        caller,
        dispatch: (part) => this.handle(part),
      });
      return withIds(response, request);
    } catch (error) {
      return this.errorResponse(error, request);
    }
  }

  private errorResponse(error: unknown, request: GraphRequest): GraphResponse {
    let failure: GraphHttpError;
    if (error instanceof GraphHttpError) {
      failure = error;
    } else {
      this.options.onInternalError?.(error, request);
      failure = graphErrors.internal(`The emulator failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const ids = { requestId: request.requestId, clientRequestId: request.clientRequestId };
    return withIds(json(failure.status, graphErrorBody(failure, ids), { ...failure.headers }), request);
  }

  private match(request: GraphRequest): { route: Route; params: Record<string, string> } {
    const raw = request.path.split('/').filter((segment) => segment !== '');
    const segments = raw.map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw graphErrors.badRequest(`The path segment '${segment}' is not correctly percent-encoded.`);
      }
    });
    let deepest = 0;
    let pathMatched = false;
    for (const route of this.routes) {
      const params: Record<string, string> = {};
      let matched = 0;
      for (; matched < route.segments.length && matched < segments.length; matched++) {
        const pattern = route.segments[matched] ?? '';
        const segment = segments[matched] ?? '';
        if (pattern.startsWith(':')) params[pattern.slice(1)] = segment;
        else if (pattern.toLowerCase() !== segment.toLowerCase()) break;
      }
      deepest = Math.max(deepest, matched);
      if (matched !== route.segments.length || matched !== segments.length) continue;
      pathMatched = true;
      if (route.method === request.method) return { route, params };
    }
    if (pathMatched) throw graphErrors.methodNotAllowed(request.method, request.path);
    if (segments.length === 0) throw graphErrors.badRequest('Invalid request: no resource was named after the version.');
    throw graphErrors.segmentNotFound(segments[Math.min(deepest, segments.length - 1)] ?? '');
  }

  private checkQuery(request: GraphRequest, route: Route): void {
    if (request.query.malformed !== undefined) throw graphErrors.badRequest(`The query parameter '${request.query.malformed}' is not correctly percent-encoded.`);
    const repeated = request.query.repeated[0];
    if (repeated !== undefined) throw graphErrors.duplicateQueryOption(repeated);
    for (const name of request.query.options.keys()) {
      if (!(route.options as readonly string[]).includes(name)) throw graphErrors.unknownQueryOption(`$${name}`);
    }
  }
}

function withIds(response: GraphResponse, request: GraphRequest): GraphResponse {
  return { ...response, headers: { ...response.headers, 'request-id': request.requestId, 'client-request-id': request.clientRequestId } };
}
