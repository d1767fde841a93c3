import { describe, expect, it } from 'vitest';
import { copyHints, createMemoryPlanCache, planCacheKey } from './plan-cache.ts';
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
