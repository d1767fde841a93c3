/**
 * Exceptions: overdue, at risk or off track, undated (TBC or not understood), and silent (no
 * update for 30 days), each a section with its count and a table saying why.
 */
import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { MilestoneTable } from '../components/milestone-table.tsx';
import { DirectorateSelect } from '../components/directorate-select.tsx';
import { EmptyState } from '../components/state-panels.tsx';
import { EXCEPTION_TITLE, formatCount, plural, UNDATED_LABEL } from '../format.ts';
import { buildExceptions } from '../model/exceptions.ts';
import type { ExceptionItem, ExceptionKind } from '../model/exceptions.ts';
import type { ViewProps } from './view-props.ts';

const useStyles = makeStyles({
  view: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  title: { margin: 0, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  subtitle: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  select: { minWidth: '14rem' },
});

const NONE_TEXT: Record<ExceptionKind, string> = {
  overdue: 'Nothing is overdue.',
  'at-risk': 'Nothing is at risk or off track.',
  undated: 'Every open milestone has a due date.',
  stale: 'Every open milestone has been updated in the last 30 days.',
};

/** The exceptions view. */
export function ExceptionsView({ index, homeDirectorate, canUpdate, onUpdate }: ViewProps) {
  const styles = useStyles();
  const [directorate, setDirectorate] = useState(homeDirectorate ?? '');
  const view = useMemo(() => buildExceptions(index, directorate ? { directorate } : {}), [index, directorate]);

  return (
    <section className={styles.view} aria-labelledby="exceptions-title">
      <h1 id="exceptions-title" className={styles.title}>
        Exceptions
      </h1>
      <DirectorateSelect
        label="Directorate"
        noneLabel="Whole plan"
        className={styles.select}
        directorates={index.directorates}
        value={directorate}
        onChange={setDirectorate}
      />
      <Text role="status">{view.total === 0 ? 'No exceptions.' : `${plural(view.total, 'milestone')} need attention.`}</Text>
      {view.sections.map((section) => (
        <section key={section.kind} className={styles.section} aria-labelledby={`exceptions-${section.kind}`}>
          <h2 id={`exceptions-${section.kind}`} className={styles.subtitle}>
            {EXCEPTION_TITLE[section.kind]} ({formatCount(section.items.length)})
          </h2>
          {section.items.length === 0 ? (
            <Text>{NONE_TEXT[section.kind]}</Text>
          ) : (
            <ExceptionTable kind={section.kind} items={section.items} canUpdate={canUpdate} onUpdate={onUpdate} />
          )}
        </section>
      ))}
      {index.milestones.length === 0 ? <EmptyState title="This plan has no milestones yet">Exceptions appear once milestones are imported.</EmptyState> : null}
    </section>
  );
}

function ExceptionTable({ kind, items, canUpdate, onUpdate }: Pick<ViewProps, 'canUpdate' | 'onUpdate'> & { kind: ExceptionKind; items: ExceptionItem[] }) {
  const byId = useMemo(() => new Map(items.map((e) => [e.item.id, e])), [items]);
  const why = (id: string): string => {
    const e = byId.get(id);
    if (!e) return '';
    switch (kind) {
      case 'overdue':
        return e.daysOverdue === 1 ? '1 day overdue' : `${e.daysOverdue ?? 0} days overdue`;
      case 'at-risk':
        return e.item.milestone.latestCommentary ?? 'No commentary';
      case 'undated':
        return UNDATED_LABEL[e.undatedReason ?? 'no-date'];
      case 'stale':
        return e.daysSinceUpdate === undefined ? 'Never updated' : `Last updated ${e.daysSinceUpdate} days ago`;
      default:
        return '';
    }
  };
  return (
    <MilestoneTable
      label={EXCEPTION_TITLE[kind]}
      groups={[{ key: kind, milestones: items.map((e) => e.item) }]}
      groupHeadings={false}
      columns={{ project: true, owner: true, linkToProject: true, published: kind === 'undated' }}
      extraColumn={{ header: kind === 'at-risk' ? 'Latest commentary' : 'Why', cell: (item) => why(item.id) }}
      canUpdate={canUpdate}
      onUpdate={onUpdate}
    />
  );
}
