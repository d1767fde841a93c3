// @vitest-environment jsdom
/** The channel tab's configuration page with TeamsJS played by a fake host. */
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DIRECTORATES } from '../../domain/directorates.ts';
import type { TabTheme } from '../theme.ts';
import { ConfigureOutsideTeams, ConfigurePage } from './configure-page.tsx';
import { fakeTeams } from './fake-teams-sdk.ts';

const PAGE = 'https://waymark.example.gov.uk/configure.html?host=teams';

afterEach(cleanup);

// user-event moves between radios with the arrow keys as browsers do, finding the group by a CSS selector; jsdom lacks CSS.escape.
if (typeof globalThis.CSS?.escape !== 'function') Object.assign(globalThis, { CSS: { ...globalThis.CSS, escape: (text: string) => text.replace(/[^\w-]/g, (c) => `\\${c}`) } });

const checked = (element: HTMLElement) => (element as HTMLInputElement).checked;

function show(options: { initial?: Parameters<typeof ConfigurePage>[0]['initial']; theme?: TabTheme; failSave?: boolean } = {}) {
  const teams = fakeTeams({}, options.failSave ? { setConfig: async () => Promise.reject(new Error('the host refused')) } : {});
  const view = render(<ConfigurePage config={teams.sdk.pages.config} tabBase={PAGE} directorates={DEFAULT_DIRECTORATES} initial={options.initial} theme={options.theme} />);
  return { teams, view };
}

describe('the configuration page', () => {
  it('offers the whole plan and every directorate in a labelled group, whole plan chosen and Save usable at once', () => {
    const { teams } = show();
    const group = screen.getByRole('radiogroup', { name: 'What should this tab show?' });
    const options = within(group).getAllByRole('radio');
    expect(options).toHaveLength(1 + DEFAULT_DIRECTORATES.length);
    expect(checked(within(group).getByRole('radio', { name: /Whole plan/ }))).toBe(true);
    for (const directorate of DEFAULT_DIRECTORATES) expect(checked(within(group).getByRole('radio', { name: new RegExp(`^${directorate.name.replace(/[()]/g, '\\$&')}:`) }))).toBe(false);
    expect(teams.calls.validity.at(-1)).toBe(true);
  });

  it('saves the whole plan as the tab folder with only the Teams marker', async () => {
    const { teams } = show();
    expect(await teams.save()).toEqual({ ok: true });
    expect(teams.calls.setConfig).toEqual([
      { contentUrl: 'https://waymark.example.gov.uk/?host=teams&theme={app.theme}', websiteUrl: 'https://waymark.example.gov.uk/', entityId: 'plan', suggestedDisplayName: 'Delivery plan' },
    ]);
  });

  it('saves the directorate chosen with the keyboard alone', async () => {
    const user = userEvent.setup();
    const { teams } = show();
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('radio', { name: /Whole plan/ }));
    await user.keyboard('{ArrowDown}');
    const first = DEFAULT_DIRECTORATES[0];
    if (!first) throw new Error('no directorates');
    expect(checked(screen.getByRole('radio', { name: new RegExp(`^${first.name}:`) }))).toBe(true);
    expect(screen.getByRole('status').textContent).toBe(`Select Save to show ${first.name} here.`);

    expect(await teams.save()).toEqual({ ok: true });
    expect(teams.calls.setConfig.at(-1)).toEqual({
      contentUrl: `https://waymark.example.gov.uk/?directorate=${first.code}&host=teams&theme={app.theme}`,
      websiteUrl: `https://waymark.example.gov.uk/?directorate=${first.code}`,
      entityId: `directorate-${first.code}`,
      suggestedDisplayName: first.name,
    });
    expect(teams.calls.validity.every((valid) => valid)).toBe(true);
  });

  it('saves the latest choice after several changes (clicks)', async () => {
    const user = userEvent.setup();
    const { teams } = show();
    await user.click(screen.getByRole('radio', { name: /^Health and Care:/ }));
    await user.click(screen.getByRole('radio', { name: /^Customer Services:/ }));
    await teams.save();
    expect(teams.calls.setConfig.at(-1)?.contentUrl).toBe('https://waymark.example.gov.uk/?directorate=CS&host=teams&theme={app.theme}');
  });

  it('starts from the tab’s current directorate when its settings are changed', () => {
    show({ initial: { kind: 'directorate', code: 'FR', name: 'Finance and Resources' } });
    expect(checked(screen.getByRole('radio', { name: /^Finance and Resources:/ }))).toBe(true);
  });

  it('tells Teams why a save failed', async () => {
    const { teams } = show({ failSave: true });
    expect(await teams.save()).toEqual({ ok: false, reason: "Waymark could not save this tab's settings: the host refused" });
  });

  it.each<TabTheme>(['light', 'dark', 'contrast'])('has no axe violations in the %s theme', async (theme) => {
    const { view } = show({ theme });
    const result = await axe.run(view.container, { rules: { 'color-contrast': { enabled: false } } });
    expect(result.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  });

  it('outside Teams says what the page is for and links to the plan', () => {
    render(<ConfigureOutsideTeams tabBase={PAGE} />);
    expect(screen.getByRole('heading', { name: 'Waymark tab settings' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open the delivery plan' }).getAttribute('href')).toBe('https://waymark.example.gov.uk/');
  });
});
