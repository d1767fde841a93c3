/**
 * The write API of docs/api.md: `GET /api/me`, `POST /api/milestones/:id/updates`,
 * `GET /api/milestones/:id/history`. Every request is authenticated with the caller's bearer
 * token; an update is authorised against the milestone's directorates, validated, and written
 * with the service's own Graph identity in one $batch (MilestoneWriter). Same origin as the tab,
 * so no CORS.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canUpdateAny, canUpdateSome, decideUpdate, describeUpdateRights } from '../../domain/access.ts';
import type { Access, DirectorateNames } from '../../domain/access.ts';
import type { Clock } from '../../domain/clock.ts';
import { planMilestoneUpdate, validateMilestoneUpdate } from '../../domain/milestone-update.ts';
import type { Milestone, MilestoneUpdate, UpdateSource } from '../../domain/records.ts';
import { WaymarkGraphError, toWaymarkGraphError } from '../../graph/graph-error.ts';
import type { Stored } from '../../graph/list-records.ts';
import type { AccessGroups } from '../auth/access-groups.ts';
import { AuthError } from '../auth/auth-error.ts';
import type { TokenValidator, VerifiedUser } from '../auth/token-validator.ts';
import type { MilestoneWriter } from '../milestone-writer.ts';
import { ApiError } from './api-error.ts';

export interface WriteApiOptions {
  validator: TokenValidator;
  accessGroups: AccessGroups;
  writer: Pick<MilestoneWriter, 'read' | 'history' | 'save'>;
  clock: Clock;
  /**
   * Client ids (the token's azp) of Waymark's own callers, e.g. the bot, that may name an update's
   * `source` ('card'); anyone else's updates are recorded as 'tab'.
   */
  trustedSourceClients?: readonly string[];
  directorateNames?: DirectorateNames;
  /** Where failures the caller cannot act on are reported (default: stderr). */
  log?: (line: string) => void;
}

/** Retry-After when Graph throttled without saying how long. */
const DEFAULT_RETRY_AFTER_SECONDS = 30;
/** An update is a few kilobytes at most; refuse anything larger before parsing it. */
const BODY_LIMIT = 64 * 1024;
const GROUPS_OVERAGE =
  'Your sign-in did not list your groups (you are in too many for the token to carry), so Waymark cannot see your role: ask IT to limit the groups claim to the groups assigned to Waymark.';
/** SharePoint list item ids are positive whole numbers. */
const ITEM_ID = /^[1-9]\d{0,9}$/;

interface Caller {
  user: VerifiedUser;
  access: Access;
}

type MilestoneRequest = FastifyRequest<{ Params: { id: string } }>;

