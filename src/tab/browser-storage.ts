/**
 * The browser's storage as the tab uses it: only ever to be faster. Storage may be blocked
 * (private windows, some Teams clients), full or corrupt, and none of that may stop the tab.
 */

/** The part of the Web Storage API the tab uses (localStorage in the browser, a Map in tests). */
export type TabStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Storage calls that may throw (refused, over quota) answer `otherwise` instead. */
export function quietly<T>(action: () => T, otherwise: T): T {
  try {
    return action();
  } catch {
    return otherwise;
  }
}

/** window.localStorage, or undefined where reading it throws. */
export function safeLocalStorage(): Storage | undefined {
  return quietly(() => window.localStorage, undefined);
}
