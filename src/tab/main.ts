/**
 * The tab's boot script, the only module index.html loads. It starts everything that waits on
 * the network or on storage (settings, sign-in, the local copy of the plan, the Teams host)
 * before React and Fluent UI, most of the tab's JavaScript, have even been compiled; then
 * mount.tsx draws the tab. Nothing here imports React, so this chunk is small and runs at once:
 * a cold tab's token request and a warm tab's local read leave while the UI is still loading, and
 * a reopened tab paints the picture of its last view (view-snapshot.ts) before the UI has run.
 */
// First: it changes how zod builds the schemas the modules below define.
import './zod-without-eval.ts';
import { Session, likelyPerson } from './auth/session.ts';
import { SignInError } from './auth/sign-in.ts';
import { LAST_TEAMS_THEME, loadTabConfig, readTabConfig, readTheme } from './config.ts';
import type { TabConfig } from './config.ts';
import { createIndexedDbPlanCache, planCacheKey } from './data/plan-cache.ts';
import { PlanSourceError } from './data/plan-source.ts';
import type { PlanSource } from './data/plan-source.ts';
import { PlanStore } from './data/plan-store.ts';
import { tabHomeFromSearch } from './teams/channel-tab.ts';
import { startTeamsTab } from './teams/teams-tab.ts';
import { quietly, safeLocalStorage } from './browser-storage.ts';
import { paintViewSnapshot, readViewSnapshot } from './view-snapshot.ts';

// User Timing marks ('waymark:…') show where an open spends its time, in the browser's performance tools and in `npm run bench`.
performance.mark('waymark:boot');
const search = window.location.search;
const openingAddress = `${search}${window.location.hash}`;
const storage = safeLocalStorage();
const theme = readTheme(search, window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false, quietly(() => storage?.getItem(LAST_TEAMS_THEME), null));
const built = readTabConfig(search);
const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
preloadOpeningView(search);

const configReady: Promise<TabConfig> = loadTabConfig(search);
const teams = startTeamsTab();
const session = new Session({ storage, location: window.location, history: window.history });
void configReady.then((config) => {
  void session.start(config, teams.signInHost);
  // The UI's chunks are fetched and compiled from here on: after sign-in's requests have left
  // (adding the links took ~10 ms of the boot script, which held a cold tab's token request
  // back), and not from the moment index.html is parsed: compiling ~600 KB of React and Fluent
  // UI in the background took the cores this script needs, so it ran later. A reopened tab's
  // picture came ~40 ms sooner in A/B runs once it no longer did.
  preloadUi(document);
});

// Settles when the plan's first Graph token has been handed over (or sign-in has failed).
let tokenHandedOver: () => void = () => undefined;
const firstToken = new Promise<void>((resolve) => (tokenHandedOver = resolve));

/** The person's Graph token; a failed sign-in reaches the views as a plan error they can act on. */
async function graphToken(): Promise<string> {
  try {
    return await session.getGraphToken();
  } catch (error) {
    if (error instanceof SignInError) throw new PlanSourceError(error.reason === 'not-configured' ? 'not-configured' : 'signed-out', error.message, { details: error });
    throw error;
  } finally {
    tokenHandedOver();
  }
}

// The Graph client and repository are their own chunk, asked for by the first load or refresh.
let connected: Promise<PlanSource> | undefined;
const connect = (): Promise<PlanSource> =>
  (connected ??= Promise.all([configReady, import('./data/connect-graph.ts')]).then(([config, module]) => module.connectPlanSource(config, graphToken)));

// Resolved once the tab has drawn for the first time.
let drawn: () => void = () => undefined;
const firstDraw = new Promise<void>((resolve) => (drawn = resolve));
const source: PlanSource = {
  load: async (planName) => (await connect()).load(planName),
  async refresh(previous) {
    // A copy is already on screen: compiling the Graph client waits until the tab has drawn it.
    await firstDraw;
    const graph = await connect();
    return graph.refresh ? graph.refresh(previous) : graph.load(previous.planName);
  },
};

