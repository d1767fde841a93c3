/**
 * End to end: `waymark remind` against an in-memory emulator holding the real 2026/27 plan (with
 * the demo people as `npm start` seeds them), posting to the emulator's webhook inbox. Checks who
 * receives which card, that a rerun sends nothing, that a run killed part way is completed by the
 * next with at most the one in-flight card twice, and that a failing webhook is reported and
 * retried, not dropped.
 */
import { describe, expect, it } from 'vitest';
import { runRemindCommand } from '../../src/cli/commands/remind.ts';
import { CliError } from '../../src/cli/run-command.ts';
import type { WorkflowsMessage } from '../../src/cards/adaptive-card.ts';
import { MAX_MESSAGE_BYTES } from '../../src/cards/adaptive-card.ts';
import { webhookUrlFor } from '../../src/reminders/compose.ts';
import type { ReminderRunReport } from '../../src/reminders/run-reminders.ts';
import { WebhookDelivery } from '../../src/reminders/webhook-delivery.ts';
import type { CardSender } from '../../src/reminders/webhook-delivery.ts';
import { adaptiveCardProblems } from './card-validation.ts';
import { useReminderStack } from './reminder-stack.ts';
import type { InboxMessage } from './reminder-stack.ts';

const reminderStack = useReminderStack();

async function remind(asOf: string | undefined, options: { dryRun?: boolean; sender?: CardSender } = {}): Promise<{ report: ReminderRunReport; stdout: string }> {
  let stdout = '';
  const composed = reminderStack().reminders(options.sender ? { sender: options.sender } : {});
  const report = await runRemindCommand({ ...(asOf ? { asOf } : {}), json: true, ...(options.dryRun ? { dryRun: true } : {}) }, { run: composed.run, today: '2026-06-01', stdout: (text) => (stdout += text) });
  return { report, stdout };
}

/** The name a card is headed with ("For <name>"). */
function headedFor(message: InboxMessage): string {
  const body = (message.cards[0]?.body ?? []) as { inlines?: { text: string }[] }[];
  return body[1]?.inlines?.[1]?.text ?? '';
}
const titleOf = (message: InboxMessage) => ((message.cards[0]?.body ?? []) as { inlines?: { text: string }[] }[])[0]?.inlines?.[0]?.text ?? '';
const sorted = (pairs: string[][]) => pairs.map((pair) => pair.join(' ← ')).sort();

async function ledgerRows(runDate: string) {
  return (await reminderStack().repository.list('ReminderLedger', { honourNonIndexed: true })).filter((row) => row.record.runDate === runDate).map((row) => row.record);
}

