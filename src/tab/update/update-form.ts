/**
 * The update dialog's form as plain data: what it starts from, what it sends, and how to tell a
 * person what changed while they were editing. No React, so it is tested without a DOM.
 */
import type { Milestone, MilestoneStatus } from '../../domain/records.ts';
import { formatDate } from '../format.ts';
import type { UpdateRequest } from '../data/api-client.ts';

/** What the person is editing; every field a string, as the controls hold it. */
export interface UpdateFormValues {
  status: MilestoneStatus;
  commentary: string;
  /** The due date as the form shows it; a change from the milestone's is a revision. */
  dueDate: string;
  reasonCategory: string;
  reasonText: string;
  completedOn: string;
}

/** The form for a milestone as it is now: current status and due date, blank commentary. */
export function initialValues(milestone: Milestone): UpdateFormValues {
  return {
    status: milestone.status,
    commentary: '',
    dueDate: milestone.dueDate ?? '',
    reasonCategory: '',
    reasonText: '',
    completedOn: milestone.completedOn ?? '',
  };
}

/** True when the form moves the due date (so a reason is asked for). */
export function revisesDueDate(values: UpdateFormValues, milestone: Milestone): boolean {
  return values.dueDate.trim() !== '' && values.dueDate !== (milestone.dueDate ?? '');
}

/** The request body for the API: the due date and reason only when the date moves, completion only for Complete. */
export function toUpdateRequest(values: UpdateFormValues, milestone: Milestone): UpdateRequest {
  const request: UpdateRequest = { status: values.status };
  const commentary = values.commentary.trim();
  if (commentary !== '') request.commentary = commentary;
  if (revisesDueDate(values, milestone)) {
    request.dueDate = values.dueDate;
    request.reason = { category: values.reasonCategory, text: values.reasonText.trim() };
  }
  if (values.status === 'Complete' && values.completedOn.trim() !== '') request.completedOn = values.completedOn;
  return request;
}

/**
 * What another person changed between the copy the form started from and the milestone as it is
 * now, one line per field, e.g. "Status: On track → At risk".
 */
export function describeChanges(before: Milestone, after: Milestone): string[] {
  const lines: string[] = [];
  const compare = (label: string, from: string | undefined, to: string | undefined) => {
    if ((from ?? '') !== (to ?? '')) lines.push(`${label}: ${from || 'none'} → ${to || 'none'}`);
  };
  compare('Status', before.status, after.status);
  compare('Due date', before.dueDate && formatDate(before.dueDate), after.dueDate && formatDate(after.dueDate));
  compare('Completed on', before.completedOn && formatDate(before.completedOn), after.completedOn && formatDate(after.completedOn));
  if ((before.latestCommentary ?? '') !== (after.latestCommentary ?? '')) lines.push(`Commentary: “${after.latestCommentary ?? ''}”`);
  return lines;
}
