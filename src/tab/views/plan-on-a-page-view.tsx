/**
 * Plan on a page: the whole plan for SLT, grouped by theme and priority area, with the filters
 * and search in the address so a filtered view can be shared.
 */
import { Button, Field, makeStyles, SearchBox, Select, Text, tokens } from '@fluentui/react-components';
import { DirectorateSelect } from '../components/directorate-select.tsx';
import { useDeferredValue, useMemo } from 'react';
import { CountsSummary } from '../components/counts-summary.tsx';
import { ProjectTable } from '../components/project-table.tsx';
import { EmptyState } from '../components/state-panels.tsx';
import { formatCount, STATUS_FILTER_LABEL } from '../format.ts';
import { buildPlanOnAPage, STATUS_FILTERS } from '../model/plan-on-a-page.ts';
import type { PlanFilters, StatusFilter } from '../model/plan-on-a-page.ts';
import type { ViewProps } from './view-props.ts';

const useStyles = makeStyles({
  view: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  title: { margin: 0, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  filters: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalL },
  search: { minWidth: '16rem', flexGrow: 1, maxWidth: '28rem' },
  select: { minWidth: '12rem' },
});

/** The plan on a page view. */
export function PlanOnAPageView({ index, route, navigate }: ViewProps) {
  const styles = useStyles();
  const filters: PlanFilters = route.view === 'plan' ? route.filters : {};
  // Typing stays responsive on a 4,000-project plan: the table follows a frame behind the keys.
  const deferredFilters = useDeferredValue(filters);
  const page = useMemo(() => buildPlanOnAPage(index, deferredFilters), [index, deferredFilters]);
  const filtered = Object.values(filters).some((v) => v !== undefined && v !== '');

  const change = (next: Partial<PlanFilters>) => {
    const merged: PlanFilters = { ...filters, ...next };
    for (const key of Object.keys(merged) as Array<keyof PlanFilters>) if (!merged[key]) delete merged[key];
    navigate({ view: 'plan', filters: merged }, { replace: true });
  };

  return (
    <section className={styles.view} aria-labelledby="plan-title">
      <h1 id="plan-title" className={styles.title}>
        Plan on a page
      </h1>
      <div role="search" aria-label="Filter projects" className={styles.filters}>
        <Field label="Search by code or words" className={styles.search}>
          <SearchBox value={filters.query ?? ''} onChange={(_, data) => change({ query: data.value })} placeholder="e.g. PE1 or family hubs" />
        </Field>
        <DirectorateSelect
          label="Lead directorate"
          noneLabel="All directorates"
          className={styles.select}
          directorates={index.directorates}
          value={filters.directorate ?? ''}
          onChange={(code) => change({ directorate: code })}
        />
        <Field label="Cabinet Member">
          <Select className={styles.select} value={filters.cabinetMember ?? ''} onChange={(_, data) => change({ cabinetMember: data.value })}>
            <option value="">All Cabinet Members</option>
            {index.cabinetMembers.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Status">
          <Select
            className={styles.select}
            value={filters.status ?? ''}
            onChange={(_, data) => change({ status: (data.value || undefined) as StatusFilter | undefined })}
          >
            <option value="">Any status</option>
            {STATUS_FILTERS.map((status) => (
              <option key={status} value={status}>
                {STATUS_FILTER_LABEL[status]}
              </option>
            ))}
          </Select>
        </Field>
        {filtered ? <Button onClick={() => navigate({ view: 'plan', filters: {} }, { replace: true })}>Clear filters</Button> : null}
      </div>
      <Text role="status">
        {filtered ? `Showing ${formatCount(page.shown)} of ${formatCount(page.total)} projects` : `${formatCount(page.total)} projects`}
      </Text>
      <CountsSummary counts={page.rollUp.counts} label={filtered ? 'Milestones of the projects shown' : 'Milestones of the whole plan'} />
      {page.shown === 0 ? (
        index.projects.length === 0 ? (
          <EmptyState title="This plan has no projects yet">Once the performance team imports the plan, its projects appear here.</EmptyState>
        ) : (
          <EmptyState title="No projects match these filters">
            Try fewer words, another directorate or Cabinet Member, or any status; or select Clear filters.
          </EmptyState>
        )
      ) : (
        <ProjectTable page={page} label="Projects by theme and priority area" />
      )}
    </section>
  );
}
