/**
 * Teams Workflows webhooks, emulated: `POST /webhooks/{name}` takes the message a "When a Teams
 * webhook request is received" trigger takes (`{"type":"message","attachments":[{"contentType":
 * "application/vnd.microsoft.card.adaptive","content":{…}}]}`) and answers 202, keeping it in the
 * inbox. `GET /inbox` shows every card as Teams would (Microsoft's Adaptive Cards renderer),
 * newest first; `GET /inbox.json` is the same for tests; `DELETE /inbox` empties it.
 *
 * Fault injection for tests: `PUT /dev/webhooks/{name}/fault` with `{"status":503,"times":2,
 * "retryAfterSeconds":0}` makes the next `times` posts to that webhook fail (times omitted: until
 * cleared with `DELETE /dev/webhooks/{name}/fault`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { inboxPage } from './inbox-page.ts';
import type { InboxStore } from './inbox-store.ts';

/** Teams refuses a webhook message larger than about 28 KB. */
export const MAX_WEBHOOK_BYTES = 28 * 1024;

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const NAME = /^[A-Za-z0-9_-]{1,64}$/;

interface Fault {
  status: number;
  /** Posts still to fail; undefined = every post until cleared. */
  remaining?: number;
  retryAfterSeconds?: number;
}

/** Registers the webhook, inbox and fault routes on the emulator's fastify app. */
export function registerInboxRoutes(app: FastifyInstance, inbox: InboxStore): void {
  const faults = new Map<string, Fault>();
  let rendererScript: string | undefined;

  app.post<{ Params: { name: string } }>('/webhooks/:name', async (request, reply) => {
    const { name } = request.params;
    if (!NAME.test(name)) return reply.code(404).send({ error: `No webhook named "${name}".` });
    const fault = faults.get(name);
    if (fault) {
      if (fault.remaining !== undefined && --fault.remaining <= 0) faults.delete(name);
      if (fault.retryAfterSeconds !== undefined) void reply.header('Retry-After', String(fault.retryAfterSeconds));
      return reply.code(fault.status).send({ error: `Injected failure ${fault.status} on webhook ${name}.` });
    }
    const text = typeof request.body === 'string' ? request.body : '';
    if (Buffer.byteLength(text) > MAX_WEBHOOK_BYTES) {
      return reply.code(413).send({ error: `The message is ${Buffer.byteLength(text)} bytes; Teams takes at most about 28 KB.` });
    }
    const cards = cardsOf(text);
    if (typeof cards === 'string') return reply.code(400).send({ error: cards });
    inbox.add(name, cards, new Date().toISOString());
    return reply.code(202).send();
  });

  app.put<{ Params: { name: string } }>('/dev/webhooks/:name/fault', async (request, reply) => {
    let body: { status?: unknown; times?: unknown; retryAfterSeconds?: unknown };
    try {
      body = JSON.parse(typeof request.body === 'string' ? request.body : '{}') as typeof body;
    } catch {
      return reply.code(400).send({ error: 'The fault must be JSON: {"status":503,"times":2,"retryAfterSeconds":0}.' });
    }
    const status = Number(body.status);
    if (!Number.isInteger(status) || status < 400 || status > 599) return reply.code(400).send({ error: 'status must be an HTTP error status (400 to 599).' });
    const fault: Fault = { status };
    if (body.times !== undefined) fault.remaining = Math.max(1, Math.floor(Number(body.times)) || 1);
    if (body.retryAfterSeconds !== undefined) fault.retryAfterSeconds = Math.max(0, Number(body.retryAfterSeconds) || 0);
    faults.set(request.params.name, fault);
    return reply.code(204).send();
  });
  app.delete<{ Params: { name: string } }>('/dev/webhooks/:name/fault', async (request, reply) => {
    faults.delete(request.params.name);
    return reply.code(204).send();
  });

  app.get('/inbox.json', async () => ({ messages: inbox.list() }));
  app.delete('/inbox', async (_request, reply) => {
    inbox.clear();
    return reply.code(204).send();
  });
  app.get('/inbox', async (_request, reply) => reply.header('Content-Type', 'text/html; charset=utf-8').header('Cache-Control', 'no-store').send(inboxPage(inbox.list())));
  app.get('/inbox/adaptivecards.js', async (_request, reply) => {
    rendererScript ??= readFileSync(join(dirname(createRequire(import.meta.url).resolve('adaptivecards/package.json')), 'dist', 'adaptivecards.min.js'), 'utf8');
    return reply.header('Content-Type', 'text/javascript; charset=utf-8').header('Cache-Control', 'max-age=3600').send(rendererScript);
  });
}

/** The cards of a Workflows message, or a sentence saying why it is not one. */
function cardsOf(text: string): unknown[] | string {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return 'The body is not JSON.';
  }
  const attachments = (message as { attachments?: unknown })?.attachments;
  if ((message as { type?: unknown })?.type !== 'message' || !Array.isArray(attachments) || attachments.length === 0) {
    return 'The body must be {"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":{…}}]}.';
  }
  const cards: unknown[] = [];
  for (const [index, attachment] of attachments.entries()) {
    const { contentType, content } = (attachment ?? {}) as { contentType?: unknown; content?: unknown };
    if (contentType !== ADAPTIVE_CARD) return `attachments[${index}].contentType must be ${ADAPTIVE_CARD}.`;
    if ((content as { type?: unknown } | undefined)?.type !== 'AdaptiveCard') return `attachments[${index}].content must be an Adaptive Card ({"type":"AdaptiveCard",…}).`;
    cards.push(content);
  }
  return cards;
}
