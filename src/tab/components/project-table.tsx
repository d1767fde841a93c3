/**
 * The plan on a page as one table: a heading row for each theme and priority area (screen
 * readers can jump between them as headings), then a row per project with its code and title,
 * lead directorates, Cabinet Members, RAG and milestone counts. Virtualised for large plans.
 */
import { makeStyles, tokens } from '@fluentui/react-components';
import { useMemo } from 'react';
import type { RollUp } from '../../domain/status.ts';
import type { PlanOnAPage } from '../model/plan-on-a-page.ts';
import type { ProjectItem } from '../model/plan-index.ts';
import { formatCounts } from '../format.ts';
import { RagBadge } from './rag-badge.tsx';
import { RouteLink } from './route-link.tsx';
import { VirtualTable } from './virtual-table.tsx';
import type { RowProps } from './virtual-table.tsx';

type Row =
  | { kind: 'theme'; key: string; name: string; rollUp: RollUp; projects: number }
  | { kind: 'area'; key: string; name: string; rollUp: RollUp }
  | { kind: 'project'; key: string; item: ProjectItem };

const COLUMNS = 5;

const useStyles = makeStyles({
  themeCell: { backgroundColor: tokens.colorNeutralBackground3, paddingBlockStart: `${tokens.spacingVerticalL} !important` },
  areaCell: { backgroundColor: tokens.colorNeutralBackground2 },
  groupLine: { display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', gap: tokens.spacingHorizontalM },
  themeHeading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  areaHeading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  code: { fontWeight: tokens.fontWeightSemibold },
  secondary: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  list: { margin: 0, paddingInlineStart: 0, listStyleType: 'none' },
});

/** Every theme, area and project of the (filtered) plan on a page. */
export function ProjectTable({ page, label }: { page: PlanOnAPage; label: string }) {
  const styles = useStyles();
  const rows = useMemo<Row[]>(
    () =>
      page.themes.flatMap((theme) => {
        const name = theme.name ?? 'Other projects';
        const projects = theme.areas.reduce((n, a) => n + a.projects.length, 0);
        return [
          { kind: 'theme' as const, key: `t:${name}`, name, rollUp: theme.rollUp, projects },
          ...theme.areas.flatMap((area) => [
            ...(area.name ? [{ kind: 'area' as const, key: `a:${name}|${area.name}`, name: area.name, rollUp: area.rollUp }] : []),
            ...area.projects.map((item) => ({ kind: 'project' as const, key: `p:${item.id}`, item })),
          ]),
        ];
      }),
    [page],
  );

  const renderRow = (row: Row, rowProps: RowProps) => {
    switch (row.kind) {
      case 'theme':
        return (
          <tr {...rowProps}>
            <td colSpan={COLUMNS} className={styles.themeCell}>
              <div className={styles.groupLine}>
                <h2 className={styles.themeHeading}>{row.name}</h2>
                <RagBadge rag={row.rollUp.rag} />
                <span className={styles.secondary}>
                  {row.projects === 1 ? '1 project' : `${row.projects} projects`}; {formatCounts(row.rollUp.counts)}
                </span>
              </div>
            </td>
          </tr>
        );
      case 'area':
        return (
          <tr {...rowProps}>
            <td colSpan={COLUMNS} className={styles.areaCell}>
              <div className={styles.groupLine}>
                <h3 className={styles.areaHeading}>{row.name}</h3>
                <RagBadge rag={row.rollUp.rag} />
              </div>
            </td>
          </tr>
        );
      case 'project': {
        const { item } = row;
        const p = item.project;
        return (
          <tr {...rowProps}>
            <th scope="row">
              <RouteLink to={{ view: 'project', project: p.code }}>
                <span className={styles.code}>{p.code}</span> {p.title}
              </RouteLink>
            </th>
            <td>{item.leads.length > 0 ? <NameList names={item.leads.map((d) => d.name)} /> : 'Not recorded'}</td>
            <td>{p.cabinetMembers.length > 0 ? <NameList names={p.cabinetMembers} /> : 'Not recorded'}</td>
            <td>
              <RagBadge rag={item.rollUp.rag} />
            </td>
            <td>{formatCounts(item.rollUp.counts)}</td>
          </tr>
        );
      }
      default:
        return assertNever(row);
    }
  };

  return (
    <VirtualTable
      rows={rows}
      rowKey={(row) => row.key}
      renderRow={renderRow}
      columnCount={COLUMNS}
      label={label}
      estimateRowHeight={56}
      header={
        <tr aria-rowindex={1}>
          <th scope="col">Project</th>
          <th scope="col">Lead directorate</th>
          <th scope="col">Cabinet Member</th>
          <th scope="col">RAG</th>
          <th scope="col">Milestones</th>
        </tr>
      }
    />
  );
}

function NameList({ names }: { names: readonly string[] }) {
  const styles = useStyles();
  if (names.length === 1) return <>{names[0]}</>;
  return (
    <ul className={styles.list}>
      {names.map((name) => (
        <li key={name}>{name}</li>
      ))}
    </ul>
  );
}

function assertNever(value: never): never {
  throw new Error(`unhandled row: ${JSON.stringify(value)}`);
}
