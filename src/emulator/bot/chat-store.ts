/**
 * The emulator's Teams side of bot conversations: which demo personas have the app installed and
 * each persona's 1:1 chat with the bot (messages newest first, a card replaced in place when the
 * bot updates it). In memory and, with a data folder, in `bot-chats.json` there, written atomically.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoalescedFileWriter } from '../store/persistence.ts';

/** One message in a chat, as the bot sent it (or as last updated). */
export interface ChatMessage {
  id: string;
  /** 'bot' for what the bot sent; a persona id for what a person did. */
  from: string;
  text?: string;
  /** Adaptive Cards among its attachments. */
  cards: unknown[];
  sentAt: string;
  updatedAt?: string;
}

/** A persona's 1:1 chat with the bot. */
export interface Chat {
  conversationId: string;
  personaId: string;
  /** The bot's account (28:…), as the bot named itself when creating the chat. */
  botId: string;
  tenantId?: string;
  messages: ChatMessage[];
}

interface ChatState {
  format: 'waymark-bot-chats';
  version: 1;
  installed: Record<string, string>;
  chats: Chat[];
}

export const CHATS_FILE = 'bot-chats.json';
/** Each chat keeps its newest this many messages. */
export const CHAT_MESSAGE_LIMIT = 500;

export class ChatStore {
  private state: ChatState = { format: 'waymark-bot-chats', version: 1, installed: {}, chats: [] };
  private readonly writer: CoalescedFileWriter | undefined;
  private nextId = 1;

  constructor(dataDir: string | null) {
    const file = dataDir ? join(dataDir, CHATS_FILE) : undefined;
    this.writer = file
      ? new CoalescedFileWriter(file, () => JSON.stringify(this.state), 50, (error) => {
          process.stderr.write(`graph emulator: could not save bot chats in ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
        })
      : undefined;
    if (!file || !existsSync(file)) return;
    try {
      const loaded = JSON.parse(readFileSync(file, 'utf8')) as Partial<ChatState>;
      this.state = { format: 'waymark-bot-chats', version: 1, installed: loaded.installed ?? {}, chats: loaded.chats ?? [] };
      this.nextId = 1 + Math.max(0, ...this.state.chats.flatMap((chat) => chat.messages.map((message) => Number(message.id.replace(/\D/g, '')) || 0)));
    } catch {
      process.stderr.write(`graph emulator: ${file} is not a chat file; starting with no bot chats.\n`);
    }
  }

  isInstalled(personaId: string): boolean {
    return personaId in this.state.installed;
  }

  install(personaId: string, at: string): void {
    this.state.installed[personaId] = at;
    this.save();
  }

  chats(): readonly Chat[] {
    return this.state.chats;
  }

  chatOf(personaId: string): Chat | undefined {
    return this.state.chats.find((chat) => chat.personaId === personaId);
  }

  chat(conversationId: string): Chat | undefined {
    return this.state.chats.find((chat) => chat.conversationId === conversationId);
  }

  /** The persona's chat, created on first use (Teams gives a person and a bot one 1:1 chat). */
  openChat(personaId: string, botId: string, tenantId: string | undefined): Chat {
    const existing = this.chatOf(personaId);
    if (existing) return existing;
    const chat: Chat = { conversationId: `a:waymark-${personaId}`, personaId, botId, ...(tenantId ? { tenantId } : {}), messages: [] };
    this.state.chats.push(chat);
    this.save();
    return chat;
  }

  add(chat: Chat, message: Omit<ChatMessage, 'id'>): ChatMessage {
    const added: ChatMessage = { id: `m${this.nextId++}`, ...message };
    chat.messages = [added, ...chat.messages].slice(0, CHAT_MESSAGE_LIMIT);
    this.save();
    return added;
  }

  /** Replaces a message's content; false when the chat has no such message. */
  replace(chat: Chat, messageId: string, content: Pick<ChatMessage, 'text' | 'cards'>, at: string): boolean {
    const message = chat.messages.find((entry) => entry.id === messageId);
    if (!message) return false;
    message.cards = content.cards;
    if (content.text !== undefined) message.text = content.text;
    else delete message.text;
    message.updatedAt = at;
    this.save();
    return true;
  }

  clear(): void {
    this.state = { format: 'waymark-bot-chats', version: 1, installed: {}, chats: [] };
    this.save();
  }

  /** Resolves once every change so far is on disk (a failed write is reported, not thrown). */
  async flush(): Promise<void> {
    await this.writer?.flush().catch(() => undefined);
  }

  private save(): void {
    this.writer?.changed();
  }
}
