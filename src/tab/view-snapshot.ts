/**
 * A picture of the tab as it was last drawn, so a pinned tab shows its content the moment it
 * opens: the boot script paints the picture (HTML and the styles it needs, from localStorage)
 * before React and Fluent UI have even run, and React takes over once it has drawn the plan from
 * the local copy. The picture is inert (no focus, no clicks, hidden from screen readers) for the
 * few hundred milliseconds it is up: it is something to read, not to use.
 *
 * It is only ever the view the same address would draw: it is taken when the tab shows the
 * address it opened on, with the plan loaded and refreshed; it belongs to one person, theme and
 * UK day; and it is dropped when the plan changes while the tab shows another view (snapshot-keeper.ts).
 */
import { nextUkMidnight } from '../domain/clock.ts';
import { quietly } from './browser-storage.ts';
import type { TabStorage } from './browser-storage.ts';
import { isTabTheme } from './theme.ts';
import type { TabTheme } from './theme.ts';

/** One stylesheet the picture needs: Griffel's buckets and Fluent's theme variables, in document order. */
export interface SnapshotStyle {
  media: string;
  css: string;
}

export interface ViewSnapshot {
  version: typeof SNAPSHOT_VERSION;
  /** The address (search and hash) the tab opened on and drew. */
  address: string;
  /** Who it was drawn for: the persona id or the signed-in person's UPN. */
  person: string;
  theme: TabTheme;
  /** The next UK midnight after it was drawn (ms since 1970): "overdue" changes with the day. */
  validUntil: number;
  html: string;
  styles: SnapshotStyle[];
}

const SNAPSHOT_VERSION = 1;
const STORAGE_KEY = 'waymark.view-snapshot';
/** Bigger pictures are not kept: reading them would cost more than drawing the view. */
export const MAX_SNAPSHOT_CHARS = 600_000;
const SNAPSHOT_ID = 'waymark-snapshot';

/** What the boot script knows before anything has loaded. */
export interface SnapshotExpectation {
  address: string;
  /** The person the tab will most likely sign in as; no picture without one. */
  person: string | undefined;
  theme: TabTheme;
  now: number;
}

/** The kept picture, when it is for this address, person, theme and day; else undefined (and a stale one is removed). */
export function readViewSnapshot(storage: TabStorage | undefined, expected: SnapshotExpectation): ViewSnapshot | undefined {
  const stored = quietly(() => storage?.getItem(STORAGE_KEY), undefined);
  if (!stored || !expected.person) return undefined;
  const snapshot = parseSnapshot(stored);
  if (!snapshot || snapshot.validUntil <= expected.now) {
    quietly(() => storage?.removeItem(STORAGE_KEY), undefined);
    return undefined;
  }
  const matches = snapshot.address === expected.address && snapshot.person === expected.person && snapshot.theme === expected.theme;
  return matches ? snapshot : undefined;
}

/** Keeps the picture, replacing any other; false when it is too big or storage refuses it. */
export function saveViewSnapshot(storage: TabStorage | undefined, snapshot: ViewSnapshot): boolean {
  const text = JSON.stringify(snapshot);
  if (text.length > MAX_SNAPSHOT_CHARS) {
    forgetViewSnapshot(storage);
    return false;
  }
  return quietly(() => {
    storage?.setItem(STORAGE_KEY, text);
    return storage !== undefined;
  }, false);
}

/** Marks a loading state (state-panels.tsx): a view showing one is not ready to be pictured. */
export const LOADING_STATE_ATTRIBUTE = 'data-waymark-loading';

/** Whether the drawn tab still shows a loading state, such as a view waiting for its chunk. */
export function showsLoadingState(container: ParentNode): boolean {
  return container.querySelector(`[${LOADING_STATE_ATTRIBUTE}]`) !== null;
}

export function forgetViewSnapshot(storage: TabStorage | undefined): void {
  quietly(() => storage?.removeItem(STORAGE_KEY), undefined);
}

/**
 * Takes the picture of `container` as drawn now. Element ids and labels' `for` are left out: the
 * live tab, drawn beside the picture before it goes, has the same ids. What the form controls
 * show is written into the markup (writeControlState).
 */
