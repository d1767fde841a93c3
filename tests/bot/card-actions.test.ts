/**
 * Card actions as the bot receives them from Teams (an `adaptiveCard/action` invoke POSTed to
 * /api/messages): each verb saved through the write path with its history, a refusal for people
 * without rights, validation errors naming the card's fields, a stale card told what changed, and
 * an automatic refresh. The answer is always 200 with an Adaptive Card (Teams shows anything else
 * as an error); nothing refused is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_VERBS, inputIds } from '../../src/cards/personal-digest-card.ts';
import type { Milestone } from '../../src/domain/records.ts';
import type { Stored } from '../../src/graph/list-records.ts';
import { cardText, itemOf, startBotStack } from './bot-stack.ts';
import type { BotStack, InvokeAnswer } from './bot-stack.ts';
import { personalCardProblems } from './card-validation.ts';

let bot: BotStack;
let cf: Stored<Milestone>[];
let eis: Stored<Milestone>[];
let next = 0;

beforeAll(async () => {
  bot = await startBotStack();
  const open = (m: Stored<Milestone>) => m.record.status !== 'Complete' && m.record.status !== 'Cancelled';
  cf = bot.milestones.filter((m) => m.record.directorates.length === 1 && m.record.directorates[0] === 'CF' && open(m));
  eis = bot.milestones.filter((m) => m.record.directorates.length === 1 && m.record.directorates[0] === 'EIS' && open(m));
}, 60_000);

afterAll(async () => {
  await bot?.close();
});

/** A CF milestone no other test touches. */
function freshCf(): Stored<Milestone> {
  const milestone = cf[next++];
  if (!milestone) throw new Error('ran out of CF milestones');
  return milestone;
}

function expectCardAnswer(answer: InvokeAnswer): Record<string, unknown> {
  expect(answer.status).toBe(200);
  expect(answer.contentType).toMatch(/application\/json/);
  expect(answer.body?.statusCode).toBe(200);
  expect(answer.body?.type).toBe('application/vnd.microsoft.card.adaptive');
  const card = answer.body?.value as Record<string, unknown>;
  expect(personalCardProblems(card)).toEqual([]);
  return card;
}

const data = (milestone: Stored<Milestone>, extra: Record<string, unknown> = {}) => ({ waymark: 1, milestoneId: milestone.id, eTag: milestone.eTag, ...extra });

