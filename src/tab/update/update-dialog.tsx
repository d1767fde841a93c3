/**
 * The update dialog: the milestone as it is (status, dates, last update and who made it), then
 * the form. It saves with the eTag the tab saw; when someone else saved first it shows what they
 * changed and lets the person re-apply their own edit on top, so nothing typed is lost. A person
 * who may not update the milestone sees why, with the same facts, and no form.
 */
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Spinner,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { DATE_CHANGE_REASONS, MILESTONE_STATUSES, STATUSES_NEEDING_COMMENTARY } from '../../domain/records.ts';
import type { Milestone, MilestoneStatus } from '../../domain/records.ts';
import { ApiError, toStored } from '../data/api-client.ts';
import type { ApiClient, ApiMilestoneUpdate, FieldProblem } from '../data/api-client.ts';
import { formatDate } from '../format.ts';
import type { MilestoneItem, Stored } from '../model/plan-index.ts';
import { RagBadge } from '../components/rag-badge.tsx';
import { formatAge } from './history-format.ts';
import { describeChanges, initialValues, revisesDueDate, toUpdateRequest } from './update-form.ts';
import type { UpdateFormValues } from './update-form.ts';

const useStyles = makeStyles({
  surface: { maxWidth: '40rem', width: '100%' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
    '& dt': { fontWeight: tokens.fontWeightSemibold },
    '& dd': { margin: 0 },
  },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  changes: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
});

export interface UpdateDialogProps {
  /** The milestone as the tab showed it (its eTag is what the save is based on). */
  item: MilestoneItem;
  /** Whether the person may update it, and if not, a sentence saying what they may do. */
  access: { allowed: true } | { allowed: false; why: string };
  api: ApiClient;
  /** Called with the milestone as saved (or as found on a conflict), so every view shows it at once. */
  onSaved: (stored: Stored<Milestone>, message: string) => void;
  onClose: () => void;
}

type Outcome =
  | { kind: 'editing' }
  | { kind: 'saving' }
  | { kind: 'invalid'; fields: FieldProblem[]; message: string }
  | { kind: 'conflict'; current: Stored<Milestone>; lastUpdate?: ApiMilestoneUpdate | null; changes: string[] }
  | { kind: 'failed'; message: string };

const FIELD_IDS: Record<string, string> = {
  status: 'update-status',
  commentary: 'update-commentary',
  dueDate: 'update-due-date',
  reason: 'update-reason-category',
  'reason.category': 'update-reason-category',
  'reason.text': 'update-reason-text',
  completedOn: 'update-completed-on',
};

