/**
 * The plan a tab shows, and how it gets there: the local copy first (content at once), then the
 * source (a delta refresh when the copy allows, else a full load). A failed refresh keeps the
 * copy on screen and says so; a failed first load is an error with a retry. No React here, so
 * the flow is tested without a DOM and the components only subscribe.
 */
import type { Milestone } from '../../domain/records.ts';
import type { Stored } from '../model/plan-index.ts';
import type { PlanCache } from './plan-cache.ts';
import { toPlanSourceError } from './plan-source.ts';
import type { PlanSnapshot, PlanSource, PlanSourceError } from './plan-source.ts';

export type PlanState =
  | { status: 'loading' }
  | {
      status: 'ready';
      snapshot: PlanSnapshot;
      /** 'cache' until the source has answered. */
      from: 'cache' | 'source';
      refreshing: boolean;
      /** Why the last refresh failed, while the older copy stays on screen. */
      refreshError?: PlanSourceError;
    }
  | { status: 'error'; error: PlanSourceError };

export interface PlanStoreOptions {
  source: PlanSource;
  planName: string;
  cache?: PlanCache;
  /** See planCacheKey; without one nothing is cached. */
  cacheKey?: string;
}

/** Holds one plan's state for the tab; subscribe with React's useSyncExternalStore. */
export class PlanStore {
  private state: PlanState = { status: 'loading' };
  private readonly listeners = new Set<() => void>();
  // Each load takes a ticket; an answer for an older ticket is ignored, so a slow refresh never overwrites a newer one.
  private ticket = 0;
  private opened?: Promise<void>;
  private copyChecked?: Promise<unknown>;

  constructor(private readonly options: PlanStoreOptions) {}

  getState = (): PlanState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Shows the local copy when there is one, then brings it up to date. Safe to call more than once. */
  open(): Promise<void> {
    this.opened ??= this.openOnce();
    return this.opened;
  }

  /** Whether a local copy is likely to be found, known at once (the cache's own guess). */
  probablyHasLocalCopy(): boolean {
    const { cache, cacheKey } = this.options;
    return cache !== undefined && cacheKey !== undefined && cache.probablyHas(cacheKey);
  }

  /**
   * Settles once the local copy has been looked for (found or not), which opens the store: the
   * moment a first render has either the plan or a loading state to show.
   */
  localCopyChecked(): Promise<void> {
    void this.open();
    return (this.copyChecked ?? Promise.resolve()).then(() => undefined);
  }

  /** Loads everything again from the source, keeping what is on screen until it arrives. */
  retry = (): Promise<void> => {
    const current = this.state;
    if (current.status === 'ready') this.set({ ...current, refreshing: true, refreshError: undefined });
    else this.set({ status: 'loading' });
    return this.fetch(undefined);
  };

  /** Brings the shown snapshot up to date (by delta when the source can). */
  refresh = (): Promise<void> => {
    const current = this.state;
    if (current.status !== 'ready') return this.retry();
    this.set({ ...current, refreshing: true, refreshError: undefined });
    return this.fetch(current.snapshot);
  };

  /** Puts a milestone the person just saved into the snapshot, so every view shows it at once. */
  replaceMilestone(stored: Stored<Milestone>): void {
    const current = this.state;
    if (current.status !== 'ready') return;
    const milestones = current.snapshot.milestones.some((m) => m.id === stored.id)
      ? current.snapshot.milestones.map((m) => (m.id === stored.id ? stored : m))
      : [...current.snapshot.milestones, stored];
    const snapshot = { ...current.snapshot, milestones };
    this.set({ ...current, snapshot });
    void this.save(snapshot);
  }

  private async openOnce(): Promise<void> {
    const ticket = ++this.ticket;
    const reading = this.readCache();
    this.copyChecked = reading;
    if (!this.probablyHasLocalCopy()) {
      // Most likely nothing is kept here (a first open): the load starts now instead of after
      // IndexedDB has said so, which took 50–170 ms on a busy machine.
      const loading = this.fetch(undefined, ticket);
      const found = await reading;
      // A copy after all (kept before the cache noted its keys): on show until the load answers.
      if (found && ticket === this.ticket && this.state.status === 'loading') this.set({ status: 'ready', snapshot: found, from: 'cache', refreshing: true });
      return loading;
    }
    const cached = await reading;
    if (cached && ticket === this.ticket) {
      this.set({ status: 'ready', snapshot: cached, from: 'cache', refreshing: true });
      return this.fetch(cached, ticket);
    }
    return this.fetch(undefined, ticket);
  }

  private async fetch(previous: PlanSnapshot | undefined, ticket = ++this.ticket): Promise<void> {
    const { source, planName } = this.options;
    try {
      const snapshot = previous && source.refresh ? await source.refresh(previous) : await source.load(planName);
      if (ticket !== this.ticket) return;
      this.set({ status: 'ready', snapshot, from: 'source', refreshing: false });
      await this.save(snapshot);
    } catch (caught) {
      if (ticket !== this.ticket) return;
      const error = toPlanSourceError(caught);
      const current = this.state;
      if (current.status === 'ready') this.set({ ...current, refreshing: false, refreshError: error });
      else this.set({ status: 'error', error });
    }
  }

  private async readCache(): Promise<PlanSnapshot | undefined> {
    const { cache, cacheKey } = this.options;
    if (!cache || cacheKey === undefined) return undefined;
    // The copy is only a speed-up: a cache that fails is a cache that misses.
    return cache.read(cacheKey).catch(() => undefined);
  }

  private async save(snapshot: PlanSnapshot): Promise<void> {
    const { cache, cacheKey } = this.options;
    if (!cache || cacheKey === undefined) return;
    // Written in a task of its own, after the one that draws the new snapshot: IndexedDB copies the
    // snapshot on the spot (~80 ms for the 100× plan), which would otherwise hold back the paint.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await cache.write(cacheKey, snapshot).catch(() => undefined);
  }

  private set(state: PlanState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
