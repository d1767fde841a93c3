/**
 * The tab's local copy of the last plan it loaded, so a pinned tab shows content at once and
 * then refreshes. A copy of up to SMALL_COPY_CHARS (a council's plan is ~250 KB) is kept in
 * localStorage, which the tab reads without waiting on anything; a larger one (the 100× plan is
 * ~20 MB, far beyond localStorage's few megabytes) in IndexedDB. The cache is only ever a
 * speed-up: when the browser refuses storage (private windows, quota, a blocked upgrade) reads
 * miss and writes are dropped.
 */
import { quietly } from '../browser-storage.ts';
import type { TabStorage } from '../browser-storage.ts';
import type { PlanSnapshot } from './plan-source.ts';

export interface PlanCache {
  read(key: string): Promise<PlanSnapshot | undefined>;
  write(key: string, snapshot: PlanSnapshot): Promise<void>;
  /**
   * Whether a copy was kept under `key`, answered at once, without reading it: lets the tab
   * start on its UI while the copy is read (a guess; read() has the final word).
   */
  probablyHas(key: string): boolean;
}

/** Raise when the snapshot's shape changes, so old entries are ignored rather than misread. */
export const PLAN_CACHE_VERSION = 1;

export interface Entry {
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

/**
 * Copies up to this many characters of JSON go to synchronous storage (localStorage), read at
 * once when the tab opens; IndexedDB answers only after a round trip through the browser, ~50–150
 * ms on a busy machine, which is most of a warm open's budget. Larger copies stay in IndexedDB.
 */
export const SMALL_COPY_CHARS = 1_000_000;

/**
 * The cache's note of the keys it holds a copy for (small or in IndexedDB), kept in synchronous
 * storage so the tab knows at once, without reading a copy. Storage that refuses (private
 * windows, some Teams clients) just means no hints.
 */
export function copyHints(storage: TabStorage | undefined) {
  const name = (key: string) => `waymark.copy|${key}`;
  return {
    has: (key: string): boolean => quietly(() => storage?.getItem(name(key)) === '1', false),
    remember: (key: string): void => quietly(() => storage?.setItem(name(key), '1'), undefined),
    forget: (key: string): void => quietly(() => storage?.removeItem(name(key)), undefined),
  };
}

/**
 * `entry` as JSON when that is at most `limit` characters, else undefined. The snapshot's records
 * are sized one by one first, stopping as soon as they pass the limit: writing out the 100× plan
 * whole (~20 MB) only to find it too large took ~100 ms of the page's main thread on every save.
 */
export function jsonWithin(entry: Entry, limit: number): string | undefined {
  let size = 0;
  for (const list of Object.values(entry.snapshot)) {
    if (!Array.isArray(list)) continue;
    for (const record of list) {
      size += JSON.stringify(record).length;
      if (size > limit) return undefined;
    }
  }
  const text = JSON.stringify(entry);
  return text.length <= limit ? text : undefined;
}

/** Small copies, whole, as JSON in synchronous storage. */
function smallCopies(storage: TabStorage | undefined) {
  const name = (key: string) => `waymark.plan|${key}`;
  return {
    read: (key: string): PlanSnapshot | undefined =>
      quietly(() => {
        const text = storage?.getItem(name(key));
        const entry = text ? (JSON.parse(text) as Partial<Entry>) : undefined;
        return entry?.version === PLAN_CACHE_VERSION ? entry.snapshot : undefined;
      }, undefined),
    /** Keeps the copy if it is small and storage takes it; false when it belongs in IndexedDB. */
    write(key: string, entry: Entry): boolean {
      if (!storage) return false;
      const text = jsonWithin(entry, SMALL_COPY_CHARS);
      const kept =
        text !== undefined &&
        quietly(() => {
          storage.setItem(name(key), text);
          return true;
        }, false);
      // Too large, or over the quota: IndexedDB it is, and no stale small copy is left behind.
      if (!kept) quietly(() => storage.removeItem(name(key)), undefined);
      return kept;
    },
  };
}

/**
 * A cache in IndexedDB, with small copies in `hints` (localStorage) when given; falls back to a
 * cache that never hits when IndexedDB is unavailable.
 */
export function createIndexedDbPlanCache(options: { dbName?: string; factory?: IDBFactory; hints?: TabStorage } = {}): PlanCache {
  const factory = options.factory ?? (typeof indexedDB === 'undefined' ? undefined : indexedDB);
  if (!factory) return NO_CACHE;
  const hints = copyHints(options.hints);
  const small = smallCopies(options.hints);
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
      const quick = small.read(key);
      if (quick) return quick;
      try {
        const entry = await run<Entry | undefined>('readonly', (store) => store.get(key));
        if (entry?.version === PLAN_CACHE_VERSION) return entry.snapshot;
        // No copy after all, unless one was written while IndexedDB opened: a first open's load
        // can finish first, and forgetting its hint cost the next open its picture and copy.
        if (!small.read(key)) hints.forget(key);
        return undefined;
      } catch (error) {
        console.warn('Waymark: could not read the local copy of the plan', error);
        return undefined;
      }
    },
    async write(key, snapshot) {
      try {
        const entry: Entry = { version: PLAN_CACHE_VERSION, snapshot };
        if (small.write(key, entry)) {
          hints.remember(key);
          // The small copy is the copy now; an older large one would only take space.
          await run('readwrite', (store) => store.delete(key));
          return;
        }
        await run('readwrite', (store) => store.put(entry, key));
        hints.remember(key);
      } catch (error) {
        console.warn('Waymark: could not keep a local copy of the plan', error);
      }
    },
    probablyHas: (key) => hints.has(key),
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
    probablyHas: (key) => entries.has(key),
  };
}

const NO_CACHE: PlanCache = {
  read: async () => undefined,
  write: async () => undefined,
  probablyHas: () => false,
};
