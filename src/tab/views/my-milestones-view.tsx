/**
 * My milestones: what the signed-in person owns, overdue first, then by due date.
 */
import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { useMemo } from 'react';
import { MilestoneTable } from '../components/milestone-table.tsx';
import { EmptyState } from '../components/state-panels.tsx';
import { plural } from '../format.ts';
import { buildMyMilestones } from '../model/my-milestones.ts';
import type { ViewProps } from './view-props.ts';

const useStyles = makeStyles({
  view: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  title: { margin: 0, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
});

/** The personal "My milestones" view. */
export function MyMilestonesView({ index, user, canUpdate, onUpdate }: ViewProps) {
  const styles = useStyles();
  const mine = useMemo(() => buildMyMilestones(index, user?.upn ?? ''), [index, user?.upn]);
  return (
    <section className={styles.view} aria-labelledby="mine-title">
      <h1 id="mine-title" className={styles.title}>
        My milestones
      </h1>
      {!user ? (
        <EmptyState title="Sign in to see your milestones">Waymark lists the milestones you own once it knows who you are.</EmptyState>
      ) : mine.items.length === 0 ? (
        <EmptyState title="You own no milestones in this plan">
          Milestones appear here when the plan names you ({user.upn}) as their owner. If that is wrong, tell the performance team.
        </EmptyState>
      ) : (
        <>
          <Text role="status">
            {plural(mine.items.length, 'milestone')}: {mine.overdue} overdue, {mine.open} open, {mine.closed} closed.
          </Text>
          <MilestoneTable
            label={`Milestones owned by ${user.displayName ?? user.upn}`}
            groups={[{ key: 'mine', milestones: mine.items }]}
            groupHeadings={false}
            columns={{ project: true, linkToProject: true }}
            canUpdate={canUpdate}
            onUpdate={onUpdate}
          />
        </>
      )}
    </section>
  );
}
