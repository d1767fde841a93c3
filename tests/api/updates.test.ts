/**
 * Every answer of POST /api/milestones/{id}/updates and GET …/history against the running
 * service, the emulator and the real 2026/27 plan: who may update what (real demo personas), 200
 * with the milestone, its new eTag and the history row, 400 naming fields, 404, 428, 409 with the
 * current state and last update, 429/503 passed on with Retry-After. A refused request writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Milestone } from '../../src/domain/records.ts';
import type { Stored } from '../../src/graph/list-records.ts';
import { startApiStack } from './api-stack.ts';
import type { ApiStack } from './api-stack.ts';

let api: ApiStack;
let cf: Stored<Milestone>[];
let eis: Stored<Milestone>[];
let jointCfHc: Stored<Milestone>[];

type MilestoneOut = Milestone & { id: string; eTag: string };
interface UpdateAnswer {
  milestone: MilestoneOut;
  update: Record<string, unknown> & { id: string };
  error?: { code: string; message: string; fields?: { field: string; message: string }[] };
  current?: MilestoneOut;
  lastUpdate?: Record<string, unknown> | null;
}

beforeAll(async () => {
  api = await startApiStack();
  const only = (code: string) => api.milestones.filter((m) => m.record.directorates.length === 1 && m.record.directorates[0] === code);
  cf = only('CF');
  eis = only('EIS');
  jointCfHc = api.milestones.filter((m) => m.record.directorates.includes('CF') && m.record.directorates.includes('HC'));
}, 60_000);

afterAll(async () => {
  await api?.close();
});

const next = { cf: 0, eis: 0, joint: 0 };
/** A milestone no other test touches. */
function fresh(kind: keyof typeof next): Stored<Milestone> {
  const pool = kind === 'cf' ? cf : kind === 'eis' ? eis : jointCfHc;
  const milestone = pool[next[kind]++];
  if (!milestone) throw new Error(`the plan has too few ${kind} milestones for these tests`);
  return milestone;
}

async function expectUnchanged(milestone: Stored<Milestone>): Promise<void> {
  expect((await api.repository.get('Milestones', milestone.id)).eTag).toBe(milestone.eTag);
  expect(await api.history(milestone.id)).toEqual([]);
}

describe('who may update which milestone', () => {
  it.each<[string, keyof typeof next, number, RegExp?]>([
    ['performance-lead', 'eis', 200],
    ['performance-lead', 'cf', 200],
    ['director-cf', 'cf', 200],
    ['manager-cf', 'cf', 200],
    ['manager-cf', 'joint', 200],
    ['manager-hc', 'joint', 200],
    ['director-cf', 'eis', 403, /belongs to Economy, Infrastructure and Skills\. You can update milestones of Children and Families projects/],
    ['manager-eis', 'cf', 403, /belongs to Children and Families\. You can update milestones of Economy, Infrastructure and Skills projects/],
    ['manager-eis', 'joint', 403, /belongs to Children and Families and Health and Care|belongs to Health and Care and Children and Families/],
    ['slt-chief-executive', 'cf', 403, /^Nothing: you can read the plan\. To change a milestone, ask/],
    ['cabinet-member', 'cf', 403, /^Nothing: you can read the plan/],
    ['staff-member', 'cf', 403, /^Nothing: you can read the plan/],
  ])('%s updating a %s milestone → %i', async (persona, kind, status, message) => {
    const milestone = fresh(kind);
    const answer = await api.update<UpdateAnswer>(persona, milestone.id, milestone.eTag, { status: 'At risk', commentary: `Checked by ${persona}.` });
    expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    if (status === 403) {
      expect(answer.body.error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(message!) });
      await expectUnchanged(milestone);
      return;
    }
    const stored = await api.repository.get('Milestones', milestone.id);
    expect(stored.record).toMatchObject({ status: 'At risk', latestCommentary: `Checked by ${persona}.` });
    expect(answer.body.milestone.eTag).toBe(stored.eTag);
    expect(await api.history(milestone.id)).toHaveLength(1);
  });

  it.each<[string, Record<string, unknown>]>([
    ['director-cf', { roles: ['director'], directorates: ['CF'], canUpdateAny: false, canUpdate: 'Milestones of Children and Families projects (including joint projects).' }],
    ['slt-chief-executive', { roles: ['slt'], directorates: [], canUpdateAny: false, canUpdate: expect.stringMatching(/^Nothing/) }],
    ['cabinet-member', { roles: ['reader'], directorates: [], canUpdateAny: false }],
    ['staff-member', { roles: ['reader'], directorates: [], canUpdateAny: false }],
  ])('/api/me for %s', async (persona, expected) => {
    const answer = await api.call('GET', '/api/me', { token: await api.token(persona) });
    expect(answer.body).toMatchObject(expected);
  });
});

