/**
 * The emulator as the Teams side of a bot, for demo personas:
 *
 * - Bot Connector endpoints the Agents SDK calls (`serviceUrl` = the emulator):
 *   `POST /v3/conversations` (a persona's 1:1 chat; 403 while the app is not installed for them),
 *   `POST /v3/conversations/{id}/activities` (and `…/activities/{replyTo}`), and
 *   `PUT /v3/conversations/{id}/activities/{activityId}` (update a card in place).
 * - Graph for people: `GET /v1.0/users/{id or upn}`, `…/memberOf` and `…/transitiveMemberOf`
 *   (the persona's groups), `GET /v1.0/appCatalogs/teamsApps?$filter=externalId eq '…'` and
 *   `POST /v1.0/users/{id}/teamwork/installedApps` (409 when installed already; after installing,
 *   the bot gets a conversationUpdate as Teams sends one).
 * - `GET /chats` (each persona's chat, cards rendered by Microsoft's renderer, working buttons) and
 *   `GET /chats.json`; `POST /chats/{conversationId}/invoke` sends the invoke activity Teams would
 *   to the bot endpoint and puts the card it answers in the chat; `DELETE /chats`.
 * - Switches for tests: `PUT /dev/bot/endpoint` `{"url":…}` (where invokes go; also the
 *   EMULATOR_BOT_ENDPOINT environment variable), `PUT /dev/bot/fault` `{"status":429,"times":2,
 *   "retryAfterSeconds":0}` (next connector sends fail), `PUT /dev/bot/install-policy`
 *   `{"blocked":["persona-id"]}` (installing for them is refused, as a tenant's policy can).
 *
 * Connector calls are not authenticated here (the bot runs anonymously locally); Graph calls need a
 * token the emulator issued, as every Graph call does.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GraphHttpError, graphErrorBody } from '../errors/graph-error-factory.ts';
import { requestOrigin } from '../identity/identity-routes.ts';
import type { DemoPerson } from '../identity/persona-routes.ts';
import type { TokenIssuer } from '../identity/token-issuer.ts';
import { TokenRejected } from '../identity/token-issuer.ts';
import { chatsPage } from './chats-page.ts';
import type { Chat, ChatStore } from './chat-store.ts';

export interface BotRoutesOptions {
  issuer: TokenIssuer;
  people: readonly DemoPerson[];
  store: ChatStore;
  /** The bot's messaging endpoint (e.g. http://127.0.0.1:4200/api/messages); settable later. */
  botEndpoint?: string;
  tenantId: string;
}

interface Fault {
  status: number;
  remaining?: number;
  retryAfterSeconds?: number;
}

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
/** The bot's account in chats it has not named yet (a conversationUpdate after installing). */
const DEFAULT_BOT_ACCOUNT = '28:waymark-bot';
/** Teams answers a card action within about 15 seconds or shows an error. */
const INVOKE_TIMEOUT_MS = 15_000;

type ConversationRequest = FastifyRequest<{ Params: { conversationId: string; activityId?: string } }>;
type UserRequest = FastifyRequest<{ Params: { userId: string } }>;

