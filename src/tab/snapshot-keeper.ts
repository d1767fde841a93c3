/**
 * Keeps the picture of the tab's opening view (view-snapshot.ts) true: it is taken again, once
 * the page is idle, each time the plan has loaded, refreshed or changed while the tab shows the
 * address it opened on, and never while the view is still loading; when the plan changes while
 * another view is shown, the picture is dropped, so a reopened tab never shows data older than its
 * local copy.
 */
import type { Session } from './auth/session.ts';
import { personKey } from './auth/session.ts';
import type { PlanSnapshot } from './data/plan-source.ts';
import type { PlanStore } from './data/plan-store.ts';
import type { TabStorage } from './browser-storage.ts';
import { whenIdle } from './idle.ts';
import type { TabTheme } from './theme.ts';
import { forgetViewSnapshot, saveViewSnapshot, showsLoadingState, takeViewSnapshot } from './view-snapshot.ts';

/**
 * How many idle moments the keeper waits for a view still fetching its own chunk ("Opening the
 * view…") to draw, before giving up until the plan next changes.
 */
const LOADING_VIEW_RETRIES = 20;

export interface SnapshotKeeperOptions {
  document: Document;
  container: HTMLElement;
  store: Pick<PlanStore, 'subscribe' | 'getState'>;
  session: Pick<Session, 'subscribe' | 'getState'>;
  storage: TabStorage | undefined;
  /** The address (search and hash) the tab opened on. */
  openingAddress: string;
  currentAddress: () => string;
  theme: () => TabTheme;
  /** The CSS rules of a style element as written (style-recorder.ts). */
  rulesOf?: (element: Element) => readonly string[] | undefined;
  /** Runs the picture-taking when the page has nothing better to do (default: idle, within 2 s), so it never delays a frame. */
  whenIdle?: (task: () => void) => void;
  now?: () => number;
}

/** Starts keeping the picture; returns a function that stops. */
export function keepViewSnapshot(options: SnapshotKeeperOptions): () => void {
  const { document, container, store, session, storage, openingAddress, currentAddress, theme } = options;
  const later = options.whenIdle ?? ((task: () => void) => whenIdle(task));
  const now = options.now ?? Date.now;
  /** What the kept picture shows, when it was taken by this tab. */
  let pictured: { plan: PlanSnapshot; person: string; theme: TabTheme } | undefined;
  let scheduled = false;
  /** Idle moments left, in this round of looking, for a view still loading to draw. */
  let retriesLeft = 0;

  /** The plan and person a picture would show now, or undefined when the tab is not showing a settled plan. */
  const settled = () => {
    const state = store.getState();
    const signIn = session.getState().signIn;
    if (state.status !== 'ready' || state.refreshing || state.refreshError || !signIn) return undefined;
    return { plan: state.snapshot, person: personKey(signIn), theme: theme() };
  };
  const isPictured = (current: NonNullable<ReturnType<typeof settled>>) =>
    pictured !== undefined && pictured.plan === current.plan && pictured.person === current.person && pictured.theme === current.theme;

  const take = () => {
    scheduled = false;
    const current = settled();
    if (!current || currentAddress() !== openingAddress || isPictured(current)) return;
    // A picture of a spinner would be shown on every reopen in place of the view: wait for it.
    if (showsLoadingState(container)) {
      if (retriesLeft-- > 0) {
        scheduled = true;
        later(take);
      }
      return;
    }
    const picture = takeViewSnapshot(document, container, { address: openingAddress, person: current.person, theme: current.theme, now: now() }, options.rulesOf);
    pictured = saveViewSnapshot(storage, picture) ? current : undefined;
  };

  const consider = () => {
    const state = store.getState();
    if (state.status !== 'ready') return;
    if (currentAddress() !== openingAddress) {
      // The plan changed under another view: the picture (if any) would be older than the copy.
      if (state.snapshot !== pictured?.plan) {
        forgetViewSnapshot(storage);
        pictured = undefined;
      }
      return;
    }
    const current = settled();
    if (scheduled || !current || isPictured(current)) return;
    scheduled = true;
    retriesLeft = LOADING_VIEW_RETRIES;
    later(take);
  };

  const stopStore = store.subscribe(consider);
  const stopSession = session.subscribe(consider);
  consider();
  return () => {
    stopStore();
    stopSession();
  };
}
