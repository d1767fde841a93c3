// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_SNAPSHOT_CHARS, forgetViewSnapshot, paintViewSnapshot, readViewSnapshot, saveViewSnapshot, takeViewSnapshot } from './view-snapshot.ts';
import type { SnapshotExpectation, ViewSnapshot } from './view-snapshot.ts';
import { memoryStorage } from './testing/memory-storage.ts';
import type { TabStorage } from './browser-storage.ts';


const NOW = Date.parse('2026-11-23T10:00:00Z');
const expected: SnapshotExpectation = { address: '?view=plan', person: 'slt-chief-executive', theme: 'light', now: NOW };

function picture(overrides: Partial<ViewSnapshot> = {}): ViewSnapshot {
  return {
    version: 1,
    address: '?view=plan',
    person: 'slt-chief-executive',
    theme: 'light',
    validUntil: Date.parse('2026-11-24T00:00:00Z'),
    html: '<main><table><tbody><tr><th scope="row">PE1</th></tr></tbody></table></main>',
    styles: [{ media: '', css: '.a { color: red; }' }],
    ...overrides,
  };
}

afterEach(() => {
  document.head.innerHTML = '';
  document.body.innerHTML = '';
});

describe('readViewSnapshot', () => {
  it('gives back the kept picture for the same address, person, theme and day', () => {
    const storage = memoryStorage();
    expect(saveViewSnapshot(storage, picture())).toBe(true);
    expect(readViewSnapshot(storage, expected)).toEqual(picture());
  });

  it('shows nobody else’s picture, nor one of another address or theme', () => {
    const storage = memoryStorage();
    saveViewSnapshot(storage, picture());
    expect(readViewSnapshot(storage, { ...expected, person: 'director-place' })).toBeUndefined();
    expect(readViewSnapshot(storage, { ...expected, person: undefined })).toBeUndefined();
    expect(readViewSnapshot(storage, { ...expected, address: '?view=exceptions' })).toBeUndefined();
    expect(readViewSnapshot(storage, { ...expected, theme: 'dark' })).toBeUndefined();
    // Not for them, but still kept for the person it is for.
    expect(readViewSnapshot(storage, expected)).toBeDefined();
  });

  it('drops a picture from an earlier UK day: what is overdue has changed', () => {
    const storage = memoryStorage();
    saveViewSnapshot(storage, picture());
    expect(readViewSnapshot(storage, { ...expected, now: Date.parse('2026-11-24T00:00:00Z') })).toBeUndefined();
    expect(storage.items.size).toBe(0);
  });

  it('drops what is not a picture it wrote: corrupt text, another version, missing parts', () => {
    for (const text of ['{not json', JSON.stringify({ ...picture(), version: 2 }), JSON.stringify({ ...picture(), html: 42 }), JSON.stringify({ ...picture(), styles: [{ css: 1 }] }), 'null']) {
      const storage = memoryStorage();
      storage.setItem('waymark.view-snapshot', text);
      expect(readViewSnapshot(storage, expected), text).toBeUndefined();
      expect(storage.items.size, text).toBe(0);
    }
  });

  it('treats storage that throws as having no picture', () => {
    const refusing: TabStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(readViewSnapshot(refusing, expected)).toBeUndefined();
    expect(saveViewSnapshot(refusing, picture())).toBe(false);
    expect(() => forgetViewSnapshot(refusing)).not.toThrow();
    expect(saveViewSnapshot(undefined, picture())).toBe(false);
  });

  it('does not keep a picture too big to be worth reading, and forgets the older one', () => {
    const storage = memoryStorage();
    saveViewSnapshot(storage, picture());
    expect(saveViewSnapshot(storage, picture({ html: 'x'.repeat(MAX_SNAPSHOT_CHARS) }))).toBe(false);
    expect(storage.items.size).toBe(0);
  });
});