/** Registers the bot-side routes on the emulator's fastify app. */
export function registerBotRoutes(app: FastifyInstance, options: BotRoutesOptions): void {
  const { store, people } = options;
  let botEndpoint = options.botEndpoint;
  let fault: Fault | undefined;
  let blocked = new Set<string>();

  const personaOf = (id: string): DemoPerson | undefined => {
    const key = id.toLowerCase().replace(/^29:/, '');
    return people.find((person) => person.oid.toLowerCase() === key || person.upn.toLowerCase() === key || person.id === key);
  };
  const userId = (person: DemoPerson) => `29:${person.oid}`;

  const injectedFault = (reply: FastifyReply): FastifyReply | undefined => {
    if (!fault) return undefined;
    const current = fault;
    if (current.remaining !== undefined && --current.remaining <= 0) fault = undefined;
    if (current.retryAfterSeconds !== undefined) void reply.header('Retry-After', String(current.retryAfterSeconds));
    return reply.code(current.status).send({ error: { code: current.status === 429 ? 'TooManyRequests' : 'ServiceError', message: `Injected failure ${current.status}.` } });
  };

  // Bot Connector.
  app.post('/v3/conversations', async (request, reply) => {
    const failed = injectedFault(reply);
    if (failed) return failed;
    const body = jsonOf(request.body) as { bot?: { id?: string }; members?: { id?: string }[]; isGroup?: boolean; tenantId?: string; activity?: unknown; channelData?: { tenant?: { id?: string } } } | undefined;
    const member = body?.members?.[0]?.id;
    if (!body || body.isGroup || !member || (body.members?.length ?? 0) !== 1) return connectorError(reply, 400, 'BadArgument', 'Give exactly one member (the person) and isGroup false: the emulator keeps 1:1 chats only.');
    const person = personaOf(member);
    if (!person) return connectorError(reply, 404, 'NotFound', `No demo persona has the id ${member}.`);
    if (!store.isInstalled(person.id)) return connectorError(reply, 403, 'Forbidden', `The bot is not installed for ${person.displayName}; install the app for them first (POST /v1.0/users/{id}/teamwork/installedApps).`);
    const chat = store.openChat(person.id, body.bot?.id ?? DEFAULT_BOT_ACCOUNT, body.tenantId ?? body.channelData?.tenant?.id ?? options.tenantId);
    let activityId: string | undefined;
    if (body.activity) activityId = store.add(chat, messageOf(body.activity, 'bot')).id;
    return reply.code(201).send({ id: chat.conversationId, ...(activityId ? { activityId } : {}), serviceUrl: requestOrigin(request) });
  });

  const postActivity = async (request: ConversationRequest, reply: FastifyReply) => {
    const failed = injectedFault(reply);
    if (failed) return failed;
    const chat = store.chat(request.params.conversationId);
    if (!chat) return connectorError(reply, 404, 'ConversationNotFound', `There is no conversation ${request.params.conversationId}.`);
    const activity = jsonOf(request.body);
    if (!activity || typeof activity !== 'object') return connectorError(reply, 400, 'BadArgument', 'The body must be an activity.');
    const type = (activity as { type?: unknown }).type;
    // Typing indicators and the like are shown by Teams for a moment and never kept.
    if (type !== 'message') return reply.code(201).send({ id: randomUUID() });
    const added = store.add(chat, messageOf(activity, 'bot'));
    return reply.code(201).send({ id: added.id });
  };
  app.post('/v3/conversations/:conversationId/activities', postActivity);
  app.post('/v3/conversations/:conversationId/activities/:activityId', postActivity);

  app.put('/v3/conversations/:conversationId/activities/:activityId', async (request: ConversationRequest, reply) => {
    const failed = injectedFault(reply);
    if (failed) return failed;
    const chat = store.chat(request.params.conversationId);
    if (!chat) return connectorError(reply, 404, 'ConversationNotFound', `There is no conversation ${request.params.conversationId}.`);
    const content = messageOf(jsonOf(request.body), 'bot');
    if (!store.replace(chat, request.params.activityId ?? '', content, new Date().toISOString())) {
      return connectorError(reply, 404, 'ActivityNotFound', `There is no activity ${request.params.activityId} in ${chat.conversationId}.`);
    }
    return reply.code(200).send({ id: request.params.activityId });
  });

  // Graph: people, their groups, the app catalog and installing the app.
  const graphUser = async (request: UserRequest, reply: FastifyReply): Promise<DemoPerson | undefined> => {
    if (!(await authenticated(request, reply, options.issuer))) return undefined;
    const person = personaOf(decodeURIComponent(request.params.userId));
    if (!person) {
      await sendGraphError(request, reply, new GraphHttpError(404, 'Request_ResourceNotFound', `Resource '${request.params.userId}' does not exist or one of its queried reference-property objects are not present.`));
      return undefined;
    }
    return person;
  };
  app.get('/v1.0/users/:userId', async (request: UserRequest, reply) => {
    const person = await graphUser(request, reply);
    if (!person) return reply;
    return graphJson(reply, 200, { '@odata.context': `${requestOrigin(request)}/v1.0/$metadata#users/$entity`, id: person.oid, displayName: person.displayName, userPrincipalName: person.upn, mail: person.upn, ...(person.jobTitle ? { jobTitle: person.jobTitle } : {}) });
  });
  const memberOf = async (request: UserRequest, reply: FastifyReply) => {
    const person = await graphUser(request, reply);
    if (!person) return reply;
    return graphJson(reply, 200, { '@odata.context': `${requestOrigin(request)}/v1.0/$metadata#directoryObjects`, value: person.groups.map((id) => ({ '@odata.type': '#microsoft.graph.group', id })) });
  };
  app.get('/v1.0/users/:userId/memberOf', memberOf);
  app.get('/v1.0/users/:userId/transitiveMemberOf', memberOf);

  app.get('/v1.0/appCatalogs/teamsApps', async (request, reply) => {
    if (!(await authenticated(request, reply, options.issuer))) return reply;
    const filter = (request.query as Record<string, string | undefined>)['$filter'] ?? '';
    const match = /^externalId eq '([^']+)'$/.exec(filter.trim());
    if (!match) return sendGraphError(request, reply, new GraphHttpError(400, 'BadRequest', "The emulator's app catalog is searched with $filter=externalId eq '<manifest id>'."));
    return graphJson(reply, 200, { value: [{ id: `catalog-${match[1]}`, externalId: match[1], displayName: 'Waymark', distributionMethod: 'organization' }] });
  });

  app.post('/v1.0/users/:userId/teamwork/installedApps', async (request: UserRequest, reply) => {
    const person = await graphUser(request, reply);
    if (!person) return reply;
    const body = jsonOf(request.body) as Record<string, unknown> | undefined;
    if (typeof body?.['teamsApp@odata.bind'] !== 'string') return sendGraphError(request, reply, new GraphHttpError(400, 'BadRequest', "Give the app as {\"teamsApp@odata.bind\":\"https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/{id}\"}."));
    if (blocked.has(person.id)) return sendGraphError(request, reply, new GraphHttpError(403, 'Forbidden', `The tenant's app setup policy does not allow installing this app for ${person.upn}.`));
    if (store.isInstalled(person.id)) return sendGraphError(request, reply, new GraphHttpError(409, 'Conflict', 'App is already installed.'));
    store.install(person.id, new Date().toISOString());
    const chat = store.openChat(person.id, DEFAULT_BOT_ACCOUNT, options.tenantId);
    // Teams tells the bot it was added to the person's chat; the answer does not wait for that.
    if (botEndpoint) void postToBot(botEndpoint, conversationUpdate(person, chat, requestOrigin(request), options.tenantId)).catch(() => undefined);
    return reply.code(201).send();
  });

  // The chats page and what its buttons do.
  app.get('/chats.json', async () => ({ botEndpoint: botEndpoint ?? null, chats: store.chats().map((chat) => ({ ...chat, persona: personaView(people, chat.personaId) })) }));
  app.get('/chats', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    return reply
      .header('Content-Type', 'text/html; charset=utf-8')
      .header('Cache-Control', 'no-store')
      .send(chatsPage({ people, chats: store.chats(), selected: query.persona, botEndpoint }));
  });
  app.delete('/chats', async (_request, reply) => {
    store.clear();
    return reply.code(204).send();
  });
  app.post('/chats/:conversationId/invoke', async (request: ConversationRequest, reply) => {
    const chat = store.chat(request.params.conversationId);
    if (!chat) return reply.code(404).send({ error: `There is no conversation ${request.params.conversationId}.` });
    if (!botEndpoint) return reply.code(503).send({ error: 'The emulator does not know where the bot is: start it with the service (npm start) or PUT /dev/bot/endpoint.' });
    const body = jsonOf(request.body) as { messageId?: unknown; actor?: unknown; verb?: unknown; data?: unknown; trigger?: unknown } | undefined;
    const actor = typeof body?.actor === 'string' ? people.find((person) => person.id === body.actor) : people.find((person) => person.id === chat.personaId);
    if (!actor) return reply.code(400).send({ error: 'actor must be the id of a demo persona.' });
    if (typeof body?.messageId !== 'string' || typeof body.verb !== 'string') return reply.code(400).send({ error: 'Give messageId and verb (and data) of the action.' });
    const trigger = body.trigger === 'automatic' ? 'automatic' : 'manual';
    const invoke = {
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: requestOrigin(request),
      from: { id: userId(actor), aadObjectId: actor.oid, name: actor.displayName },
      recipient: { id: chat.botId, name: 'Waymark' },
      conversation: { id: chat.conversationId, conversationType: 'personal', tenantId: chat.tenantId ?? options.tenantId },
      replyToId: body.messageId,
      channelData: { tenant: { id: chat.tenantId ?? options.tenantId }, source: { name: 'message' } },
      value: { action: { type: 'Action.Execute', verb: body.verb, data: body.data && typeof body.data === 'object' ? body.data : {} }, trigger },
    };
    const started = Date.now();
    let answer: { status: number; body: unknown };
    try {
      answer = await postToBot(botEndpoint, invoke);
    } catch (error) {
      return reply.code(502).send({ error: `The bot could not be reached at ${botEndpoint}: ${error instanceof Error ? error.message : String(error)}` });
    }
    const ms = Date.now() - started;
    const response = answer.body as { statusCode?: number; type?: string; value?: unknown } | undefined;
    if (answer.status === 200 && response?.type === ADAPTIVE_CARD && response.value && typeof response.value === 'object') {
      // Teams shows the answered card in place of the one pressed.
      store.replace(chat, body.messageId, { cards: [response.value] }, new Date().toISOString());
      return reply.send({ status: answer.status, ms, card: response.value });
    }
    return reply.send({ status: answer.status, ms, response: answer.body ?? null, error: 'The bot did not answer with a card; Teams would show "Something went wrong".' });
  });

  // Switches for tests and demos.
  app.put('/dev/bot/endpoint', async (request, reply) => {
    const url = (jsonOf(request.body) as { url?: unknown } | undefined)?.url;
    if (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url)) return reply.code(400).send({ error: 'Give {"url":"http://127.0.0.1:4200/api/messages"}.' });
    botEndpoint = url;
    return reply.code(204).send();
  });
  app.put('/dev/bot/fault', async (request, reply) => {
    const body = (jsonOf(request.body) ?? {}) as { status?: unknown; times?: unknown; retryAfterSeconds?: unknown };
    const status = Number(body.status);
    if (!Number.isInteger(status) || status < 400 || status > 599) return reply.code(400).send({ error: 'status must be an HTTP error status (400 to 599).' });
    fault = { status, ...(body.times !== undefined ? { remaining: Math.max(1, Math.floor(Number(body.times)) || 1) } : {}), ...(body.retryAfterSeconds !== undefined ? { retryAfterSeconds: Math.max(0, Number(body.retryAfterSeconds) || 0) } : {}) };
    return reply.code(204).send();
  });
  app.delete('/dev/bot/fault', async (_request, reply) => {
    fault = undefined;
    return reply.code(204).send();
  });
  app.put('/dev/bot/install-policy', async (request, reply) => {
    const list = (jsonOf(request.body) as { blocked?: unknown } | undefined)?.blocked;
    if (!Array.isArray(list) || list.some((entry) => typeof entry !== 'string')) return reply.code(400).send({ error: 'Give {"blocked":["persona-id",…]}.' });
    blocked = new Set(list as string[]);
    return reply.code(204).send();
  });
}