/** Registers the API's routes under /api. */
export async function registerWriteApi(app: FastifyInstance, options: WriteApiOptions): Promise<void> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  await app.register(
    async (api) => {
      api.setErrorHandler(async (error, request, reply) => sendError(reply, asApiError(error, request, log)));
      api.setNotFoundHandler(async (request, reply) => sendError(reply, new ApiError('not-found', `No such address: ${request.method} ${request.url.split('?')[0]}`)));

      const authenticate = async (request: FastifyRequest): Promise<Caller> => {
        const user = await options.validator.verify(request.headers.authorization);
        return { user, access: options.accessGroups.accessFor(user.groups) };
      };

      // What the caller may update, in words; says so when Entra left their groups out of the token.
      const rightsOf = (caller: Caller) => {
        const rights = describeUpdateRights(caller.access, options.directorateNames);
        return caller.user.groupsOverage && !canUpdateSome(caller.access) ? `${rights} ${GROUPS_OVERAGE}` : rights;
      };

      api.get('/me', async (request) => {
        const caller = await authenticate(request);
        const { user, access } = caller;
        return {
          upn: user.upn,
          ...(user.name ? { name: user.name } : {}),
          roles: access.roles,
          directorates: access.directorates,
          canUpdateAny: canUpdateAny(access),
          canUpdate: rightsOf(caller),
        };
      });

      api.get('/milestones/:id/history', async (request: MilestoneRequest) => {
        await authenticate(request);
        const id = milestoneId(request);
        const [, updates] = await Promise.all([options.writer.read(id), options.writer.history(id)]);
        return { updates: updates.map(updateOut) };
      });

      api.post('/milestones/:id/updates', { bodyLimit: BODY_LIMIT }, async (request: MilestoneRequest, reply) => {
        const caller = await authenticate(request);
        const { user, access } = caller;
        if (!canUpdateSome(access)) throw new ApiError('forbidden', rightsOf(caller));
        const validation = validateMilestoneUpdate(request.body, options.clock.today());
        if (!validation.ok) {
          throw new ApiError('invalid', `The update was not saved: ${validation.problems.map((problem) => problem.message).join(' ')}`, { fields: validation.problems });
        }
        const { update } = validation;
        if (update.source !== undefined && !(user.clientId && options.trustedSourceClients?.includes(user.clientId))) {
          const field = { field: 'source', message: 'source can only be set by Waymark’s own services; leave it out.' };
          throw new ApiError('invalid', `The update was not saved: ${field.message}`, { fields: [field] });
        }
        const ifMatch = ifMatchOf(request);
        const id = milestoneId(request);
        const current = await options.writer.read(id);
        const decision = decideUpdate(access, current.record, options.directorateNames);
        if (!decision.allowed) throw new ApiError('forbidden', decision.message);
        const source: UpdateSource = update.source ?? 'tab';
        // SharePoint keeps dateTime columns to the second: the answer then matches what a later read gives.
        const now = options.clock.now().replace(/\.\d+Z$/, 'Z');
        const planned = planMilestoneUpdate(current, update, { upn: user.upn, ...(user.name ? { name: user.name } : {}) }, { now, today: options.clock.today() }, source);
        const outcome = await options.writer.save(current, ifMatch, planned);
        if (outcome.kind === 'conflict') {
          throw new ApiError('conflict', conflictMessage(outcome.lastUpdate), {
            extra: { current: milestoneOut(outcome.current), lastUpdate: outcome.lastUpdate ? updateOut(outcome.lastUpdate) : null },
          });
        }
        if (!outcome.update) {
          // The change is on the site but its history row is not: keep the row in the log so it can be added by hand.
          log(`write api: milestone ${id} was updated but its history row could not be written (${outcome.historyError?.message ?? 'unknown'}); row: ${JSON.stringify(planned.history)}`);
        }
        return reply
          .header('ETag', outcome.milestone.eTag)
          .send({ milestone: milestoneOut(outcome.milestone), update: outcome.update ? updateOut(outcome.update) : null });
      });
    },
    { prefix: '/api' },
  );
}

function milestoneId(request: MilestoneRequest): string {
  const id = request.params.id;
  if (!ITEM_ID.test(id)) throw new ApiError('not-found', `There is no milestone "${id}": milestone ids are the list item's number.`);
  return id;
}

function ifMatchOf(request: FastifyRequest): string {
  const header = request.headers['if-match'];
  const value = (Array.isArray(header) ? header.join(', ') : (header ?? '')).trim();
  // '*' would match any version and silently overwrite someone else's update.
  if (value === '' || value === '*') {
    throw new ApiError('precondition-required', 'Send the milestone’s eTag as you read it in an If-Match header, so a change made meanwhile is not overwritten.');
  }
  return value;
}

function conflictMessage(lastUpdate: Stored<MilestoneUpdate> | null): string {
  const who = lastUpdate ? ` (last updated by ${lastUpdate.record.authorName ?? lastUpdate.record.authorUpn})` : '';
  return `Someone changed this milestone after you opened it${who}, so your update was not saved. Look at what changed and save your update again on top of it.`;
}

function milestoneOut(stored: Stored<Milestone>): Milestone & { id: string; eTag: string } {
  return { ...stored.record, id: stored.id, eTag: stored.eTag };
}

function updateOut(stored: Stored<MilestoneUpdate>): MilestoneUpdate & { id: string } {
  return { ...stored.record, id: stored.id };
}

