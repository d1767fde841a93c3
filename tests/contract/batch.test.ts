/** Contract: several operations in one $batch, each with its own outcome; dependsOn and 424. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from '../../src/graph/repository.ts';
import { history, milestone } from './records.ts';
import { startTarget } from './target.ts';
import type { ContractTarget } from './target.ts';

let target: ContractTarget;

beforeAll(async () => {
  target = await startTarget();
});

afterAll(async () => {
  await target?.close();
});

describe('$batch', () => {
  it('creates more than 20 items in calls of 20 and returns each outcome in order', async () => {
    const records = Array.from({ length: 45 }, (_, index) => milestone(target.runId, 'BT1', index + 1));
    target.connection.resetTraffic();
    const results = await target.repository.batch(records.map((record) => ({ kind: 'create' as const, list: 'Milestones' as const, record })));
    expect(target.connection.traffic().roundTrips).toBe(3);
    expect(results.map((result) => result.ok)).toEqual(records.map(() => true));
    expect(results.map((result) => (result.ok && result.list === 'Milestones' ? result.item?.record.sequence : undefined))).toEqual(records.map((record) => record.sequence));
    const stored = await target.repository.list('Milestones', { filter: `${eq('Plan', target.runId)} and ${eq('ProjectCode', 'BT1')}` });
    expect(stored).toHaveLength(45);
  });

  it('reports a failing part, skips the part that depends on it (424), and runs the rest', async () => {
    const created = await target.repository.create('Milestones', milestone(target.runId, 'BT2', 1));
    await target.repository.update('Milestones', created.id, { status: 'On track' });
    const results = await target.repository.batch([
      { ref: 'write', kind: 'update', list: 'Milestones', itemId: created.id, changes: { status: 'Complete', completedOn: '2026-04-03' }, ifMatch: created.eTag },
      { ref: 'history', kind: 'create', list: 'MilestoneUpdates', record: history(target.runId, created.id, created.record.key, 1, { newStatus: 'Complete' }), dependsOn: ['write'] },
      { ref: 'other', kind: 'create', list: 'Milestones', record: milestone(target.runId, 'BT2', 2) },
    ]);
    const [write, written, other] = results;
    expect(write).toMatchObject({ ref: 'write', ok: false, status: 412 });
    expect(write?.ok === false && write.error.reason).toBe('conflict');
    expect(written).toMatchObject({ ref: 'history', ok: false, status: 424 });
    expect(written?.ok === false && written.error.reason).toBe('dependency-failed');
    expect(other).toMatchObject({ ref: 'other', ok: true, status: 201 });
    // Nothing of the failed pair was written.
    expect((await target.repository.get('Milestones', created.id)).record.status).toBe('On track');
    expect(await target.repository.list('MilestoneUpdates', { filter: eq('MilestoneItemId', created.id) })).toEqual([]);
  });

  it('writes a change and its history row together when the eTag is current', async () => {
    const created = await target.repository.create('Milestones', milestone(target.runId, 'BT3', 1));
    const results = await target.repository.batch([
      { ref: 'write', kind: 'update', list: 'Milestones', itemId: created.id, changes: { status: 'At risk' }, ifMatch: created.eTag },
      { ref: 'history', kind: 'create', list: 'MilestoneUpdates', record: history(target.runId, created.id, created.record.key, 1, { newStatus: 'At risk' }), dependsOn: ['write'] },
    ]);
    expect(results.map((result) => result.ok)).toEqual([true, true]);
    const write = results[0];
    expect(write?.ok && write.eTag).toBeTruthy();
    expect((await target.repository.get('Milestones', created.id)).eTag).toBe(write?.ok ? write.eTag : undefined);
    expect(await target.repository.list('MilestoneUpdates', { filter: eq('MilestoneItemId', created.id) })).toHaveLength(1);
  });

  it('rejects a batch holding an invalid record before sending any of it', async () => {
    const before = target.connection.traffic().roundTrips;
    const attempt = target.repository.batch([
      { kind: 'create', list: 'Milestones', record: milestone(target.runId, 'BT4', 1) },
      { kind: 'create', list: 'Milestones', record: milestone(target.runId, 'BT4', 2, { status: 'Brilliant' as 'On track' }) },
    ]);
    await expect(attempt).rejects.toMatchObject({ reason: 'invalid-record', field: 'Status' });
    expect(target.connection.traffic().roundTrips).toBe(before);
    expect(await target.repository.list('Milestones', { filter: `${eq('Plan', target.runId)} and ${eq('ProjectCode', 'BT4')}` })).toEqual([]);
  });
});
