/**
 * The emulator's card inbox: every message posted to one of its Teams Workflows webhooks, kept
 * in memory (newest first) and, when the emulator has a data folder, in `webhook-inbox.json`
 * there, written atomically like the Graph state.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoalescedFileWriter } from '../store/persistence.ts';

/** One message received on a webhook. */
export interface InboxMessage {
  id: number;
  /** The webhook's name, the channel it stands for (`slt`, `cf`). */
  channel: string;
  receivedAt: string;
  /** The Adaptive Card(s) of the message's attachments. */
  cards: unknown[];
}

export const INBOX_FILE = 'webhook-inbox.json';
/** The inbox keeps the newest this many messages. */
export const INBOX_LIMIT = 2000;

/** The inbox's messages and where they are saved. */
export class InboxStore {
  private messages: InboxMessage[];
  private nextId: number;
  private readonly writer: CoalescedFileWriter | undefined;

  constructor(dataDir: string | null) {
    const file = dataDir ? join(dataDir, INBOX_FILE) : undefined;
    this.messages = file ? readInbox(file) : [];
    this.nextId = Math.max(0, ...this.messages.map((message) => message.id)) + 1;
    this.writer = file
      ? new CoalescedFileWriter(file, () => JSON.stringify({ format: 'waymark-webhook-inbox', version: 1, messages: this.messages }), 50, (error) => {
          process.stderr.write(`graph emulator: could not save the card inbox in ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
        })
      : undefined;
  }

  /** Newest first. */
  list(): readonly InboxMessage[] {
    return this.messages;
  }

  add(channel: string, cards: unknown[], receivedAt: string): InboxMessage {
    const message: InboxMessage = { id: this.nextId++, channel, receivedAt, cards };
    this.messages = [message, ...this.messages].slice(0, INBOX_LIMIT);
    this.save();
    return message;
  }

  clear(): void {
    this.messages = [];
    this.save();
  }

  /** Resolves once everything added so far is on disk (a failed write is reported, not thrown). */
  async flush(): Promise<void> {
    await this.writer?.flush().catch(() => undefined);
  }

  private save(): void {
    this.writer?.changed();
  }
}

function readInbox(file: string): InboxMessage[] {
  if (!existsSync(file)) return [];
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { messages?: unknown };
    return Array.isArray(parsed.messages) ? (parsed.messages as InboxMessage[]) : [];
  } catch {
    // A damaged inbox is only a record of demo cards: start empty rather than refuse to start.
    process.stderr.write(`graph emulator: ${file} is not a card inbox; starting with an empty inbox.\n`);
    return [];
  }
}
