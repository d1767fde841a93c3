/**
 * Takes down main.ts's picture of the last view (view-snapshot.ts) in the same commit, before the
 * browser paints, as React's own drawing of the plan or of its error: nothing jumps and nothing
 * shows twice. Should the plan take longer than SNAPSHOT_LONGEST_MS (the local copy unreadable and
 * Graph slow), the picture goes anyway and the tab says it is loading, rather than leave an inert
 * page up with no sign of life.
 */
import { useEffect, useLayoutEffect, useState, useSyncExternalStore } from 'react';
import type { PlanStore } from './data/plan-store.ts';

export const SNAPSHOT_LONGEST_MS = 3_000;

export function SnapshotHandover({ store, handOver }: { store: Pick<PlanStore, 'subscribe' | 'getState'>; handOver: () => void }) {
  const state = useSyncExternalStore(store.subscribe, store.getState, store.getState);
  const [waitedLongest, setWaitedLongest] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setWaitedLongest(true), SNAPSHOT_LONGEST_MS);
    return () => clearTimeout(timer);
  }, []);
  const drawn = state.status !== 'loading' || waitedLongest;
  useLayoutEffect(() => {
    if (drawn) handOver();
  }, [drawn, handOver]);
  return null;
}
