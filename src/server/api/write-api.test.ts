/**
 * The write API's answers to what Graph and the identity provider do, with both faked: each
 * failure reaches the caller as docs/api.md says (429 and 503 with Retry-After, 503 when the keys
 * cannot be fetched, 500 for the rest), and the order of checks (a reader is told so before the
 * body is looked at). The real stack is exercised in tests/api.
 */
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../domain/clock.ts';
import type { Milestone } from '../../domain/records.ts';
import { WaymarkGraphError } from '../../graph/graph-error.ts';
import type { Stored } from '../../graph/list-records.ts';
import { parseAccessGroups } from '../auth/access-groups.ts';
import { AuthError } from '../auth/auth-error.ts';
import type { VerifiedUser } from '../auth/token-validator.ts';
import type { SaveOutcome } from '../milestone-writer.ts';
import { registerWriteApi } from './write-api.ts';
import type { WriteApiOptions } from './write-api.ts';

const PERFORMANCE = '6a7e0000-0000-4000-9000-000000000001';
const READER = '6a7e0000-0000-4000-9000-000000000003';
const groups = parseAccessGroups({ groups: [{ id: PERFORMANCE, role: 'performance' }, { id: READER, role: 'reader' }] }, 'test');
const milestone: Stored<Milestone> = {
  id: '7',
  eTag: '"a,1"',
  record: { key: 'k', plan: '2026/27', projectCode: 'PE1', directorates: ['CF'], title: 'Launch', status: 'On track' },
};

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

interface Fakes {
  user?: Partial<VerifiedUser>;
  verifyError?: AuthError;
  readError?: unknown;
  save?: (planned: Parameters<WriteApiOptions['writer']['save']>[2]) => Promise<SaveOutcome>;
  trusted?: string[];
}

async function start(fakes: Fakes = {}) {
  const logged: string[] = [];
  app = Fastify();
  await registerWriteApi(app, {
    validator: {
      issuer: 'test',
      verify: async () => {
        if (fakes.verifyError) throw fakes.verifyError;
        return { oid: 'o', upn: 'p@x', groups: [PERFORMANCE], groupsOverage: false, clientId: 'tab-client', ...fakes.user };
      },
    },
    accessGroups: groups,
    clock: fixedClock('2026-11-23T09:00:00Z'),
    writer: {
      read: async () => {
        if (fakes.readError) throw fakes.readError;
        return milestone;
      },
      history: async () => [],
      save: async (_current, _ifMatch, planned) =>
        fakes.save ? fakes.save(planned) : { kind: 'saved', milestone: { ...milestone, eTag: '"a,2"' }, update: { id: '1', eTag: '', record: planned.history } },
    },
    ...(fakes.trusted ? { trustedSourceClients: fakes.trusted } : {}),
    log: (line) => logged.push(line),
  });
  const post = (body: unknown = { status: 'On track' }) =>
    app!.inject({ method: 'POST', url: '/api/milestones/7/updates', headers: { authorization: 'Bearer t', 'if-match': '"a,1"' }, payload: body as object });
  return { post, logged };
}

