/**
 * The browser's storage as the tab uses it: only ever to be faster. Storage may be blocked
 * (private windows, some Teams clients), full or corrupt, and none of that may stop the tab.
 */

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
