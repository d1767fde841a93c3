/**
 * Updating milestones in the built tab, end to end: the dialog, the write API, the emulator and
 * back. A manager updates one of theirs and finds it (and its history) after a reload; a manager
 * of another directorate is told why they cannot and nothing changes; two people editing the same
 * milestone lose nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { repositoryFromConfig } from '../../src/cli/graph-from-config.ts';
import type { ListRepository } from '../../src/graph/repository.ts';
import type { Stored } from '../../src/graph/list-records.ts';
import type { Milestone } from '../../src/domain/records.ts';
import { useBrowserStack, waitForPlan } from './browser-stack.ts';

const env = useBrowserStack();
let repository: ListRepository;
let cfMilestones: Stored<Milestone>[];

beforeAll(async () => {
  repository = await repositoryFromConfig(env.stack.config);
  const plan = await repository.loadPlan(env.stack.config.defaultPlan);
  // Children and Families' own milestones (not joint), in the order the project page lists them.
  cfMilestones = plan.milestones.filter((m) => m.record.directorates.length === 1 && m.record.directorates[0] === 'CF');
});

function rowOf(page: Page, title: string) {
  return page.locator('tr', { hasText: title }).first();
}

async function openDialog(page: Page, title: string, verb: 'Update' | 'View' = 'Update') {
  await rowOf(page, title).getByRole('button', { name: new RegExp(`^${verb} `) }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  return dialog;
}

describe('updating a milestone in the tab', () => {
  it('a manager updates one of their directorate’s milestones, reloads, and sees it and its history', async () => {
    const target = cfMilestones[0]!;
    const page = await env.open({ persona: 'manager-cf', project: target.record.projectCode });
    const dialog = await openDialog(page, target.record.title);
    await dialog.getByLabel(/^Status/).selectOption('At risk');
    await dialog.getByLabel(/^Commentary/).fill('Supplier delay; recovery plan agreed with the board.');
    await dialog.getByRole('button', { name: 'Save update' }).click();
    await dialog.waitFor({ state: 'detached' });
    // The views show the change at once, before any refresh.
    await expect.poll(() => rowOf(page, target.record.title).innerText()).toMatch(/at risk/i);

    await page.reload();
    await waitForPlan(page);
    await expect.poll(() => rowOf(page, target.record.title).innerText()).toMatch(/at risk/i);
    const history = page.getByRole('list', { name: /Update history/ });
    await expect.poll(() => history.innerText()).toContain('Supplier delay; recovery plan agreed with the board.');
    expect(await history.innerText()).toContain('Demo Programme Manager, Children and Families');

    const stored = await repository.get('Milestones', target.id);
    expect(stored.record).toMatchObject({ status: 'At risk', latestCommentary: 'Supplier delay; recovery plan agreed with the board.', lastUpdatedByUpn: 'manager.cf@demo.waymark.example' });
  });

  it('a manager of another directorate sees why they cannot update it, and nothing changes', async () => {
    const target = cfMilestones[1]!;
    const before = await repository.get('Milestones', target.id);
    const page = await env.open({ persona: 'manager-eis', project: target.record.projectCode });
    const dialog = await openDialog(page, target.record.title, 'View');
    await expect.poll(() => dialog.innerText()).toMatch(/You can view this milestone but not update it/);
    expect(await dialog.getByRole('button', { name: 'Save update' }).count()).toBe(0);
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Even a hand-made request with this person's token is refused by the service.
    const refused = await page.evaluate(
      async ({ id, eTag }) => {
        const token = await fetch(`${(await (await fetch('tab-config.json')).json()).devIdentityUrl}/dev/personas/manager-eis/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'scope=api%3A%2F%2Fwaymark.local%2Faccess_as_user',
        }).then((r) => r.json());
        const answer = await fetch(`api/milestones/${id}/updates`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token.access_token}`, 'If-Match': eTag, 'Content-Type': 'application/json' },
          body: JSON.stringify({ status: 'Complete' }),
        });
        return answer.status;
      },
      { id: target.id, eTag: before.eTag },
    );
    expect(refused).toBe(403);
    expect((await repository.get('Milestones', target.id)).eTag).toBe(before.eTag);
  });

  it('two people edit the same milestone: the second sees what changed, re-applies, and both updates are kept', async () => {
    const target = cfMilestones[2]!;
    const first = await env.open({ persona: 'manager-cf', project: target.record.projectCode });
    const second = await env.open({ persona: 'director-cf', project: target.record.projectCode });
    const firstDialog = await openDialog(first, target.record.title);
    const secondDialog = await openDialog(second, target.record.title);

    await firstDialog.getByLabel(/^Status/).selectOption('Off track');
    await firstDialog.getByLabel(/^Commentary/).fill('Contract award delayed by procurement challenge.');
    await firstDialog.getByRole('button', { name: 'Save update' }).click();
    await firstDialog.waitFor({ state: 'detached' });

    await secondDialog.getByLabel(/^Status/).selectOption('At risk');
    await secondDialog.getByLabel(/^Commentary/).fill('Director review: mitigation in place.');
    await secondDialog.getByRole('button', { name: 'Save update' }).click();
    await expect.poll(() => secondDialog.innerText()).toMatch(/updated this milestone/);
    expect(await secondDialog.innerText()).toMatch(/Status: .* → Off track/);
    // Nothing typed is lost.
    expect(await secondDialog.getByLabel(/^Commentary/).inputValue()).toBe('Director review: mitigation in place.');

    await secondDialog.getByRole('button', { name: 'Re-apply my changes' }).click();
    await secondDialog.getByRole('button', { name: 'Save update' }).click();
    await secondDialog.waitFor({ state: 'detached' });

    const stored = await repository.get('Milestones', target.id);
    expect(stored.record).toMatchObject({ status: 'At risk', latestCommentary: 'Director review: mitigation in place.' });
    const history = await repository.list('MilestoneUpdates', { filter: `fields/MilestoneItemId eq '${target.id}'` });
    expect(history.map((h) => h.record.commentary).sort()).toEqual(['Contract award delayed by procurement challenge.', 'Director review: mitigation in place.']);
  });
});
