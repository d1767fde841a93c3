/**
 * One project: its summary, its "We will…" commitments, its leads and Cabinet Members, and its
 * milestones by workstream with the date as published beside the due date derived from it. A
 * deep-linked milestone is highlighted and focused.
 */
import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { useMemo } from 'react';
import { CountsSummary } from '../components/counts-summary.tsx';
import { MilestoneTable } from '../components/milestone-table.tsx';
import { RagBadge } from '../components/rag-badge.tsx';
import { RouteLink } from '../components/route-link.tsx';
import { EmptyState } from '../components/state-panels.tsx';
import { buildProjectView } from '../model/project-view.ts';
import type { ViewProps } from './view-props.ts';

const useStyles = makeStyles({
  view: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  title: { margin: 0, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  titleLine: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  subtitle: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
    '& dt': { fontWeight: tokens.fontWeightSemibold },
    '& dd': { margin: 0 },
  },
  prose: { margin: 0, maxWidth: '60rem' },
  commitments: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL, maxWidth: '60rem' },
});

/** The project view for `route.project`. */
export function ProjectView({ index, route, canUpdate, onUpdate, renderHistory }: ViewProps) {
  const styles = useStyles();
  const code = route.view === 'project' ? route.project : '';
  const highlightId = route.view === 'project' ? route.milestone : undefined;
  const view = useMemo(() => buildProjectView(index, code), [index, code]);

  if (!view) {
    return (
      <section className={styles.view} aria-labelledby="project-title">
        <h1 id="project-title" className={styles.title}>
          Project {code} not found
        </h1>
        <EmptyState title="This project is not in the plan">
          It may have been renamed or removed. <RouteLink to={{ view: 'plan', filters: {} }}>Go to the plan on a page</RouteLink>.
        </EmptyState>
      </section>
    );
  }

  const { item, workstreams } = view;
  const p = item.project;
  return (
    <section className={styles.view} aria-labelledby="project-title">
      <RouteLink to={{ view: 'plan', filters: {} }}>Back to the plan on a page</RouteLink>
      <div className={styles.titleLine}>
        <h1 id="project-title" className={styles.title}>
          {p.code} {p.title}
        </h1>
        <RagBadge rag={item.rollUp.rag} />
      </div>
      <dl className={styles.facts}>
        {p.theme ? (
          <>
            <dt>Theme</dt>
            <dd>{[p.theme, p.priorityArea].filter(Boolean).join(': ')}</dd>
          </>
        ) : null}
        <dt>Lead directorate</dt>
        <dd>
          {item.leads.length === 0
            ? 'Not recorded'
            : item.leads.map((lead, i) => (
                <span key={lead.code}>
                  {i > 0 ? ' and ' : null}
                  <RouteLink to={{ view: 'directorate', directorate: lead.code }}>{lead.name}</RouteLink>
                </span>
              ))}
        </dd>
        <dt>Cabinet Member</dt>
        <dd>{p.cabinetMembers.length > 0 ? p.cabinetMembers.join('; ') : 'Not recorded'}</dd>
        {p.projectLeadName || p.projectLeadUpn ? (
          <>
            <dt>Project lead</dt>
            <dd>{p.projectLeadName ?? p.projectLeadUpn}</dd>
          </>
        ) : null}
      </dl>
      {p.summary ? (
        <>
          <h2 className={styles.subtitle}>Summary</h2>
          <Text as="p" className={styles.prose}>
            {p.summary}
          </Text>
        </>
      ) : null}
      {p.commitments.length > 0 ? (
        <>
          <h2 className={styles.subtitle}>What we will do</h2>
          <ul className={styles.commitments}>
            {p.commitments.map((commitment, i) => (
              <li key={i}>{commitment}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h2 className={styles.subtitle}>Milestones</h2>
      <CountsSummary counts={item.rollUp.counts} label={`Milestones of ${p.code}`} />
      {item.milestones.length === 0 ? (
        <EmptyState title="No milestones yet">This project has no milestones in the plan.</EmptyState>
      ) : (
        <MilestoneTable
          label={`Milestones of ${p.code} ${p.title}`}
          groups={workstreams.map((g) => ({ ...g, project: undefined }))}
          groupHeadings={workstreams.some((g) => g.workstream !== undefined)}
          columns={{ published: true, owner: true }}
          highlightId={highlightId}
          canUpdate={canUpdate}
          onUpdate={onUpdate}
        />
      )}
      {renderHistory && item.milestones.length > 0 ? (
        <>
          <h2 className={styles.subtitle}>Update history</h2>
          {renderHistory(item.milestones)}
        </>
      ) : null}
    </section>
  );
}
