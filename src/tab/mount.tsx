/**
 * Draws the tab: React over the pieces main.ts started (settings, session, plan store, Teams
 * host). main.ts mounts it once the local copy of the plan has been looked for, so a pinned tab
 * is drawn once, with its content, rather than as an empty shell and then again.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Session } from './auth/session.ts';
import type { TabConfig } from './config.ts';
import { createApiClient } from './data/api-client.ts';
import type { ApiClient } from './data/api-client.ts';
import type { PlanStore } from './data/plan-store.ts';
import type { Route } from './routing.ts';
import { navigate } from './router.ts';
import { TabRoot } from './tab-root.tsx';
import { followTeams, notifyWhenContent } from './teams/teams-tab.ts';
import type { TeamsTabStart } from './teams/teams-tab.ts';
import type { TabTheme } from './theme.ts';

export interface MountTabOptions {
  container: HTMLElement;
  store: PlanStore;
  session: Session;
  config: TabConfig;
  teams: Pick<TeamsTabStart, 'connection'>;
  theme: TabTheme;
  home: { defaultRoute?: Route; homeDirectorate?: string };
  /** Called once the tab has been drawn for the first time. */
  onFirstDraw?: () => void;
}

export function mountTab({ container, store, session, config, teams, theme: initialTheme, home, onFirstDraw }: MountTabOptions): void {
  const root = createRoot(container);
  let theme = initialTheme;
  const api: ApiClient = createApiClient(config.apiBaseUrl ?? window.location.origin, session.slot.getApiToken);
  const render = () => {
    root.render(
      <StrictMode>
        <TabRoot store={store} session={session} theme={theme} api={api} defaultRoute={home.defaultRoute} homeDirectorate={home.homeDirectorate} />
      </StrictMode>,
    );
  };
  render();
  // React commits the first render in a task of its own; the frame after it has the tab on screen.
  requestAnimationFrame(() => setTimeout(() => onFirstDraw?.(), 0));

  // Inside Teams: follow its theme and deep links (also when Teams reuses a cached tab), and tell it when content is on screen.
  void teams.connection.then((connection) => {
    if (!connection) return;
    followTeams(connection, {
      navigate: (route, options) => navigate(route, options),
      setTheme: (next) => {
        theme = next;
        render();
      },
      reload: (url) => window.location.replace(url),
      location: () => ({ search: window.location.search, origin: window.location.origin }),
    });
    notifyWhenContent(connection, store);
  });
}
