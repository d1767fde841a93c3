/**
 * Every error the emulator puts on the wire is built here, in Graph's shape:
 * `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`.
 * Handlers throw a GraphHttpError from one of the named constructors below; the pipeline turns it
 * into a response. Status codes and codes follow Graph; the wording of messages may differ.
 */

/** A Graph error on its way to the wire: HTTP status, Graph error code, message, extra headers. */
export class GraphHttpError extends Error {
  override readonly name = 'GraphHttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** The body of a Graph error response. */
export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError: { date: string; 'request-id': string; 'client-request-id': string };
  };
}

/** The wire body for an error, stamped with the request's ids. */
export function graphErrorBody(error: GraphHttpError, ids: { requestId: string; clientRequestId: string }, now: Date = new Date()): GraphErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      // Graph stamps innerError.date to the second, without a zone suffix.
      innerError: { date: now.toISOString().slice(0, 19), 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId },
    },
  };
}

const NOT_INDEXED_ADVICE =
  "Provide the 'Prefer: HonorNonIndexedQueriesWarningMayFailRandomly' header to allow this, but be warned that such queries may fail on large lists.";

/** The named errors the emulator raises; one place so codes and statuses stay consistent. */
export const graphErrors = {
  accessTokenEmpty: () => new GraphHttpError(401, 'InvalidAuthenticationToken', 'Access token is empty.'),
  /** What SharePoint answers through Graph when the signed-in person lacks the right on the site. */
  accessDenied: () => new GraphHttpError(403, 'accessDenied', 'Access denied'),
  accessTokenInvalid: (detail: string) => new GraphHttpError(401, 'InvalidAuthenticationToken', `Access token validation failure. ${detail}`.trim()),
  segmentNotFound: (segment: string) => new GraphHttpError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`),
  methodNotAllowed: (method: string, path: string) => new GraphHttpError(405, 'BadRequest', `The HTTP method '${method}' is not supported on '${path}'.`),
  badRequest: (message: string) => new GraphHttpError(400, 'BadRequest', message),
  invalidRequest: (message: string) => new GraphHttpError(400, 'invalidRequest', message),
  notSupported: (message: string) => new GraphHttpError(400, 'notSupported', message),
  invalidJson: (detail: string) => new GraphHttpError(400, 'BadRequest', `Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format. ${detail}`.trim()),
  invalidFilter: (detail: string) => new GraphHttpError(400, 'BadRequest', `Invalid filter clause: ${detail}`),
  invalidOrderBy: (detail: string) => new GraphHttpError(400, 'BadRequest', `Invalid $orderby clause: ${detail}`),
  unknownQueryOption: (name: string) => new GraphHttpError(400, 'BadRequest', `Query option '${name}' is not supported for this request.`),
  duplicateQueryOption: (name: string) => new GraphHttpError(400, 'BadRequest', `Query option '${name}' was specified more than once, but it must be specified at most once.`),
  unknownProperty: (name: string, type: string) => new GraphHttpError(400, 'BadRequest', `Could not find a property named '${name}' on type '${type}'.`),
  siteNotFound: () => new GraphHttpError(404, 'itemNotFound', 'Requested site could not be found'),
  listNotFound: (list: string) => new GraphHttpError(404, 'itemNotFound', `The list '${list}' was not found on this site.`),
  columnNotFound: (column: string) => new GraphHttpError(404, 'itemNotFound', `The column '${column}' was not found in this list.`),
  itemNotFound: (id: string) => new GraphHttpError(404, 'itemNotFound', `The item '${id}' was not found in this list.`),
  nameAlreadyExists: (message: string) => new GraphHttpError(409, 'nameAlreadyExists', message),
  preconditionFailed: () => new GraphHttpError(412, 'preconditionFailed', 'The item has changed since the eTag given in If-Match was read (ETag mismatch).'),
  fieldNotRecognized: (field: string) => new GraphHttpError(400, 'invalidRequest', `Field '${field}' is not recognized`),
  fieldReadOnly: (field: string) => new GraphHttpError(400, 'invalidRequest', `Field '${field}' is read-only`),
  fieldInvalid: (field: string, reason: string) => new GraphHttpError(400, 'invalidRequest', `Invalid value for field '${field}': ${reason}`),
  fieldRequired: (field: string) => new GraphHttpError(400, 'invalidRequest', `Field '${field}' is required`),
  fieldNotIndexed: (field: string) =>
    new GraphHttpError(400, 'invalidRequest', `Field '${field}' cannot be referenced in filter or orderby as it is not indexed. ${NOT_INDEXED_ADVICE}`),
  listViewThreshold: () =>
    new GraphHttpError(
      500,
      'generalException',
      'The attempted operation is prohibited because it exceeds the list view threshold (Microsoft.SharePoint.SPQueryThrottledException).',
    ),
  deltaTokenGone: (location: string) =>
    new GraphHttpError(410, 'resyncRequired', 'The delta token is not valid or has expired; start again from the Location header.', { Location: location }),
  tooManyRequests: (retryAfterSeconds: number) =>
    new GraphHttpError(429, 'TooManyRequests', 'Too many requests; retry after the time in the Retry-After header (injected by the emulator).', {
      'Retry-After': String(retryAfterSeconds),
    }),
  serviceNotAvailable: (retryAfterSeconds: number) =>
    new GraphHttpError(503, 'serviceNotAvailable', 'The service is temporarily unavailable; retry after the time in the Retry-After header (injected by the emulator).', {
      'Retry-After': String(retryAfterSeconds),
    }),
  batchTooLarge: (count: number, max: number) => new GraphHttpError(400, 'BadRequest', `Number of batch request steps exceeds the maximum of ${max} (got ${count}).`),
  batchInvalid: (message: string) => new GraphHttpError(400, 'BadRequest', message),
  failedDependency: (dependency: string) => new GraphHttpError(424, 'failedDependency', `The request was not run because the request '${dependency}' it depends on failed.`),
  internal: (message: string) => new GraphHttpError(500, 'generalException', message),
  noEndpoint: (method: string, path: string) => new GraphHttpError(404, 'NotFound', `The emulator has no endpoint at ${method} ${path}; Graph calls go under /v1.0.`),
  /** A failure of the HTTP layer itself (body too large, malformed request), by its status. */
  transport: (status: number, message: string) =>
    new GraphHttpError(status, status === 413 ? 'RequestEntityTooLarge' : status >= 500 ? 'generalException' : 'BadRequest', message),
} as const;