describe('a saved update', () => {
  it('answers 200 with the milestone and its new eTag and the history row, and keeps the first due date as the baseline', async () => {
    const milestone = fresh('cf');
    const original = milestone.record.dueDate;
    const first = await api.update<UpdateAnswer>('manager-cf', milestone.id, milestone.eTag, {
      status: 'Off track',
      commentary: 'Supplier delay; recovery plan agreed with the board.',
      dueDate: '2027-03-31',
      reason: { category: 'dependency', text: 'Waiting on the supplier’s revised schedule.' },
    });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe(first.body.milestone.eTag);
    expect(first.body.milestone).toMatchObject({
      id: milestone.id,
      status: 'Off track',
      dueDate: '2027-03-31',
      baselineDueDate: original,
      latestCommentary: 'Supplier delay; recovery plan agreed with the board.',
      lastUpdatedByUpn: 'manager.cf@demo.waymark.example',
      lastUpdatedByName: 'Demo Programme Manager, Children and Families',
    });
    expect(first.body.milestone.eTag).not.toBe(milestone.eTag);
    expect(first.body.update).toMatchObject({
      id: expect.any(String),
      milestoneId: milestone.id,
      previousStatus: milestone.record.status,
      newStatus: 'Off track',
      previousDueDate: original,
      newDueDate: '2027-03-31',
      reasonCategory: 'dependency',
      authorUpn: 'manager.cf@demo.waymark.example',
      source: 'tab',
    });
    // What the answer says is what is stored.
    const stored = await api.repository.get('Milestones', milestone.id);
    expect({ ...stored.record, id: stored.id, eTag: stored.eTag }).toEqual(first.body.milestone);

    const second = await api.update<UpdateAnswer>('director-cf', milestone.id, first.body.milestone.eTag, {
      status: 'At risk',
      commentary: 'Recovering.',
      dueDate: '2027-04-30',
      reason: { category: 'resources', text: 'Team at half strength until March.' },
    });
    expect(second.status).toBe(200);
    expect(second.body.milestone).toMatchObject({ dueDate: '2027-04-30', baselineDueDate: original });

    const history = await api.call<{ updates: Record<string, unknown>[] }>('GET', `/api/milestones/${milestone.id}/history`, { token: await api.token('cabinet-member') });
    expect(history.status).toBe(200);
    expect(history.body.updates.map((update) => [update.newDueDate, update.authorUpn])).toEqual([
      ['2027-04-30', 'director.cf@demo.waymark.example'],
      ['2027-03-31', 'manager.cf@demo.waymark.example'],
    ]);
  });

  it('Complete defaults completedOn to today; reopening clears it', async () => {
    const milestone = fresh('cf');
    const done = await api.update<UpdateAnswer>('manager-cf', milestone.id, milestone.eTag, { status: 'Complete' });
    expect(done.status).toBe(200);
    expect(done.body.milestone.completedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const reopened = await api.update<UpdateAnswer>('manager-cf', milestone.id, done.body.milestone.eTag, { status: 'On track', commentary: 'Reopened: the sign-off was premature.' });
    expect(reopened.status).toBe(200);
    expect(reopened.body.milestone.completedOn).toBeUndefined();
    expect((await api.repository.get('Milestones', milestone.id)).record.completedOn).toBeUndefined();
  });
});

describe('refused updates write nothing', () => {
  it.each<[string, unknown, string[]]>([
    ['no status', {}, ['status']],
    ['At risk without commentary', { status: 'At risk' }, ['commentary']],
    ['a date that does not exist, with no reason', { status: 'On track', dueDate: '2027-02-30' }, ['dueDate', 'reason']],
    ['completion in the future', { status: 'Complete', completedOn: '2099-01-01' }, ['completedOn']],
    ['an unknown field', { status: 'On track', percent: 50 }, ['percent']],
    ['a source from the tab', { status: 'On track', source: 'card' }, ['source']],
  ])('400 for %s, naming %j', async (_name, body, fields) => {
    const milestone = fresh('cf');
    const answer = await api.update<UpdateAnswer>('manager-cf', milestone.id, milestone.eTag, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('invalid');
    expect(answer.body.error?.fields?.map((problem) => problem.field).sort()).toEqual(fields);
    await expectUnchanged(milestone);
  });

  it.each<[string, string | undefined, Record<string, string>]>([
    ['not JSON', '{"status":', { 'Content-Type': 'application/json' }],
    ['not sent as JSON', 'status=Complete', { 'Content-Type': 'application/x-www-form-urlencoded' }],
  ])('400 for a body %s', async (_name, body, headers) => {
    const milestone = fresh('cf');
    const answer = await api.call<UpdateAnswer>('POST', `/api/milestones/${milestone.id}/updates`, {
      token: await api.token('manager-cf'),
      body,
      headers: { ...headers, 'If-Match': milestone.eTag },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'invalid', fields: [{ field: 'body' }] });
    await expectUnchanged(milestone);
  });

  it.each<[string, string | undefined]>([
    ['without If-Match', undefined],
    ['with If-Match: *', '*'],
  ])('428 %s', async (_name, ifMatch) => {
    const milestone = fresh('cf');
    const answer = await api.update<UpdateAnswer>('manager-cf', milestone.id, ifMatch, { status: 'On track' });
    expect(answer.status).toBe(428);
    expect(answer.body.error?.code).toBe('precondition-required');
    await expectUnchanged(milestone);
  });

  it.each([['999999'], ['abc'], ['0']])('404 for milestone %s (update and history)', async (id) => {
    const update = await api.update<UpdateAnswer>('performance-lead', id, '"x,1"', { status: 'On track' });
    expect(update.status).toBe(404);
    expect(update.body.error?.code).toBe('not-found');
    const history = await api.call('GET', `/api/milestones/${id}/history`, { token: await api.token('performance-lead') });
    expect(history.status).toBe(404);
  });

  it('409 when the milestone changed meanwhile, with its current state and last update', async () => {
    const milestone = fresh('cf');
    const first = await api.update<UpdateAnswer>('manager-cf', milestone.id, milestone.eTag, { status: 'At risk', commentary: 'First.' });
    expect(first.status).toBe(200);
    const stale = await api.update<UpdateAnswer>('director-cf', milestone.id, milestone.eTag, { status: 'Complete' });
    expect(stale.status).toBe(409);
    expect(stale.body.error?.code).toBe('conflict');
    expect(stale.body.error?.message).toMatch(/Demo Programme Manager, Children and Families/);
    expect(stale.body.current).toMatchObject({ id: milestone.id, eTag: first.body.milestone.eTag, status: 'At risk', latestCommentary: 'First.' });
    expect(stale.body.lastUpdate).toMatchObject({ id: first.body.update.id, commentary: 'First.', authorUpn: 'manager.cf@demo.waymark.example' });
    const history = await api.history(milestone.id);
    expect(history.map((row) => row.record.commentary)).toEqual(['First.']);
  });

  it('429/503 from SharePoint are passed on with Retry-After after the retries, and nothing is written', async () => {
    const milestone = fresh('cf');
    api.stack.emulator.setFaults({ failRate: 1 });
    let answer;
    try {
      answer = await api.update<UpdateAnswer>('manager-cf', milestone.id, milestone.eTag, { status: 'On track' });
    } finally {
      api.stack.emulator.setFaults({ failRate: 0 });
    }
    expect([429, 503]).toContain(answer.status);
    expect(answer.body.error?.code).toBe(answer.status === 429 ? 'throttled' : 'unavailable');
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await expectUnchanged(milestone);
  }, 60_000);
});
