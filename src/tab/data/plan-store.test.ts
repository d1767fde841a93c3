import { describe, expect, it, vi } from 'vitest';
import { demoMilestone, demoPlan } from '../testing/demo-plan.ts';
import { createMemoryPlanCache, planCacheKey } from './plan-cache.ts';
import { PlanSourceError, reasonForStatus, toPlanSourceError } from './plan-source.ts';
import type { PlanSnapshot, PlanSource } from './plan-source.ts';
import { PlanStore } from './plan-store.ts';

function snapshot(loadedAt: string): PlanSnapshot {
  return { ...demoPlan(), planName: '2026/27', loadedAt };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const key = planCacheKey({ site: 'site-1', plan: '2026/27', user: 'Manager.CF@demo.example' });

describe('PlanStore', () => {
  it('loads from the source when there is no local copy, and keeps a copy', async () => {
    const cache = createMemoryPlanCache();
    const source: PlanSource = { load: vi.fn(async () => snapshot('2026-06-15T08:00:00Z')) };
    const store = new PlanStore({ source, planName: '2026/27', cache, cacheKey: key });
    expect(store.getState()).toEqual({ status: 'loading' });
    await store.open();
    expect(store.getState()).toMatchObject({ status: 'ready', from: 'source', refreshing: false });
    expect(source.load).toHaveBeenCalledWith('2026/27');
    expect(cache.entries.get(key)?.loadedAt).toBe('2026-06-15T08:00:00Z');
  });

  it('says when the local copy has been looked for: with the copy on show, or still loading without one', async () => {
    const withCopy = new PlanStore({ source: { load: vi.fn(() => new Promise<PlanSnapshot>(() => undefined)), refresh: vi.fn(() => new Promise<PlanSnapshot>(() => undefined)) }, planName: '2026/27', cache: createMemoryPlanCache({ [key]: snapshot('2026-06-14T08:00:00Z') }), cacheKey: key });
    await withCopy.localCopyChecked();
    expect(withCopy.getState()).toMatchObject({ status: 'ready', from: 'cache' });

    const without = new PlanStore({ source: { load: vi.fn(() => new Promise<PlanSnapshot>(() => undefined)) }, planName: '2026/27', cache: createMemoryPlanCache(), cacheKey: key });
    await without.localCopyChecked();
    expect(without.getState()).toEqual({ status: 'loading' });
  });

  it('keeps its copy in a later task than the one that shows the plan, so copying never holds back the paint', async () => {
    const write = vi.fn(async () => undefined);
    const store = new PlanStore({ source: { load: async () => snapshot('2026-06-15T08:00:00Z') }, planName: '2026/27', cache: { read: async () => undefined, write, probablyHas: () => false }, cacheKey: key });
    let writtenWhenShown: boolean | undefined;
    store.subscribe(() => {
      if (store.getState().status === 'ready') queueMicrotask(() => (writtenWhenShown ??= write.mock.calls.length > 0));
    });
    await store.open();
    expect(writtenWhenShown).toBe(false);
    expect(write).toHaveBeenCalledTimes(1);
  });

  it('starts the first load without waiting for storage when it keeps no copy, and still shows a copy storage finds', async () => {
    const stored = deferred<PlanSnapshot | undefined>();
    const answer = deferred<PlanSnapshot>();
    const source: PlanSource = { load: vi.fn(() => answer.promise), refresh: vi.fn() };
    const store = new PlanStore({ source, planName: '2026/27', cache: { read: () => stored.promise, write: async () => undefined, probablyHas: () => false }, cacheKey: key });
    const opening = store.open();
    await vi.waitFor(() => expect(source.load).toHaveBeenCalledWith('2026/27'));
    stored.resolve(snapshot('2026-06-14T08:00:00Z'));
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ status: 'ready', from: 'cache', refreshing: true }));
    answer.resolve(snapshot('2026-06-15T08:00:00Z'));
    await opening;
    expect(store.getState()).toMatchObject({ status: 'ready', from: 'source', snapshot: { loadedAt: '2026-06-15T08:00:00Z' } });
    expect(source.refresh).not.toHaveBeenCalled();
  });

  it('shows the local copy at once, then refreshes it by delta', async () => {
    const cache = createMemoryPlanCache({ [key]: snapshot('2026-06-14T08:00:00Z') });
    const answer = deferred<PlanSnapshot>();
    const source: PlanSource = { load: vi.fn(), refresh: vi.fn(() => answer.promise) };
    const store = new PlanStore({ source, planName: '2026/27', cache, cacheKey: key });
    const opening = store.open();
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ status: 'ready', from: 'cache', refreshing: true }));
    expect(source.refresh).toHaveBeenCalledWith(expect.objectContaining({ loadedAt: '2026-06-14T08:00:00Z' }));
    answer.resolve(snapshot('2026-06-15T08:00:00Z'));
    await opening;
    expect(store.getState()).toMatchObject({ status: 'ready', from: 'source', refreshing: false });
    expect(source.load).not.toHaveBeenCalled();
    expect(cache.entries.get(key)?.loadedAt).toBe('2026-06-15T08:00:00Z');
  });

  it('keeps the local copy on screen when the refresh fails, saying why', async () => {
    const cache = createMemoryPlanCache({ [key]: snapshot('2026-06-14T08:00:00Z') });
    const source: PlanSource = { load: async () => Promise.reject(Object.assign(new Error('Too many requests'), { statusCode: 429 })) };
    const store = new PlanStore({ source, planName: '2026/27', cache, cacheKey: key });
    await store.open();
    const state = store.getState();
    expect(state).toMatchObject({ status: 'ready', from: 'cache', refreshing: false });
    expect(state.status === 'ready' && state.refreshError?.reason).toBe('throttled');
  });

  it('reports a failed first load as an error, and a retry recovers', async () => {
    const load = vi
      .fn<PlanSource['load']>()
      .mockRejectedValueOnce(Object.assign(new Error('Access denied'), { statusCode: 403, requestId: 'req-1' }))
      .mockResolvedValueOnce(snapshot('2026-06-15T09:00:00Z'));
    const store = new PlanStore({ source: { load }, planName: '2026/27' });
    await store.open();
    const failed = store.getState();
    expect(failed.status).toBe('error');
    expect(failed.status === 'error' && [failed.error.reason, failed.error.requestId, failed.error.status]).toEqual(['forbidden', 'req-1', 403]);
    const retrying = store.retry();
    expect(store.getState()).toEqual({ status: 'loading' });
    await retrying;
    expect(store.getState()).toMatchObject({ status: 'ready', from: 'source' });
  });

  it('ignores an older answer that arrives after a newer one', async () => {
    const first = deferred<PlanSnapshot>();
    const load = vi.fn<PlanSource['load']>().mockReturnValueOnce(first.promise).mockResolvedValueOnce(snapshot('newer'));
    const store = new PlanStore({ source: { load }, planName: '2026/27' });
    const opening = store.open();
    await vi.waitFor(() => expect(load).toHaveBeenCalledTimes(1));
    await store.retry();
    first.resolve(snapshot('older'));
    await opening;
    const state = store.getState();
    expect(state.status === 'ready' && state.snapshot.loadedAt).toBe('newer');
  });

  it('puts a saved milestone into the snapshot and the copy at once', async () => {
    const cache = createMemoryPlanCache();
    const store = new PlanStore({ source: { load: async () => snapshot('t') }, planName: '2026/27', cache, cacheKey: key });
    await store.open();
    const listener = vi.fn();
    store.subscribe(listener);
    store.replaceMilestone({ ...demoMilestone('m1', 'PE1', { title: 'Open the first family hubs', status: 'Complete' }), eTag: '"m1,2"' });
    const state = store.getState();
    const saved = state.status === 'ready' ? state.snapshot.milestones.find((m) => m.id === 'm1') : undefined;
    expect(saved).toMatchObject({ eTag: '"m1,2"', record: { status: 'Complete' } });
    expect(listener).toHaveBeenCalled();
    await vi.waitFor(() => expect(cache.entries.get(key)?.milestones.find((m) => m.id === 'm1')?.eTag).toBe('"m1,2"'));
  });

  it('opens once however often it is asked', async () => {
    const load = vi.fn(async () => snapshot('t'));
    const store = new PlanStore({ source: { load }, planName: '2026/27' });
    await Promise.all([store.open(), store.open()]);
    expect(load).toHaveBeenCalledTimes(1);
  });
});

