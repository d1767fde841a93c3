/**
 * The plan on a page's headline numbers: milestones complete, on track, at risk, off track,
 * overdue, not started and undated, as labelled figures (never colour alone).
 */
import { makeStyles, tokens } from '@fluentui/react-components';
import type { RollUpCounts } from '../../domain/status.ts';
import { formatCount } from '../format.ts';

const FIGURES: Array<[keyof RollUpCounts, string]> = [
  ['complete', 'Complete'],
  ['onTrack', 'On track'],
  ['atRisk', 'At risk'],
  ['offTrack', 'Off track'],
  ['overdue', 'Overdue'],
  ['notStarted', 'Not started'],
  ['undated', 'Undated'],
];

const useStyles = makeStyles({
  list: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, margin: 0 },
  figure: {
    display: 'flex',
    // The figure reads first on screen; the label stays first for screen readers, as a <dl> needs.
    flexDirection: 'column-reverse',
    minWidth: '7rem',
    paddingBlock: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  label: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  value: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
});

/** Milestone counts as a description list: "Overdue: 3". */
export function CountsSummary({ counts, label }: { counts: RollUpCounts; label: string }) {
  const styles = useStyles();
  return (
    <dl className={styles.list} aria-label={label}>
      {FIGURES.map(([key, text]) => (
        <div key={key} className={styles.figure}>
          <dt className={styles.label}>{text}</dt>
          <dd className={styles.value}>{formatCount(counts[key])}</dd>
        </div>
      ))}
    </dl>
  );
}
