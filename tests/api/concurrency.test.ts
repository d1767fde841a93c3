/**
 * Many people saving the same milestone at once, all from the same version: exactly one update
 * is accepted, every other gets 409 with the accepted state, and the history holds exactly the
 * accepted updates. Then each refused person re-applies on the newest eTag, one after another,
 * and every one of those lands in the history too: nothing is silently overwritten.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Milestone } from '../../src/domain/records.ts';
import type { Stored } from '../../src/graph/list-records.ts';
import { startApiStack } from './api-stack.ts';
import type { ApiStack } from './api-stack.ts';

const CONCURRENT = 20;
const PEOPLE = ['manager-cf', 'director-cf', 'performance-lead'];

let api: ApiStack;
let target: Stored<Milestone>;

beforeAll(async () => {
  api = await startApiStack();
  target = api.milestones.find((m) => m.record.directorates.length === 1 && m.record.directorates[0] === 'CF')!;
}, 60_000);

afterAll(async () => {
  await api?.close();
});

interface Answer {
  milestone?: { eTag: string; latestCommentary?: string };
  update?: { id: string; commentary?: string };
  error?: { code: string };
  current?: { eTag: string; latestCommentary?: string };
}

describe(`${CONCURRENT} concurrent conflicting updates of one milestone`, () => {
  it('exactly one is accepted, the others get 409 with its state, and every accepted update is in the history', async () => {
    const bodies = Array.from({ length: CONCURRENT }, (_, index) => ({ status: index % 2 === 0 ? 'At risk' : 'Off track', commentary: `Update number ${index + 1}.` }));
    const answers = await Promise.all(bodies.map((body, index) => api.update<Answer>(PEOPLE[index % PEOPLE.length]!, target.id, target.eTag, body)));

    const accepted = answers.filter((answer) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status === 409);
    expect(answers.map((answer) => answer.status).filter((status) => status !== 200 && status !== 409)).toEqual([]);
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(CONCURRENT - 1);
    const winner = accepted[0]!.body;
    for (const conflict of refused) expect(conflict.body.current).toMatchObject({ eTag: winner.milestone!.eTag, latestCommentary: winner.milestone!.latestCommentary });

    const stored = await api.repository.get('Milestones', target.id);
    expect(stored.eTag).toBe(winner.milestone!.eTag);
    expect(stored.record.latestCommentary).toBe(winner.milestone!.latestCommentary);
    const history = await api.history(target.id);
    expect(history.map((row) => row.record.commentary)).toEqual([winner.update!.commentary]);

    // Each refused person re-applies their edit on the newest version, as the dialog does.
    let eTag = winner.milestone!.eTag;
    const reapplied: string[] = [];
    for (const [index, body] of bodies.entries()) {
      if (body.commentary === winner.update!.commentary) continue;
      const answer = await api.update<Answer>(PEOPLE[index % PEOPLE.length]!, target.id, eTag, body);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      eTag = answer.body.milestone!.eTag;
      reapplied.push(body.commentary);
    }
    const after = await api.history(target.id);
    expect(after).toHaveLength(CONCURRENT);
    expect(after.map((row) => row.record.commentary).sort()).toEqual(bodies.map((body) => body.commentary).sort());
    expect((await api.repository.get('Milestones', target.id)).record.latestCommentary).toBe(reapplied.at(-1));
  }, 60_000);
});
