/**
 * The tab's banner: the app's name, the plan, how fresh the data is, a slot for the persona
 * switcher (local demo) or the signed-in person, and the navigation between views.
 */
import { makeStyles, mergeClasses, Spinner, Text, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { ViewName } from '../routing.ts';
import type { Route } from '../routing.ts';
import { RouteLink } from './route-link.tsx';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalL,
    paddingBlock: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalL,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  identity: { display: 'flex', alignItems: 'baseline', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  appName: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightBold },
  freshness: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, color: tokens.colorNeutralForeground3 },
  end: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  nav: { paddingInline: tokens.spacingHorizontalL, borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
  navList: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXL, margin: 0, padding: 0, listStyleType: 'none' },
  navLink: {
    display: 'inline-block',
    paddingBlock: tokens.spacingVerticalS,
    borderBottom: `${tokens.strokeWidthThicker} solid transparent`,
    color: tokens.colorNeutralForeground2,
    textDecorationLine: 'none',
  },
  current: { borderBottomColor: tokens.colorCompoundBrandStroke, color: tokens.colorNeutralForeground1, fontWeight: tokens.fontWeightSemibold },
});

export interface AppHeaderProps {
  planName?: string;
  /** e.g. 'Updated 10:42'; shown beside a spinner while refreshing. */
  freshness?: string;
  refreshing?: boolean;
  /** The persona switcher, or the signed-in person's name. */
  personaSlot?: ReactNode;
}

/** The banner at the top of every view. */
export function AppHeader({ planName, freshness, refreshing, personaSlot }: AppHeaderProps) {
  const styles = useStyles();
  return (
    <header className={styles.header}>
      <div className={styles.identity}>
        <Text className={styles.appName}>Waymark</Text>
        {planName ? <Text>{planName}</Text> : null}
      </div>
      <div className={styles.end}>
        <div className={styles.freshness} role="status">
          {refreshing ? <Spinner size="extra-tiny" label="Refreshing" labelPosition="after" /> : freshness ? <Text size={200}>{freshness}</Text> : null}
        </div>
        {personaSlot}
      </div>
    </header>
  );
}

const VIEWS: Array<{ view: ViewName; label: string; to: (directorate?: string) => Route }> = [
  { view: 'plan', label: 'Plan on a page', to: () => ({ view: 'plan', filters: {} }) },
  { view: 'directorate', label: 'Directorate', to: (directorate) => (directorate ? { view: 'directorate', directorate } : { view: 'directorate' }) },
  { view: 'mine', label: 'My milestones', to: () => ({ view: 'mine' }) },
  { view: 'exceptions', label: 'Exceptions', to: () => ({ view: 'exceptions' }) },
];

/** Links between the views; the current one is marked for screen readers with aria-current. */
export function ViewNav({ current, directorate }: { current: ViewName; directorate?: string }) {
  const styles = useStyles();
  return (
    <nav aria-label="Views" className={styles.nav}>
      <ul className={styles.navList}>
        {VIEWS.map(({ view, label, to }) => (
          <li key={view}>
            <RouteLink
              to={to(directorate)}
              className={mergeClasses(styles.navLink, current === view && styles.current)}
              aria-current={current === view ? 'page' : undefined}
            >
              {label}
            </RouteLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
