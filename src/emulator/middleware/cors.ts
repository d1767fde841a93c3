/**
 * CORS, so the Teams tab running in a plain browser on another port can call the emulator as it
 * calls Graph (which allows any origin): answers preflights and marks every response.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

const ALLOWED_METHODS = 'GET, POST, PATCH, PUT, DELETE, OPTIONS';
const DEFAULT_ALLOWED_HEADERS = 'Authorization, Content-Type, If-Match, Prefer, client-request-id, ConsistencyLevel, SdkVersion, FeatureUsage, Retry-Attempt';
const EXPOSED_HEADERS = 'request-id, client-request-id, Retry-After, Location, ETag';

/** A fastify onRequest hook; returns true when it answered a preflight itself. */
export function applyCors(request: FastifyRequest, reply: FastifyReply): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  void reply.header('Access-Control-Allow-Origin', origin).header('Vary', 'Origin').header('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  if (request.method !== 'OPTIONS' || request.headers['access-control-request-method'] === undefined) return false;
  const requested = request.headers['access-control-request-headers'];
  void reply
    .header('Access-Control-Allow-Methods', ALLOWED_METHODS)
    .header('Access-Control-Allow-Headers', typeof requested === 'string' && requested !== '' ? requested : DEFAULT_ALLOWED_HEADERS)
    .header('Access-Control-Max-Age', '600')
    .code(204)
    .send();
  return true;
}