const store = new PlanStore({
  source,
  planName: built.plan,
  cache: createIndexedDbPlanCache({ hints: storage }),
  cacheKey: planCacheKey({ site: built.siteId ?? window.location.origin, plan: built.plan }),
});
// A reopened tab shows a picture of its last view at once, before any of the UI's JavaScript has
// run: the view this address drew from the local copy, for the same person, theme and UK day.
// mount.tsx takes it down when React has drawn the plan itself.
const hasLocalCopy = store.probablyHasLocalCopy();
const picture = hasLocalCopy ? readViewSnapshot(storage, { address: openingAddress, person: likelyPerson(search, storage), theme, now: Date.now() }) : undefined;
const handOverSnapshot = picture ? paintViewSnapshot(document, container, picture) : undefined;
if (picture) performance.mark('waymark:picture-painted');
// How long the UI waits for the local copy or (without one) for the plan's request to leave,
// before it draws what it has anyway. index.html says "Loading Waymark…" meanwhile.
const LOCAL_COPY_WAIT_MS = 150;
const REQUEST_WAIT_MS = 250;
// The store reads the local copy now, while the UI's JavaScript loads (preloadUi above: fetched
// and compiled, not yet run). What runs first depends on the copy. With one, the UI, while
// the copy is read: the copy is drawn at once and the Graph client waits for the first draw.
// Without, the Graph client and the plan's request (the store starts it at once), which leaves the
// moment the token arrives; the UI then runs while it is in flight rather than holding it back.
const copyChecked = Promise.race([store.localCopyChecked().then(() => performance.mark('waymark:local-copy-checked')), delay(LOCAL_COPY_WAIT_MS)]);
const mounting = hasLocalCopy
  ? Promise.all([import('./mount.tsx'), copyChecked]).then(([module]) => module)
  : Promise.race([connect().then(() => firstToken, () => undefined), delay(REQUEST_WAIT_MS)]).then(() => import('./mount.tsx'));

Promise.all([mounting, configReady]).then(
  ([{ mountTab }, config]) => {
    performance.mark('waymark:ui-loaded');
    mountTab({
      container,
      store,
      session,
      config,
      teams,
      theme,
      // A channel tab configured for one directorate opens on it (`?directorate=EIS` in its address).
      home: tabHomeFromSearch(search),
      onFirstDraw: drawn,
      openingAddress,
      storage,
      handOverSnapshot,
    });
  },
  (error: unknown) => {
    // The rest of the tab did not arrive (a dropped connection, a redeploy mid-load): say so plainly.
    console.error('Waymark: the tab could not load', error);
    handOverSnapshot?.();
    container.setAttribute('role', 'alert');
    container.textContent = 'Waymark could not finish loading. Check your connection, then reload the tab.';
  },
);

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Starts fetching the chunk of the view the address opens on, instead of after the first render asks for it. */
function preloadOpeningView(address: string): void {
  const params = new URLSearchParams(address);
  if (params.has('project') || params.has('milestone')) void import('./views/project-view.tsx');
  else if (params.get('view') === 'directorate') void import('./views/directorate-view.tsx');
  else if (params.get('view') === 'mine') void import('./views/my-milestones-view.tsx');
  else if (params.get('view') === 'exceptions') void import('./views/exceptions-view.tsx');
}

/**
 * Asks for the chunks mount.tsx needs, listed by the build in index.html (vite.config.ts), as
 * modulepreload links: fetched and compiled, run only when main.ts imports mount.tsx. Without the
 * list (the dev server) the import fetches them itself.
 */
function preloadUi(page: Document): void {
  const listed = page.getElementById('waymark-ui-chunks')?.textContent;
  const chunks: unknown = listed ? quietly(() => JSON.parse(listed), []) : [];
  if (!Array.isArray(chunks)) return;
  for (const href of chunks) {
    if (typeof href !== 'string') continue;
    const link = page.createElement('link');
    link.rel = 'modulepreload';
    link.crossOrigin = '';
    link.href = href;
    page.head.append(link);
  }
}