function jsonOf(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function messageOf(activity: unknown, from: string): { from: string; text?: string; cards: unknown[]; sentAt: string } {
  const record = (activity ?? {}) as { text?: unknown; attachments?: unknown };
  const attachments = Array.isArray(record.attachments) ? (record.attachments as { contentType?: unknown; content?: unknown }[]) : [];
  const cards = attachments.filter((attachment) => attachment?.contentType === ADAPTIVE_CARD && attachment.content).map((attachment) => attachment.content);
  return { from, ...(typeof record.text === 'string' && record.text !== '' ? { text: record.text } : {}), cards, sentAt: new Date().toISOString() };
}

function connectorError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).send({ error: { code, message } });
}

async function authenticated(request: FastifyRequest, reply: FastifyReply, issuer: TokenIssuer): Promise<boolean> {
  const header = request.headers.authorization?.trim() ?? '';
  const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? '';
  if (token === '') {
    await sendGraphError(request, reply, new GraphHttpError(401, 'InvalidAuthenticationToken', 'Access token is empty.'));
    return false;
  }
  try {
    await issuer.verify(token);
    return true;
  } catch (error) {
    if (!(error instanceof TokenRejected)) throw error;
    await sendGraphError(request, reply, new GraphHttpError(401, 'InvalidAuthenticationToken', `Access token validation failure. ${error.message}`));
    return false;
  }
}

