/**
 * RAG as colour and words together (WCAG 1.4.1: colour is never the only signal). Tinted
 * backgrounds with the theme's palette foregrounds keep text contrast above 4.5:1 in light and
 * dark themes; in high contrast the words and the border carry it.
 */
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { Rag } from '../../domain/status.ts';
import type { MilestoneItem } from '../model/plan-index.ts';
import { RAG_LABEL, RAG_MEANING } from '../format.ts';

function colours(background: string, foreground: string) {
  return { backgroundColor: background, color: foreground, border: `${tokens.strokeWidthThin} solid ${foreground}` };
}

const useStyles = makeStyles({
  badge: {
    display: 'inline-block',
    paddingInline: tokens.spacingHorizontalS,
    paddingBlock: '1px',
    borderRadius: tokens.borderRadiusMedium,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    fontWeight: tokens.fontWeightSemibold,
    whiteSpace: 'nowrap',
  },
  red: colours(tokens.colorPaletteRedBackground1, tokens.colorPaletteRedForeground1),
  amber: colours(tokens.colorPaletteDarkOrangeBackground1, tokens.colorPaletteDarkOrangeForeground1),
  green: colours(tokens.colorPaletteGreenBackground1, tokens.colorPaletteGreenForeground1),
  complete: colours(tokens.colorBrandBackground2, tokens.colorBrandForeground2),
  grey: colours(tokens.colorNeutralBackground4, tokens.colorNeutralForeground3),
});

/** A project's or group's RAG: 'Red', 'Amber'… with its meaning as a tooltip. */
export function RagBadge({ rag, label }: { rag: Rag; label?: string }) {
  const styles = useStyles();
  return (
    <span className={mergeClasses(styles.badge, styles[rag])} title={`${RAG_LABEL[rag]}: ${RAG_MEANING[rag]}`}>
      {label ?? RAG_LABEL[rag]}
    </span>
  );
}

/** A milestone's status in its RAG colour, with "Overdue" said in words when it is. */
export function MilestoneStatusBadge({ item }: { item: MilestoneItem }) {
  const status = item.milestone.status;
  return <RagBadge rag={item.rag} label={item.overdue ? `Overdue (${status.toLowerCase()})` : status} />;
}
