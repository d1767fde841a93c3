/**
 * What happens when a person presses a button on a personal card: the same path as the tab's
 * update API, as the person who pressed it. Their Entra object id (from the activity) gives their
 * groups (Graph) and so their access (the access groups file); the milestone is read, the update
 * authorised (decideUpdate), validated (validateMilestoneUpdate), planned (planMilestoneUpdate)
 * and saved with If-Match on the eTag the card showed, with its history row (MilestoneWriter).
 * Every outcome is answered with the digest card again, milestones as they are now, and a notice
 * on the one acted on: saved, refused, not valid, changed meanwhile (and by whom), or failed.
 */
import { CARD_STATUSES, CARD_VERBS, buildPersonalDigestCard, inputIds } from '../cards/personal-digest-card.ts';
import type { ItemNotice, PersonalCard, PersonalDigestItem } from '../cards/personal-digest-card.ts';
import { decideUpdate } from '../domain/access.ts';
import type { Access, DirectorateNames } from '../domain/access.ts';
import type { Clock } from '../domain/clock.ts';
import { formatUkDate } from '../domain/iso-date.ts';
import { planMilestoneUpdate, validateMilestoneUpdate } from '../domain/milestone-update.ts';
import type { FieldProblem } from '../domain/milestone-update.ts';
import { STATUSES_NEEDING_COMMENTARY } from '../domain/records.ts';
import type { Milestone, MilestoneUpdate } from '../domain/records.ts';
import { WaymarkGraphError, toWaymarkGraphError } from '../graph/graph-error.ts';
import type { Stored } from '../graph/list-records.ts';
import type { AccessGroups } from '../server/auth/access-groups.ts';
import type { MilestoneWriter } from '../server/milestone-writer.ts';
import type { BotStore, DigestLayout } from './bot-store.ts';
import type { Directory, DirectoryMember } from './directory.ts';

export interface CardActionOptions {
  writer: MilestoneWriter;
  accessGroups: AccessGroups;
  directory: Directory;
  store: BotStore;
  clock: Clock;
  /** The tab's link to one milestone, for a card whose digest is no longer stored. */
  milestoneLink: (milestoneId: string) => string;
  /** The tab's "my milestones" view, likewise. */
  myMilestones: { title: string; url: string };
  directorateNames?: DirectorateNames;
  log?: (line: string) => void;
}

/** A button press as the bot received it. */
export interface CardActionRequest {
  verb: string;
  /** The action's data merged with the card's input values, as Teams sends them. */
  data: Record<string, unknown>;
  actor: { aadObjectId?: string; userId: string; name?: string };
}

export type CardActionOutcome = 'saved' | 'refused' | 'invalid' | 'conflict' | 'failed' | 'refreshed' | 'not-understood';

export interface CardActionResult {
  outcome: CardActionOutcome;
  card: PersonalCard;
  /** Problems of an invalid update, naming the card's fields. */
  problems?: FieldProblem[];
}

/** Labels of the card's inputs, for messages that name what to fix. */
const FIELD_LABELS: Record<string, string> = {
  status: 'Status',
  commentary: 'Comment',
  dueDate: 'New due date',
  reason: 'Why the date moves',
  'reason.category': 'Why the date moves',
  'reason.text': 'Explain the change',
};

const UPDATE_VERBS = new Set<string>([CARD_VERBS.complete, CARD_VERBS.status, CARD_VERBS.revise]);

