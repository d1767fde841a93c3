// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../domain/clock.ts';
import { App } from './app.tsx';
import type { AppProps } from './app.tsx';
import { createMemoryPlanCache } from './data/plan-cache.ts';
import { PlanStore } from './data/plan-store.ts';
import type { PlanSnapshot, PlanSource } from './data/plan-source.ts';
import type { PlanRecords } from './model/plan-index.ts';
import { DEMO_UPN, demoPlan, scaledDemoPlan } from './testing/demo-plan.ts';

const clock = fixedClock('2026-06-15T09:00:00Z');

function snapshotOf(records: PlanRecords = demoPlan()): PlanSnapshot {
  return { ...records, planName: '2026/27', loadedAt: '2026-06-15T08:00:00Z' };
}

function renderApp(address: string, props: Partial<AppProps> = {}, source: PlanSource = { load: async () => snapshotOf() }) {
  window.history.replaceState(null, '', address);
  const store = new PlanStore({ source, planName: '2026/27' });
  return render(<App store={store} clock={clock} {...props} />);
}

/** Rows of the table named `name`, as their accessible text. */
function rowTexts(name: string): string[] {
  const table = screen.getByRole('table', { name });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => row.textContent ?? '');
}

beforeEach(() => {
  // Fluent's focus management asks for layout jsdom lacks; scrolling is a no-op there.
  Element.prototype.scrollIntoView = vi.fn();
});

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

describe('plan on a page', () => {
  it('groups projects under their themes and priority areas', async () => {
    renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Plan on a page' })).toBeTruthy();
    const themes = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(themes).toEqual(['People', 'Economy', 'Value for money']);
    expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(['Children & Young People', 'Adults & the Elderly']);
    const table = screen.getByRole('table', { name: 'Projects by theme and priority area' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.querySelector('h2, h3')?.textContent ?? /^[A-Z]+\d+/.exec(within(row).getByRole('link').textContent ?? '')?.[0]);
    expect(rows).toEqual(['People', 'Children & Young People', 'PE1', 'PE2', 'Adults & the Elderly', 'PE10', 'Economy', 'EC2', 'Value for money', 'VFM1']);
  });

  it('shows RAG in words beside the colour, and the counts', async () => {
    renderApp('/');
    const link = await screen.findByRole('link', { name: 'PE1 Families First programme' });
    const row = link.closest('tr')!;
    expect(within(row).getByText('Red')).toBeTruthy();
    expect(row.textContent).toContain('3 milestones: 1 on track, 1 overdue, 1 undated');
    expect(within(row).getByText('Children and Families')).toBeTruthy();
    expect(within(row).getByText('Cabinet Member for Children (demo)')).toBeTruthy();
  });

  it('narrows by directorate, then by search, and clears', async () => {
    const user = userEvent.setup();
    renderApp('/');
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Lead directorate' }), 'Health and Care');
    await waitFor(() => expect(screen.getAllByRole('link', { name: /^(PE|EC|VFM)\d/ }).map((l) => l.textContent)).toEqual(['PE2 Joint commissioning for young adults', 'PE10 Supported living recommissioning']));
    expect(screen.getByText('Showing 2 of 5 projects')).toBeTruthy();
    expect(window.location.search).toBe('?view=plan&dir=HC');

    await user.type(screen.getByRole('searchbox', { name: 'Search by code or words' }), 'supported living');
    await waitFor(() => expect(screen.getAllByRole('link', { name: /^(PE|EC|VFM)\d/ }).map((l) => l.textContent)).toEqual(['PE10 Supported living recommissioning']));

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(screen.getAllByRole('link', { name: /^(PE|EC|VFM)\d/ })).toHaveLength(5));
  });

  it('filters by Cabinet Member and status from the address', async () => {
    renderApp('/?view=plan&status=amber');
    await waitFor(() => expect(screen.getAllByRole('link', { name: /^(PE|EC|VFM)\d/ }).map((l) => l.textContent)).toEqual(['PE10 Supported living recommissioning']));
    cleanup();
    renderApp(`/?view=plan&cm=${encodeURIComponent('Cabinet Member for Economy (demo)')}`);
    await waitFor(() => expect(screen.getAllByRole('link', { name: /^(PE|EC|VFM)\d/ }).map((l) => l.textContent)).toEqual(['EC2 Economic corridors and regeneration']));
  });

  it('says so when nothing matches', async () => {
    renderApp('/?view=plan&q=zebra');
    expect(await screen.findByRole('heading', { name: 'No projects match these filters' })).toBeTruthy();
  });

  it('opens a project from its link', async () => {
    const user = userEvent.setup();
    renderApp('/');
    await user.click(await screen.findByRole('link', { name: 'PE1 Families First programme' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'PE1 Families First programme' })).toBeTruthy();
    expect(window.location.search).toBe('?project=PE1');
    expect(screen.getByText('We will open family hubs in every district.')).toBeTruthy();
  });
});

