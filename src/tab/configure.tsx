/**
 * configure.html's composition root: the channel tab's configuration page inside Teams, and a
 * short explanation when the page is opened anywhere else (it never waits on TeamsJS there).
 */
import { StrictMode } from 'react';
import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { DEFAULT_DIRECTORATES } from '../domain/directorates.ts';
import { readTheme } from './config.ts';
import { choiceFromContentUrl } from './teams/channel-tab.ts';
import { ConfigureOutsideTeams, ConfigurePage } from './teams/configure-page.tsx';
import { startTeamsTab } from './teams/teams-tab.ts';

const container = document.getElementById('root');
if (!container) throw new Error('configure.html has no #root element');
const root = createRoot(container);
const render = (node: ReactNode) => root.render(<StrictMode>{node}</StrictMode>);
const tabBase = window.location.href;

// The configuration page is never suspended and reused, so it does not opt into caching.
const teams = startTeamsTab({ cacheable: false });
const browserTheme = readTheme(window.location.search, window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false);
if (teams.host === 'browser') render(<ConfigureOutsideTeams tabBase={tabBase} theme={browserTheme} />);

void teams.connection.then(async (connection) => {
  if (!connection) {
    if (teams.host !== 'browser') render(<ConfigureOutsideTeams tabBase={tabBase} theme={browserTheme} />);
    return;
  }
  // Changing an existing tab's settings starts from its current choice.
  const existing = await connection.sdk.pages.getConfig().catch(() => undefined);
  const initial = choiceFromContentUrl(existing?.contentUrl, DEFAULT_DIRECTORATES);
  const show = (theme = connection.theme) =>
    render(<ConfigurePage config={connection.sdk.pages.config} tabBase={tabBase} directorates={DEFAULT_DIRECTORATES} initial={initial} theme={theme} />);
  show();
  connection.onThemeChange(show);
  connection.notifySuccess();
});