/** Answers one button press (or an automatic refresh) with the card to show. Never throws for Graph's failures: they become a notice. */
export async function handleCardAction(options: CardActionOptions, request: CardActionRequest): Promise<CardActionResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const data = request.data;
  const digestKey = typeof data.digest === 'string' ? data.digest : undefined;
  const milestoneId = typeof data.milestoneId === 'string' && /^[1-9]\d{0,9}$/.test(data.milestoneId) ? data.milestoneId : undefined;
  const eTag = typeof data.eTag === 'string' && data.eTag !== '' ? data.eTag : undefined;

  let member: DirectoryMember | undefined;
  let access: Access = { roles: ['reader'], directorates: [] };
  let whoProblem: string | undefined;
  if (!request.actor.aadObjectId) {
    whoProblem = 'Teams did not say who pressed the button, so nothing was changed.';
  } else {
    try {
      member = await options.directory.member(request.actor.aadObjectId);
      access = options.accessGroups.accessFor(member.groupIds);
    } catch (error) {
      const failure = toWaymarkGraphError(error);
      log(`waymark bot: could not read ${request.actor.aadObjectId} from the directory: ${failure.reason} ${failure.requestId ?? ''} ${failure.details ?? failure.message}`);
      whoProblem = failure.reason === 'not-found' ? 'Waymark could not find you in your organisation’s directory, so nothing was changed.' : 'Waymark could not check who you are just now, so nothing was changed. Try again in a minute.';
    }
  }
  const viewer = { access, name: member?.name ?? request.actor.name ?? 'you', userId: request.actor.userId };

  if (request.verb === CARD_VERBS.refresh) {
    const ids = Array.isArray(data.milestoneIds) ? data.milestoneIds.filter((id): id is string => typeof id === 'string') : [];
    return { outcome: 'refreshed', card: await digestCard(options, viewer, digestKey, ids, new Map(), new Map()) };
  }
  if (!UPDATE_VERBS.has(request.verb) || !milestoneId || !eTag) {
    const card = await digestCard(options, viewer, digestKey, milestoneId ? [milestoneId] : [], new Map(), new Map());
    return { outcome: 'not-understood', card };
  }

  const known = new Map<string, Stored<Milestone>>();
  const notices = new Map<string, ItemNotice>();
  const answer = async (outcome: CardActionOutcome, notice: ItemNotice, problems?: FieldProblem[]): Promise<CardActionResult> => {
    notices.set(milestoneId, notice);
    const card = await digestCard(options, viewer, digestKey, [milestoneId], known, notices);
    return { outcome, card, ...(problems ? { problems } : {}) };
  };

  if (whoProblem || !member) return answer('refused', { kind: 'refused', text: whoProblem ?? 'Nothing was changed.' });
  let current: Stored<Milestone>;
  try {
    current = await options.writer.read(milestoneId);
  } catch (error) {
    const failure = toWaymarkGraphError(error);
    if (failure.reason === 'not-found') return answer('failed', { kind: 'failed', text: 'This milestone is no longer in the plan, so nothing was changed.' });
    log(`waymark bot: reading milestone ${milestoneId} failed: ${failure.reason} ${failure.requestId ?? ''} ${failure.details ?? failure.message}`);
    return answer('failed', { kind: 'failed', text: unavailableText(failure) });
  }
  known.set(milestoneId, current);

  const decision = decideUpdate(access, current.record, options.directorateNames);
  if (!decision.allowed) return answer('refused', { kind: 'refused', text: `Not saved. ${decision.message}` });

  const body = updateBody(request.verb, data, milestoneId, current.record);
  const today = options.clock.today();
  const validation = validateMilestoneUpdate(body, today);
  if (!validation.ok) {
    const problems = validation.problems.map(labelled);
    return answer('invalid', { kind: 'invalid', text: `Not saved: ${problems.map((problem) => problem.message).join(' ')}` }, problems);
  }
  const now = options.clock.now().replace(/\.\d+Z$/, 'Z');
  const planned = planMilestoneUpdate(current, validation.update, { upn: member.upn, ...(member.name ? { name: member.name } : {}) }, { now, today }, 'card');
  try {
    const outcome = await options.writer.save(current, eTag, planned);
    if (outcome.kind === 'conflict') {
      known.set(milestoneId, outcome.current);
      return answer('conflict', conflictNotice(outcome.lastUpdate));
    }
    known.set(milestoneId, outcome.milestone);
    // The writer may save the milestone yet fail to record its history row; the change still stands.
    return answer('saved', { kind: 'saved', text: 'Saved:', quote: outcome.update ? savedSummary(outcome.update.record) : planned.history.summary.replace(/^[^:]*:\s*/, '') });
  } catch (error) {
    const failure = toWaymarkGraphError(error);
    log(`waymark bot: saving milestone ${milestoneId} failed: ${failure.reason} ${failure.statusCode ?? ''} ${failure.requestId ?? ''} ${failure.details ?? failure.message}`);
    return answer('failed', { kind: 'failed', text: unavailableText(failure) });
  }
}

/** The update body a verb and the card's inputs make, in the write API's shape (validated next, like the API's). */
function updateBody(verb: string, data: Record<string, unknown>, milestoneId: string, current: Milestone): Record<string, unknown> {
  const ids = inputIds(milestoneId);
  const text = (key: string): string | undefined => (typeof data[key] === 'string' && (data[key] as string).trim() !== '' ? (data[key] as string) : undefined);
  if (verb === CARD_VERBS.complete) return { status: 'Complete', source: 'card' };
  if (verb === CARD_VERBS.status) {
    const status = text(ids.status);
    const comment = text(ids.comment);
    // Only the statuses the card offers: Complete has its own button, the rest are the tab's.
    const offered = status === undefined || (CARD_STATUSES as readonly string[]).includes(status) ? status : `${status} (not offered on the card)`;
    return { status: offered, ...(comment !== undefined ? { commentary: comment } : {}), source: 'card' };
  }
  const category = text(ids.reasonCategory);
  const reasonText = text(ids.reasonText);
  const dueDate = text(ids.date);
  // A revised date keeps the status; a status that needs commentary keeps its latest commentary.
  const commentary = STATUSES_NEEDING_COMMENTARY.includes(current.status) ? (current.latestCommentary ?? reasonText) : undefined;
  return {
    status: current.status,
    ...(commentary !== undefined ? { commentary } : {}),
    dueDate: dueDate ?? null,
    reason: { ...(category !== undefined ? { category } : {}), text: reasonText ?? '' },
    source: 'card',
  };
}