describe('failures passed on to the caller', () => {
  it.each<[string, number, string, string | undefined, unknown]>([
    ['429 with Retry-After 7', 429, 'throttled', '7', new WaymarkGraphError('throttled', 'x', { statusCode: 429, retryAfterSeconds: 7 })],
    ['503 with Retry-After 4 (throttling)', 503, 'unavailable', '4', new WaymarkGraphError('throttled', 'x', { statusCode: 503, retryAfterSeconds: 4 })],
    ['503 without Retry-After', 503, 'unavailable', '30', new WaymarkGraphError('unavailable', 'x', { statusCode: 503 })],
    ['Graph not reachable', 503, 'unavailable', '30', new WaymarkGraphError('network', 'x')],
    ['a list view threshold error', 503, 'unavailable', '30', new WaymarkGraphError('threshold', 'x', { statusCode: 500 })],
    ['the app refused by SharePoint', 500, 'internal', undefined, new WaymarkGraphError('forbidden', 'x', { statusCode: 403 })],
    ['something unexpected', 500, 'internal', undefined, new Error('boom')],
  ])('%s → %i %s', async (_name, status, code, retryAfter, error) => {
    const { post, logged } = await start({ readError: error });
    const answer = await post();
    expect(answer.statusCode).toBe(status);
    expect(answer.json()).toMatchObject({ error: { code } });
    expect(answer.headers['retry-after']).toBe(retryAfter);
    // Failures the caller cannot act on are logged for the operator; throttling is not a fault.
    expect(logged.length > 0).toBe(code === 'internal' || (code === 'unavailable' && retryAfter === '30'));
  });

  it('the issuer’s keys cannot be fetched → 503 with Retry-After', async () => {
    const { post } = await start({ verifyError: new AuthError('keys-unavailable', 'no keys') });
    const answer = await post();
    expect([answer.statusCode, answer.headers['retry-after']]).toEqual([503, '5']);
  });

  it('an unknown address under /api is a JSON 404', async () => {
    await start();
    const answer = await app!.inject({ method: 'GET', url: '/api/nothing' });
    expect(answer.statusCode).toBe(404);
    expect(answer.json()).toMatchObject({ error: { code: 'not-found' } });
  });
});

describe('order of checks and the source of an update', () => {
  it('a reader is told what they may do before the body is looked at', async () => {
    const { post } = await start({ user: { groups: [READER] } });
    const answer = await post({ nonsense: true });
    expect(answer.statusCode).toBe(403);
    expect(answer.json().error.message).toMatch(/^Nothing: you can read the plan/);
  });

  it.each<[string, string[] | undefined, number, string?]>([
    ['a trusted client may say the update came from a card', ['tab-client'], 200, 'card'],
    ['anyone else may not', undefined, 400],
  ])('%s', async (_name, trusted, status, source) => {
    const { post } = await start({ ...(trusted ? { trusted } : {}) });
    const answer = await post({ status: 'On track', source: 'card' });
    expect(answer.statusCode).toBe(status);
    if (source) expect(answer.json().update.source).toBe(source);
    else expect(answer.json().error.fields).toEqual([{ field: 'source', message: expect.stringMatching(/only be set by Waymark/) }]);
  });

  it('an update without source is recorded as from the tab, at the second SharePoint keeps', async () => {
    const { post } = await start();
    expect((await post()).json().update).toMatchObject({ source: 'tab', updatedAt: '2026-11-23T09:00:00Z' });
  });
});

describe('a milestone saved whose history row could not be written', () => {
  it('answers 200 with the new eTag and update null, and logs the row so it can be added by hand', async () => {
    const { post, logged } = await start({
      save: async () => ({ kind: 'saved', milestone: { ...milestone, eTag: '"a,2"' }, update: null, historyError: new WaymarkGraphError('unavailable', 'down') }),
    });
    const answer = await post({ status: 'At risk', commentary: 'Late.' });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ milestone: { eTag: '"a,2"' }, update: null });
    expect(logged.join('\n')).toMatch(/history row could not be written \(down\); row: \{"summary":"PE1: Status On track → At risk"/);
  });
});

describe('a person whose groups Entra left out of the token (groups overage)', () => {
  it('is a reader and is told why, on /api/me and when refused', async () => {
    const { post } = await start({ user: { groups: [], groupsOverage: true } });
    const me = await app!.inject({ method: 'GET', url: '/api/me', headers: { authorization: 'Bearer t' } });
    expect(me.json()).toMatchObject({ roles: ['reader'], canUpdate: expect.stringMatching(/too many for the token to carry/) });
    const answer = await post();
    expect(answer.statusCode).toBe(403);
    expect(answer.json().error.message).toMatch(/ask IT to limit the groups claim/);
  });
});
