/** Contract: creating, reading, updating and deleting items, with eTags, through the real Graph client. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WaymarkGraphError } from '../../src/graph/graph-error.ts';
import { eq } from '../../src/graph/repository.ts';
import type { Milestone } from '../../src/domain/records.ts';
import { milestone, plan } from './records.ts';
import { startTarget } from './target.ts';
import type { ContractTarget } from './target.ts';

let target: ContractTarget;

beforeAll(async () => {
  target = await startTarget();
});

afterAll(async () => {
  await target?.close();
});

async function failure(promise: Promise<unknown>): Promise<WaymarkGraphError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof WaymarkGraphError)) throw new Error(`expected a WaymarkGraphError, got ${String(error)}`);
  return error;
}

describe('writes', () => {
  it('creates an item and reads the same record back by id', async () => {
    const record = milestone(target.runId, 'PE1', 1, { latestCommentary: 'First line\nSecond line', baselineDueDate: '2026-02-15' });
    const created = await target.repository.create('Milestones', record);
    expect(created.id).not.toBe('');
    expect(created.eTag).not.toBe('');
    expect(created.record).toEqual(record);
    const read = await target.repository.get('Milestones', created.id);
    expect(read).toMatchObject({ id: created.id, eTag: created.eTag, record });
  });

  it('updates only the changed fields and returns the new eTag', async () => {
    const record = milestone(target.runId, 'PE1', 2);
    const created = await target.repository.create('Milestones', record);
    const updated = await target.repository.update('Milestones', created.id, { status: 'At risk', latestCommentary: 'Contractor delayed' }, { ifMatch: created.eTag });
    expect(updated.eTag).not.toBe(created.eTag);
    const read = await target.repository.get('Milestones', created.id);
    expect(read.eTag).toBe(updated.eTag);
    expect(read.record).toEqual({ ...record, status: 'At risk', latestCommentary: 'Contractor delayed' });
  });

  it('clears a column when a property is set to undefined', async () => {
    const created = await target.repository.create('Milestones', milestone(target.runId, 'PE1', 3, { workstream: 'Eastgate Development' }));
    await target.repository.update('Milestones', created.id, { workstream: undefined });
    expect((await target.repository.get('Milestones', created.id)).record.workstream).toBeUndefined();
  });

  it('refuses a write on a stale eTag with a conflict, and changes nothing', async () => {
    const record = milestone(target.runId, 'PE1', 4);
    const created = await target.repository.create('Milestones', record);
    await target.repository.update('Milestones', created.id, { status: 'On track' }, { ifMatch: created.eTag });
    const stale = await failure(target.repository.update('Milestones', created.id, { status: 'Complete', completedOn: '2026-04-02' }, { ifMatch: created.eTag }));
    expect(stale.reason).toBe('conflict');
    expect(stale.statusCode).toBe(412);
    const read = await target.repository.get('Milestones', created.id);
    expect(read.record.status).toBe('On track');
    expect(read.record.completedOn).toBeUndefined();
  });

  it('refuses a delete on a stale eTag, then deletes with the current one', async () => {
    const created = await target.repository.create('Milestones', milestone(target.runId, 'PE1', 5));
    const updated = await target.repository.update('Milestones', created.id, { status: 'Deferred' });
    expect((await failure(target.repository.remove('Milestones', created.id, { ifMatch: created.eTag }))).reason).toBe('conflict');
    await target.repository.remove('Milestones', created.id, { ifMatch: updated.eTag });
    const gone = await failure(target.repository.get('Milestones', created.id));
    expect(gone.reason).toBe('not-found');
    expect(gone.statusCode).toBe(404);
  });

  it('rejects an invalid record before sending anything, naming the column', async () => {
    const before = target.connection.traffic().roundTrips;
    const bad = { ...milestone(target.runId, 'PE1', 6), dueDate: '2026-02-30' } satisfies Milestone;
    const error = await failure(target.repository.create('Milestones', bad));
    expect(error.reason).toBe('invalid-record');
    expect(error.field).toBe('DueDate');
    expect(target.connection.traffic().roundTrips).toBe(before);
    const stored = await target.repository.list('Milestones', { filter: eq('MilestoneKey', bad.key) });
    expect(stored).toEqual([]);
  });

  it('reports a missing item as not-found with the request id', async () => {
    const error = await failure(target.repository.get('Milestones', '987654321'));
    expect(error.reason).toBe('not-found');
    expect(error.requestId).toBeTruthy();
  });

  it('keeps plans with their lines and dates intact', async () => {
    const record = plan(target.runId);
    const created = await target.repository.create('Plans', record);
    expect((await target.repository.get('Plans', created.id)).record).toEqual(record);
  });
});