describe('card actions through /api/messages', () => {
  it('marks a milestone complete for its directorate’s manager, with a history row from the card, and answers with the new state and who changed it', async () => {
    const milestone = freshCf();
    const answer = await bot.invoke('manager-cf', CARD_VERBS.complete, data(milestone));
    const card = expectCardAnswer(answer);
    const item = itemOf(card, milestone.id);
    expect(cardText(item)).toContain('Saved:');
    expect(cardText(item)).toContain('Complete');
    expect(cardText(item)).toContain(bot.person('manager-cf').displayName);
    const stored = await bot.read(milestone.id);
    expect(stored.record.status).toBe('Complete');
    expect(stored.record.lastUpdatedByUpn).toBe(bot.person('manager-cf').upn);
    const history = await bot.history(milestone.id);
    expect(history).toHaveLength(1);
    expect(history[0]?.record).toMatchObject({ source: 'card', newStatus: 'Complete', previousStatus: milestone.record.status, authorUpn: bot.person('manager-cf').upn });
    // A complete milestone offers no more buttons.
    expect(JSON.stringify(item)).not.toContain(CARD_VERBS.complete);
  });

  it('sets a status with a comment, shown exactly as typed', async () => {
    const milestone = freshCf();
    const ids = inputIds(milestone.id);
    const comment = 'Supplier *late*; see [plan](https://example.org) <b>now</b>';
    const card = expectCardAnswer(await bot.invoke('director-cf', CARD_VERBS.status, data(milestone, { [ids.status]: 'At risk', [ids.comment]: comment })));
    expect(cardText(itemOf(card, milestone.id))).toContain(comment);
    const stored = await bot.read(milestone.id);
    expect(stored.record).toMatchObject({ status: 'At risk', latestCommentary: comment });
  });

  it('revises a due date with a reason, keeping the original as the baseline', async () => {
    const milestone = cf.find((m, index) => index >= next && m.record.dueDate !== undefined && m.record.baselineDueDate === undefined && m.record.status !== 'At risk' && m.record.status !== 'Off track');
    if (!milestone) throw new Error('no dated CF milestone left');
    cf = cf.filter((m) => m !== milestone);
    const ids = inputIds(milestone.id);
    const card = expectCardAnswer(await bot.invoke('manager-cf', CARD_VERBS.revise, data(milestone, { [ids.date]: '2027-03-31', [ids.reasonCategory]: 'resources', [ids.reasonText]: 'Two posts vacant until January.' })));
    expect(cardText(itemOf(card, milestone.id))).toContain('Saved:');
    const stored = await bot.read(milestone.id);
    expect(stored.record).toMatchObject({ dueDate: '2027-03-31', baselineDueDate: milestone.record.dueDate, status: milestone.record.status });
    const [row] = await bot.history(milestone.id);
    expect(row?.record).toMatchObject({ reasonCategory: 'resources', reasonText: 'Two posts vacant until January.', newDueDate: '2027-03-31', source: 'card' });
  });

  it.each([
    ['director-eis', 'other-directorate', /belongs to Children and Families/],
    ['slt-chief-executive', 'read-only', /can read the plan but not update/],
    ['staff-member', 'no group', /can read the plan but not update/],
  ])('refuses %s (%s) with a card saying why, and writes nothing', async (persona, _why, sentence) => {
    const milestone = freshCf();
    const card = expectCardAnswer(await bot.invoke(persona, CARD_VERBS.complete, data(milestone)));
    const item = itemOf(card, milestone.id);
    expect(cardText(item)).toMatch(/^[\s\S]*Not saved\./);
    expect(cardText(item)).toMatch(sentence);
    // Their card offers them no buttons on a milestone they cannot update.
    expect(JSON.stringify(item)).not.toContain(CARD_VERBS.complete);
    const stored = await bot.read(milestone.id);
    expect(stored.eTag).toBe(milestone.eTag);
    expect(await bot.history(milestone.id)).toHaveLength(0);
  });

  it.each([
    ['At risk without a comment', (ids: ReturnType<typeof inputIds>) => ({ [ids.status]: 'At risk' }), CARD_VERBS.status, /Comment is required when the status is At risk/],
    ['a status the card does not offer', (ids: ReturnType<typeof inputIds>) => ({ [ids.status]: 'Sideways' }), CARD_VERBS.status, /Status is required and must be one of/],
    ['a revised date without a reason', (ids: ReturnType<typeof inputIds>) => ({ [ids.date]: '2027-01-15' }), CARD_VERBS.revise, /Explain the change is required|Why the date moves/],
    ['a revised date that is not a date', (ids: ReturnType<typeof inputIds>) => ({ [ids.date]: '31/02/2027', [ids.reasonCategory]: 'other', [ids.reasonText]: 'x' }), CARD_VERBS.revise, /New due date/],
  ])('answers %s with the problem named on the card, and writes nothing', async (_case, inputs, verb, problem) => {
    const milestone = freshCf();
    const card = expectCardAnswer(await bot.invoke('manager-cf', verb, data(milestone, inputs(inputIds(milestone.id)))));
    expect(cardText(itemOf(card, milestone.id))).toMatch(problem);
    expect((await bot.read(milestone.id)).eTag).toBe(milestone.eTag);
    expect(await bot.history(milestone.id)).toHaveLength(0);
  });

  it('tells a second person acting on a stale card what changed and who changed it, and saves nothing of theirs', async () => {
    const milestone = freshCf();
    const first = expectCardAnswer(await bot.invoke('manager-cf', CARD_VERBS.complete, data(milestone)));
    expect(cardText(itemOf(first, milestone.id))).toContain('Saved:');
    const ids = inputIds(milestone.id);
    // The director presses a button on the card as it was sent (the old eTag).
    const stale = expectCardAnswer(await bot.invoke('director-cf', CARD_VERBS.status, data(milestone, { [ids.status]: 'Off track', [ids.comment]: 'Stopped' })));
    const text = cardText(itemOf(stale, milestone.id));
    expect(text).toContain('Not saved: this milestone changed after your card was sent');
    expect(text).toContain(bot.person('manager-cf').displayName);
    expect(text).toContain('Complete');
    const stored = await bot.read(milestone.id);
    expect(stored.record.status).toBe('Complete');
    expect(await bot.history(milestone.id)).toHaveLength(1);
  });

  it('refreshes a card automatically with the milestones as they are now, for the person who sees it', async () => {
    const milestone = freshCf();
    const other = eis[0];
    if (!other) throw new Error('no EIS milestone');
    await bot.invoke('manager-cf', CARD_VERBS.complete, data(milestone));
    const card = expectCardAnswer(await bot.invoke('manager-cf', CARD_VERBS.refresh, { waymark: 1, digest: 'not-stored', milestoneIds: [milestone.id, other.id] }, { trigger: 'automatic' }));
    expect(cardText(itemOf(card, milestone.id))).toContain('Complete');
    expect(JSON.stringify(itemOf(card, other.id))).not.toContain(CARD_VERBS.status);
    expect((card.refresh as { action: { verb: string } }).action.verb).toBe(CARD_VERBS.refresh);
  });

  it('answers an action it does not understand with a card, not an error', async () => {
    const card = expectCardAnswer(await bot.invoke('manager-cf', 'milestone.explode', { waymark: 1 }));
    expect(card.type).toBe('AdaptiveCard');
  });
});
