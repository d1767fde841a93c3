/**
 * A project's update history: every update to its milestones, newest first, with who made it,
 * when, what changed and why. Read from the API when the project view opens.
 */
import { Button, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { ApiClient, ApiMilestoneUpdate } from '../data/api-client.ts';
import type { MilestoneItem } from '../model/plan-index.ts';
import { DATE_CHANGE_REASONS } from '../../domain/records.ts';
import { formatAge, describeUpdate } from './history-format.ts';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '60rem' },
  entry: { borderInlineStartWidth: tokens.strokeWidthThicker, borderInlineStartStyle: 'solid', borderInlineStartColor: tokens.colorNeutralStroke1, paddingInlineStart: tokens.spacingHorizontalM },
  meta: { color: tokens.colorNeutralForeground2 },
  quote: { margin: 0, whiteSpace: 'pre-wrap' },
});

const DATE_TIME = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });

type HistoryState = { status: 'loading' } | { status: 'ready'; updates: (ApiMilestoneUpdate & { milestoneTitle: string })[] } | { status: 'error'; message: string };

export interface MilestoneHistoryProps {
  milestones: readonly MilestoneItem[];
  api: ApiClient;
  /** Changes when a save lands, so the history reads again. */
  version?: string;
}

export function MilestoneHistory({ milestones, api, version }: MilestoneHistoryProps) {
  const styles = useStyles();
  const [state, setState] = useState<HistoryState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const ids = milestones.map((item) => item.id).join(',');

  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    const titles = new Map(milestones.map((item) => [item.id, item.milestone.title]));
    Promise.all(milestones.map((item) => api.history(item.id)))
      .then((lists) => {
        if (!live) return;
        const updates = lists
          .flat()
          .map((update) => ({ ...update, milestoneTitle: titles.get(update.milestoneId) ?? update.milestoneKey }))
          .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
        setState({ status: 'ready', updates });
      })
      .catch((error: unknown) => live && setState({ status: 'error', message: error instanceof Error ? error.message : String(error) }));
    return () => {
      live = false;
    };
    // The milestone ids (not the array identity) and the save version decide when to read again.
  }, [ids, api, version, attempt]);

  if (state.status === 'loading') return <Spinner size="tiny" label="Reading the update history…" />;
  if (state.status === 'error') {
    return (
      <div role="alert">
        <Text>The update history could not be read: {state.message} </Text>
        <Button size="small" onClick={() => setAttempt((n) => n + 1)}>
          Try again
        </Button>
      </div>
    );
  }
  if (state.updates.length === 0) return <Text>No updates yet. Updates made in Waymark appear here, newest first.</Text>;
  return (
    <ol className={styles.list} aria-label="Update history, newest first">
      {state.updates.map((update, index) => (
        <li key={update.id ?? `${update.milestoneId}-${update.updatedAt}-${index}`} className={styles.entry}>
          <Text weight="semibold">{update.milestoneTitle}</Text>
          <div className={styles.meta}>
            <Text size={200}>
              {update.authorName ?? update.authorUpn} · <time dateTime={update.updatedAt}>{DATE_TIME.format(new Date(update.updatedAt))}</time> ({formatAge(update.updatedAt)})
              {update.source === 'card' ? ' · from a Teams card' : ''}
            </Text>
          </div>
          <Text as="p" className={styles.quote}>
            {describeUpdate(update).join('; ')}
          </Text>
          {update.reasonCategory || update.reasonText ? (
            <Text as="p" className={styles.quote}>
              Why the date moved: {[reasonLabel(update.reasonCategory), update.reasonText].filter(Boolean).join(' – ')}
            </Text>
          ) : null}
          {update.commentary ? (
            <Text as="p" className={styles.quote}>
              “{update.commentary}”
            </Text>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function reasonLabel(value: string | undefined): string | undefined {
  return DATE_CHANGE_REASONS.find((reason) => reason.value === value)?.label ?? value;
}
