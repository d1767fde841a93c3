import { describe, expect, it } from 'vitest';
import type { Milestone, MilestoneUpdate } from '../domain/records.ts';
import { planMilestoneUpdate } from '../domain/milestone-update.ts';
import { WaymarkGraphError } from '../graph/graph-error.ts';
import type { Stored } from '../graph/list-records.ts';
import type { BatchOperation, BatchResult } from '../graph/repository.ts';
import { MilestoneWriter } from './milestone-writer.ts';
import type { WriterRepository } from './milestone-writer.ts';

const current: Stored<Milestone> = {
  id: '7',
  eTag: '"a,1"',
  record: { key: 'k', plan: '2026/27', projectCode: 'PE1', directorates: ['CF'], title: 'Launch', status: 'On track', dueDate: '2027-01-31' },
};
const planned = planMilestoneUpdate(current, { status: 'At risk', commentary: 'Late.' }, { upn: 'm@x' }, { now: '2026-11-23T09:00:00Z', today: '2026-11-23' }, 'tab');
const row = (id: string, updatedAt: string): Stored<MilestoneUpdate> => ({ id, eTag: '', record: { ...planned.history, updatedAt } });

function fakeRepository(answers: (operations: readonly BatchOperation[]) => BatchResult[]) {
  const calls: string[] = [];
  const repository: WriterRepository = {
    batch: async (operations) => {
      calls.push(`batch ${operations.map((operation) => `${operation.kind}:${operation.list}${operation.dependsOn ? `<-${operation.dependsOn.join()}` : ''}${'ifMatch' in operation && operation.ifMatch ? ` if ${operation.ifMatch}` : ''}`).join(' ')}`);
      return answers(operations);
    },
    create: (async (list: string) => {
      calls.push(`create ${list}`);
      return row('99', planned.history.updatedAt);
    }) as WriterRepository['create'],
    get: (async () => {
      calls.push('get');
      return { ...current, eTag: '"a,2"' };
    }) as WriterRepository['get'],
    list: (async () => {
      calls.push('list');
      return [row('3', '2026-11-22T10:00:00Z'), row('5', '2026-11-23T08:00:00.000Z'), row('4', '2026-11-23T08:00:00Z')];
    }) as WriterRepository['list'],
  };
  return { repository, calls };
}

const ok = (list: 'Milestones' | 'MilestoneUpdates', extra: object = {}): BatchResult => ({ ref: list, kind: 'update', list, status: 200, ok: true, ...extra }) as BatchResult;
const failed = (list: 'Milestones' | 'MilestoneUpdates', error: WaymarkGraphError): BatchResult => ({ ref: list, kind: 'update', list, status: error.statusCode ?? 0, ok: false, error }) as BatchResult;
const conflict = new WaymarkGraphError('conflict', 'changed', { statusCode: 412 });
const dependency = new WaymarkGraphError('dependency-failed', 'not run', { statusCode: 424 });
const throttled = new WaymarkGraphError('throttled', 'slow down', { statusCode: 429, retryAfterSeconds: 5 });

describe('MilestoneWriter.save', () => {
  it('sends one $batch: the PATCH with If-Match, then the history POST depending on it', async () => {
    const { repository, calls } = fakeRepository(() => [ok('Milestones', { eTag: '"a,2"' }), ok('MilestoneUpdates', { item: row('8', planned.history.updatedAt) })]);
    const outcome = await new MilestoneWriter(repository).save(current, '"a,1"', planned);
    expect(calls).toEqual(['batch update:Milestones if "a,1" create:MilestoneUpdates<-milestone']);
    expect(outcome).toMatchObject({ kind: 'saved', milestone: { id: '7', eTag: '"a,2"', record: { status: 'At risk', latestCommentary: 'Late.' } }, update: { id: '8' } });
  });

  it('a stale eTag (412, history 424) is a conflict with the milestone as it is now and its newest update', async () => {
    const { repository, calls } = fakeRepository(() => [failed('Milestones', conflict), failed('MilestoneUpdates', dependency)]);
    const outcome = await new MilestoneWriter(repository).save(current, '"a,1"', planned);
    expect(calls.slice(1).sort()).toEqual(['get', 'list']);
    // 08:00:00.000Z and 08:00:00Z are the same instant: the higher item id is the later row.
    expect(outcome).toMatchObject({ kind: 'conflict', current: { eTag: '"a,2"' }, lastUpdate: { id: '5' } });
  });

  it('any other failure of the milestone write is thrown, and nothing else is tried', async () => {
    const { repository, calls } = fakeRepository(() => [failed('Milestones', throttled), failed('MilestoneUpdates', dependency)]);
    await expect(new MilestoneWriter(repository).save(current, '"a,1"', planned)).rejects.toMatchObject({ reason: 'throttled', retryAfterSeconds: 5 });
    expect(calls).toHaveLength(1);
  });

  it('a history row that failed after the milestone was written is written on its own', async () => {
    const { repository, calls } = fakeRepository(() => [ok('Milestones', { eTag: '"a,2"' }), failed('MilestoneUpdates', throttled)]);
    const outcome = await new MilestoneWriter(repository).save(current, '"a,1"', planned);
    expect(calls[1]).toBe('create MilestoneUpdates');
    expect(outcome).toMatchObject({ kind: 'saved', update: { id: '99' } });
  });
});

describe('MilestoneWriter.save when SharePoint will not take the history row at all', () => {
  it('reports the milestone as saved with no update row, and why', async () => {
    const { repository } = fakeRepository(() => [ok('Milestones', { eTag: '"a,2"' }), failed('MilestoneUpdates', throttled)]);
    repository.create = (async () => {
      throw throttled;
    }) as WriterRepository['create'];
    const outcome = await new MilestoneWriter(repository).save(current, '"a,1"', planned);
    expect(outcome).toMatchObject({ kind: 'saved', milestone: { eTag: '"a,2"' }, update: null, historyError: { reason: 'throttled' } });
  });
});
