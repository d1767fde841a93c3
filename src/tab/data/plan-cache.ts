/**
 * The tab's local copy of the last plan it loaded, so a pinned tab shows content at once and
 * then refreshes. IndexedDB, because the 100× plan (20,000 milestones) is far beyond
 * localStorage's few megabytes. The cache is only ever a speed-up: when the browser refuses
 * storage (private windows, quota, a blocked upgrade) reads miss and writes are dropped.
 */
import type { PlanSnapshot } from './plan-source.ts';

export interface PlanCache {
  read(key: string): Promise<PlanSnapshot | undefined>;
  write(key: string, snapshot: PlanSnapshot): Promise<void>;
}

/** Raise when the snapshot's shape changes, so old entries are ignored rather than misread. */
export const PLAN_CACHE_VERSION = 1;

interface Entry {
  version: number;
  snapshot: PlanSnapshot;
}

const STORE = 'snapshots';

/**
 * The key of one person's copy of one plan from one site: a different persona or account never
 * sees another's cached copy, and two sites never mix.
 */
export function planCacheKey(parts: { site?: string; plan: string; user?: string }): string {
  return [parts.site ?? '', parts.plan, (parts.user ?? 'anonymous').toLowerCase()].map(encodeURIComponent).join('|');
}

/** A cache in IndexedDB; falls back to a cache that never hits when IndexedDB is unavailable. */
export function createIndexedDbPlanCache(options: { dbName?: string; factory?: IDBFactory } = {}): PlanCache {
  const factory = options.factory ?? (typeof indexedDB === 'undefined' ? undefined : indexedDB);
  if (!factory) return NO_CACHE;
  const dbName = options.dbName ?? 'waymark-tab';
  let opening: Promise<IDBDatabase> | undefined;
  const db = () => {
    opening ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(dbName, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB would not open'));
      request.onblocked = () => reject(new Error('IndexedDB upgrade blocked by another tab'));
    });
    return opening;
  };
  const run = async <T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest): Promise<T> => {
    const database = await db();
    return new Promise<T>((resolve, reject) => {
      const transaction = database.transaction(STORE, mode);
      const request = action(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result as T);
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    });
  };
  return {
    async read(key) {
      try {
        const entry = await run<Entry | undefined>('readonly', (store) => store.get(key));
        return entry?.version === PLAN_CACHE_VERSION ? entry.snapshot : undefined;
      } catch (error) {
        console.warn('Waymark: could not read the local copy of the plan', error);
        return undefined;
      }
    },
    async write(key, snapshot) {
      try {
        const entry: Entry = { version: PLAN_CACHE_VERSION, snapshot };
        await run('readwrite', (store) => store.put(entry, key));
      } catch (error) {
        console.warn('Waymark: could not keep a local copy of the plan', error);
      }
    },
  };
}

/** A cache held in memory, for tests and for hosts without IndexedDB. */
export function createMemoryPlanCache(initial: Record<string, PlanSnapshot> = {}): PlanCache & { entries: Map<string, PlanSnapshot> } {
  const entries = new Map(Object.entries(initial));
  return {
    entries,
    read: async (key) => entries.get(key),
    write: async (key, snapshot) => {
      entries.set(key, snapshot);
    },
  };
}

const NO_CACHE: PlanCache = {
  read: async () => undefined,
  write: async () => undefined,
};
