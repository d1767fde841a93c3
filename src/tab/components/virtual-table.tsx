/**
 * A table that stays usable at 100 times the plan's size. Short tables render every row; long
 * ones render only the rows in view (plus a margin) inside a scrolling region, with spacer rows
 * keeping the scroll height, and aria-rowcount / aria-rowindex telling screen readers the true
 * size. Tabbing through rows scrolls the region, which renders the rows that come next.
 */
import { makeStyles, tokens } from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Fragment, useEffect, useRef } from 'react';
import type { ReactElement, ReactNode, Ref } from 'react';

/** What a row must spread onto its <tr> so the table can place and measure it. */
export interface RowProps {
  'aria-rowindex': number;
  'data-index': number;
  ref?: Ref<HTMLTableRowElement>;
}

export interface VirtualTableProps<T> {
  rows: readonly T[];
  rowKey: (row: T) => string;
  renderRow: (row: T, props: RowProps) => ReactElement;
  /** The <tr> of column headers. */
  header: ReactNode;
  columnCount: number;
  /** The table's accessible name. */
  label: string;
  /** Shown above the table and used as its caption. */
  caption?: ReactNode;
  /** Rows beyond which only the visible ones render. */
  threshold?: number;
  estimateRowHeight?: number;
  /** Scroll this row into view once, e.g. a deep-linked milestone. */
  revealIndex?: number;
  className?: string;
}

const useStyles = makeStyles({
  table: {
    width: '100%',
    borderCollapse: 'collapse',
    fontSize: tokens.fontSizeBase300,
    '& th, & td': {
      textAlign: 'start',
      verticalAlign: 'top',
      paddingBlock: tokens.spacingVerticalS,
      paddingInline: tokens.spacingHorizontalS,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    },
    '& thead th': {
      position: 'sticky',
      top: 0,
      zIndex: 1,
      backgroundColor: tokens.colorNeutralBackground1,
      fontWeight: tokens.fontWeightSemibold,
      borderBottom: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}`,
    },
  },
  caption: {
    textAlign: 'start',
    fontWeight: tokens.fontWeightSemibold,
    paddingBlockEnd: tokens.spacingVerticalS,
  },
  region: {
    maxHeight: '70vh',
    overflowY: 'auto',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  spacer: { padding: '0 !important', border: 'none !important' },
});

/** Renders every row when short, only the visible window when long. */
export function VirtualTable<T>(props: VirtualTableProps<T>) {
  const threshold = props.threshold ?? 150;
  return props.rows.length > threshold ? <WindowedTable {...props} /> : <FullTable {...props} />;
}

function FullTable<T>({ rows, rowKey, renderRow, header, label, caption, className }: VirtualTableProps<T>) {
  const styles = useStyles();
  return (
    <table className={`${styles.table} ${className ?? ''}`} aria-label={caption ? undefined : label}>
      {caption ? <caption className={styles.caption}>{caption}</caption> : null}
      <thead>{header}</thead>
      <tbody>
        {rows.map((row, index) => (
          <Fragment key={rowKey(row)}>{renderRow(row, { 'aria-rowindex': index + 2, 'data-index': index })}</Fragment>
        ))}
      </tbody>
    </table>
  );
}

function WindowedTable<T>({ rows, rowKey, renderRow, header, columnCount, label, caption, estimateRowHeight, revealIndex, className }: VirtualTableProps<T>) {
  const styles = useStyles();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => estimateRowHeight ?? 44,
    getItemKey: (index) => rowKey(rows[index] as T),
    overscan: 12,
    // The sticky header row sits over the first rows; keep revealed rows clear of it.
    scrollPaddingStart: 48,
  });
  useEffect(() => {
    if (revealIndex !== undefined && revealIndex >= 0) virtualizer.scrollToIndex(revealIndex, { align: 'center' });
  }, [revealIndex, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = items.length > 0 ? virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0) : 0;
  return (
    <div ref={scroller} className={styles.region} role="region" aria-label={label} tabIndex={0}>
      <table className={`${styles.table} ${className ?? ''}`} aria-label={caption ? undefined : label} aria-rowcount={rows.length + 1}>
        {caption ? <caption className={styles.caption}>{caption}</caption> : null}
        <thead>{header}</thead>
        <tbody>
          {before > 0 ? (
            <tr aria-hidden="true">
              <td className={styles.spacer} colSpan={columnCount} style={{ height: before }} />
            </tr>
          ) : null}
          {items.map((item) => (
            <Fragment key={item.key}>
              {renderRow(rows[item.index] as T, { 'aria-rowindex': item.index + 2, 'data-index': item.index, ref: virtualizer.measureElement })}
            </Fragment>
          ))}
          {after > 0 ? (
            <tr aria-hidden="true">
              <td className={styles.spacer} colSpan={columnCount} style={{ height: after }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