function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  if (error.options.retryAfterSeconds !== undefined) void reply.header('Retry-After', String(Math.max(1, Math.ceil(error.options.retryAfterSeconds))));
  if (error.options.authenticate) void reply.header('WWW-Authenticate', error.options.authenticate);
  return reply.code(error.status).header('Cache-Control', 'no-store').send(error.body());
}

// Every failure as the API's error: ours as they are, the token's as 401/403, Graph's by reason, fastify's (bad JSON, wrong content type) as 400.
function asApiError(error: unknown, request: FastifyRequest, log: (line: string) => void): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof AuthError) return fromAuthError(error);
  if (error instanceof WaymarkGraphError) return fromGraphError(error, request, log);
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message = status === 415 ? 'Send the update as JSON (Content-Type: application/json).' : status === 413 ? 'The update is too large.' : 'The update is not valid JSON.';
    return new ApiError('invalid', message, { fields: [{ field: 'body', message }], details: error instanceof Error ? error.message : String(error) });
  }
  return fromGraphError(toWaymarkGraphError(error), request, log);
}

function fromAuthError(error: AuthError): ApiError {
  switch (error.reason) {
    case 'missing-token':
      return new ApiError('unauthenticated', error.message, { authenticate: 'Bearer realm="waymark"' });
    case 'wrong-scope':
      return new ApiError('forbidden', error.message, { authenticate: `Bearer realm="waymark", error="insufficient_scope"` });
    case 'keys-unavailable':
    case 'bad-configuration':
      return new ApiError('unavailable', error.message, { retryAfterSeconds: 5, details: error.details });
    case 'malformed':
    case 'bad-signature':
    case 'wrong-algorithm':
    case 'expired':
    case 'not-yet-valid':
    case 'wrong-issuer':
    case 'wrong-audience':
      return new ApiError('unauthenticated', error.message, { authenticate: `Bearer realm="waymark", error="invalid_token", error_description="${error.reason}"` });
    default: {
      const unhandled: never = error.reason;
      return new ApiError('unauthenticated', `The token was refused (${String(unhandled)}).`);
    }
  }
}

function fromGraphError(error: WaymarkGraphError, request: FastifyRequest, log: (line: string) => void): ApiError {
  const retryAfterSeconds = error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
  switch (error.reason) {
    case 'not-found':
      return new ApiError('not-found', 'There is no such milestone (it may have been removed).');
    case 'throttled':
      // Graph's 503 with Retry-After is throttling too; the caller is told the status Graph gave.
      if (error.statusCode === 503) return new ApiError('unavailable', `SharePoint is busy; nothing was saved. Try again in ${Math.ceil(retryAfterSeconds)} seconds.`, { retryAfterSeconds });
      return new ApiError('throttled', `SharePoint is busy and asked Waymark to slow down; nothing was saved. Try again in ${Math.ceil(retryAfterSeconds)} seconds.`, { retryAfterSeconds });
    case 'unavailable':
    case 'network':
    case 'threshold':
      log(`write api: ${request.method} ${request.url}: ${error.reason} ${error.statusCode ?? ''} ${error.requestId ?? ''} ${error.details ?? error.message}`);
      return new ApiError('unavailable', `SharePoint could not be reached or failed; nothing was saved. Try again in ${Math.ceil(retryAfterSeconds)} seconds.`, { retryAfterSeconds });
    case 'conflict':
    case 'forbidden':
    case 'unauthorised':
    case 'not-indexed':
    case 'invalid-request':
    case 'invalid-record':
    case 'dependency-failed':
    case 'unknown':
      log(`write api: ${request.method} ${request.url}: ${error.reason} ${error.statusCode ?? ''} ${error.requestId ?? ''} ${error.details ?? error.message}`);
      return new ApiError('internal', 'Waymark’s service could not save this; the problem has been logged. Try again later or tell the performance team.', { details: error.message });
    default: {
      const unhandled: never = error.reason;
      return new ApiError('internal', `Waymark’s service failed (${String(unhandled)}).`);
    }
  }
}
