/**
 * Griffel's DOM renderer (the CSS-in-JS under Fluent UI) that also keeps the text of each rule
 * it inserts, by style element. The picture of the last view (view-snapshot.ts) needs the page's
 * CSS as text, and reading it back from the CSSOM loses some: Chromium writes a shorthand holding
 * a var() (Fluent's reset styles: `border: 1px solid var(--colorNeutralStroke1)`) back as empty
 * longhands, so the picture's text boxes had no border.
 *
 * Griffel creates a stylesheet object per bucket on first use and inserts every rule through its
 * `insertRule`; the renderer's `stylesheets` map is where those objects are put, so wrapping each
 * as it arrives sees every rule's text. Were a future Griffel to work differently, `rulesOf`
 * answers undefined and the picture falls back to the CSSOM's text.
 */
import { createDOMRenderer } from '@fluentui/react-components';
import type { GriffelRenderer } from '@fluentui/react-components';

export interface RecordingRenderer {
  renderer: GriffelRenderer;
  /** The rules inserted into this style element, as written, in order. */
  rulesOf(element: Element): readonly string[] | undefined;
}

type StyleSheets = GriffelRenderer['stylesheets'];
type IsomorphicStyleSheet = NonNullable<StyleSheets[string]>;

export function createRecordingRenderer(targetDocument: Document): RecordingRenderer {
  const renderer = createDOMRenderer(targetDocument);
  const rules = new WeakMap<Element, string[]>();
  const record = (sheet: IsomorphicStyleSheet): IsomorphicStyleSheet => {
    const element = sheet.element;
    if (!element) return sheet;
    const written: string[] = [];
    rules.set(element, written);
    const insertRule = sheet.insertRule.bind(sheet);
    return {
      ...sheet,
      insertRule(rule: string) {
        const index = insertRule(rule);
        written.push(rule);
        return index;
      },
    };
  };
  renderer.stylesheets = new Proxy({} as StyleSheets, {
    set(target, key, sheet: IsomorphicStyleSheet) {
      (target as Record<string | symbol, IsomorphicStyleSheet>)[key] = record(sheet);
      return true;
    },
  });
  return { renderer, rulesOf: (element) => rules.get(element) };
}
