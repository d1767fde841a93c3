/**
 * Opaque tokens in `@odata.nextLink` and `@odata.deltaLink`, and the links themselves. A link
 * repeats the request's own query (so it carries the filter, sort, select and page size) with the
 * token swapped in; the token is base64url JSON, which clients must treat as opaque.
 */
import type { GraphRequest } from '../middleware/graph-context.ts';

/** Encodes a token payload. */
export function encodeToken(payload: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** Decodes a token payload; undefined when it is not one of ours. */
export function decodeToken(token: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The absolute URL of this request with the parameters named in `drop` removed (compared
 * case-insensitively, `$` optional) and `add` appended; other parameters stay exactly as sent.
 */
export function linkWith(request: GraphRequest, drop: readonly string[], add: Record<string, string>): string {
  const dropped = new Set(drop.map((name) => name.toLowerCase()));
  const kept = request.rawQuery.split('&').filter((pair) => {
    if (pair === '') return false;
    const rawKey = pair.split('=')[0] ?? '';
    let key: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
    } catch {
      key = rawKey;
    }
    return !dropped.has(key.toLowerCase().replace(/^\$/, ''));
  });
  for (const [name, value] of Object.entries(add)) kept.push(`${name}=${encodeURIComponent(value)}`);
  const query = kept.join('&');
  return `${request.graphBase}${request.path}${query ? `?${query}` : ''}`;
}