describe('waymark remind as of Monday 1 June 2026', () => {
  let first: ReminderRunReport;

  it('sends one digest per recipient: people to their directorate channel under their name, SLT and performance digests to theirs', async () => {
    const { report, stdout } = await remind('2026-06-01');
    first = report;
    expect(JSON.parse(stdout)).toMatchObject({ asOf: '2026-06-01', sent: 14, failed: 0 });
    const inbox = await reminderStack().inbox();
    expect(inbox).toHaveLength(14);
    expect(sorted(inbox.map((message) => [message.channel, headedFor(message)]))).toEqual(
      sorted([
        ['performance', 'Performance team'],
        ['slt', 'Senior leadership team'],
        ['cf', 'Demo Director, Children and Families'],
        ['cf', 'Demo Programme Manager, Children and Families'],
        ['cs', 'Demo Director, Customer Services'],
        ['cs', 'Demo Programme Manager, Customer Services'],
        ['eis', 'Demo Director, Economy, Infrastructure and Skills'],
        ['eis', 'Demo Programme Manager, Economy, Infrastructure and Skills'],
        ['fr', 'Demo Director, Finance and Resources'],
        ['fr', 'Demo Programme Manager, Finance and Resources'],
        ['hc', 'Demo Director, Health and Care'],
        ['hc', 'Demo Programme Manager, Health and Care'],
        ['st', 'Demo Director, Strategy and Transformation'],
        ['st', 'Demo Programme Manager, Strategy and Transformation'],
      ]),
    );
    const byHeading = new Map(inbox.map((message) => [headedFor(message), message]));
    expect(titleOf(byHeading.get('Demo Director, Children and Families')!)).toBe('Overdue milestones in Children and Families');
    expect(titleOf(byHeading.get('Demo Programme Manager, Children and Families')!)).toBe('Milestone reminders');
    expect(titleOf(byHeading.get('Senior leadership team')!)).toBe('Milestones long overdue');
    expect(titleOf(byHeading.get('Performance team')!)).toBe('Data quality: milestones to sort out');
  });

  it('sends cards that are valid Adaptive Cards 1.5 under 28 KB, linking into the tab', async () => {
    for (const message of await reminderStack().inbox()) {
      expect(adaptiveCardProblems(message.cards[0])).toEqual([]);
      const posted: WorkflowsMessage = { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: message.cards[0] as never }] };
      expect(Buffer.byteLength(JSON.stringify(posted))).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
      expect(JSON.stringify(message.cards[0])).toMatch(/http:\/\/127\.0\.0\.1:4200\/\?milestone=\d+/);
    }
    // The SLT digest is long: the most urgent shown, the rest counted, with the link to the exceptions view.
    const slt = first.deliveries.find((delivery) => delivery.channel === 'slt');
    expect(slt?.shown).toBeLessThan(slt?.items ?? 0);
    expect(JSON.stringify(slt?.card)).toContain(`And ${(slt?.items ?? 0) - (slt?.shown ?? 0)} more`);
    expect(JSON.stringify(slt?.card)).toContain('?view=exceptions');
  });

  it('records every reminder in the ledger as sent, keyed milestone|kind|due date|recipient', async () => {
    const rows = await ledgerRows('2026-06-01');
    const keys = first.deliveries.flatMap((delivery) => delivery.keys);
    expect(rows.map((row) => row.key).sort()).toEqual([...keys].sort());
    expect(new Set(keys).size).toBe(keys.length);
    for (const row of rows) {
      expect(row).toMatchObject({ state: 'sent', attempts: 1, runDate: '2026-06-01', sentAt: '2026-06-01T06:30:00Z' });
      expect(row.key).toBe(`${row.milestoneId}|${row.kind}|${row.dueDate ?? 'none'}|${row.recipient}`);
    }
    expect(rows.some((row) => row.recipient === 'channel:slt' && row.kind?.startsWith('overdue-'))).toBe(true);
    expect(rows.filter((row) => row.recipient === 'channel:performance').map((row) => row.kind)).toEqual(['undated-2026-06-01', 'undated-2026-06-01']);
  });

  it('sends nothing when run again the same day', async () => {
    const { report } = await remind('2026-06-01');
    expect(report).toMatchObject({ sent: 0, failed: 0, deliveries: [] });
    expect(report.alreadySent).toBe(first.reminders);
    expect(await reminderStack().inbox()).toHaveLength(14);
  });

  it('defaults to today in the UK', async () => {
    const { report } = await remind(undefined, { dryRun: true });
    expect(report.asOf).toBe('2026-06-01');
  });
});

