import { describe, expect, it } from 'vitest';
import { MAX_COMMENTARY, MAX_REASON_TEXT, planMilestoneUpdate, validateMilestoneUpdate } from './milestone-update.ts';
import type { MilestoneUpdateRequest } from './milestone-update.ts';
import type { Milestone } from './records.ts';

const TODAY = '2026-11-23';
const reason = { category: 'dependency', text: 'Waiting on the supplier.' };

describe('validateMilestoneUpdate', () => {
  it.each<[string, unknown]>([
    ['a status alone', { status: 'On track' }],
    ['At risk with commentary', { status: 'At risk', commentary: 'Supplier delay.' }],
    ['a revised date with its reason', { status: 'On track', dueDate: '2027-03-31', reason }],
    ['a leap day that exists', { status: 'On track', dueDate: '2028-02-29', reason }],
    ['Complete on an earlier day', { status: 'Complete', completedOn: '2026-11-01' }],
    ['Complete today', { status: 'Complete', completedOn: TODAY }],
    ['commentary at the limit', { status: 'On track', commentary: 'x'.repeat(MAX_COMMENTARY) }],
    ['a source', { status: 'On track', source: 'card' }],
  ])('accepts %s', (_name, body) => {
    expect(validateMilestoneUpdate(body, TODAY)).toMatchObject({ ok: true });
  });

  it.each<[string, unknown, string, RegExp]>([
    ['no body', null, 'body', /JSON object/],
    ['an array', [], 'body', /JSON object/],
    ['no status', {}, 'status', /required and must be one of Not started/],
    ['an unknown status', { status: 'Done' }, 'status', /must be one of/],
    ['At risk without commentary', { status: 'At risk' }, 'commentary', /required when the status is At risk/],
    ['Off track with blank commentary', { status: 'Off track', commentary: '   ' }, 'commentary', /required when the status is Off track/],
    ['Deferred without commentary', { status: 'Deferred' }, 'commentary', /required when the status is Deferred/],
    ['commentary too long', { status: 'On track', commentary: 'x'.repeat(MAX_COMMENTARY + 1) }, 'commentary', /at most 2,000 characters/],
    ['commentary not text', { status: 'On track', commentary: 42 }, 'commentary', /must be text/],
    ['a date that does not exist', { status: 'On track', dueDate: '2027-02-30', reason }, 'dueDate', /not a date that exists/],
    ['a date in another format', { status: 'On track', dueDate: '31/03/2027', reason }, 'dueDate', /yyyy-mm-dd/],
    ['a date far off', { status: 'On track', dueDate: '2207-03-31', reason }, 'dueDate', /between 2000 and 2100/],
    ['a revised date without reason', { status: 'On track', dueDate: '2027-03-31' }, 'reason', /required when the due date changes/],
    ['a reason without a date', { status: 'On track', reason }, 'reason', /only for a revised due date/],
    ['an unknown reason category', { status: 'On track', dueDate: '2027-03-31', reason: { category: 'weather', text: 'Rain.' } }, 'reason.category', /must be one of dependency/],
    ['a reason with blank text', { status: 'On track', dueDate: '2027-03-31', reason: { category: 'other', text: '  ' } }, 'reason.text', /say why the date moved/],
    ['a reason text too long', { status: 'On track', dueDate: '2027-03-31', reason: { category: 'other', text: 'x'.repeat(MAX_REASON_TEXT + 1) } }, 'reason.text', /at most 1,000/],
    ['completedOn in the future', { status: 'Complete', completedOn: '2026-11-24' }, 'completedOn', /cannot be in the future \(today is 2026-11-23\)/],
    ['completedOn without Complete', { status: 'On track', completedOn: '2026-11-01' }, 'completedOn', /only for status Complete/],
    ['completedOn that does not exist', { status: 'Complete', completedOn: '2026-02-30' }, 'completedOn', /not a date that exists/],
    ['an unknown field', { status: 'On track', owner: 'someone' }, 'owner', /not a field of an update/],
    ['an unknown source', { status: 'On track', source: 'email' }, 'source', /must be one of tab, card/],
  ])('refuses %s, naming %s', (_name, body, field, message) => {
    const result = validateMilestoneUpdate(body, TODAY);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const problem = result.problems.find((candidate) => candidate.field === field);
    expect(problem, JSON.stringify(result.problems)).toBeDefined();
    expect(problem?.message).toMatch(message);
  });

  it('reports every problem at once', () => {
    const result = validateMilestoneUpdate({ status: 'Off track', dueDate: '2027-02-30' }, TODAY);
    expect(result.ok ? [] : result.problems.map((problem) => problem.field).sort()).toEqual(['commentary', 'dueDate', 'reason']);
  });

  it('trims commentary and drops it when blank', () => {
    expect(validateMilestoneUpdate({ status: 'On track', commentary: '  Fine.  ' }, TODAY)).toEqual({ ok: true, update: { status: 'On track', commentary: 'Fine.' } });
    expect(validateMilestoneUpdate({ status: 'On track', commentary: '  ' }, TODAY)).toEqual({ ok: true, update: { status: 'On track' } });
  });
});