describe('planCacheKey', () => {
  it('separates people, plans and sites, ignoring the case of the UPN', () => {
    expect(planCacheKey({ plan: '2026/27', user: 'A@demo.example', site: 's' })).toBe(planCacheKey({ plan: '2026/27', user: 'a@demo.example', site: 's' }));
    const keys = new Set([
      planCacheKey({ plan: '2026/27', user: 'a@demo.example', site: 's' }),
      planCacheKey({ plan: '2026/27', user: 'b@demo.example', site: 's' }),
      planCacheKey({ plan: '2025/26', user: 'a@demo.example', site: 's' }),
      planCacheKey({ plan: '2026/27', user: 'a@demo.example', site: 't' }),
    ]);
    expect(keys.size).toBe(4);
  });
});

describe('toPlanSourceError', () => {
  it.each([
    [401, 'signed-out'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [429, 'throttled'],
    [503, 'throttled'],
    [500, 'service'],
    [502, 'service'],
    [400, 'unknown'],
  ] as const)('classifies HTTP %i as %s', (status, reason) => {
    expect(reasonForStatus(status)).toBe(reason);
    expect(toPlanSourceError({ statusCode: status, message: 'x' }).reason).toBe(reason);
  });

  it('treats a failed fetch as the network, and keeps a PlanSourceError as it is', () => {
    expect(toPlanSourceError(new TypeError('Failed to fetch')).reason).toBe('offline');
    const original = new PlanSourceError('not-configured', 'no site');
    expect(toPlanSourceError(original)).toBe(original);
  });

  it("keeps the token provider's verdict when the Graph client wrapped it", () => {
    const signedOut = new PlanSourceError('signed-out', 'Sign in to Waymark with your Microsoft work account.');
    const wrapped = new Error('Talking to Graph failed unexpectedly', { cause: new Error('The Graph client failed', { cause: signedOut }) });
    expect(toPlanSourceError(wrapped)).toBe(signedOut);
  });
});
