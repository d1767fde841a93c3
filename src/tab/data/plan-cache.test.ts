import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { PLAN_CACHE_VERSION, copyHints, createIndexedDbPlanCache, createMemoryPlanCache, jsonWithin, planCacheKey } from './plan-cache.ts';
import { memoryStorage } from '../testing/memory-storage.ts';
import type { TabStorage } from '../browser-storage.ts';


const key = planCacheKey({ site: 'site-1', plan: '2026/27' });

describe('copyHints', () => {
  it('remembers and forgets which copies are kept, per key', () => {
    const storage = memoryStorage();
    const hints = copyHints(storage);
    expect(hints.has(key)).toBe(false);
    hints.remember(key);
    expect(hints.has(key)).toBe(true);
    expect(copyHints(storage).has(planCacheKey({ site: 'site-2', plan: '2026/27' }))).toBe(false);
    hints.forget(key);
    expect(hints.has(key)).toBe(false);
  });

  it('answers "no copy" when storage refuses, rather than failing the tab', () => {
    const refusing: TabStorage = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    const hints = copyHints(refusing);
    expect(() => hints.remember(key)).not.toThrow();
    expect(hints.has(key)).toBe(false);
    expect(copyHints(undefined).has(key)).toBe(false);
  });
});

describe('createMemoryPlanCache', () => {
  it('knows at once whether it holds a copy', async () => {
    const cache = createMemoryPlanCache();
    expect(cache.probablyHas(key)).toBe(false);
    await cache.write(key, { planName: '2026/27', loadedAt: '2026-06-15T08:00:00Z', directorates: [], projects: [], milestones: [] } as never);
    expect(cache.probablyHas(key)).toBe(true);
  });
});

describe('createIndexedDbPlanCache', () => {
  const snapshot = { planName: '2026/27', loadedAt: '2026-06-15T08:00:00Z', directorates: [], projects: [], milestones: [] } as never;

  it('keeps a small copy in storage, known at once, and reads it back', async () => {
    const storage = memoryStorage();
    await createIndexedDbPlanCache({ factory: new IDBFactory(), hints: storage }).write(key, snapshot);
    const reopened = createIndexedDbPlanCache({ factory: new IDBFactory(), hints: storage });
    expect(reopened.probablyHas(key)).toBe(true);
    expect(await reopened.read(key)).toEqual(snapshot);
  });

  it('still knows of a copy written while it was looking for one in IndexedDB (a first open that loads fast)', async () => {
    const storage = memoryStorage();
    const cache = createIndexedDbPlanCache({ factory: new IDBFactory(), hints: storage });
    const looking = cache.read(key);
    await cache.write(key, snapshot);
    expect(await looking).toBeUndefined();
    expect(cache.probablyHas(key)).toBe(true);
    expect(createIndexedDbPlanCache({ factory: new IDBFactory(), hints: storage }).probablyHas(key)).toBe(true);
  });
});

describe('jsonWithin', () => {
  const milestone = (id: string) => ({ id, eTag: `"${id},1"`, record: { title: `Milestone ${id}`, commentary: 'x'.repeat(200) } });
  const entry = (count: number) => ({
    version: PLAN_CACHE_VERSION,
    snapshot: { planName: '2026/27', loadedAt: '2026-06-15T08:00:00Z', directorates: [], projects: [], milestones: Array.from({ length: count }, (_, index) => milestone(`m${index}`)) } as never,
  });

  it('writes an entry within the limit whole, as JSON that reads back the same', () => {
    const small = entry(3);
    const text = jsonWithin(small, 10_000);
    expect(text).toBeDefined();
    expect(JSON.parse(text!)).toEqual(small);
  });

  it('refuses an entry over the limit, also when its records alone are not', () => {
    expect(jsonWithin(entry(1_000), 10_000)).toBeUndefined();
    const text = JSON.stringify(entry(3));
    expect(jsonWithin(entry(3), text.length)).toBe(text);
    expect(jsonWithin(entry(3), text.length - 1)).toBeUndefined();
  });
});
