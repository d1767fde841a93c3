/**
 * The tab with its session: the App over the plan store, the persona switcher (locally) or the
 * signed-in person's name, what the person may update (from `GET /api/me`), the update dialog
 * and the project history. main.ts builds the pieces and mount.tsx draws them; this wires them together in React.
 */
import { Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { decideUpdate } from '../domain/access.ts';
import type { Role } from '../domain/access.ts';
import { App } from './app.tsx';
import type { Session } from './auth/session.ts';
import { PersonaSwitcher, SignedInName } from './components/persona-switcher.tsx';
import type { ApiClient, Me } from './data/api-client.ts';
import type { PlanStore } from './data/plan-store.ts';
import type { MilestoneItem } from './model/plan-index.ts';
import type { Route } from './routing.ts';
import type { TabTheme } from './theme.ts';

// The dialog and the history are their own chunks: nobody needs them for the first paint.
const UpdateDialog = lazy(() => import('./update/update-dialog.tsx').then((m) => ({ default: m.UpdateDialog })));
const MilestoneHistory = lazy(() => import('./update/milestone-history.tsx').then((m) => ({ default: m.MilestoneHistory })));

export interface TabRootProps {
  store: PlanStore;
  session: Session;
  /** The API client, once the settings are known. */
  api?: ApiClient;
  theme: TabTheme;
  defaultRoute?: Route;
  homeDirectorate?: string;
}

type MeState = { status: 'unknown' } | { status: 'known'; me: Me } | { status: 'failed'; message: string };

export function TabRoot({ store, session, api, theme, defaultRoute, homeDirectorate }: TabRootProps) {
  const { signIn, personas } = useSyncExternalStore(session.subscribe, session.getState, session.getState);
  const [me, setMe] = useState<MeState>({ status: 'unknown' });
  const [open, setOpen] = useState<MilestoneItem>();
  const [announcement, setAnnouncement] = useState('');
  const [version, setVersion] = useState('');
  const returnFocus = useRef<string | undefined>(undefined);

  useEffect(() => {
    if (!signIn || !api) return;
    let live = true;
    setMe({ status: 'unknown' });
    api
      .me()
      .then((answer) => live && setMe({ status: 'known', me: answer }))
      .catch((error: unknown) => live && setMe({ status: 'failed', message: error instanceof Error ? error.message : String(error) }));
    return () => {
      live = false;
    };
  }, [signIn, api]);

  // The same rule the service applies (src/domain/access.ts); the service still decides every save.
  const decide = useCallback(
    (item: MilestoneItem) => (me.status === 'known' ? decideUpdate({ roles: me.me.roles as Role[], directorates: me.me.directorates }, item.milestone) : undefined),
    [me],
  );
  const canUpdate = useCallback((item: MilestoneItem) => decide(item)?.allowed === true, [decide]);
  const onUpdate = useCallback((item: MilestoneItem) => {
    const active = document.activeElement;
    returnFocus.current = active instanceof HTMLElement ? (active.getAttribute('aria-label') ?? undefined) : undefined;
    setAnnouncement('');
    setOpen(item);
  }, []);
  const close = useCallback(() => {
    setOpen(undefined);
    const label = returnFocus.current;
    // The row's button may have been drawn again after a save; find it by its name.
    requestAnimationFrame(() => {
      if (label) [...document.querySelectorAll<HTMLElement>('button[aria-label]')].find((button) => button.getAttribute('aria-label') === label)?.focus();
    });
  }, []);
  const renderHistory = useMemo(
    () =>
      api && signIn
        ? (milestones: readonly MilestoneItem[]) => (
            <Suspense fallback={null}>
              <MilestoneHistory milestones={milestones} api={api} version={version} />
            </Suspense>
          )
        : undefined,
    [api, signIn, version],
  );

  // Demo personas: the switcher shows even when signing in failed, so an address naming a persona
  // there is not can be put right here; the plan then loads as the one chosen.
  const switchPersona = useCallback(
    (id: string) => {
      session.switchPersona(id);
      if (!signIn) void store.retry();
    },
    [session, signIn, store],
  );
  const personaSlot = personas ? (
    <PersonaSwitcher personas={personas} currentId={signIn?.person.personaId} onChange={switchPersona} />
  ) : signIn ? (
    <SignedInName name={signIn.person.displayName ?? signIn.person.upn} />
  ) : null;

  const decision = open ? decide(open) : undefined;
  const access = !open
    ? undefined
    : decision?.allowed
      ? ({ allowed: true } as const)
      : ({
          allowed: false,
          why: decision ? decision.message : me.status === 'failed' ? `Waymark could not check what you may update: ${me.message}` : 'Waymark is still checking what you may update.',
        } as const);

  return (
    <App
      store={store}
      theme={theme}
      user={signIn ? { upn: signIn.person.upn, displayName: signIn.person.displayName } : undefined}
      defaultRoute={defaultRoute}
      homeDirectorate={homeDirectorate}
      // A director's Directorate view opens on theirs.
      personDirectorate={me.status === 'known' ? me.me.directorates[0] : undefined}
      personaSlot={personaSlot}
      onSignIn={session.signsInWithClick ? session.signInWithClick : undefined}
      canUpdate={api ? canUpdate : undefined}
      onUpdate={api ? onUpdate : undefined}
      renderHistory={renderHistory}
    >
      <div role="status" aria-live="polite" style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clipPath: 'inset(50%)' }}>
        {announcement}
      </div>
      {open && api && access ? (
        <Suspense fallback={null}>
        <UpdateDialog
          key={open.id}
          item={open}
          access={access}
          api={api}
          onSaved={(stored, message) => {
            store.replaceMilestone(stored);
            setVersion(stored.eTag);
            if (message) {
              setAnnouncement(message);
              close();
            }
          }}
          onClose={close}
        />
        </Suspense>
      ) : null}
    </App>
  );
}