describe('waymark remind, other days', () => {
  it('--dry-run shows the cards and sends and records nothing', async () => {
    const before = (await reminderStack().inbox()).length;
    const { report } = await remind('2026-06-15', { dryRun: true });
    expect(report.deliveries.length).toBeGreaterThan(2);
    for (const delivery of report.deliveries) expect(delivery).toMatchObject({ state: 'dry-run', attempts: 0 });
    expect(await reminderStack().inbox()).toHaveLength(before);
    expect(await ledgerRows('2026-06-15')).toEqual([]);
  });

  it('sends nothing on a bank holiday and says why', async () => {
    let stdout = '';
    const composed = reminderStack().reminders();
    await runRemindCommand({ asOf: '2026-05-25' }, { run: composed.run, today: '2026-06-01', stdout: (text) => (stdout += text) });
    expect(stdout).toBe('25 May 2026 is not a working day in England and Wales: no reminders are sent.\n');
  });

  it.each(['2026-02-30', '01/06/2026', 'tomorrow', ''])('refuses --as-of "%s" with a clear message', async (asOf) => {
    const error = await runRemindCommand({ asOf }, { run: () => Promise.reject(new Error('must not run')), today: '2026-06-01', stdout: () => undefined }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toContain('--as-of must be a date written YYYY-MM-DD that exists');
  });
});

describe('a run killed part way', () => {
  const real = () => new WebhookDelivery({ webhookUrl: webhookUrlFor(reminderStack().config), minIntervalMs: 0, baseDelayMs: 0 });

  /** A sender that delivers `cards` cards, then is killed: after delivering the next one (`afterSend`) or before it. */
  function killedSender(cards: number, afterSend: boolean): CardSender & { delivered: string[] } {
    const inner = real();
    const delivered: string[] = [];
    return {
      delivered,
      deliver: async (webhook, message) => {
        if (delivered.length === cards) {
          if (afterSend) {
            await inner.deliver(webhook, message);
            delivered.push(webhook);
          }
          throw new Error('killed');
        }
        const result = await inner.deliver(webhook, message);
        delivered.push(webhook);
        return result;
      },
    };
  }

  it.each([
    ['after delivering a card, before recording it', '2026-07-01', true],
    ['before delivering a card', '2026-06-22', false],
  ])('killed %s: the rerun sends exactly what was missed (at most the in-flight card twice)', async (_when, asOf, afterSend) => {
    const plan = await remind(asOf, { dryRun: true });
    const expected = plan.report.deliveries.map((delivery) => delivery.recipientKey);
    expect(expected.length).toBeGreaterThan(5);
    await reminderStack().clearInbox();

    const sender = killedSender(4, afterSend);
    await expect(remind(asOf, { sender })).rejects.toThrow('killed');
    const afterKill = await reminderStack().inbox();
    expect(afterKill).toHaveLength(afterSend ? 5 : 4);

    const rows = await ledgerRows(asOf);
    expect(rows.filter((row) => row.state === 'pending').length).toBeGreaterThan(0);
    const { report } = await remind(asOf);
    const inbox = await reminderStack().inbox();
    // Every recipient has their card; only the card in flight at the kill arrived twice.
    expect(inbox).toHaveLength(expected.length + (afterSend ? 1 : 0));
    expect(report.deliveries.map((delivery) => delivery.recipientKey).sort()).toEqual(expected.slice(4).sort());
    const headings = inbox.map(headedFor);
    const twice = headings.filter((heading, index) => headings.indexOf(heading) !== index);
    expect(twice).toEqual(afterSend ? [report.deliveries[0]?.recipient] : []);
    expect((await ledgerRows(asOf)).every((row) => row.state === 'sent')).toBe(true);
    expect((await remind(asOf)).report.deliveries).toEqual([]);
  });
});

describe('a failing webhook', () => {
  const fault = (name: string, body: unknown) => fetch(`${reminderStack().emulator.url}/dev/webhooks/${name}/fault`, { method: 'PUT', body: JSON.stringify(body) });
  const clear = (name: string) => fetch(`${reminderStack().emulator.url}/dev/webhooks/${name}/fault`, { method: 'DELETE' });

  it('is retried on 429 honouring Retry-After, then delivered', async () => {
    await reminderStack().clearInbox();
    await fault('eis', { status: 429, times: 2, retryAfterSeconds: 0 });
    const { report } = await remind('2026-06-08');
    const eis = report.deliveries.filter((delivery) => delivery.channel === 'eis');
    expect(eis.length).toBeGreaterThan(0);
    expect(eis[0]).toMatchObject({ state: 'sent', attempts: 3 });
    expect(report.failed).toBe(0);
  });

  it('is reported as failed (not dropped), recorded with tries and error, and sent by the next run', async () => {
    await reminderStack().clearInbox();
    await fault('cf', { status: 503, retryAfterSeconds: 0 });
    const error = await remind('2026-06-15').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toMatch(/could not be delivered; they are recorded as failed/);
    const rows = await ledgerRows('2026-06-15');
    const failed = rows.filter((row) => row.state === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const row of failed) {
      expect(row.channel).toBe('cf');
      expect(row.attempts).toBe(4);
      expect(row.lastError).toMatch(/The cf webhook answered 503/);
    }
    expect((await reminderStack().inbox()).some((message) => message.channel === 'cf')).toBe(false);

    // Fixed by the next working day: that run carries the failed reminders over and sends them.
    await clear('cf');
    const { report } = await remind('2026-06-16');
    expect(report.carriedOver).toBe(failed.length);
    expect(report.failed).toBe(0);
    const cf = (await reminderStack().inbox()).filter((message) => message.channel === 'cf');
    expect(cf.length).toBeGreaterThan(0);
    const after = await ledgerRows('2026-06-15');
    expect(after.every((row) => row.state === 'sent')).toBe(true);
    expect(after.filter((row) => failed.some((was) => was.key === row.key)).every((row) => row.attempts === 5)).toBe(true);
  });

  it('with no webhook configured is reported naming the setting', async () => {
    const composed = reminderStack().reminders({ config: { ...reminderStack().config, inboxUrl: undefined } });
    const report = await composed.run('2026-06-29', { dryRun: false });
    expect(report.failed).toBe(report.deliveries.length);
    expect(report.deliveries[0]?.error).toMatch(/No webhook is configured for channel "\w+" \(set SECRET_WEBHOOK_\w+\)/);
    const rows = await ledgerRows('2026-06-29');
    expect(rows.every((row) => row.state === 'failed' && row.attempts === 0)).toBe(true);
  });
});