const NOW = { now: '2026-11-23T09:30:00.000Z', today: TODAY };
const author = { upn: 'manager.cf@demo.waymark.example', name: 'Demo Programme Manager, Children and Families' };

function milestone(changes: Partial<Milestone> = {}): { id: string; record: Milestone } {
  return {
    id: '42',
    record: {
      key: '2026/27|PE1|launch',
      plan: '2026/27',
      projectCode: 'PE1',
      directorates: ['CF'],
      title: 'Launch',
      status: 'On track',
      dueDate: '2027-01-31',
      datePrecision: 'month',
      dateFlag: 'ok',
      ...changes,
    },
  };
}

describe('planMilestoneUpdate', () => {
  it.each<[string, Partial<Milestone>, MilestoneUpdateRequest, Partial<Milestone>, Record<string, unknown>]>([
    [
      'a status change with commentary',
      {},
      { status: 'At risk', commentary: 'Supplier delay.' },
      { status: 'At risk', latestCommentary: 'Supplier delay.' },
      { previousStatus: 'On track', newStatus: 'At risk', previousDueDate: '2027-01-31', newDueDate: '2027-01-31', commentary: 'Supplier delay.', summary: 'PE1: Status On track → At risk' },
    ],
    [
      'the first date change keeps the original as the baseline',
      {},
      { status: 'On track', dueDate: '2027-03-31', reason: { category: 'dependency', text: 'Supplier.' } },
      { dueDate: '2027-03-31', baselineDueDate: '2027-01-31', datePrecision: 'day', dateFlag: 'ok' },
      { previousDueDate: '2027-01-31', newDueDate: '2027-03-31', reasonCategory: 'dependency', reasonText: 'Supplier.', summary: 'PE1: Status On track (unchanged); due 2027-01-31 → 2027-03-31' },
    ],
    [
      'a later date change keeps the baseline it has',
      { baselineDueDate: '2026-12-31' },
      { status: 'On track', dueDate: '2027-04-30', reason: { category: 'resources', text: 'Staff.' } },
      { dueDate: '2027-04-30' },
      { previousDueDate: '2027-01-31', newDueDate: '2027-04-30' },
    ],
    [
      'a first date for a TBC milestone becomes its baseline',
      { dueDate: undefined, dateFlag: 'tbc', datePrecision: 'none' },
      { status: 'On track', dueDate: '2027-06-30', reason: { category: 'data-correction', text: 'Date agreed.' } },
      { dueDate: '2027-06-30', baselineDueDate: '2027-06-30', dateFlag: 'ok', datePrecision: 'day' },
      { newDueDate: '2027-06-30' },
    ],
    [
      'the same due date is not a change',
      {},
      { status: 'On track', dueDate: '2027-01-31', reason: { category: 'other', text: 'No change.' } },
      { status: 'On track' },
      { previousDueDate: '2027-01-31', newDueDate: '2027-01-31' },
    ],
    [
      'Complete without a date is complete today',
      {},
      { status: 'Complete' },
      { status: 'Complete', completedOn: TODAY },
      { completedOn: TODAY, newStatus: 'Complete' },
    ],
    [
      'Complete on a given day',
      {},
      { status: 'Complete', completedOn: '2026-11-02' },
      { completedOn: '2026-11-02' },
      { completedOn: '2026-11-02' },
    ],
  ])('%s', (_name, before, update, patch, history) => {
    const planned = planMilestoneUpdate(milestone(before), update, author, NOW, 'tab');
    expect(planned.patch).toMatchObject({ ...patch, lastUpdatedOn: NOW.now, lastUpdatedByUpn: author.upn, lastUpdatedByName: author.name });
    expect(planned.history).toMatchObject({
      ...history,
      milestoneId: '42',
      milestoneKey: '2026/27|PE1|launch',
      plan: '2026/27',
      authorUpn: author.upn,
      authorName: author.name,
      source: 'tab',
      updatedAt: NOW.now,
    });
  });

  it('leaves the baseline, date and commentary alone when the update does not touch them', () => {
    const { patch, history } = planMilestoneUpdate(milestone({ latestCommentary: 'Earlier words.' }), { status: 'On track' }, author, NOW, 'tab');
    expect(Object.keys(patch).sort()).toEqual(['lastUpdatedByName', 'lastUpdatedByUpn', 'lastUpdatedOn', 'status']);
    expect(history).not.toHaveProperty('reasonCategory');
    expect(history).not.toHaveProperty('commentary');
  });

  it('reopening a completed milestone clears its completion date', () => {
    const { patch, history } = planMilestoneUpdate(milestone({ status: 'Complete', completedOn: '2026-10-01' }), { status: 'On track', commentary: 'Reopened.' }, author, NOW, 'tab');
    expect('completedOn' in patch && patch.completedOn === undefined).toBe(true);
    expect(history).not.toHaveProperty('completedOn');
  });

  it('a commentary-only update says so in its summary', () => {
    expect(planMilestoneUpdate(milestone(), { status: 'On track', commentary: 'Still fine.' }, author, NOW, 'card').history).toMatchObject({
      summary: 'PE1: Commentary (status On track)',
      source: 'card',
    });
  });
});
