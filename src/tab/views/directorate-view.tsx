/**
 * A directorate's channel tab: the projects it leads (jointly-led ones included and marked),
 * and their milestones sortable by due date, grouped by workstream, narrowed to the next 30, 60
 * or 90 days.
 */
import { Field, makeStyles, Radio, RadioGroup, Switch, Text, tokens } from '@fluentui/react-components';
import { DirectorateSelect } from '../components/directorate-select.tsx';
import { useMemo, useState } from 'react';
import { MilestoneTable } from '../components/milestone-table.tsx';
import { RagBadge } from '../components/rag-badge.tsx';
import { RouteLink } from '../components/route-link.tsx';
import { EmptyState } from '../components/state-panels.tsx';
import { VirtualTable } from '../components/virtual-table.tsx';
import { formatCounts, plural } from '../format.ts';
import { buildDirectorateView, DUE_WITHIN_CHOICES } from '../model/directorate-view.ts';
import { DEFAULT_MILESTONE_SORT } from '../model/milestone-sort.ts';
import type { MilestoneSort } from '../model/milestone-sort.ts';
import type { ViewProps } from './view-props.ts';

const useStyles = makeStyles({
  view: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  title: { margin: 0, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  subtitle: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  controls: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalXL },
  code: { fontWeight: tokens.fontWeightSemibold },
});

/** The directorate view. */
export function DirectorateView({ index, route, navigate, homeDirectorate, canUpdate, onUpdate }: ViewProps) {
  const styles = useStyles();
  const code = (route.view === 'directorate' ? route.directorate : undefined) ?? homeDirectorate;
  const dueWithinDays = route.view === 'directorate' ? route.dueWithinDays : undefined;
  const [sort, setSort] = useState<MilestoneSort>(DEFAULT_MILESTONE_SORT);
  const [grouped, setGrouped] = useState(true);
  const view = useMemo(
    () => (code ? buildDirectorateView(index, code, { dueWithinDays, sort, groupBy: grouped ? 'workstream' : 'none' }) : undefined),
    [index, code, dueWithinDays, sort, grouped],
  );
  const name = view?.directorate?.name ?? code;

  const picker = (
    <DirectorateSelect
      label="Directorate"
      noneLabel="Choose a directorate"
      directorates={index.directorates}
      value={view?.directorate?.code ?? ''}
      onChange={(code) => navigate(code ? { view: 'directorate', directorate: code } : { view: 'directorate' })}
    />
  );

  if (!code || !view) {
    return (
      <section className={styles.view} aria-labelledby="directorate-title">
        <h1 id="directorate-title" className={styles.title}>
          Directorate
        </h1>
        {picker}
        <EmptyState title="Choose a directorate">Pick a directorate to see the projects it leads and their milestones.</EmptyState>
      </section>
    );
  }

  return (
    <section className={styles.view} aria-labelledby="directorate-title">
      <h1 id="directorate-title" className={styles.title}>
        {name}
      </h1>
      <div className={styles.controls}>
        {picker}
        <Field label="Milestones due">
          <RadioGroup
            layout="horizontal"
            value={dueWithinDays === undefined ? 'all' : String(dueWithinDays)}
            onChange={(_, data) =>
              navigate(
                { view: 'directorate', directorate: code, ...(data.value === 'all' ? {} : { dueWithinDays: Number(data.value) }) },
                { replace: true },
              )
            }
          >
            <Radio value="all" label="Any time" />
            {DUE_WITHIN_CHOICES.map((days) => (
              <Radio key={days} value={String(days)} label={`Next ${days} days`} />
            ))}
          </RadioGroup>
        </Field>
        <Switch label="Group by workstream" checked={grouped} onChange={(_, data) => setGrouped(data.checked)} />
      </div>

      {view.directorate === undefined ? (
        <EmptyState title={`No directorate has the code ${code}`}>Choose a directorate from the list above.</EmptyState>
      ) : view.projects.length === 0 ? (
        <EmptyState title={`${name} leads no projects in this plan`}>Projects appear here when the plan names {name} as a lead.</EmptyState>
      ) : (
        <>
          <h2 className={styles.subtitle}>Projects ({view.projects.length})</h2>
          <VirtualTable
            rows={view.projects}
            rowKey={(row) => row.item.id}
            label={`Projects led by ${name}`}
            columnCount={4}
            header={
              <tr aria-rowindex={1}>
                <th scope="col">Project</th>
                <th scope="col">Led by</th>
                <th scope="col">RAG</th>
                <th scope="col">Milestones</th>
              </tr>
            }
            renderRow={({ item, joint, partners }, rowProps) => (
              <tr {...rowProps}>
                <th scope="row">
                  <RouteLink to={{ view: 'project', project: item.project.code }}>
                    <span className={styles.code}>{item.project.code}</span> {item.project.title}
                  </RouteLink>
                </th>
                <td>{joint ? `Jointly with ${partners.map((p) => p.name).join(' and ')}` : `${name} alone`}</td>
                <td>
                  <RagBadge rag={item.rollUp.rag} />
                </td>
                <td>{formatCounts(item.rollUp.counts)}</td>
              </tr>
            )}
          />

          <h2 className={styles.subtitle}>Milestones</h2>
          <Text role="status">
            {dueWithinDays === undefined
              ? plural(view.milestoneCount, 'milestone')
              : `${plural(view.milestoneCount, 'open milestone')} due in the next ${dueWithinDays} days`}
          </Text>
          {view.milestoneCount === 0 ? (
            <EmptyState title="Nothing due in this period">Choose a longer period, or Any time, to see more milestones.</EmptyState>
          ) : (
            <MilestoneTable
              label={`Milestones of ${name}`}
              groups={view.groups}
              groupHeadings={grouped}
              columns={{ project: !grouped, owner: true, linkToProject: true }}
              sort={sort}
              onSortChange={setSort}
              canUpdate={canUpdate}
              onUpdate={onUpdate}
            />
          )}
        </>
      )}
    </section>
  );
}