describe('takeViewSnapshot', () => {
  it('keeps the view’s markup without its ids, the page’s run-time styles as written, and the end of the UK day', () => {
    document.body.innerHTML = '<div id="root"><main id="waymark-main"><label for="search">Search</label><input id="search"><table><tbody><tr><th scope="row">PE1</th></tr></tbody></table></main></div>';
    const griffel = document.createElement('style');
    document.head.append(griffel);
    griffel.sheet!.insertRule('.r1 { border: 1px solid var(--colorNeutralStroke1); }');
    const theme = document.createElement('style');
    document.head.append(theme);
    theme.sheet!.insertRule('.fui-FluentProvider { --colorNeutralStroke1: #d1d1d1; }');
    const media = document.createElement('style');
    media.media = '(forced-colors: active)';
    document.head.append(media);
    media.sheet!.insertRule('.f2 { color: CanvasText; }');
    const written = new Map<Element, string[]>([[griffel, ['.r1{border:1px solid var(--colorNeutralStroke1);}']]]);

    const taken = takeViewSnapshot(document, document.getElementById('root')!, { address: '?view=plan', person: 'p', theme: 'dark', now: Date.parse('2026-07-01T12:00:00Z') }, (element) => written.get(element));

    expect(taken.html).toContain('<th scope="row">PE1</th>');
    expect(taken.html).not.toMatch(/\sid=|\sfor=/);
    expect(taken.styles.map((style) => style.media)).toEqual(['', '', '(forced-colors: active)']);
    expect(taken.styles[0]!.css).toBe('.r1{border:1px solid var(--colorNeutralStroke1);}');
    expect(taken.styles[1]!.css).toContain('--colorNeutralStroke1');
    // Summer: the UK day ends at 23:00 UTC.
    expect(new Date(taken.validUntil).toISOString()).toBe('2026-07-01T23:00:00.000Z');
    expect(document.getElementById('search')).not.toBeNull();
  });

  it('shows the controls as they are set: the chosen option, the tick, the typed words', () => {
    document.body.innerHTML =
      '<div id="root"><select id="persona"><option value="slt">Chief Executive</option><option value="director-cf">Director, Children and Families</option></select>' +
      '<input type="radio" name="due" value="any" checked><input type="radio" name="due" value="30"><input type="checkbox" role="switch">' +
      '<input type="search"><textarea></textarea></div>';
    const root = document.getElementById('root')!;
    root.querySelector('select')!.value = 'director-cf';
    root.querySelector<HTMLInputElement>('input[value="30"]')!.checked = true;
    root.querySelector<HTMLInputElement>('input[type="checkbox"]')!.checked = true;
    root.querySelector<HTMLInputElement>('input[type="search"]')!.value = 'family hubs';
    root.querySelector('textarea')!.value = 'On track <for now>';

    const taken = takeViewSnapshot(document, root, { address: '?view=directorate', person: 'director-cf', theme: 'light', now: NOW });
    const painted = document.createElement('div');
    painted.innerHTML = taken.html;
    expect(painted.querySelector('select')!.value).toBe('director-cf');
    expect(painted.querySelector<HTMLInputElement>('input[value="30"]')!.checked).toBe(true);
    expect(painted.querySelector<HTMLInputElement>('input[value="any"]')!.checked).toBe(false);
    expect(painted.querySelector<HTMLInputElement>('input[type="checkbox"]')!.checked).toBe(true);
    expect(painted.querySelector<HTMLInputElement>('input[type="search"]')!.value).toBe('family hubs');
    expect(painted.querySelector('textarea')!.value).toBe('On track <for now>');
    // The live page is left as it was.
    expect(root.querySelector('select')!.value).toBe('director-cf');
    expect(root.querySelector('input[type="search"]')!.getAttribute('value')).toBeNull();
  });
});

describe('paintViewSnapshot', () => {
  it('paints the picture inert and busy in front of the hidden container, and the handover takes it all away', () => {
    document.body.innerHTML = '<div id="root"></div>';
    const container = document.getElementById('root')!;
    const handOver = paintViewSnapshot(document, container, picture({ styles: [{ media: '', css: '.a { color: red; }' }, { media: 'print', css: '.b { color: black; }' }] }));

    const painted = document.getElementById('waymark-snapshot')!;
    expect(painted.nextElementSibling).toBe(container);
    expect(painted.hasAttribute('inert')).toBe(true);
    expect(painted.getAttribute('aria-hidden')).toBe('true');
    expect(painted.getAttribute('aria-busy')).toBe('true');
    expect(painted.querySelector('th')?.textContent).toBe('PE1');
    expect(container.hidden).toBe(true);
    const styles = document.head.querySelectorAll<HTMLStyleElement>('style[data-waymark-snapshot]');
    expect([...styles].map((style) => style.media)).toEqual(['', 'print']);

    handOver();
    expect(document.getElementById('waymark-snapshot')).toBeNull();
    expect(document.head.querySelectorAll('style[data-waymark-snapshot]')).toHaveLength(0);
    expect(container.hidden).toBe(false);
  });
});
