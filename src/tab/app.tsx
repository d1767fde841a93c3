/**
 * The tab's shell: theme, banner, navigation, and the view the address names, over a PlanStore.
 * Identity, Teams and the update dialog plug in through props; this file knows none of them.
 */
import {
  FluentProvider,
  makeStyles,
  teamsHighContrastTheme,
  tokens,
  webDarkTheme,
  webLightTheme,
} from '@fluentui/react-components';
import type { Theme } from '@fluentui/react-components';
import { lazy, Suspense, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import { ukDateOf } from '../domain/clock.ts';
import type { Clock } from '../domain/clock.ts';
import { AppHeader, ViewNav } from './components/app-header.tsx';
import type { UpdateSlot } from './components/milestone-table.tsx';
import { EmptyState, ErrorState, LoadingState, StaleBanner } from './components/state-panels.tsx';
import type { PlanStore } from './data/plan-store.ts';
import { formatLoadedAt } from './format.ts';
import { indexPlan } from './model/plan-index.ts';
import type { PlanIndex } from './model/plan-index.ts';
import { useRoute } from './router.ts';
import type { Route } from './routing.ts';
import type { TabTheme } from './theme.ts';
import type { TabUser, ViewProps } from './views/view-props.ts';

// The whole plan is where most people open the tab (the SLT's pinned tab), so it is part of the
// first bundle: a warm open paints from the local copy without waiting for another chunk.
// Every other view is its own chunk, fetched when opened (or preloaded by main.ts).
import { PlanOnAPageView } from './views/plan-on-a-page-view.tsx';
const DirectorateView = lazy(() => import('./views/directorate-view.tsx').then((m) => ({ default: m.DirectorateView })));
const MyMilestonesView = lazy(() => import('./views/my-milestones-view.tsx').then((m) => ({ default: m.MyMilestonesView })));
const ProjectView = lazy(() => import('./views/project-view.tsx').then((m) => ({ default: m.ProjectView })));
const ExceptionsView = lazy(() => import('./views/exceptions-view.tsx').then((m) => ({ default: m.ExceptionsView })));

export const TAB_THEMES: Record<TabTheme, Theme> = {
  light: webLightTheme,
  dark: webDarkTheme,
  contrast: teamsHighContrastTheme,
};

/** The real clock for the browser: today in the UK. */
export const browserClock: Clock = {
  today: () => ukDateOf(new Date()),
  now: () => new Date().toISOString(),
};

export interface AppProps extends UpdateSlot {
  store: PlanStore;
  theme?: TabTheme;
  clock?: Clock;
  /** The signed-in person or chosen persona; "My milestones" needs it. */
  user?: TabUser;
  /** Where the tab opens when the address names no view (a directorate channel tab opens on its directorate). */
  defaultRoute?: Route;
  /** The directorate a channel tab was configured for. */
  homeDirectorate?: string;
  /**
   * The signed-in person's own directorate (from `GET /api/me`): where the Directorate view opens.
   * It arrives after the first paint, so unlike homeDirectorate it never changes where the tab opens;
   * the view would otherwise jump, and take focus, under someone already reading it.
   */
  personDirectorate?: string;
  /** The persona switcher (local demo) or the signed-in person, shown in the banner. */
  personaSlot?: ReactNode;
  /**
   * Signs in from the person's click, where signing in opens a window (a Teams client without
   * NAA; Session.signInWithClick): a signed-out tab then offers "Sign in" rather than only Retry.
   */
  onSignIn?: () => Promise<void>;
  /** Rendered after the main area: the update dialog and the save announcement. */
  children?: ReactNode;
}

const useStyles = makeStyles({
  root: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground1, color: tokens.colorNeutralForeground1 },
  main: {
    paddingBlock: tokens.spacingVerticalL,
    paddingInline: tokens.spacingHorizontalL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    ':focus': { outline: 'none' },
  },
  skip: {
    position: 'absolute',
    insetInlineStart: tokens.spacingHorizontalS,
    top: '-4rem',
    zIndex: 2,
    paddingBlock: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorBrandForegroundLink,
    border: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
    ':focus': { top: tokens.spacingVerticalS },
  },
});

const VIEW_TITLES: Record<Route['view'], string> = {
  plan: 'Plan on a page',
  directorate: 'Directorate',
  mine: 'My milestones',
  exceptions: 'Exceptions',
  project: 'Project',
  milestone: 'Milestone',
};

/** The whole tab: FluentProvider with the chosen theme around the shell. */
export function App({ theme = 'light', ...props }: AppProps) {
  return (
    <FluentProvider theme={TAB_THEMES[theme]}>
      <Shell {...props} />
    </FluentProvider>
  );
}