describe('directorate view', () => {
  it('lists projects the directorate leads jointly, naming the partner', async () => {
    renderApp('/?view=directorate&dir=HC');
    expect(await screen.findByRole('heading', { level: 1, name: 'Health and Care' })).toBeTruthy();
    const rows = rowTexts('Projects led by Health and Care');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('PE2 Joint commissioning for young adults');
    expect(rows[0]).toContain('Jointly with Children and Families');
    expect(rows[1]).toContain('Health and Care alone');
  });

  it('sorts milestones by due date, telling screen readers the order', async () => {
    const user = userEvent.setup();
    renderApp('/?view=directorate&dir=CF');
    const table = await screen.findByRole('table', { name: 'Milestones of Children and Families' });
    const dueHeader = within(table).getByRole('columnheader', { name: /Due date/ });
    expect(dueHeader.getAttribute('aria-sort')).toBe('ascending');
    const titles = () =>
      within(screen.getByRole('table', { name: 'Milestones of Children and Families' }))
        .getAllByRole('link')
        .map((l) => l.textContent);
    expect(titles().slice(0, 3)).toEqual(['Open the first family hubs', 'Recruit family practitioners', 'Review outcomes with partners']);

    await user.click(within(dueHeader).getByRole('button', { name: /Due date/ }));
    expect(within(screen.getByRole('table', { name: 'Milestones of Children and Families' })).getByRole('columnheader', { name: /Due date/ }).getAttribute('aria-sort')).toBe(
      'descending',
    );
    expect(titles().slice(0, 3)).toEqual(['Recruit family practitioners', 'Open the first family hubs', 'Review outcomes with partners']);
    expect(screen.getByText('Sorted by due date, latest first.')).toBeTruthy();
  });

  it('narrows to milestones due in the next 30 days', async () => {
    const user = userEvent.setup();
    renderApp('/?view=directorate&dir=CF');
    await user.click(await screen.findByRole('radio', { name: 'Next 30 days' }));
    await waitFor(() =>
      expect(
        within(screen.getByRole('table', { name: 'Milestones of Children and Families' }))
          .getAllByRole('link')
          .map((l) => l.textContent),
      ).toEqual(['Recruit family practitioners', 'Launch transition panels']),
    );
    expect(screen.getByText('2 open milestones due in the next 30 days')).toBeTruthy();
  });
});

