// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { createRecordingRenderer } from './style-recorder.ts';

afterEach(() => {
  document.head.innerHTML = '';
});

describe('createRecordingRenderer', () => {
  it('inserts Griffel’s rules as its own renderer does, and keeps each one’s text as written, by style element', () => {
    const { renderer, rulesOf } = createRecordingRenderer(document);
    renderer.insertCSSRules({
      r: ['.r1{border:1px solid var(--colorNeutralStroke1);}'],
      d: ['.f1{color:var(--colorNeutralForeground1);}', ['.f2{padding:0;}', { p: -1 }]],
      m: [['@media (forced-colors: active){.f3{color:CanvasText;}}', { m: '(forced-colors: active)' }]],
    });
    // A rule already inserted is not inserted (or kept) twice.
    renderer.insertCSSRules({ d: ['.f1{color:var(--colorNeutralForeground1);}'] });

    const elements = [...document.head.querySelectorAll('style')];
    const byBucket = (bucket: string, priority = '0') => elements.find((element) => element.dataset.makeStylesBucket === bucket && element.dataset.priority === priority)!;
    expect(rulesOf(byBucket('r'))).toEqual(['.r1{border:1px solid var(--colorNeutralStroke1);}']);
    expect(rulesOf(byBucket('d'))).toEqual(['.f1{color:var(--colorNeutralForeground1);}']);
    expect(rulesOf(byBucket('d', '-1'))).toEqual(['.f2{padding:0;}']);
    expect(rulesOf(byBucket('m'))).toEqual(['@media (forced-colors: active){.f3{color:CanvasText;}}']);
    expect(byBucket('d').sheet?.cssRules).toHaveLength(1);
    expect(rulesOf(document.createElement('style'))).toBeUndefined();
  });
});