function Shell({ store, clock = browserClock, user, defaultRoute, homeDirectorate, personDirectorate, personaSlot, onSignIn, canUpdate, onUpdate, renderHistory, children }: Omit<AppProps, 'theme'>) {
  const styles = useStyles();
  const state = useSyncExternalStore(store.subscribe, store.getState, store.getState);
  useEffect(() => {
    void store.open();
  }, [store]);

  const fallback = defaultRoute ?? (homeDirectorate ? { view: 'directorate', directorate: homeDirectorate } : { view: 'plan', filters: {} });
  const [route, navigate] = useRoute(fallback);
  const today = clock.today();
  const snapshot = state.status === 'ready' ? state.snapshot : undefined;
  const index = useMemo(() => (snapshot ? indexPlan(snapshot, today, snapshot.planName) : undefined), [snapshot, today]);

  useViewFocus(route);
  useEffect(() => {
    document.title = `${VIEW_TITLES[route.view]} – Waymark`;
  }, [route.view]);

  const signInThenRetry = onSignIn
    ? async () => {
        await onSignIn();
        await store.retry();
      }
    : undefined;
  const ownDirectorate = homeDirectorate ?? personDirectorate;
  const currentDirectorate = route.view === 'directorate' ? (route.directorate ?? ownDirectorate) : ownDirectorate;
  return (
    <div className={styles.root}>
      <a href="#waymark-main" className={styles.skip}>
        Skip to main content
      </a>
      <AppHeader
        planName={index?.planName}
        refreshing={state.status === 'ready' && state.refreshing}
        freshness={snapshot ? `Updated ${formatLoadedAt(snapshot.loadedAt, new Date(clock.now()))}` : undefined}
        personaSlot={personaSlot}
      />
      <ViewNav current={route.view === 'milestone' ? 'project' : route.view} directorate={currentDirectorate} />
      <main id="waymark-main" className={styles.main} tabIndex={-1}>
        {state.status === 'loading' ? <LoadingState /> : null}
        {state.status === 'error' ? <ErrorState error={state.error} onRetry={() => void store.retry()} onSignIn={signInThenRetry} /> : null}
        {state.status === 'ready' && state.refreshError ? (
          <StaleBanner error={state.refreshError} loadedAt={formatLoadedAt(state.snapshot.loadedAt, new Date(clock.now()))} onRetry={() => void store.retry()} onSignIn={signInThenRetry} />
        ) : null}
        {index ? (
          <Suspense fallback={<LoadingState label="Opening the view…" />}>
            <div data-view={viewKey(route)}>
            <CurrentView
              index={index}
              route={route}
              navigate={navigate}
              user={user}
              homeDirectorate={ownDirectorate}
              canUpdate={canUpdate}
              onUpdate={onUpdate}
              renderHistory={renderHistory}
            />
            </div>
          </Suspense>
        ) : null}
      </main>
      {children}
    </div>
  );
}

function CurrentView(props: ViewProps & { index: PlanIndex }) {
  const { route, index } = props;
  switch (route.view) {
    case 'plan':
      return <PlanOnAPageView {...props} />;
    case 'directorate':
      return <DirectorateView {...props} />;
    case 'mine':
      return <MyMilestonesView {...props} />;
    case 'exceptions':
      return <ExceptionsView {...props} />;
    case 'project':
      return <ProjectView {...props} />;
    case 'milestone': {
      // A deep link names only the milestone: open its project with the milestone in focus.
      const found = index.milestonesById.get(route.milestone);
      if (!found) {
        return (
          <EmptyState title="This milestone is no longer in the plan">
            It may have been removed or moved to another plan. Use the views above to find what you need.
          </EmptyState>
        );
      }
      return <ProjectView {...props} route={{ view: 'project', project: found.milestone.projectCode, milestone: found.id }} />;
    }
    default:
      return assertNever(route);
  }
}

/** Which view is on screen, as the focus hook waits for it (a project view per project). */
function viewKey(route: Route): string {
  return route.view === 'project' ? `project:${route.project}` : route.view;
}

/**
 * After moving to another view, focus its heading so screen readers announce where they are.
 * Views load lazily and React keeps the old one on screen meanwhile, so wait for the heading
 * inside the new view's own container, never the old view's.
 */
function useViewFocus(route: Route) {
  const key = viewKey(route);
  // The view last focused; comparing keys (not a first-run flag) stays right when React runs effects twice.
  const shown = useRef(key);
  useEffect(() => {
    if (shown.current === key) return;
    shown.current = key;
    let handle = 0;
    let tries = 0;
    const attempt = () => {
      const view = [...document.querySelectorAll<HTMLElement>('#waymark-main [data-view]')].find((element) => element.dataset.view === key);
      const heading = view?.querySelector<HTMLElement>('h1');
      // A deep-linked milestone takes focus itself; do not steal it.
      if (heading && !document.querySelector('#waymark-main tr[aria-current="true"]')) {
        heading.tabIndex = -1;
        heading.focus();
      } else if (!heading && tries++ < 300) {
        handle = requestAnimationFrame(attempt);
      }
    };
    attempt();
    return () => cancelAnimationFrame(handle);
  }, [key]);
}

function assertNever(value: never): never {
  throw new Error(`unhandled route: ${JSON.stringify(value)}`);
}
