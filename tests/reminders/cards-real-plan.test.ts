/**
 * Cards built from the real 2026/27 plan (imported by the importer into an in-memory emulator):
 * every card a run would send on each working day of two busy months, and the biggest digests
 * the plan can produce, are valid Adaptive Cards 1.5 within Teams' 28 KB, and their links open
 * the tab on the routes the tab reads.
 */
import { describe, expect, it } from 'vitest';
import { buildDigestCard } from '../../src/cards/digest-card.ts';
import { MAX_MESSAGE_BYTES } from '../../src/cards/adaptive-card.ts';
import { addDaysIso } from '../../src/domain/iso-date.ts';
import { formatSubPageId, parseSubPageId, tabWebUrl } from '../../src/domain/deep-links.ts';
import type { DeepLinkTarget } from '../../src/domain/deep-links.ts';
import { isOpen } from '../../src/domain/status.ts';
import { parseRoute, routeFromSubPageId } from '../../src/tab/routing.ts';
import { adaptiveCardProblems } from './card-validation.ts';
import { PLAN, TAB, useReminderStack } from './reminder-stack.ts';

const reminderStack = useReminderStack();

describe('cards from the real plan', () => {
  it('every card of every working day in June and July 2026 is valid AC 1.5 and under 28 KB', async () => {
    const reminders = reminderStack().reminders();
    let cards = 0;
    for (let day = '2026-06-01'; day <= '2026-07-31'; day = addDaysIso(day, 1)) {
      const report = await reminders.run(day, { dryRun: true });
      for (const delivery of report.deliveries) {
        cards += 1;
        expect(adaptiveCardProblems(delivery.card), `${day} ${delivery.recipient}`).toEqual([]);
        expect(delivery.bytes).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
      }
    }
    expect(cards).toBeGreaterThan(100);
  });

  it('a digest of every open milestone in the plan is cut to fit, most urgent first, and stays valid', async () => {
    const plan = await reminderStack().repository.loadPlan(PLAN);
    const projects = new Map(plan.projects.map((project) => [project.record.code, project.record]));
    const open = plan.milestones.filter((item) => isOpen(item.record.status));
    const items = open
      .map(({ id, record }) => ({
        projectCode: record.projectCode,
        projectTitle: projects.get(record.projectCode)?.title ?? '',
        milestoneTitle: record.title,
        ...(record.publishedDate ? { publishedDate: record.publishedDate } : {}),
        ...(record.dueDate ? { dueDate: record.dueDate } : {}),
        status: record.status,
        link: tabWebUrl(TAB, { kind: 'milestone', id }),
      }))
      .sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
    const built = buildDigestCard({ recipientName: 'Senior leadership team', title: 'Milestones long overdue', asOf: '2026-09-01', items, viewAll: { title: 'Open exceptions in Waymark', url: tabWebUrl(TAB, { kind: 'exceptions' }) } });
    expect(items.length).toBeGreaterThan(150);
    expect(built.bytes).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(built.shown).toBeLessThan(items.length);
    expect(adaptiveCardProblems(built.card)).toEqual([]);
    expect(JSON.stringify(built.card)).toContain(`And ${items.length - built.shown} more`);
    expect(JSON.stringify(built.card)).toContain(JSON.stringify(items[0]?.milestoneTitle));
  });
});

describe('links land where the tab expects', () => {
  it.each<[DeepLinkTarget, ReturnType<typeof parseRoute>]>([
    [{ kind: 'milestone', id: '17' }, { view: 'milestone', milestone: '17' }],
    [{ kind: 'project', code: 'PE1' }, { view: 'project', project: 'PE1' }],
    [{ kind: 'mine' }, { view: 'mine' }],
    [{ kind: 'directorate', code: 'CF' }, { view: 'directorate', directorate: 'CF' }],
    [{ kind: 'exceptions' }, { view: 'exceptions' }],
  ])('%j opens the tab on %j, by address and by subPageId', (target, route) => {
    expect(parseRoute(new URL(tabWebUrl(TAB, target)).search)).toEqual(route);
    expect(parseSubPageId(formatSubPageId(target))).toEqual(target);
    if (target.kind !== 'mine' && target.kind !== 'exceptions') expect(routeFromSubPageId(formatSubPageId(target))).toEqual(route);
  });
});
