/**
 * The tab's composition root in the browser: settings, theme, the plan store with its local
 * copy, and the app. Sign-in (Nested App Authentication in Teams, the emulator's personas
 * locally) and the Teams context are wired here later; until then the tab reads the plan with
 * no signed-in person.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { readTabConfig, readTheme } from './config.ts';
import { createIndexedDbPlanCache, planCacheKey } from './data/plan-cache.ts';
import { PlanSourceError } from './data/plan-source.ts';
import type { PlanSource } from './data/plan-source.ts';
import { PlanStore } from './data/plan-store.ts';

const config = readTabConfig(window.location.search);
const theme = readTheme(window.location.search, window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false);

// The Graph client and repository load in their own chunk, after the shell has painted (and after the cached copy is shown).
const source: PlanSource = {
  async load(planName) {
    const { connectPlanSource } = await import('./data/connect-graph.ts');
    return connectPlanSource(config, noSignIn).load(planName);
  },
  async refresh(previous) {
    const { connectPlanSource } = await import('./data/connect-graph.ts');
    const connected = connectPlanSource(config, noSignIn);
    return connected.refresh ? connected.refresh(previous) : connected.load(previous.planName);
  },
};

const store = new PlanStore({
  source,
  planName: config.plan,
  cache: createIndexedDbPlanCache(),
  cacheKey: planCacheKey({ site: config.siteId, plan: config.plan }),
});

/** Placeholder until sign-in is wired: no token, so Graph answers 401 and the tab says so. */
async function noSignIn(): Promise<string> {
  throw new PlanSourceError('signed-out', 'Sign-in is not wired into the tab yet.');
}

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <App store={store} theme={theme} />
  </StrictMode>,
);
