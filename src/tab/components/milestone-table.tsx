/**
 * Milestones as a table: optional group headings (project and workstream), sortable columns
 * whose state screen readers hear (aria-sort on the header, and a polite announcement), an id
 * anchor on every row for deep links, and an "Update" button where the caller allows one.
 */
import { Button, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { MilestoneGroup } from '../model/directorate-view.ts';
import type { MilestoneSort, MilestoneSortKey } from '../model/milestone-sort.ts';
import type { MilestoneItem } from '../model/plan-index.ts';
import { formatDate } from '../format.ts';
import { milestoneAnchorId } from '../routing.ts';
import { MilestoneStatusBadge } from './rag-badge.tsx';
import { RouteLink } from './route-link.tsx';
import { VirtualTable } from './virtual-table.tsx';
import type { RowProps } from './virtual-table.tsx';

/**
 * Where the update dialog plugs in. With `onUpdate`, every row has a button: "Update" when the
 * person may update the milestone, "View" (which explains why not) when they may not.
 */
export interface UpdateSlot {
  canUpdate?: (item: MilestoneItem) => boolean;
  onUpdate?: (item: MilestoneItem) => void;
  /** A project's update history, shown on the project view. */
  renderHistory?: (milestones: readonly MilestoneItem[]) => ReactNode;
}

export interface MilestoneColumns {
  project?: boolean;
  workstream?: boolean;
  /** The date as the plan published it, beside the derived due date. */
  published?: boolean;
  owner?: boolean;
  /** Link each title to its project page (off on the project page itself). */
  linkToProject?: boolean;
}

export interface MilestoneTableProps extends UpdateSlot {
  /** The table's accessible name, e.g. "Milestones of Health and Care". */
  label: string;
  groups: readonly MilestoneGroup[];
  /** Show a heading row for each group (project and workstream). */
  groupHeadings?: boolean;
  columns?: MilestoneColumns;
  sort?: MilestoneSort;
  /** When given, column headers become sort buttons. */
  onSortChange?: (sort: MilestoneSort) => void;
  /** One more column, e.g. why a milestone is an exception. */
  extraColumn?: { header: string; cell: (item: MilestoneItem) => ReactNode };
  /** The deep-linked milestone: highlighted, scrolled to and focused. */
  highlightId?: string;
  /** Heading level of group headings inside the table. */
  groupHeadingLevel?: 2 | 3 | 4;
}

type Row = { kind: 'group'; group: MilestoneGroup } | { kind: 'milestone'; item: MilestoneItem };

const useStyles = makeStyles({
  sortButton: {
    minWidth: 0,
    paddingInline: 0,
    fontWeight: tokens.fontWeightSemibold,
    justifyContent: 'flex-start',
  },
  groupCell: { backgroundColor: tokens.colorNeutralBackground3 },
  groupHeading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  highlighted: {
    backgroundColor: tokens.colorBrandBackground2,
    outline: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}`,
    outlineOffset: '-2px',
  },
  row: { ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' } },
  secondary: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  visuallyHidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    overflow: 'hidden',
    clipPath: 'inset(50%)',
    whiteSpace: 'nowrap',
  },
});

const SORT_WORDS: Record<MilestoneSortKey, { name: string; ascending: string; descending: string }> = {
  due: { name: 'due date', ascending: 'earliest first', descending: 'latest first' },
  title: { name: 'milestone', ascending: 'A to Z', descending: 'Z to A' },
  project: { name: 'project', ascending: 'A to Z', descending: 'Z to A' },
  status: { name: 'status', ascending: 'most urgent first', descending: 'least urgent first' },
};

/** A milestone table, virtualised when long. */
export function MilestoneTable(props: MilestoneTableProps) {
  const { label, groups, groupHeadings = true, columns = {}, sort, onSortChange, extraColumn, highlightId, canUpdate, onUpdate } = props;
  const styles = useStyles();
  const [announcement, setAnnouncement] = useState('');
  const rows = useMemo<Row[]>(
    () =>
      groups.flatMap((group) => [
        ...(groupHeadings && (group.project || group.workstream) ? [{ kind: 'group' as const, group }] : []),
        ...group.milestones.map((item) => ({ kind: 'milestone' as const, item })),
      ]),
    [groups, groupHeadings],
  );
  const showUpdate = canUpdate !== undefined;
  const columnCount =
    2 + Number(!!columns.project) + Number(!!columns.workstream) + Number(!!columns.published) + 1 + Number(!!columns.owner) + Number(!!extraColumn) + Number(showUpdate);

  const revealIndex = highlightId === undefined ? undefined : rows.findIndex((r) => r.kind === 'milestone' && r.item.id === highlightId);
  useFocusOnce(highlightId === undefined || revealIndex === -1 ? undefined : milestoneAnchorId(highlightId));

  const changeSort = (key: MilestoneSortKey) => {
    if (!onSortChange) return;
    const direction = sort?.key === key && sort.direction === 'ascending' ? 'descending' : 'ascending';
    onSortChange({ key, direction });
    setAnnouncement(`Sorted by ${SORT_WORDS[key].name}, ${SORT_WORDS[key][direction]}.`);
  };

  const headerCell = (key: MilestoneSortKey | undefined, text: string) => {
    if (!key || !onSortChange) return <th scope="col">{text}</th>;
    const active = sort?.key === key;
    return (
      <th scope="col" aria-sort={active ? sort.direction : undefined}>
        <Button appearance="transparent" size="small" className={styles.sortButton} onClick={() => changeSort(key)}>
          {text}
          <span aria-hidden="true">{active ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}</span>
        </Button>
      </th>
    );
  };

  const header = (
    <tr aria-rowindex={1}>
      {headerCell('title', 'Milestone')}
      {columns.project ? headerCell('project', 'Project') : null}
      {columns.workstream ? <th scope="col">Workstream</th> : null}
      {columns.published ? <th scope="col">Date as published</th> : null}
      {headerCell('due', 'Due date')}
      {headerCell('status', 'Status')}
      {columns.owner ? <th scope="col">Owner</th> : null}
      {extraColumn ? <th scope="col">{extraColumn.header}</th> : null}
      {showUpdate ? <th scope="col">Actions</th> : null}
    </tr>
  );

  const renderRow = (row: Row, rowProps: RowProps) => {
    if (row.kind === 'group') {
      const Heading = `h${props.groupHeadingLevel ?? 3}` as const;
      const { project, workstream } = row.group;
      const title = [project ? `${project.project.code} ${project.project.title}` : undefined, workstream].filter(Boolean).join(': ');
      return (
        <tr {...rowProps}>
          <td colSpan={columnCount} className={styles.groupCell}>
            <Heading className={styles.groupHeading}>{title}</Heading>
          </td>
        </tr>
      );
    }
    const { item } = row;
    const m = item.milestone;
    const highlighted = item.id === highlightId;
    return (
      <tr {...rowProps} id={milestoneAnchorId(item.id)} tabIndex={-1} className={mergeClasses(styles.row, highlighted && styles.highlighted)} aria-current={highlighted ? 'true' : undefined}>
        <td>
          {columns.linkToProject ? (
            <RouteLink to={{ view: 'project', project: m.projectCode, milestone: item.id }}>{m.title}</RouteLink>
          ) : (
            m.title
          )}
        </td>
        {columns.project ? (
          <td>
            <RouteLink to={{ view: 'project', project: m.projectCode }}>{m.projectCode}</RouteLink>
            {item.project ? <div className={styles.secondary}>{item.project.project.title}</div> : null}
          </td>
        ) : null}
        {columns.workstream ? <td>{m.workstream ?? ''}</td> : null}
        {columns.published ? <td>{m.publishedDate ?? 'Not published'}</td> : null}
        <td>{dueText(item, !!columns.published)}</td>
        <td>
          <MilestoneStatusBadge item={item} />
        </td>
        {columns.owner ? <td>{m.ownerName ?? m.ownerUpn ?? 'No owner'}</td> : null}
        {extraColumn ? <td>{extraColumn.cell(item)}</td> : null}
        {showUpdate ? (
          <td>
            {onUpdate ? (
              canUpdate(item) ? (
                <Button size="small" aria-label={`Update ${m.title}`} onClick={() => onUpdate(item)}>
                  Update
                </Button>
              ) : (
                <Button size="small" appearance="subtle" aria-label={`View ${m.title} (you cannot update it)`} onClick={() => onUpdate(item)}>
                  View
                </Button>
              )
            ) : null}
          </td>
        ) : null}
      </tr>
    );
  };

  return (
    <>
      <VirtualTable
        rows={rows}
        rowKey={(row) => (row.kind === 'group' ? `g:${row.group.key}` : `m:${row.item.id}`)}
        renderRow={renderRow}
        header={header}
        columnCount={columnCount}
        label={label}
        revealIndex={revealIndex}
      />
      <div className={styles.visuallyHidden} aria-live="polite">
        {announcement}
      </div>
    </>
  );
}

/** The due date in words; with no date, what the plan said instead (unless shown beside it). */
function dueText(item: MilestoneItem, publishedShown: boolean): string {
  const m = item.milestone;
  if (m.dueDate) return formatDate(m.dueDate);
  if (!publishedShown && m.publishedDate) return `No date (${m.publishedDate})`;
  return 'No date';
}

/** Focuses the element with this id once it exists (a deep link's row may render a frame later). */
function useFocusOnce(elementId: string | undefined) {
  const done = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (elementId === undefined || done.current === elementId) return;
    let frames = 0;
    let handle = 0;
    const attempt = () => {
      const element = document.getElementById(elementId);
      if (element) {
        done.current = elementId;
        element.focus({ preventScroll: false });
        element.scrollIntoView?.({ block: 'center' });
      } else if (frames++ < 30) {
        handle = requestAnimationFrame(attempt);
      }
    };
    attempt();
    return () => cancelAnimationFrame(handle);
  }, [elementId]);
}
