/**
 * The bot's small memory: each person's 1:1 conversation with Waymark (the conversation reference
 * proactive sends need), and the layout of each digest card sent (its heading and items in order)
 * so an answer to a button can show the whole digest again. Kept in memory and, when the service
 * has a data folder, in `bot-state.json` there, written atomically. A SharePoint list would need
 * a manifest change (issue 7 keeps the schema as it is); losing this file only means the next
 * delivery creates the conversation again and an old card's answer shows just its milestone.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/** What a proactive send needs to reach a person's 1:1 chat again. */
export interface StoredConversation {
  /** The person's Entra object id. */
  aadObjectId: string;
  /** Their id in the chat (29:… in Teams). */
  userId: string;
  userName?: string;
  conversationId: string;
  serviceUrl: string;
  channelId: string;
  tenantId?: string;
  /** The bot's account in the chat (28:<bot id>). */
  botId: string;
  botName?: string;
  updatedAt: string;
}

/** One item of a digest as first sent: which milestone, and what is not in the milestone itself. */
export interface DigestLayoutItem {
  milestoneId: string;
  projectTitle?: string;
  link: string;
}

/** A digest card as sent, to rebuild it with milestones as they are now. */
export interface DigestLayout {
  key: string;
  recipientName: string;
  title: string;
  viewAll: { title: string; url: string };
  items: DigestLayoutItem[];
  /** Teams user ids the card refreshes for. */
  refreshFor: string[];
  createdAt: string;
}

export const BOT_STATE_FILE = 'bot-state.json';
/** Digests are kept this long: a card older than that answers with its one milestone. */
export const DIGEST_RETENTION_DAYS = 60;
const MAX_DIGESTS = 20_000;

interface StateFile {
  format: 'waymark-bot-state';
  version: 1;
  conversations: StoredConversation[];
  digests: DigestLayout[];
}

/** Conversation references and digest layouts, in memory and optionally on disk. */
export class BotStore {
  private readonly conversations = new Map<string, StoredConversation>();
  private readonly digests = new Map<string, DigestLayout>();
  private saving: Promise<void> = Promise.resolve();

  /** When this instance forgot a conversation, so an older copy on disk does not bring it back. */
  private readonly forgotten = new Map<string, string>();

  /** `dataDir` null keeps everything in memory (tests). */
  constructor(private readonly dataDir: string | null) {
    this.mergeFromDisk();
  }

  conversationOf(aadObjectId: string): StoredConversation | undefined {
    const key = aadObjectId.toLowerCase();
    if (!this.conversations.has(key)) this.mergeFromDisk();
    return this.conversations.get(key);
  }

  /** Every stored conversation (for the emulator's demo and for reports). */
  allConversations(): StoredConversation[] {
    return [...this.conversations.values()];
  }

  rememberConversation(conversation: StoredConversation): void {
    const known = this.conversations.get(conversation.aadObjectId.toLowerCase());
    if (known && known.conversationId === conversation.conversationId && known.serviceUrl === conversation.serviceUrl && known.userId === conversation.userId) return;
    this.conversations.set(conversation.aadObjectId.toLowerCase(), conversation);
    this.save();
  }

  forgetConversation(aadObjectId: string): void {
    const key = aadObjectId.toLowerCase();
    this.forgotten.set(key, new Date().toISOString());
    if (this.conversations.delete(key)) this.save();
  }

  digest(key: string): DigestLayout | undefined {
    // The reminder run may be another process (`waymark remind` beside `waymark serve`).
    if (!this.digests.has(key)) this.mergeFromDisk();
    return this.digests.get(key);
  }

  rememberDigest(layout: DigestLayout, now: Date = new Date()): void {
    const oldest = now.getTime() - DIGEST_RETENTION_DAYS * 86_400_000;
    for (const [key, digest] of this.digests) if (Date.parse(digest.createdAt) < oldest) this.digests.delete(key);
    this.digests.set(layout.key, layout);
    while (this.digests.size > MAX_DIGESTS) {
      const first = this.digests.keys().next().value;
      if (first === undefined) break;
      this.digests.delete(first);
    }
    this.save();
  }

  /** Resolves once every change so far is on disk. */
  flush(): Promise<void> {
    return this.saving;
  }

  private save(): void {
    if (!this.dataDir) return;
    const dataDir = this.dataDir;
    const file = join(dataDir, BOT_STATE_FILE);
    // Another process may have written since this one read: keep what it added.
    this.mergeFromDisk();
    const state: StateFile = { format: 'waymark-bot-state', version: 1, conversations: [...this.conversations.values()], digests: [...this.digests.values()] };
    const text = JSON.stringify(state);
    this.saving = this.saving
      .then(async () => {
        mkdirSync(dataDir, { recursive: true });
        await writeFileAtomic(file, text);
      })
      .catch((error: unknown) => {
        process.stderr.write(`waymark bot: could not save ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
      });
  }

  /**
   * Adds what the file holds and this instance does not: conversations it has not seen (or newer
   * ones), digests it did not send. `waymark remind` and `waymark serve` share the file, so the
   * service can answer a card the reminder run sent, and neither drops the other's entries.
   */
  private mergeFromDisk(): void {
    const file = this.dataDir ? join(this.dataDir, BOT_STATE_FILE) : undefined;
    if (!file || !existsSync(file)) return;
    let state: Partial<StateFile>;
    try {
      state = JSON.parse(readFileSync(file, 'utf8')) as Partial<StateFile>;
    } catch (error) {
      // Losing references costs a new conversation at the next send, not a refusal to start.
      process.stderr.write(`waymark bot: ${file} could not be read (${error instanceof Error ? error.message : String(error)}); going on with what this instance knows.\n`);
      return;
    }
    for (const conversation of state.conversations ?? []) {
      const key = conversation.aadObjectId.toLowerCase();
      const forgottenAt = this.forgotten.get(key);
      if (forgottenAt && conversation.updatedAt <= forgottenAt) continue;
      const known = this.conversations.get(key);
      if (!known || known.updatedAt < conversation.updatedAt) this.conversations.set(key, conversation);
    }
    const oldest = Date.now() - DIGEST_RETENTION_DAYS * 86_400_000;
    for (const digest of state.digests ?? []) {
      if (!this.digests.has(digest.key) && Date.parse(digest.createdAt) >= oldest) this.digests.set(digest.key, digest);
    }
  }
}
