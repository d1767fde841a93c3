import { describe, expect, it } from 'vitest';
import type { Milestone } from '../../domain/records.ts';
import { describeChanges, initialValues, toUpdateRequest } from './update-form.ts';

const milestone: Milestone = {
  key: '2026/27|PE1|cabinet approval',
  plan: '2026/27',
  projectCode: 'PE1',
  directorates: ['CF'],
  title: 'Cabinet approval',
  dueDate: '2026-02-28',
  status: 'On track',
  latestCommentary: 'Report drafted.',
};

describe('toUpdateRequest', () => {
  it('sends the status and commentary only, when the date is left alone', () => {
    const values = { ...initialValues(milestone), status: 'At risk' as const, commentary: '  Supplier delay.  ' };
    expect(toUpdateRequest(values, milestone)).toEqual({ status: 'At risk', commentary: 'Supplier delay.' });
  });

  it('sends a moved due date with its reason', () => {
    const values = { ...initialValues(milestone), dueDate: '2026-03-31', reasonCategory: 'decision-pending', reasonText: 'Cabinet moved to March. ' };
    expect(toUpdateRequest(values, milestone)).toEqual({
      status: 'On track',
      dueDate: '2026-03-31',
      reason: { category: 'decision-pending', text: 'Cabinet moved to March.' },
    });
  });

  it('sends the completion date only for Complete', () => {
    const done = { ...initialValues(milestone), status: 'Complete' as const, completedOn: '2026-02-20' };
    expect(toUpdateRequest(done, milestone)).toEqual({ status: 'Complete', completedOn: '2026-02-20' });
    expect(toUpdateRequest({ ...done, status: 'On track' }, milestone)).toEqual({ status: 'On track' });
  });
});

describe('describeChanges', () => {
  it('says what someone else changed, field by field, in UK dates', () => {
    const after: Milestone = { ...milestone, status: 'Off track', dueDate: '2026-04-30', latestCommentary: 'Slipped.' };
    expect(describeChanges(milestone, after)).toEqual(['Status: On track → Off track', 'Due date: 28 February 2026 → 30 April 2026', 'Commentary: “Slipped.”']);
  });

  it('says nothing when nothing changed', () => {
    expect(describeChanges(milestone, { ...milestone })).toEqual([]);
  });
});
