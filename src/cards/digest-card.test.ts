import { describe, expect, it } from 'vitest';
import { adaptiveCardProblems } from '../../tests/reminders/card-validation.ts';
import { MAX_MESSAGE_BYTES, serialisedBytes, workflowsMessage } from './adaptive-card.ts';
import type { CardElement } from './adaptive-card.ts';
import { buildDigestCard, timing } from './digest-card.ts';
import type { DigestCardInput, DigestCardItem } from './digest-card.ts';

function item(n: number, overrides: Partial<DigestCardItem> = {}): DigestCardItem {
  return {
    projectCode: `PE${n}`,
    projectTitle: 'Families First programme',
    milestoneTitle: `Milestone ${n}: open the family hub and report to Cabinet`,
    publishedDate: 'Feb-May 2026',
    dueDate: '2026-05-29',
    status: 'On track',
    lastUpdatedOn: '2026-04-01T09:00:00Z',
    link: `http://127.0.0.1:4200/?milestone=${n}`,
    ...overrides,
  };
}
function input(items: DigestCardItem[], overrides: Partial<DigestCardInput> = {}): DigestCardInput {
  return { recipientName: 'Demo Programme Manager', title: 'Milestone reminders', asOf: '2026-06-01', items, viewAll: { title: 'Open my milestones', url: 'http://127.0.0.1:4200/?view=mine' }, ...overrides };
}

/** Every element of a card, depth first. */
function elements(node: unknown): Record<string, unknown>[] {
  if (Array.isArray(node)) return node.flatMap(elements);
  if (node === null || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  return [record, ...Object.values(record).flatMap(elements)];
}
const texts = (card: unknown, type: string) => elements(card).filter((element) => element.type === type).map((element) => String(element.text));

describe('the digest card', () => {
  it('is a valid Adaptive Card 1.5 with each item’s project, milestone, dates, status, timing, last update and link', () => {
    const { card, shown } = buildDigestCard(input([item(1), item(2, { dueDate: '2026-06-15', status: 'At risk' })]));
    expect(adaptiveCardProblems(card)).toEqual([]);
    expect(card.version).toBe('1.5');
    expect(shown).toBe(2);
    const runs = texts(card, 'TextRun').join('|');
    for (const expected of ['PE1', ' Families First programme', 'Milestone 1: open the family hub and report to Cabinet', '29 May 2026', 'Feb-May 2026', 'On track', ' (Red)', ' · 3 days overdue', ' · last updated 1 April 2026', 'At risk', ' (Amber)', ' · due in 14 days']) {
      expect(runs).toContain(expected);
    }
    const links = elements(card).filter((element) => element.type === 'Action.OpenUrl');
    expect(links.map((link) => [link.title, link.url])).toEqual([
      ['Open in Teams', 'http://127.0.0.1:4200/?milestone=1'],
      ['Open in Teams', 'http://127.0.0.1:4200/?milestone=2'],
      ['Open my milestones', 'http://127.0.0.1:4200/?view=mine'],
    ]);
  });

  it.each([
    ['On track', '2026-06-20', 'good'],
    ['At risk', '2026-06-20', 'warning'],
    ['Off track', '2026-06-20', 'attention'],
    ['On track', '2026-05-01', 'attention'],
    ['Not started', '2026-06-20', 'default'],
  ] as const)('colours %s due %s as %s (a theme colour, so light, dark and high contrast map it)', (status, dueDate, color) => {
    const { card } = buildDigestCard(input([item(1, { status, dueDate })]));
    const statusRun = elements(card).find((element) => element.type === 'TextRun' && element.text === status);
    expect(statusRun?.color).toBe(color);
  });

  it('shows plan and commentary text exactly, never as markdown or links', () => {
    const sneaky = item(1, { projectTitle: '**Bold** _move_', milestoneTitle: 'See [the portal](https://evil.example) & <b>now</b>', publishedDate: '# TBC' });
    const { card } = buildDigestCard(input([sneaky], { recipientName: 'Ann *Lead*' }));
    expect(adaptiveCardProblems(card)).toEqual([]);
    const runs = texts(card, 'TextRun');
    expect(runs).toContain('See [the portal](https://evil.example) & <b>now</b>');
    expect(runs).toContain(' **Bold** _move_');
    expect(runs).toContain('Ann *Lead*');
    // TextBlocks (which Teams may read as markdown) hold only Waymark's own words.
    for (const text of texts(card, 'TextBlock')) expect(text).not.toMatch(/evil|Bold|portal|Lead|TBC/);
    expect(JSON.stringify(card)).not.toContain('"https://evil.example"');
  });

  it('keeps a long digest under 28 KB, most urgent first, with "and N more" and the link to the whole view', () => {
    const items = Array.from({ length: 120 }, (_, index) => item(index + 1, { milestoneTitle: `${'Long milestone title '.repeat(8)}${index + 1}` }));
    const built = buildDigestCard(input(items));
    expect(built.bytes).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(serialisedBytes(workflowsMessage(built.card))).toBe(built.bytes);
    expect(built.shown).toBeGreaterThan(5);
    expect(built.shown).toBeLessThan(120);
    expect(texts(built.card, 'TextBlock')).toContain(`And ${120 - built.shown} more, less urgent: see them all in Waymark.`);
    expect(texts(built.card, 'TextRun')).toContain(`${'Long milestone title '.repeat(8)}1`);
    expect(texts(built.card, 'TextRun')).not.toContain(`${'Long milestone title '.repeat(8)}120`);
    expect(adaptiveCardProblems(built.card)).toEqual([]);
    // One more item would not have fitted.
    const oneMore = buildDigestCard(input(items.slice(0, built.shown + 1)), built.bytes - 1);
    expect(oneMore.shown).toBeLessThanOrEqual(built.shown);
  });

  it('says how many there are when it shows them all', () => {
    const { card } = buildDigestCard(input([item(1)]));
    expect(texts(card, 'TextBlock')).toEqual(['1 milestone to look at.']);
    expect(card.fallbackText).toBe('Milestone reminders for Demo Programme Manager: 1 milestone.');
  });

  it('shows an undated milestone without timing', () => {
    const { card } = buildDigestCard(input([item(1, { dueDate: undefined, publishedDate: 'TBC' })]));
    const runs = texts(card, 'TextRun');
    expect(runs).toContain('no date');
    expect(runs.join('')).not.toMatch(/overdue|due in/);
    expect(adaptiveCardProblems(card)).toEqual([]);
  });

  it('wraps into the Workflows message shape', () => {
    const { card } = buildDigestCard(input([item(1)]));
    expect(workflowsMessage(card)).toEqual({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] });
    const container = card.body.find((element: CardElement) => element.type === 'Container');
    expect(container?.separator).toBe(true);
  });
});

describe('timing', () => {
  it.each([
    ['2026-06-01', 'due today'],
    ['2026-06-02', 'due tomorrow'],
    ['2026-06-15', 'due in 14 days'],
    ['2026-05-31', '1 day overdue'],
    ['2026-05-01', '31 days overdue'],
  ])('%s as of 2026-06-01: %s', (dueDate, expected) => {
    expect(timing(dueDate, '2026-06-01')).toBe(expected);
  });
});
