/**
 * Draws the tab: React over the pieces main.ts started (settings, session, plan store, Teams
 * host). main.ts mounts it once the local copy of the plan has been looked for, so a pinned tab
 * is drawn once, with its content, rather than as an empty shell and then again.
 */
import { RendererProvider } from '@fluentui/react-components';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Session } from './auth/session.ts';
import { quietly } from './browser-storage.ts';
import type { TabStorage } from './browser-storage.ts';
import { LAST_TEAMS_THEME } from './config.ts';
import type { TabConfig } from './config.ts';
import { createApiClient } from './data/api-client.ts';
import type { ApiClient } from './data/api-client.ts';
import type { PlanStore } from './data/plan-store.ts';
import type { Route } from './routing.ts';
import { warmUpFormatters } from './format.ts';
import { whenIdle } from './idle.ts';
import { navigate } from './router.ts';
import { SnapshotHandover } from './snapshot-handover.tsx';
import { keepViewSnapshot } from './snapshot-keeper.ts';
import { createRecordingRenderer } from './style-recorder.ts';
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
  /** The address (search and hash) the tab opened on, and where its picture is kept (view-snapshot.ts). */
  openingAddress: string;
  storage: TabStorage | undefined;
  /** Takes down the picture main.ts painted, if it painted one. */
  handOverSnapshot?: () => void;
}

export function mountTab({ container, store, session, config, teams, theme: initialTheme, home, onFirstDraw, openingAddress, storage, handOverSnapshot }: MountTabOptions): void {
  const root = createRoot(container);
  let theme = initialTheme;
  // Fluent's styles through a renderer that keeps their text, for the picture of this view.
  const styles = createRecordingRenderer(document);
  const api: ApiClient = createApiClient(config.apiBaseUrl ?? window.location.origin, session.slot.getApiToken);
  const render = () => {
    root.render(
      <StrictMode>
        <RendererProvider renderer={styles.renderer} targetDocument={document}>
          {handOverSnapshot ? <SnapshotHandover store={store} handOver={handOverSnapshot} /> : null}
          <TabRoot store={store} session={session} theme={theme} api={api} defaultRoute={home.defaultRoute} homeDirectorate={home.homeDirectorate} />
        </RendererProvider>
      </StrictMode>,
    );
  };
  render();
  // A first open has nothing to draw until Graph answers: start ICU meanwhile, not after the plan arrives.
  if (store.getState().status === 'loading') whenIdle(() => warmUpFormatters(), 1_000);
  keepViewSnapshot({
    document,
    container,
    store,
    session,
    storage,
    openingAddress,
    currentAddress: () => `${window.location.search}${window.location.hash}`,
    theme: () => theme,
    rulesOf: styles.rulesOf,
  });
  // React commits the first render in a task of its own; the frame after it has the tab on screen.
  requestAnimationFrame(() => setTimeout(() => onFirstDraw?.(), 0));

  // Inside Teams: follow its theme and deep links (also when Teams reuses a cached tab), and tell it when content is on screen.
  void teams.connection.then((connection) => {
    if (!connection) return;
    followTeams(connection, {
      navigate: (route, options) => navigate(route, options),
      setTheme: (next) => {
        // Remembered, so the next open starts in it rather than switching once TeamsJS answers.
        quietly(() => storage?.setItem(LAST_TEAMS_THEME, next), undefined);
        if (next === theme) return;
        theme = next;
        render();
      },
      reload: (url) => window.location.replace(url),
      location: () => ({ search: window.location.search, origin: window.location.origin }),
    });
    notifyWhenContent(connection, store);
  });
}
