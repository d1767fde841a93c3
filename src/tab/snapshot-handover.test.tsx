// @vitest-environment jsdom
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PlanState, PlanStore } from './data/plan-store.ts';
import type { PlanSnapshot } from './data/plan-source.ts';
import { SNAPSHOT_LONGEST_MS, SnapshotHandover } from './snapshot-handover.tsx';

function storeAt(initial: PlanState) {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    store: { subscribe: (listener: () => void) => (listeners.add(listener), () => listeners.delete(listener)), getState: () => state } as Pick<PlanStore, 'subscribe' | 'getState'>,
    set(next: PlanState) {
      state = next;
      listeners.forEach((listener) => listener());
    },
  };
}

const ready: PlanState = { status: 'ready', snapshot: { planName: '2026/27', loadedAt: 't' } as PlanSnapshot, from: 'cache', refreshing: true };

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('SnapshotHandover', () => {
  it('hands over in the commit where the plan is drawn, not before', () => {
    const { store, set } = storeAt({ status: 'loading' });
    const handOver = vi.fn();
    render(<SnapshotHandover store={store} handOver={handOver} />);
    expect(handOver).not.toHaveBeenCalled();
    act(() => set(ready));
    expect(handOver).toHaveBeenCalledTimes(1);
  });

  it('hands over at once when the plan is already there, and for an error too', () => {
    const handOver = vi.fn();
    render(<SnapshotHandover store={storeAt(ready).store} handOver={handOver} />);
    expect(handOver).toHaveBeenCalledTimes(1);

    const failing = storeAt({ status: 'loading' });
    const onError = vi.fn();
    render(<SnapshotHandover store={failing.store} handOver={onError} />);
    act(() => failing.set({ status: 'error', error: new Error('offline') as never }));
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('takes the picture down after the longest wait even while the plan is still loading', () => {
    vi.useFakeTimers();
    const handOver = vi.fn();
    render(<SnapshotHandover store={storeAt({ status: 'loading' }).store} handOver={handOver} />);
    act(() => vi.advanceTimersByTime(SNAPSHOT_LONGEST_MS - 1));
    expect(handOver).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(1));
    expect(handOver).toHaveBeenCalledTimes(1);
  });
});
