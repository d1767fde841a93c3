import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BotStore } from './bot-store.ts';
import type { DigestLayout, StoredConversation } from './bot-store.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'waymark-bot-store-'));
  dirs.push(dir);
  return dir;
}

const conversation = (person: string, at: string): StoredConversation => ({
  aadObjectId: person,
  userId: `29:${person}`,
  conversationId: `a:${person}`,
  serviceUrl: 'http://127.0.0.1:4100',
  channelId: 'msteams',
  botId: '28:waymark',
  updatedAt: at,
});

const digest = (key: string): DigestLayout => ({
  key,
  recipientName: 'Demo Programme Manager, Children and Families',
  title: 'Milestone reminders',
  viewAll: { title: 'Open my milestones', url: 'http://127.0.0.1:4200/?view=mine' },
  items: [{ milestoneId: '12', link: 'http://127.0.0.1:4200/?milestone=12' }],
  refreshFor: ['29:manager'],
  createdAt: new Date().toISOString(),
});

describe('BotStore shared by the service and a separate reminder run', () => {
  it('lets the service answer a card that another process sent, and neither drops the other’s entries', async () => {
    const dir = dataDir();
    const service = new BotStore(dir);
    const reminderRun = new BotStore(dir);
    reminderRun.rememberConversation(conversation('manager', '2026-06-01T06:30:00.000Z'));
    reminderRun.rememberDigest(digest('digest-1'));
    await reminderRun.flush();

    // The service started before the run, yet finds what it sent.
    expect(service.digest('digest-1')?.items).toEqual([{ milestoneId: '12', link: 'http://127.0.0.1:4200/?milestone=12' }]);
    expect(service.conversationOf('MANAGER')?.conversationId).toBe('a:manager');

    service.rememberConversation(conversation('director', '2026-06-01T07:00:00.000Z'));
    await service.flush();
    const later = new BotStore(dir);
    expect(later.digest('digest-1')).toBeDefined();
    expect(later.conversationOf('manager')).toBeDefined();
    expect(later.conversationOf('director')).toBeDefined();
  });

  it('does not bring back a conversation this instance forgot', async () => {
    const dir = dataDir();
    const store = new BotStore(dir);
    store.rememberConversation(conversation('manager', '2026-06-01T06:30:00.000Z'));
    await store.flush();
    store.forgetConversation('manager');
    await store.flush();
    expect(store.conversationOf('manager')).toBeUndefined();
    expect(new BotStore(dir).conversationOf('manager')).toBeUndefined();
  });
});
