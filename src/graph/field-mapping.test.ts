import { describe, expect, it } from 'vitest';
import type { Milestone } from '../domain/records.ts';
import { fromFields, newItemFields, readDate, toFields } from './field-mapping.ts';
import { WaymarkGraphError } from './graph-error.ts';

const milestone: Milestone = {
  key: '2026/27|PE1|open the new library',
  plan: '2026/27',
  projectCode: 'PE1',
  directorates: ['PLC', 'CS'],
  title: 'Open the new library',
  dueDate: '2026-09-30',
  status: 'On track',
  sequence: 3,
  lastUpdatedOn: '2026-04-01T09:30:00Z',
};

function caught(action: () => unknown): WaymarkGraphError {
  try {
    action();
  } catch (error) {
    if (error instanceof WaymarkGraphError) return error;
    throw error;
  }
  throw new Error('expected a WaymarkGraphError');
}

describe('readDate', () => {
  const cases = [
    { given: '2026-03-31', expected: '2026-03-31', why: 'a plain date stays' },
    { given: '2026-03-31T00:00:00Z', expected: '2026-03-31', why: 'midnight UTC in winter' },
    { given: '2026-06-30T00:00:00Z', expected: '2026-06-30', why: 'midnight UTC in summer' },
    { given: '2026-06-29T23:00:00Z', expected: '2026-06-30', why: 'UK midnight in summer, returned in UTC' },
    { given: '2026-01-15T00:00:00.000Z', expected: '2026-01-15', why: 'with milliseconds' },
    { given: 'TBC', expected: 'TBC', why: 'not a date: left for the schema to reject' },
  ];
  it.each(cases)('$why: $given → $expected', ({ given, expected }) => {
    expect(readDate(given)).toBe(expected);
  });
});

describe('newItemFields and fromFields', () => {
  it('round-trips a milestone through the fields Graph stores', () => {
    const fields = newItemFields('Milestones', milestone);
    expect(fields).toMatchObject({
      Title: 'Open the new library',
      MilestoneKey: milestone.key,
      Directorates: 'PLC\nCS',
      DueDate: '2026-09-30',
      Status: 'On track',
      Sequence: 3,
    });
    // Empty columns are not sent at all.
    expect(fields).not.toHaveProperty('Workstream');
    expect(fromFields('Milestones', fields)).toEqual(milestone);
  });

  it('reads dates SharePoint returns as instants and numbers returned as text', () => {
    const record = fromFields('Milestones', { ...newItemFields('Milestones', milestone), DueDate: '2026-09-29T23:00:00Z', Sequence: '3' });
    expect(record.dueDate).toBe('2026-09-30');
    expect(record.sequence).toBe(3);
  });

  it('reads empty and missing lines as an empty list', () => {
    const fields = { ...newItemFields('Milestones', milestone) };
    delete fields.Directorates;
    expect(fromFields('Milestones', fields).directorates).toEqual([]);
    expect(fromFields('Milestones', { ...fields, Directorates: '' }).directorates).toEqual([]);
    expect(fromFields('Milestones', { ...fields, Directorates: 'A\r\n\r\nB\n' }).directorates).toEqual(['A', 'B']);
  });

  it('names the column holding a bad value', () => {
    const error = caught(() => fromFields('Milestones', { ...newItemFields('Milestones', milestone), Status: 'Brilliant' }));
    expect(error.reason).toBe('invalid-record');
    expect(error.list).toBe('Milestones');
    expect(error.field).toBe('Status');
    expect(error.message).toMatch(/Status \(status\)/);
  });

  it('rejects a record missing a required property before anything is sent', () => {
    const { status: _status, ...withoutStatus } = milestone;
    const error = caught(() => newItemFields('Milestones', withoutStatus as Milestone));
    expect(error.reason).toBe('invalid-record');
    expect(error.field).toBe('Status');
  });

  it('rejects a property the manifest does not know', () => {
    const error = caught(() => newItemFields('Milestones', { ...milestone, colour: 'red' } as Milestone));
    expect(error.reason).toBe('invalid-record');
    expect(error.field).toBe('colour');
  });
});

describe('toFields', () => {
  it('includes only the properties given', () => {
    expect(toFields('Milestones', { status: 'At risk', latestCommentary: 'Contractor delayed' })).toEqual({
      Status: 'At risk',
      LatestCommentary: 'Contractor delayed',
    });
  });

  it('clears a column whose property is set to undefined or emptied', () => {
    expect(toFields('Milestones', { dueDate: undefined, directorates: [], workstream: '' })).toEqual({
      DueDate: null,
      Directorates: null,
      Workstream: null,
    });
  });

  const bad = [
    { name: 'a date that does not exist', changes: { dueDate: '2026-02-30' }, field: 'DueDate' },
    { name: 'an unknown status', changes: { status: 'Fine' }, field: 'Status' },
    { name: 'clearing a required column', changes: { status: undefined }, field: 'Status' },
    { name: 'a fractional sequence', changes: { sequence: 1.5 }, field: 'Sequence' },
  ];
  it.each(bad)('rejects $name, naming the column', ({ changes, field }) => {
    const error = caught(() => toFields('Milestones', changes as Partial<Milestone>));
    expect(error.reason).toBe('invalid-record');
    expect(error.field).toBe(field);
  });
});
