import type { TabStorage } from '../browser-storage.ts';

/** Web Storage over a Map, for tests; `items` shows what was kept. */
export function memoryStorage(): TabStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (name) => items.get(name) ?? null, setItem: (name, value) => void items.set(name, value), removeItem: (name) => void items.delete(name) };
}
