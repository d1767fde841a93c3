/**
 * The tab's composition root in the browser: settings (built in, then published by the service
 * beside the tab), the Teams host (only inside Teams; a browser never waits on TeamsJS), sign-in,
 * the plan store with its local copy, the write API client, and the app. The plan's first load
 * starts at once and waits for sign-in only when it needs a token; a cached copy is on screen
 * before either.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Session } from './auth/session.ts';
import { SignInError } from './auth/sign-in.ts';
import { loadTabConfig, readTabConfig, readTheme } from './config.ts';
import type { TabConfig } from './config.ts';
import { createApiClient } from './data/api-client.ts';
import { createIndexedDbPlanCache, planCacheKey } from './data/plan-cache.ts';
import { PlanSourceError } from './data/plan-source.ts';
import type { PlanSource } from './data/plan-source.ts';
import { PlanStore } from './data/plan-store.ts';
import { navigate } from './router.ts';
import { TabRoot } from './tab-root.tsx';
import { tabHomeFromSearch } from './teams/channel-tab.ts';
import { followTeams, notifyWhenContent, startTeamsTab } from './teams/teams-tab.ts';

const search = window.location.search;
const built = readTabConfig(search);
let theme = readTheme(search, window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false);
const configReady: Promise<TabConfig> = loadTabConfig(search);
// A channel tab configured for one directorate opens on it (`?directorate=EIS` in its address).
const home = tabHomeFromSearch(search);
const teams = startTeamsTab();

const session = new Session({ storage: safeLocalStorage(), location: window.location, history: window.history });
void configReady.then((config) => session.start(config, teams.signInHost));

/** The person's Graph token; a failed sign-in reaches the views as a plan error they can act on. */
async function graphToken(): Promise<string> {
  try {
    return await session.slot.getGraphToken();
  } catch (error) {
    if (error instanceof SignInError) throw new PlanSourceError(error.reason === 'not-configured' ? 'not-configured' : 'signed-out', error.message, { details: error });
    throw error;
  }
}

// The Graph client and repository are their own chunk, fetched now, in parallel with the settings,
// sign-in and the local copy, so the first Graph request leaves as soon as there is a token.
const connected: Promise<PlanSource> = Promise.all([configReady, import('./data/connect-graph.ts')]).then(([config, module]) => module.connectPlanSource(config, graphToken));
const connect = (): Promise<PlanSource> => connected;
preloadOpeningView(search);
const source: PlanSource = {
  load: async (planName) => (await connect()).load(planName),
  async refresh(previous) {
    const graph = await connect();
    return graph.refresh ? graph.refresh(previous) : graph.load(previous.planName);
  },
};

const store = new PlanStore({
  source,
  planName: built.plan,
  cache: createIndexedDbPlanCache(),
  cacheKey: planCacheKey({ site: built.siteId ?? window.location.origin, plan: built.plan }),
});

// Read the local copy now, while React renders the shell, not after it.
void store.open();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const root = createRoot(container);
let api: ReturnType<typeof createApiClient> | undefined;
const render = () =>
  root.render(
    <StrictMode>
      <TabRoot store={store} session={session} theme={theme} api={api} defaultRoute={home.defaultRoute} homeDirectorate={home.homeDirectorate} />
    </StrictMode>,
  );
render();
void configReady.then((config) => {
  api = createApiClient(config.apiBaseUrl ?? window.location.origin, session.slot.getApiToken);
  render();
});

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

/** Starts fetching the chunk of the view the address opens on, instead of after the first render asks for it. */
function preloadOpeningView(address: string): void {
  const params = new URLSearchParams(address);
  if (params.has('project') || params.has('milestone')) void import('./views/project-view.tsx');
  else if (params.get('view') === 'directorate') void import('./views/directorate-view.tsx');
  else if (params.get('view') === 'mine') void import('./views/my-milestones-view.tsx');
  else if (params.get('view') === 'exceptions') void import('./views/exceptions-view.tsx');
}

function safeLocalStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
