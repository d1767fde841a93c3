// @vitest-environment jsdom
/**
 * axe-core over every view in every theme, in jsdom: structure, names, roles and ARIA. Colour
 * contrast needs a real layout engine, so it is left to the end-to-end run in Chromium.
 */
import { cleanup, render, screen } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../domain/clock.ts';
import { App } from './app.tsx';
import { PlanStore } from './data/plan-store.ts';
import type { TabTheme } from './theme.ts';
import { DEMO_UPN, demoPlan } from './testing/demo-plan.ts';

beforeEach(() => {
  Element.prototype.scrollIntoView = vi.fn();
});

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

const VIEWS: Array<[string, string, string]> = [
  ['plan on a page', '/', 'Plan on a page'],
  ['directorate', '/?view=directorate&dir=CF', 'Children and Families'],
  ['directorate picker', '/?view=directorate', 'Directorate'],
  ['my milestones', '/?view=mine', 'My milestones'],
  ['project', '/?project=PE2&milestone=m7', 'PE2 Joint commissioning for young adults'],
  ['exceptions', '/?view=exceptions', 'Exceptions'],
];
const THEMES: TabTheme[] = ['light', 'dark', 'contrast'];

describe.each(THEMES)('in the %s theme', (theme) => {
  it.each(VIEWS)('the %s view has no axe violations', async (_name, address, heading) => {
    window.history.replaceState(null, '', address);
    const store = new PlanStore({ source: { load: async () => ({ ...demoPlan(), planName: '2026/27', loadedAt: '2026-06-15T08:00:00Z' }) }, planName: '2026/27' });
    const { container } = render(
      <App
        store={store}
        theme={theme}
        clock={fixedClock('2026-06-15T09:00:00Z')}
        user={{ upn: DEMO_UPN.childrenManager }}
        canUpdate={() => true}
        onUpdate={() => undefined}
      />,
    );
    await screen.findByRole('heading', { level: 1, name: heading });
    const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});
