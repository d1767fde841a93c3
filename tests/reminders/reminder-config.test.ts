/** The reminder settings as configuration gives them: defaults, overrides, webhooks, and refusals naming the key. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadReminderConfig } from '../../src/config/config.ts';
import { settingsFromConfig, webhookUrlFor } from '../../src/reminders/compose.ts';
import { linkBuilder } from '../../src/reminders/links.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'waymark-reminder-config-'));
  await mkdir(join(root, 'env'));
  await writeFile(join(root, 'env', '.env.local'), 'EMULATOR_PORT=4100\nSERVICE_PORT=4200\n');
  await writeFile(join(root, 'env', '.env.local.user'), 'SECRET_WEBHOOK_CF=https://prod.example/workflows/cf?sig=secret\n');
  await writeFile(join(root, 'env', '.env.dev'), 'TAB_ENDPOINT=https://waymark.example\nTEAMS_APP_ID=app-1\n');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const load = (env: Record<string, string> = {}) => loadReminderConfig({ root, env });

describe('loadReminderConfig', () => {
  it('locally: 07:30, webhooks from the .user file, every other channel to the emulator inbox, links to the tab itself', () => {
    const config = load();
    expect(config).toEqual({ time: '07:30', webhooks: { cf: 'https://prod.example/workflows/cf?sig=secret' }, inboxUrl: 'http://127.0.0.1:4100', tabBaseUrl: 'http://127.0.0.1:4200' });
    const url = webhookUrlFor(config);
    expect(url('cf')).toBe('https://prod.example/workflows/cf?sig=secret');
    expect(url('slt')).toBe('http://127.0.0.1:4100/webhooks/slt');
    expect(linkBuilder(config)({ kind: 'milestone', id: '7' })).toBe('http://127.0.0.1:4200/?milestone=7');
  });

  it('takes the rules from settings over the defaults', () => {
    const config = load({ REMINDER_TIME: '06:45', REMINDER_LEAD_DAYS: '7, 28', REMINDER_QUIET_DAYS: '3', REMINDER_DIRECTOR_AFTER_DAYS: '10', REMINDER_SLT_AFTER_DAYS: '21', SECRET_WEBHOOK_SLT: 'https://hooks.example/slt' });
    expect(config.time).toBe('06:45');
    expect(config.webhooks).toMatchObject({ slt: 'https://hooks.example/slt' });
    expect(settingsFromConfig(config)).toMatchObject({ leadDays: [28, 7], quietDays: 3, directorAfterDays: 10, sltAfterDays: 21 });
  });

  it('against a tenant: no inbox, and Teams deep links into the tab', () => {
    const config = load({ WAYMARK_ENV: 'dev' });
    expect(config.inboxUrl).toBeUndefined();
    expect(webhookUrlFor(config)('slt')).toBeUndefined();
    const link = new URL(linkBuilder(config)({ kind: 'milestone', id: '7' }));
    expect(link.pathname).toBe('/l/entity/app-1/plan');
    expect(link.searchParams.get('webUrl')).toBe('https://waymark.example/?milestone=7');
    expect(JSON.parse(link.searchParams.get('context') ?? '')).toEqual({ subEntityId: 'milestone:7' });
  });

  it.each([
    [{ REMINDER_TIME: '7:30' }, /REMINDER_TIME must be a time written HH:MM/],
    [{ REMINDER_TIME: '24:00' }, /REMINDER_TIME/],
    [{ REMINDER_LEAD_DAYS: '14,seven' }, /REMINDER_LEAD_DAYS must list whole numbers/],
    [{ REMINDER_LEAD_DAYS: '0' }, /REMINDER_LEAD_DAYS/],
    [{ REMINDER_QUIET_DAYS: '-1' }, /REMINDER_QUIET_DAYS must be a whole number of days/],
    [{ SECRET_WEBHOOK_HC: 'not a url' }, /SECRET_WEBHOOK_HC must be the webhook URL/],
  ])('refuses %j naming the key', (env, message) => {
    expect(() => load(env)).toThrow(ConfigError);
    expect(() => load(env)).toThrow(message);
  });
});