describe('my milestones', () => {
  it('lists the person’s milestones overdue first, then by due date', async () => {
    renderApp('/?view=mine', { user: { upn: DEMO_UPN.childrenManager, displayName: 'Manager, Children and Families (demo)' } });
    const table = await screen.findByRole('table', { name: 'Milestones owned by Manager, Children and Families (demo)' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('link')[0]!.textContent)).toEqual([
      'Open the first family hubs',
      'Recruit family practitioners',
      'Launch transition panels',
      'Review outcomes with partners',
      'Map current placements',
    ]);
    expect(rows[0]!.textContent).toContain('Overdue (on track)');
    expect(rows[0]!.textContent).toContain('31 May 2026');
  });

  it('asks the person to sign in when no one is signed in', async () => {
    renderApp('/?view=mine');
    expect(await screen.findByRole('heading', { name: 'Sign in to see your milestones' })).toBeTruthy();
  });

  it('offers Update only on milestones the person may update', async () => {
    const onUpdate = vi.fn();
    const user = userEvent.setup();
    renderApp('/?view=mine', {
      user: { upn: DEMO_UPN.childrenManager },
      canUpdate: (item) => item.milestone.status !== 'Complete',
      onUpdate,
    });
    await screen.findByRole('table', { name: `Milestones owned by ${DEMO_UPN.childrenManager}` });
    const buttons = screen.getAllByRole('button', { name: /^Update / });
    expect(buttons).toHaveLength(4);
    expect(screen.queryByRole('button', { name: 'Update Map current placements' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Update Launch transition panels' }));
    expect(onUpdate).toHaveBeenCalledWith(expect.objectContaining({ id: 'm7' }));
  });

  it('renders no Update buttons when no update rule is given', async () => {
    renderApp('/?view=mine', { user: { upn: DEMO_UPN.childrenManager } });
    await screen.findByRole('table', { name: `Milestones owned by ${DEMO_UPN.childrenManager}` });
    expect(screen.queryByRole('button', { name: /^Update/ })).toBeNull();
  });
});

describe('deep links', () => {
  it('opens a milestone’s project with the milestone highlighted and focused', async () => {
    renderApp('/?milestone=m7');
    expect(await screen.findByRole('heading', { level: 1, name: 'PE2 Joint commissioning for young adults' })).toBeTruthy();
    const row = document.getElementById('milestone-m7')!;
    expect(row.getAttribute('aria-current')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(row));
    expect(row.textContent).toContain('Mid July 2026');
    expect(row.textContent).toContain('15 July 2026');
  });

  it('explains a milestone that is no longer in the plan', async () => {
    renderApp('/?milestone=gone');
    expect(await screen.findByRole('heading', { name: 'This milestone is no longer in the plan' })).toBeTruthy();
  });
});

describe('exceptions', () => {
  it('lists each kind of exception with its count and why', async () => {
    renderApp('/?view=exceptions');
    expect(await screen.findByRole('heading', { level: 2, name: 'Overdue (1)' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'At risk or off track (2)' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'Undated (TBC or not understood) (2)' })).toBeTruthy();
    expect(rowTexts('Overdue')[0]).toContain('15 days overdue');
    expect(rowTexts('Undated (TBC or not understood)').join(' ')).toContain('Date not understood');
  });
});

describe('loading and errors', () => {
  it('shows what went wrong and retries when asked', async () => {
    const load = vi
      .fn<PlanSource['load']>()
      .mockRejectedValueOnce(Object.assign(new Error('Service unavailable'), { statusCode: 503, requestId: 'req-42' }))
      .mockResolvedValueOnce(snapshotOf());
    const user = userEvent.setup();
    renderApp('/', {}, { load });
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'SharePoint is busy' })).toBeTruthy();
    expect(alert.textContent).toContain('Wait a minute, then select Retry.');
    expect(alert.textContent).toContain('req-42');
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(load).toHaveBeenCalledTimes(2);
    expect(await screen.findByRole('heading', { level: 1, name: 'Plan on a page' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('where signing in opens a window, a signed-out tab offers Sign in, which signs in from the click and then loads the plan', async () => {
    const { PlanSourceError } = await import('./data/plan-source.ts');
    let signedIn = false;
    const load = vi.fn<PlanSource['load']>(async () => (signedIn ? snapshotOf() : Promise.reject(new PlanSourceError('signed-out', 'Sign in to Waymark with your Microsoft work account.'))));
    const onSignIn = vi.fn(async () => {
      signedIn = true;
    });
    const user = userEvent.setup();
    renderApp('/', { onSignIn }, { load });
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'You are not signed in' })).toBeTruthy();
    expect(alert.textContent).toContain('in a new window');
    expect(within(alert).queryByRole('button', { name: 'Retry' })).toBeNull();
    await user.click(within(alert).getByRole('button', { name: 'Sign in' }));
    expect(onSignIn).toHaveBeenCalledTimes(1);
    expect(await screen.findByRole('heading', { level: 1, name: 'Plan on a page' })).toBeTruthy();
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('offers no Retry when retrying cannot help', async () => {
    renderApp('/', {}, { load: async () => Promise.reject(Object.assign(new Error('x'), { statusCode: 0 })) });
    expect(await screen.findByRole('heading', { name: 'No connection' })).toBeTruthy();
    cleanup();
    const { PlanSourceError } = await import('./data/plan-source.ts');
    renderApp('/', {}, { load: async () => Promise.reject(new PlanSourceError('not-configured', 'no site')) });
    expect(await screen.findByRole('heading', { name: 'Waymark is not set up yet' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('keeps the local copy on screen when a refresh fails, and says so with a Retry', async () => {
    const cache = createMemoryPlanCache({ key: snapshotOf() });
    const load = vi.fn<PlanSource['load']>().mockRejectedValue(Object.assign(new Error('Too many requests'), { statusCode: 429 }));
    window.history.replaceState(null, '', '/');
    render(<App store={new PlanStore({ source: { load }, planName: '2026/27', cache, cacheKey: 'key' })} clock={clock} />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Plan on a page' })).toBeTruthy();
    expect(await screen.findByText(/Showing the plan as it was at/)).toBeTruthy();
    expect(screen.getByText(/SharePoint is busy/)).toBeTruthy();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('names the app and the plan in the banner', async () => {
    renderApp('/');
    const banner = await screen.findByRole('banner');
    await waitFor(() => expect(banner.textContent).toContain('Delivery Plan 2026/27 (demo)'));
    expect(banner.textContent).toContain('Waymark');
    expect(within(banner).getByText('Updated 09:00')).toBeTruthy();
  });

  it('shows a loading state until the plan arrives', async () => {
    let resolve: ((snapshot: PlanSnapshot) => void) | undefined;
    renderApp('/', {}, { load: () => new Promise((r) => (resolve = r)) });
    expect(screen.getByText('Loading the plan…')).toBeTruthy();
    await waitFor(() => expect(resolve).toBeDefined());
    resolve!(snapshotOf());
    expect(await screen.findByRole('heading', { level: 1, name: 'Plan on a page' })).toBeTruthy();
  });
});

describe('at 100 times the plan', () => {
  it('renders only a window of a long table and tells screen readers its full size', async () => {
    renderApp('/', {}, { load: async () => snapshotOf(scaledDemoPlan(800)) });
    const region = await screen.findByRole('region', { name: 'Projects by theme and priority area' });
    const table = within(region).getByRole('table');
    const total = Number(table.getAttribute('aria-rowcount'));
    // 4,000 projects plus theme and area headings, plus the header row.
    expect(total).toBe(4000 + 3 + 2 + 1);
    expect(within(table).getAllByRole('row').length).toBeLessThan(100);
  });
});