function labelled(problem: FieldProblem): FieldProblem {
  const label = FIELD_LABELS[problem.field];
  if (!label) return problem;
  const message = problem.message.startsWith(`${problem.field} `) ? `${label} ${problem.message.slice(problem.field.length + 1)}` : `${label}: ${problem.message}`;
  return { field: problem.field, message: message.replace(/\bdueDate\b/g, 'the new due date') };
}

function conflictNotice(lastUpdate: Stored<MilestoneUpdate> | null): ItemNotice {
  if (!lastUpdate) return { kind: 'conflict', text: 'Not saved: this milestone changed after your card was sent. The card now shows it as it is; act again if you still need to.' };
  const who = lastUpdate.record.authorName ?? lastUpdate.record.authorUpn;
  return {
    kind: 'conflict',
    text: 'Not saved: this milestone changed after your card was sent. The card now shows it as it is; act again if you still need to. Last change:',
    quote: `${who}, ${formatUkDate(lastUpdate.record.updatedAt.slice(0, 10))}: ${savedSummary(lastUpdate.record)}`,
  };
}

// The history row's summary without the project code it starts with (the card shows that already).
function savedSummary(update: MilestoneUpdate): string {
  const summary = update.summary.replace(/^[^:]*:\s*/, '');
  return update.commentary ? `${summary}. “${update.commentary}”` : summary;
}

function unavailableText(failure: WaymarkGraphError): string {
  const wait = failure.retryAfterSeconds ? `${Math.ceil(failure.retryAfterSeconds)} seconds` : 'a minute';
  return `Not saved: SharePoint could not be reached or was busy. Try again in ${wait}.`;
}

interface Viewer {
  access: Access;
  name: string;
  userId: string;
}

/**
 * The digest card with milestones as they are now: the stored layout when there is one, else just
 * the milestones named. `known` holds milestones already read; the rest are read in parallel.
 */
async function digestCard(
  options: CardActionOptions,
  viewer: Viewer,
  digestKey: string | undefined,
  fallbackIds: readonly string[],
  known: Map<string, Stored<Milestone>>,
  notices: Map<string, ItemNotice>,
): Promise<PersonalCard> {
  const layout: DigestLayout | undefined = digestKey ? options.store.digest(digestKey) : undefined;
  const entries = layout ? layout.items : [...new Set(fallbackIds)].map((milestoneId) => ({ milestoneId, link: options.milestoneLink(milestoneId) }) as DigestLayout['items'][number]);
  const milestones = await Promise.all(
    entries.map(async (entry) => {
      const already = known.get(entry.milestoneId);
      if (already) return already;
      try {
        return await options.writer.read(entry.milestoneId);
      } catch (error) {
        // A removed milestone drops out of the card; anything else keeps the card answering without it.
        if (!(error instanceof WaymarkGraphError && error.reason === 'not-found')) (options.log ?? (() => undefined))(`waymark bot: reading milestone ${entry.milestoneId} for a card failed: ${String(error)}`);
        return undefined;
      }
    }),
  );
  const items: PersonalDigestItem[] = [];
  entries.forEach((entry, index) => {
    const milestone = milestones[index];
    if (!milestone) return;
    const record = milestone.record;
    const notice = notices.get(entry.milestoneId);
    items.push({
      milestoneId: milestone.id,
      eTag: milestone.eTag,
      projectCode: record.projectCode,
      ...(entry.projectTitle ? { projectTitle: entry.projectTitle } : {}),
      milestoneTitle: record.title,
      ...(record.publishedDate ? { publishedDate: record.publishedDate } : {}),
      ...(record.dueDate ? { dueDate: record.dueDate } : {}),
      status: record.status,
      ...(record.latestCommentary ? { latestCommentary: record.latestCommentary } : {}),
      ...(record.lastUpdatedOn ? { lastUpdatedOn: record.lastUpdatedOn } : {}),
      ...(record.lastUpdatedByName || record.lastUpdatedByUpn ? { lastUpdatedByName: record.lastUpdatedByName ?? record.lastUpdatedByUpn } : {}),
      link: entry.link,
      canUpdate: decideUpdate(viewer.access, record, options.directorateNames).allowed,
      ...(notice ? { notice } : {}),
    });
  });
  return buildPersonalDigestCard({
    recipientName: layout?.recipientName ?? viewer.name,
    title: layout?.title ?? 'Milestone update',
    asOf: options.clock.today(),
    items,
    viewAll: layout?.viewAll ?? options.myMilestones,
    ...(digestKey ? { digest: digestKey } : {}),
    refreshFor: layout?.refreshFor ?? [viewer.userId],
  }).card;
}