/** The dialog for one milestone; mounted while open. */
export function UpdateDialog({ item, access, api, onSaved, onClose }: UpdateDialogProps) {
  const styles = useStyles();
  const [base, setBase] = useState<Stored<Milestone>>({ id: item.id, eTag: item.eTag, record: item.milestone });
  const [values, setValues] = useState<UpdateFormValues>(() => initialValues(item.milestone));
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'editing' });
  const summaryRef = useRef<HTMLDivElement>(null);
  const m = base.record;

  useEffect(() => {
    if (outcome.kind === 'invalid' || outcome.kind === 'conflict' || outcome.kind === 'failed') summaryRef.current?.focus();
  }, [outcome]);

  const set = <K extends keyof UpdateFormValues>(key: K, value: UpdateFormValues[K]) => setValues((previous) => ({ ...previous, [key]: value }));
  const problem = (...fields: string[]) => (outcome.kind === 'invalid' ? outcome.fields.find((f) => fields.includes(f.field))?.message : undefined);
  const revising = revisesDueDate(values, m);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome({ kind: 'saving' });
    try {
      const saved = await api.saveUpdate(base.id, base.eTag, toUpdateRequest(values, m));
      onSaved(saved.milestone, `Saved: ${m.title} is now ${saved.milestone.record.status}.`);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        setOutcome({ kind: 'failed', message: 'Something went wrong while saving. Your changes are still here; try again.' });
        return;
      }
      if (error.reason === 'invalid') setOutcome({ kind: 'invalid', fields: error.extra.fields ?? [], message: error.message });
      else if (error.reason === 'conflict' && error.extra.current) {
        const current = toStored(error.extra.current);
        setOutcome({ kind: 'conflict', current, lastUpdate: error.extra.lastUpdate, changes: describeChanges(m, current.record) });
      } else {
        const wait = error.extra.retryAfterSeconds ? ` Try again in ${error.extra.retryAfterSeconds} seconds.` : '';
        setOutcome({ kind: 'failed', message: `${error.message}${wait} Your changes are still here.` });
      }
    }
  };

  const reapply = () => {
    if (outcome.kind !== 'conflict') return;
    const before = initialValues(m);
    const now = initialValues(outcome.current.record);
    // Fields the person did not touch follow the newer milestone; what they typed stays.
    setValues((typed) => {
      const merged = { ...typed };
      for (const key of Object.keys(before) as (keyof UpdateFormValues)[]) {
        if (typed[key] === before[key]) (merged as Record<string, string>)[key] = now[key];
      }
      return merged;
    });
    setBase(outcome.current);
    onSaved(outcome.current, '');
    setOutcome({ kind: 'editing' });
  };

  const lastUpdated = m.lastUpdatedOn
    ? `${m.lastUpdatedByName ?? m.lastUpdatedByUpn ?? 'Someone'}, ${formatAge(m.lastUpdatedOn)}`
    : 'Not updated since the plan was imported';

  return (
    <Dialog open modalType="modal" onOpenChange={(_event, data) => (data.open ? undefined : onClose())}>
      <DialogSurface className={styles.surface} aria-describedby="update-current">
        <form onSubmit={(event) => void save(event)} noValidate>
          <DialogBody>
            <DialogTitle>{access.allowed ? `Update: ${m.title}` : m.title}</DialogTitle>
            <DialogContent className={styles.content}>
              <dl className={styles.facts} id="update-current">
                <dt>Project</dt>
                <dd>{item.project ? `${item.project.project.code} ${item.project.project.title}` : m.projectCode}</dd>
                <dt>Status now</dt>
                <dd>
                  {m.status} <RagBadge rag={item.rag} />
                </dd>
                <dt>As published</dt>
                <dd>{m.publishedDate ?? 'No date published'}</dd>
                <dt>Due</dt>
                <dd>
                  {formatDate(m.dueDate, 'Undated')}
                  {m.baselineDueDate && m.baselineDueDate !== m.dueDate ? ` (originally ${formatDate(m.baselineDueDate)})` : ''}
                </dd>
                <dt>Last update</dt>
                <dd>{lastUpdated}</dd>
                {m.latestCommentary ? (
                  <>
                    <dt>Latest commentary</dt>
                    <dd>{m.latestCommentary}</dd>
                  </>
                ) : null}
              </dl>

              {!access.allowed ? (
                <MessageBar intent="info">
                  <MessageBarBody>
                    <MessageBarTitle>You can view this milestone but not update it.</MessageBarTitle>
                    {access.why}
                  </MessageBarBody>
                </MessageBar>
              ) : (
                <>
                  <div ref={summaryRef} tabIndex={-1} aria-live="polite">
                    <OutcomeMessage outcome={outcome} onReapply={reapply} onDiscard={onClose} />
                  </div>
                  <div className={styles.form}>
                    <h2 className={styles.heading}>Your update</h2>
                    <Field label="Status" required validationMessage={problem('status')}>
                      <Select id={FIELD_IDS.status} value={values.status} onChange={(_e, data) => set('status', data.value as MilestoneStatus)}>
                        {MILESTONE_STATUSES.map((status) => (
                          <option key={status}>{status}</option>
                        ))}
                      </Select>
                    </Field>
                    <Field
                      label="Commentary"
                      required={STATUSES_NEEDING_COMMENTARY.includes(values.status)}
                      hint={STATUSES_NEEDING_COMMENTARY.includes(values.status) ? `Say why it is ${values.status.toLowerCase()} and what is being done.` : 'What has happened since the last update.'}
                      validationMessage={problem('commentary')}
                    >
                      <Textarea id={FIELD_IDS.commentary} value={values.commentary} maxLength={2000} resize="vertical" onChange={(_e, data) => set('commentary', data.value)} />
                    </Field>
                    <Field label="Due date" hint={m.dueDate ? 'Change it only if the date has moved.' : 'Set a date if one has been agreed.'} validationMessage={problem('dueDate')}>
                      <Input id={FIELD_IDS.dueDate} type="date" value={values.dueDate} onChange={(_e, data) => set('dueDate', data.value)} />
                    </Field>
                    {revising ? (
                      <>
                        <Field label="Why has the date moved?" required validationMessage={problem('reason', 'reason.category')}>
                          <Select id={FIELD_IDS.reason} value={values.reasonCategory} onChange={(_e, data) => set('reasonCategory', data.value)}>
                            <option value="">Choose a reason</option>
                            {DATE_CHANGE_REASONS.map((reason) => (
                              <option key={reason.value} value={reason.value}>
                                {reason.label}
                              </option>
                            ))}
                          </Select>
                        </Field>
                        <Field label="Explain the new date" required validationMessage={problem('reason.text')}>
                          <Textarea id={FIELD_IDS['reason.text']} value={values.reasonText} maxLength={1000} resize="vertical" onChange={(_e, data) => set('reasonText', data.value)} />
                        </Field>
                      </>
                    ) : null}
                    {values.status === 'Complete' ? (
                      <Field label="Completed on" hint="Leave blank for today." validationMessage={problem('completedOn')}>
                        <Input id={FIELD_IDS.completedOn} type="date" value={values.completedOn} onChange={(_e, data) => set('completedOn', data.value)} />
                      </Field>
                    ) : null}
                  </div>
                </>
              )}
            </DialogContent>
            <DialogActions>
              {access.allowed && outcome.kind !== 'conflict' ? (
                <Button type="submit" appearance="primary" disabled={outcome.kind === 'saving'} icon={outcome.kind === 'saving' ? <Spinner size="tiny" /> : undefined}>
                  {outcome.kind === 'saving' ? 'Saving…' : 'Save update'}
                </Button>
              ) : null}
              <Button type="button" onClick={onClose}>
                {access.allowed ? 'Cancel' : 'Close'}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

function OutcomeMessage({ outcome, onReapply, onDiscard }: { outcome: Outcome; onReapply: () => void; onDiscard: () => void }) {
  const styles = useStyles();
  switch (outcome.kind) {
    case 'invalid':
      return (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>Check your update</MessageBarTitle>
            <ul className={styles.changes}>
              {outcome.fields.length > 0 ? outcome.fields.map((f) => <li key={f.field}>{f.message}</li>) : <li>{outcome.message}</li>}
            </ul>
          </MessageBarBody>
        </MessageBar>
      );
    case 'conflict': {
      const who = outcome.lastUpdate?.authorName ?? outcome.current.record.lastUpdatedByName ?? 'Someone else';
      const when = outcome.lastUpdate?.updatedAt ?? outcome.current.record.lastUpdatedOn;
      return (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>
              {who} updated this milestone{when ? ` ${formatAge(when)}` : ''}, after you opened it
            </MessageBarTitle>
            {outcome.changes.length > 0 ? (
              <ul className={styles.changes}>
                {outcome.changes.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            ) : null}
            Your changes are kept below. Re-apply them on top of the newer version, or discard them.
          </MessageBarBody>
          <DialogActions>
            <Button appearance="primary" onClick={onReapply}>
              Re-apply my changes
            </Button>
            <Button onClick={onDiscard}>Discard my changes</Button>
          </DialogActions>
        </MessageBar>
      );
    }
    case 'failed':
      return (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>Not saved</MessageBarTitle>
            {outcome.message}
          </MessageBarBody>
        </MessageBar>
      );
    default:
      return null;
  }
}
