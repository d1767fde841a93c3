/**
 * The tab's address bar as React state: the current Route, and navigation that changes the
 * address without reloading (pushState), so links work, open in a new window, and go back.
 */
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { parseRoute, routeToSearch } from './routing.ts';
import type { Route } from './routing.ts';

const NAVIGATED = 'waymark:navigate';

export interface NavigateOptions {
  /** Replace the current history entry (filters as they are typed) instead of adding one. */
  replace?: boolean;
}

/** Moves the tab to a route; also how the Teams wiring follows a deep link's subPageId. */
export function navigate(route: Route, options: NavigateOptions = {}): void {
  const url = `${window.location.pathname}${routeToSearch(route, window.location.search)}`;
  if (options.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  window.dispatchEvent(new Event(NAVIGATED));
}

/** The address of a route, keeping the address's other parameters (persona, theme). */
export function hrefFor(route: Route): string {
  return `${window.location.pathname}${routeToSearch(route, window.location.search)}`;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener('hashchange', onChange);
  window.addEventListener(NAVIGATED, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener('hashchange', onChange);
    window.removeEventListener(NAVIGATED, onChange);
  };
}

const addressNow = () => `${window.location.search}\u0000${window.location.hash}`;

/** The current route (`fallback` when the address names none) and a navigate function. */
export function useRoute(fallback: Route): [Route, (route: Route, options?: NavigateOptions) => void] {
  const address = useSyncExternalStore(subscribe, addressNow, () => '');
  const fallbackKey = JSON.stringify(fallback);
  const route = useMemo(() => {
    const [search = '', hash = ''] = address.split('\u0000');
    return parseRoute(search, hash, JSON.parse(fallbackKey) as Route);
  }, [address, fallbackKey]);
  const go = useCallback((next: Route, options?: NavigateOptions) => navigate(next, options), []);
  return [route, go];
}
