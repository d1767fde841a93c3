/**
 * WCAG 2.2 AA in the built tab: axe-core finds no violations on any view in the light, dark and
 * high-contrast themes, and every view can be reached and used with the keyboard alone.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, useBrowserStack, waitForPlan } from './browser-stack.ts';

const env = useBrowserStack();

const VIEWS: [string, Record<string, string>][] = [
  ['plan on a page', { view: 'plan' }],
  ['directorate', { view: 'directorate', dir: 'EIS' }],
  ['my milestones', { view: 'mine' }],
  ['exceptions', { view: 'exceptions' }],
  ['project', { project: 'PE1' }],
];
const THEMES = ['light', 'dark', 'contrast'] as const;

describe.each(THEMES)('axe-core in the %s theme', (theme) => {
  it.each(VIEWS)('finds no WCAG 2.2 AA violations on %s', async (_name, params) => {
    const page = await env.open({ persona: 'manager-eis', theme, ...params });
    await settle(page);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });
});

it('the check itself reports a violation when one is there', async () => {
  // Guards the guard: an unlabelled button added to the page must be reported.
  const page = await env.open({ persona: 'manager-eis' });
  await page.evaluate(() => document.querySelector('#waymark-main')?.append(Object.assign(document.createElement('button'), { id: 'unlabelled' })));
  expect((await axeViolations(page)).join('\n')).toMatch(/button-name/);
  await page.context().close();
});

describe('keyboard alone', () => {
  it('skips to the content, then reaches every view from the navigation with Tab and Enter', async () => {
    const page = await env.open({ persona: 'director-eis' });
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('waymark-main');
    // Learning who the director is must not move the view, or the focus, under them.
    // (Once the tab knows, the Directorate link points at their directorate.)
    await expect.poll(() => page.getByRole('link', { name: 'Directorate', exact: true }).getAttribute('href')).toMatch(/EIS/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('waymark-main');

    for (const [linkName, heading] of [
      ['Exceptions', /exception/i],
      ['My milestones', /my milestones/i],
      // The Directorate view opens on the director's own directorate.
      ['Directorate', /Economy, Infrastructure and Skills/],
      ['Plan on a page', /plan/i],
    ] as const) {
      // The navigation sits just before the main area: Shift+Tab back into it.
      await tabTo(page, (text) => text === linkName, 'Shift+Tab');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('#waymark-main h1').first().innerText()).toMatch(heading);
      // Focus moves to the new view's heading, so a screen reader announces where the person is.
      await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    }
    await page.context().close();
  });

  it('opens a project from the plan with the keyboard and comes back', async () => {
    const page = await env.open({ persona: 'slt-chief-executive' });
    await page.getByRole('searchbox').focus();
    await page.keyboard.type('PE1');
    await tabTo(page, (text) => text.startsWith('PE1'));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#waymark-main h1').innerText()).toMatch(/^PE1/);
    await page.goBack();
    await waitForPlan(page);
    expect(await page.getByRole('searchbox').inputValue()).toBe('PE1');
    await page.context().close();
  });

  it('sorts the directorate milestones from the keyboard', async () => {
    const page = await env.open({ persona: 'director-eis', view: 'directorate', dir: 'EIS' });
    await tabTo(page, (text) => text.startsWith('Due date'));
    await page.keyboard.press('Enter');
    const header = page.locator('th[aria-sort]');
    await expect.poll(() => header.getAttribute('aria-sort')).toMatch(/ascending|descending/);
    await page.context().close();
  });
});

/** Waits for late chunks and fonts, so axe sees the finished page. */
async function settle(page: Page): Promise<void> {
  await waitForPlan(page);
  await page.waitForLoadState('networkidle');
}

async function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText?.trim() ?? '');
}

/** Presses Tab (or Shift+Tab) until the focused element's text matches (at most 200 presses). */
async function tabTo(page: Page, matches: (text: string) => boolean, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press(key);
    if (matches(await focusedText(page))) return;
  }
  throw new Error(`No focusable element matched within 200 presses of ${key}`);
}
