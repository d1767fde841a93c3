// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type { Session, SessionState } from './auth/session.ts';
import type { PlanSnapshot } from './data/plan-source.ts';
import type { PlanState, PlanStore } from './data/plan-store.ts';
import { keepViewSnapshot } from './snapshot-keeper.ts';
import type { TabTheme } from './theme.ts';
import { memoryStorage } from './testing/memory-storage.ts';

const STORAGE_KEY = 'waymark.view-snapshot';


function plan(loadedAt: string): PlanSnapshot {
  return { planName: '2026/27', loadedAt, directorates: [], projects: [], milestones: [] } as unknown as PlanSnapshot;
}

/** A store, session and address the test moves by hand; idle tasks run when the test says. */
function harness() {
  let state: PlanState = { status: 'loading' };
  let sessionState: SessionState = {};
  let address = '?view=plan';
  let theme: TabTheme = 'light';
  const listeners = new Set<() => void>();
  const idle: Array<() => void> = [];
  const storage = memoryStorage();
  document.body.innerHTML = '<div id="root"><main><p>Plan on a page</p></main></div>';
  const stop = keepViewSnapshot({
    document,
    container: document.getElementById('root')!,
    store: { subscribe: (listener) => (listeners.add(listener), () => listeners.delete(listener)), getState: () => state } as Pick<PlanStore, 'subscribe' | 'getState'>,
    session: { subscribe: (listener) => (listeners.add(listener), () => listeners.delete(listener)), getState: () => sessionState } as Pick<Session, 'subscribe' | 'getState'>,
    storage,
    openingAddress: '?view=plan',
    currentAddress: () => address,
    theme: () => theme,
    whenIdle: (task) => idle.push(task),
    now: () => Date.parse('2026-11-23T10:00:00Z'),
  });
  const notify = () => listeners.forEach((listener) => listener());
  return {
    storage,
    stop,
    kept: () => (storage.items.has(STORAGE_KEY) ? (JSON.parse(storage.items.get(STORAGE_KEY)!) as { person: string; theme: string; html: string }) : undefined),
    runIdle: () => idle.splice(0).forEach((task) => task()),
    pendingIdle: () => idle.length,
    setState(next: PlanState) {
      state = next;
      notify();
    },
    signIn(personaId: string) {
      sessionState = { signIn: { method: 'persona', person: { upn: `${personaId}@example.test`, personaId } } as SessionState['signIn'] };
      notify();
    },
    go(next: string) {
      address = next;
    },
    setTheme(next: TabTheme) {
      theme = next;
    },
  };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('keepViewSnapshot', () => {
  it('takes the picture when the opening view shows a plan that has finished refreshing, for the signed-in person', () => {
    const tab = harness();
    tab.signIn('slt-chief-executive');
    tab.setState({ status: 'ready', snapshot: plan('t1'), from: 'cache', refreshing: true });
    tab.runIdle();
    expect(tab.kept()).toBeUndefined();

    tab.setState({ status: 'ready', snapshot: plan('t2'), from: 'source', refreshing: false });
    expect(tab.kept()).toBeUndefined(); // only once idle
    tab.runIdle();
    expect(tab.kept()).toMatchObject({ person: 'slt-chief-executive', theme: 'light' });
    expect(tab.kept()!.html).toContain('Plan on a page');
  });

  it('takes no picture before sign-in, nor of a failed refresh', () => {
    const tab = harness();
    tab.setState({ status: 'ready', snapshot: plan('t1'), from: 'source', refreshing: false });
    tab.runIdle();
    expect(tab.kept()).toBeUndefined();
    tab.signIn('slt-chief-executive');
    tab.setState({ status: 'ready', snapshot: plan('t1'), from: 'cache', refreshing: false, refreshError: new Error('offline') as never });
    tab.runIdle();
    expect(tab.kept()).toBeUndefined();
  });

  it('takes it again when the plan changes (a save), but not for every notification', () => {
    const tab = harness();
    tab.signIn('slt-chief-executive');
    const first = plan('t1');
    tab.setState({ status: 'ready', snapshot: first, from: 'source', refreshing: false });
    tab.runIdle();
    tab.storage.items.delete(STORAGE_KEY);
    tab.setState({ status: 'ready', snapshot: first, from: 'source', refreshing: false });
    expect(tab.pendingIdle()).toBe(0);
    tab.setState({ status: 'ready', snapshot: plan('t1'), from: 'source', refreshing: false });
    tab.runIdle();
    expect(tab.kept()).toBeDefined();
  });

  it('takes no picture of another view, and drops the kept one when the plan changes under another view', () => {
    const tab = harness();
    tab.signIn('slt-chief-executive');
    const shown = plan('t1');
    tab.setState({ status: 'ready', snapshot: shown, from: 'source', refreshing: false });
    tab.runIdle();
    expect(tab.kept()).toBeDefined();

    tab.go('?view=exceptions');
    tab.setState({ status: 'ready', snapshot: shown, from: 'source', refreshing: true });
    tab.runIdle();
    expect(tab.kept()).toBeDefined(); // the same plan: the picture is still true
    tab.setState({ status: 'ready', snapshot: plan('t2'), from: 'source', refreshing: false });
    tab.runIdle();
    expect(tab.kept()).toBeUndefined();
  });

  it('does not take a picture the person has moved away from before the page was idle', () => {
    const tab = harness();
    tab.signIn('slt-chief-executive');
    tab.setState({ status: 'ready', snapshot: plan('t1'), from: 'source', refreshing: false });
    tab.go('?view=mine');
    tab.runIdle();
    expect(tab.kept()).toBeUndefined();
  });

  /** A director's tab with the plan loaded, whose view is still fetching its own part. */
  function tabOnLoadingView() {
    const tab = harness();
    document.querySelector('main')!.innerHTML = '<div role="status" data-waymark-loading="">Opening the view…</div>';
    tab.signIn('director-place');
    tab.setState({ status: 'ready', snapshot: plan('t1'), from: 'source', refreshing: false });
    return tab;
  }
  const drawView = () => (document.querySelector('main')!.innerHTML = '<h1>Children and Families</h1>');

  it('waits while the view is still loading its own part, and takes the picture once the view has drawn', () => {
    const tab = tabOnLoadingView();
    tab.runIdle();
    expect(tab.kept()).toBeUndefined();
    expect(tab.pendingIdle()).toBe(1); // it looks again at the next idle moment

    drawView();
    tab.runIdle();
    expect(tab.kept()!.html).toContain('Children and Families');
    expect(tab.kept()!.html).not.toContain('Opening the view');
  });

  it('stops waiting for a view that never draws, until the plan next changes', () => {
    const tab = tabOnLoadingView();
    for (let moment = 0; moment < 100 && tab.pendingIdle() > 0; moment++) tab.runIdle();
    expect(tab.pendingIdle()).toBe(0);
    expect(tab.kept()).toBeUndefined();

    drawView();
    tab.setState({ status: 'ready', snapshot: plan('t2'), from: 'source', refreshing: false });
    tab.runIdle();
    expect(tab.kept()!.html).toContain('Children and Families');
  });

  it('looks again for as long as before when the plan changes while the view is still loading', () => {
    const tab = tabOnLoadingView();
    for (let moment = 0; moment < 100 && tab.pendingIdle() > 0; moment++) tab.runIdle();

    tab.setState({ status: 'ready', snapshot: plan('t2'), from: 'source', refreshing: false });
    for (let moment = 0; moment < 5; moment++) tab.runIdle();
    expect(tab.pendingIdle()).toBe(1);
    drawView();
    tab.runIdle();
    expect(tab.kept()!.html).toContain('Children and Families');
  });

  it('records the theme drawn and the person by persona id', () => {
    const tab = harness();
    tab.setTheme('contrast');
    tab.signIn('director-place');
    tab.setState({ status: 'ready', snapshot: plan('t1'), from: 'source', refreshing: false });
    tab.runIdle();
    expect(tab.kept()).toMatchObject({ person: 'director-place', theme: 'contrast' });
  });

  it('stops when told', () => {
    const tab = harness();
    tab.stop();
    tab.signIn('slt-chief-executive');
    tab.setState({ status: 'ready', snapshot: plan('t1'), from: 'source', refreshing: false });
    expect(tab.pendingIdle()).toBe(0);
  });
});
