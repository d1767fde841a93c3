// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { Milestone } from '../../domain/records.ts';
import { ApiError } from '../data/api-client.ts';
import type { ApiClient } from '../data/api-client.ts';
import type { MilestoneItem } from '../model/plan-index.ts';
import { UpdateDialog } from './update-dialog.tsx';
import type { UpdateDialogProps } from './update-dialog.tsx';

const milestone: Milestone = {
  key: '2026/27|PE1|cabinet approval',
  plan: '2026/27',
  projectCode: 'PE1',
  directorates: ['CF'],
  title: 'Cabinet approval',
  publishedDate: 'February 2026',
  dueDate: '2026-02-28',
  status: 'On track',
  lastUpdatedOn: '2026-01-10T10:00:00Z',
  lastUpdatedByName: 'Demo Programme Manager',
};
const item: MilestoneItem = { id: '17', eTag: '"e1,1"', milestone, rag: 'green', overdue: false };

function api(overrides: Partial<ApiClient> = {}): ApiClient {
  return {
    me: vi.fn(),
    history: vi.fn(async () => []),
    saveUpdate: vi.fn(async (_id, _eTag, update) => ({ milestone: { id: '17', eTag: '"e1,2"', record: { ...milestone, status: update.status } }, update: {} as never })),
    ...overrides,
  };
}

function open(props: Partial<UpdateDialogProps> = {}) {
  const onSaved = vi.fn();
  const onClose = vi.fn();
  const client = props.api ?? api();
  render(
    <FluentProvider theme={webLightTheme}>
      <UpdateDialog item={item} access={{ allowed: true }} api={client} onSaved={onSaved} onClose={onClose} {...props} />
    </FluentProvider>,
  );
  return { onSaved, onClose, client };
}

beforeEach(() => {
  // Layout APIs jsdom lacks: Fluent's MessageBar watches its size, dialogs scroll focus into view.
  Element.prototype.scrollIntoView = vi.fn();
  window.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
});
afterEach(cleanup);

describe('the update dialog', () => {
  it('saves with the eTag the tab saw and hands the saved milestone back', async () => {
    const { client, onSaved } = open();
    await userEvent.selectOptions(screen.getByLabelText(/^Status/), 'At risk');
    await userEvent.type(screen.getByLabelText(/^Commentary/), 'Supplier delay.');
    await userEvent.click(screen.getByRole('button', { name: 'Save update' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(client.saveUpdate).toHaveBeenCalledWith('17', '"e1,1"', { status: 'At risk', commentary: 'Supplier delay.' });
    expect(onSaved.mock.calls[0]![0]).toMatchObject({ eTag: '"e1,2"', record: { status: 'At risk' } });
  });

  it('asks why when the due date moves', async () => {
    open();
    expect(screen.queryByLabelText(/Why has the date moved/)).toBeNull();
    const due = screen.getByLabelText(/^Due date/);
    await userEvent.clear(due);
    await userEvent.type(due, '2026-03-31');
    expect(screen.getByLabelText(/Why has the date moved/)).toBeTruthy();
    expect(screen.getByLabelText(/Explain the new date/)).toBeTruthy();
  });

  it('shows the service’s field errors beside the fields and in a summary that takes focus', async () => {
    const saveUpdate = vi.fn(async () => {
      throw new ApiError('invalid', 'Check the update.', { status: 400, fields: [{ field: 'commentary', message: 'Say why the milestone is at risk.' }] });
    });
    open({ api: api({ saveUpdate }) });
    await userEvent.click(screen.getByRole('button', { name: 'Save update' }));
    await waitFor(() => expect(screen.getAllByText('Say why the milestone is at risk.')).toHaveLength(2));
    expect(document.activeElement?.textContent).toContain('Check your update');
  });

  it('on a conflict shows what changed and re-applies the person’s edit on the newer version', async () => {
    const current = { ...milestone, id: '17', eTag: '"e1,5"', status: 'Off track' as const, latestCommentary: 'Cabinet postponed.', lastUpdatedByName: 'Demo Director' };
    const saveUpdate = vi
      .fn()
      .mockRejectedValueOnce(new ApiError('conflict', 'Changed meanwhile.', { status: 409, current, lastUpdate: null }))
      .mockImplementationOnce(async (_id: string, _eTag: string, update: { status: Milestone['status'] }) => ({ milestone: { id: '17', eTag: '"e1,6"', record: { ...current, status: update.status } }, update: {} }));
    const { onSaved } = open({ api: api({ saveUpdate }) });
    await userEvent.selectOptions(screen.getByLabelText(/^Status/), 'At risk');
    await userEvent.type(screen.getByLabelText(/^Commentary/), 'Recovery plan agreed.');
    await userEvent.click(screen.getByRole('button', { name: 'Save update' }));

    await screen.findByText(/Demo Director updated this milestone/);
    expect(screen.getByText('Status: On track → Off track')).toBeTruthy();
    expect((screen.getByLabelText(/^Commentary/) as HTMLTextAreaElement).value).toBe('Recovery plan agreed.');

    await userEvent.click(screen.getByRole('button', { name: 'Re-apply my changes' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save update' }));
    await waitFor(() => expect(saveUpdate).toHaveBeenCalledTimes(2));
    expect(saveUpdate.mock.calls[1]).toEqual(['17', '"e1,5"', { status: 'At risk', commentary: 'Recovery plan agreed.' }]);
    expect(onSaved).toHaveBeenLastCalledWith(expect.objectContaining({ eTag: '"e1,6"' }), expect.stringContaining('Saved'));
  });

  it('tells a person without rights why, with no form', () => {
    open({ access: { allowed: false, why: 'You may update milestones of Economy, Infrastructure and Skills.' } });
    expect(screen.getByText('You can view this milestone but not update it.')).toBeTruthy();
    expect(screen.getByText(/Economy, Infrastructure and Skills/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save update' })).toBeNull();
    expect(screen.queryByLabelText(/^Commentary/)).toBeNull();
  });
});