export function takeViewSnapshot(
  document: Document,
  container: HTMLElement,
  about: Omit<ViewSnapshot, 'version' | 'html' | 'styles' | 'validUntil'> & { now: number },
  rulesOf: (element: Element) => readonly string[] | undefined = () => undefined,
): ViewSnapshot {
  const copy = container.cloneNode(true) as HTMLElement;
  writeControlState(container, copy);
  for (const element of copy.querySelectorAll('[id]')) element.removeAttribute('id');
  for (const element of copy.querySelectorAll('[for]')) element.removeAttribute('for');
  const { now, ...rest } = about;
  return { version: SNAPSHOT_VERSION, ...rest, validUntil: nextUkMidnight(now), html: copy.innerHTML, styles: runtimeStyles(document, rulesOf) };
}

/**
 * A control's chosen option, tick and typed text are properties, not attributes, so markup
 * copied from the page loses them: a director's picture said "Viewing as Demo Chief Executive"
 * (the first option) and "Choose a directorate". They are written into the copy's attributes.
 */
function writeControlState(live: HTMLElement, copy: HTMLElement): void {
  const copied = copy.querySelectorAll('select, input, textarea');
  live.querySelectorAll('select, input, textarea').forEach((control, index) => {
    const target = copied[index];
    if (control instanceof HTMLSelectElement) {
      const options = target?.querySelectorAll('option');
      Array.from(control.options).forEach((option, at) => options?.[at]?.toggleAttribute('selected', option.selected));
    } else if (control instanceof HTMLInputElement) {
      if (control.type === 'checkbox' || control.type === 'radio') target?.toggleAttribute('checked', control.checked);
      else if (control.type !== 'password' && control.type !== 'file') target?.setAttribute('value', control.value);
    } else if (control instanceof HTMLTextAreaElement && target) {
      target.textContent = control.value;
    }
  });
}

/**
 * Every stylesheet the page built at run time, in document order (Griffel's order is its cascade).
 * Griffel inserts rules one by one, so they are not in the elements' text: they come as written
 * from `rulesOf` (style-recorder.ts), else as the CSSOM writes them back.
 */
function runtimeStyles(document: Document, rulesOf: (element: Element) => readonly string[] | undefined): SnapshotStyle[] {
  const styles: SnapshotStyle[] = [];
  for (const element of document.head.querySelectorAll('style')) {
    const sheet = element.sheet;
    if (!sheet || element.hasAttribute('data-waymark-snapshot')) continue;
    const css = (rulesOf(element) ?? Array.from(sheet.cssRules, (rule) => rule.cssText)).join('\n');
    if (css) styles.push({ media: element.media, css });
  }
  return styles;
}

/**
 * Paints the picture in front of `container` (which stays hidden meanwhile, so React can draw
 * into it unseen) and returns the handover: it removes the picture and shows the container, in
 * the same frame as React's first content.
 */
export function paintViewSnapshot(document: Document, container: HTMLElement, snapshot: ViewSnapshot): () => void {
  const styleElements = snapshot.styles.map((style) => {
    const element = document.createElement('style');
    element.setAttribute('data-waymark-snapshot', '');
    if (style.media) element.media = style.media;
    element.textContent = style.css;
    document.head.append(element);
    return element;
  });
  const picture = document.createElement('div');
  picture.id = SNAPSHOT_ID;
  // Inert: no focus, no clicks. aria-hidden too, for assistive technology that does not yet know inert.
  picture.setAttribute('inert', '');
  picture.setAttribute('aria-hidden', 'true');
  picture.setAttribute('aria-busy', 'true');
  picture.innerHTML = snapshot.html;
  container.before(picture);
  container.hidden = true;
  return () => {
    picture.remove();
    for (const element of styleElements) element.remove();
    container.hidden = false;
  };
}

// Checked by hand, not with zod: this runs in the boot script, which stays small so it runs at once.
function parseSnapshot(text: string): ViewSnapshot | undefined {
  try {
    const value = JSON.parse(text) as Partial<ViewSnapshot> | null;
    if (!value || value.version !== SNAPSHOT_VERSION) return undefined;
    const { address, person, theme, validUntil, html, styles } = value;
    const wellFormed =
      typeof address === 'string' &&
      typeof person === 'string' &&
      isTabTheme(theme) &&
      typeof validUntil === 'number' &&
      typeof html === 'string' &&
      Array.isArray(styles) &&
      styles.every((style: Partial<SnapshotStyle> | null) => typeof style?.css === 'string' && typeof style.media === 'string');
    return wellFormed ? (value as ViewSnapshot) : undefined;
  } catch {
    return undefined;
  }
}