async function sendGraphError(request: FastifyRequest, reply: FastifyReply, error: GraphHttpError): Promise<FastifyReply> {
  const requestId = randomUUID();
  const clientRequestId = typeof request.headers['client-request-id'] === 'string' ? request.headers['client-request-id'] : requestId;
  return reply.code(error.status).header('request-id', requestId).header('Content-Type', 'application/json').send(JSON.stringify(graphErrorBody(error, { requestId, clientRequestId })));
}

function graphJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header('Content-Type', 'application/json;odata.metadata=minimal').send(JSON.stringify(body));
}

function personaView(people: readonly DemoPerson[], personaId: string): { id: string; displayName: string; upn: string } | null {
  const person = people.find((entry) => entry.id === personaId);
  return person ? { id: person.id, displayName: person.displayName, upn: person.upn } : null;
}

function conversationUpdate(person: DemoPerson, chat: Chat, serviceUrl: string, tenantId: string): Record<string, unknown> {
  return {
    type: 'conversationUpdate',
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:${person.oid}`, aadObjectId: person.oid, name: person.displayName },
    recipient: { id: chat.botId, name: 'Waymark' },
    conversation: { id: chat.conversationId, conversationType: 'personal', tenantId },
    membersAdded: [{ id: chat.botId }],
    channelData: { tenant: { id: tenantId } },
  };
}

async function postToBot(endpoint: string, activity: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(activity), signal: AbortSignal.timeout(INVOKE_TIMEOUT_MS) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: kept as text for the page to show.
  }
  return { status: response.status, body };
}
