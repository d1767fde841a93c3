/**
 * Proactive delivery of personal digests through the bot. For a recipient (UPN or Entra object
 * id) it finds their 1:1 conversation with Waymark (a stored reference), or creates it (which
 * Teams allows once the app is installed for them), installing the app through Graph first when
 * it is not, and then sends the card, paced within Teams' limits (rate-gate.ts) and retried on
 * 429, 412, 502, 504 and other 5xx with exponential backoff honouring Retry-After. A person it
 * cannot reach (not in the directory, the tenant refuses the installation, Teams keeps refusing)
 * is reported, never thrown for.
 */
import { randomUUID } from 'node:crypto';
import { CardFactory, HttpError, MessageFactory } from '@microsoft/agents-hosting';
import type { TurnContext , CloudAdapter} from '@microsoft/agents-hosting';
import type { ConversationParameters, ConversationReference } from '@microsoft/agents-activity';
import { buildPersonalDigestCard } from '../cards/personal-digest-card.ts';
import { toWaymarkGraphError } from '../graph/graph-error.ts';
import type { PersonalDigestContent, PersonalSendResult, PersonalSender, UnreachableReason } from '../reminders/run-reminders.ts';
import { retryAfterOf } from '../reminders/webhook-delivery.ts';
import type { BotStore, StoredConversation } from './bot-store.ts';
import type { Directory, DirectoryPerson } from './directory.ts';
import { RateGate } from './rate-gate.ts';


/** What became of one personal delivery. */
export type PersonalDeliveryResult =
  | { state: 'sent'; recipient: string; attempts: number; conversationId: string; activityId?: string; installed: boolean; shown: number; bytes: number }
  | { state: 'failed'; recipient: string; attempts: number; reason: UnreachableReason; error: string; installed: boolean };


export interface PersonalDeliveryOptions {
  adapter: CloudAdapter;
  /** The bot's app id (BOT_ID); empty when the adapter runs anonymously (local). */
  botId: string;
  store: BotStore;
  directory: Directory;
  /** Where new conversations are created: Teams' https://smba.trafficmanager.net/teams/, locally the emulator. */
  serviceUrl: string;
  tenantId: string;
  /** Tries per send, the first included; default 4. */
  maxAttempts?: number;
  /** First backoff without Retry-After; doubles each time, with jitter; default 1,000 ms. */
  baseDelayMs?: number;
  /** Longest wait between tries; default 60,000 ms. */
  maxDelayMs?: number;
  /** Waits after installing the app before the chat can be created, doubling; default 2,000 ms, 4 tries. */
  installWaitMs?: number;
  installTries?: number;
  /** Largest message in bytes (default 28 KB). */
  maxCardBytes?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
}

const RETRIED = new Set([412, 429, 502, 503, 504]);
/** The scope of Bot Connector tokens; the SDK needs it even when it asks for none. */
const BOT_FRAMEWORK_AUDIENCE = 'https://api.botframework.com';
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sends personal digests as the bot, creating conversations and installing the app where needed. */
export class PersonalDelivery implements PersonalSender {
  private readonly gate: RateGate;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly log: (line: string) => void;

  constructor(private readonly options: PersonalDeliveryOptions) {
    this.sleep = options.sleep ?? defaultSleep;
    this.gate = new RateGate(options.now ?? Date.now, this.sleep);
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  /** The reminder run's view of a send (src/reminders/run-reminders.ts). */
  async deliverPersonal(upn: string, content: PersonalDigestContent): Promise<PersonalSendResult> {
    const result = await this.deliverPersonalDigest(upn, content);
    return result.state === 'sent' ? { ok: true, attempts: result.attempts } : { ok: false, attempts: result.attempts, reason: result.reason, error: result.error };
  }

  /** Delivers the digest to the person; reports, never throws, when they cannot be reached. */
  async deliverPersonalDigest(recipient: string, content: PersonalDigestContent): Promise<PersonalDeliveryResult> {
    let person: DirectoryPerson;
    try {
      person = await this.options.directory.person(recipient);
    } catch (error) {
      const failure = toWaymarkGraphError(error);
      const reason: UnreachableReason = failure.reason === 'not-found' ? 'not-found' : 'gave-up';
      return { state: 'failed', recipient, attempts: 0, reason, error: `${recipient} could not be looked up in the directory: ${failure.message}`, installed: false };
    }
    let installed = false;
    let attempts = 0;
    let conversation = this.options.store.conversationOf(person.id);
    for (let round = 0; round < 2; round++) {
      if (!conversation) {
        const opened = await this.openConversation(person);
        attempts += opened.attempts;
        installed ||= opened.installed;
        if (!('conversation' in opened)) return { state: 'failed', recipient, attempts, reason: opened.reason, error: opened.error, installed };
        conversation = opened.conversation;
      }
      const digest = randomUUID();
      const built = buildPersonalDigestCard({ ...content, digest, refreshFor: [conversation.userId] }, this.options.maxCardBytes);
      this.options.store.rememberDigest({
        key: digest,
        recipientName: content.recipientName,
        title: content.title,
        viewAll: content.viewAll,
        items: content.items.slice(0, built.shown).map((item) => ({ milestoneId: item.milestoneId, link: item.link, ...(item.projectTitle ? { projectTitle: item.projectTitle } : {}) })),
        refreshFor: [conversation.userId],
        createdAt: new Date((this.options.now ?? Date.now)()).toISOString(),
      });
      const sent = await this.withRetries(conversation.conversationId, () => this.send(conversation as StoredConversation, built.card));
      attempts += sent.attempts;
      if (sent.ok) return { state: 'sent', recipient, attempts, conversationId: conversation.conversationId, ...(sent.value ? { activityId: sent.value } : {}), installed, shown: built.shown, bytes: built.bytes };
      // 403/404 on a stored conversation: the app was removed or the chat is gone; open it again once.
      if (round === 0 && (sent.status === 403 || sent.status === 404)) {
        this.options.store.forgetConversation(person.id);
        conversation = undefined;
        continue;
      }
      return { state: 'failed', recipient, attempts, reason: sent.status && !RETRIED.has(sent.status) && sent.status < 500 ? 'rejected' : 'gave-up', error: sent.error, installed };
    }
    return { state: 'failed', recipient, attempts, reason: 'no-conversation', error: `Could not open a chat with ${recipient}.`, installed };
  }

  /** The person's 1:1 conversation, created now; installs the app for them when Teams says it is not installed. */
  private async openConversation(person: DirectoryPerson): Promise<{ conversation: StoredConversation; attempts: number; installed: boolean } | { reason: UnreachableReason; error: string; attempts: number; installed: boolean }> {
    let attempts = 0;
    let installed = false;
    const tries = this.options.installTries ?? 4;
    let wait = this.options.installWaitMs ?? 2_000;
    for (let attempt = 0; attempt <= tries; attempt++) {
      const created = await this.withRetries(`create:${person.id}`, () => this.create(person));
      attempts += created.attempts;
      if (created.ok) return { conversation: created.value, attempts, installed };
      // Teams refuses to create the chat (403, sometimes 404) while the app is not installed for the person.
      if (created.status !== 403 && created.status !== 404) return { reason: 'gave-up', error: created.error, attempts, installed };
      if (!installed) {
        try {
          const outcome = await this.options.directory.installApp(person.id);
          installed = outcome === 'installed';
          this.log(`waymark bot: ${outcome === 'installed' ? 'installed Waymark for' : 'Waymark was already installed for'} ${person.upn}`);
          if (outcome === 'already' && attempt > 0) return { reason: 'no-conversation', error: created.error, attempts, installed };
        } catch (error) {
          const failure = toWaymarkGraphError(error);
          return { reason: 'not-installable', error: `Waymark could not be installed for ${person.upn} (${failure.message}); they need to open Waymark in Teams once, or an admin to allow it.`, attempts, installed };
        }
      } else {
        // Installation takes a moment to reach the chat service.
        await this.sleep(wait);
        wait *= 2;
      }
    }
    return { reason: 'no-conversation', error: `Waymark was installed for ${person.upn}, but Teams did not open a chat with them.`, attempts, installed };
  }

  private async create(person: DirectoryPerson): Promise<StoredConversation> {
    const { adapter, botId, serviceUrl, tenantId } = this.options;
    const parameters = {
      isGroup: false,
      agent: { id: `28:${botId || 'waymark-bot'}`, name: 'Waymark' },
      members: [{ id: person.id, name: person.name ?? person.upn }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    } as unknown as ConversationParameters;
    let conversation: StoredConversation | undefined;
    // Anonymous locally: without an app id the SDK asks for no token (outside NODE_ENV=production), and the emulator takes none.
    await adapter.createConversationAsync(botId, 'msteams', serviceUrl, BOT_FRAMEWORK_AUDIENCE, parameters, async (context: TurnContext) => {
      conversation = {
        aadObjectId: person.id,
        userId: person.id.startsWith('29:') ? person.id : `29:${person.id}`,
        ...(person.name ? { userName: person.name } : {}),
        conversationId: context.activity.conversation?.id ?? '',
        serviceUrl,
        channelId: 'msteams',
        tenantId,
        botId: `28:${botId || 'waymark-bot'}`,
        botName: 'Waymark',
        updatedAt: new Date().toISOString(),
      };
    });
    if (!conversation || !conversation.conversationId) throw new Error('Teams created no conversation id.');
    this.options.store.rememberConversation(conversation);
    return conversation;
  }

  private async send(conversation: StoredConversation, card: unknown): Promise<string | undefined> {
    const reference = {
      channelId: conversation.channelId,
      serviceUrl: conversation.serviceUrl,
      conversation: { id: conversation.conversationId, conversationType: 'personal', isGroup: false, ...(conversation.tenantId ? { tenantId: conversation.tenantId } : {}) },
      user: { id: conversation.userId, aadObjectId: conversation.aadObjectId },
      agent: { id: conversation.botId, name: conversation.botName ?? 'Waymark' },
    } as unknown as ConversationReference;
    let failure: unknown;
    let activityId: string | undefined;
    // Errors are caught inside the turn: the adapter would otherwise hand them to onTurnError and carry on.
    const identity = this.options.botId ? this.options.botId : {};
    await this.options.adapter.continueConversation(identity, reference, async (context: TurnContext) => {
      try {
        const response = await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
        activityId = response?.id;
      } catch (error) {
        failure = error;
      }
    });
    if (failure) throw failure;
    return activityId;
  }

  /** Runs a connector call with pacing and retries; the last status and error when it gives up. */
  private async withRetries<T>(key: string, call: () => Promise<T>): Promise<{ ok: true; value: T; attempts: number } | { ok: false; status?: number; error: string; attempts: number }> {
    const maxAttempts = this.options.maxAttempts ?? 4;
    let last: { status?: number; error: string } = { error: 'not tried' };
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      await this.gate.take(key);
      try {
        return { ok: true, value: await call(), attempts: attempt };
      } catch (error) {
        const status = error instanceof HttpError ? error.status : undefined;
        const detail = error instanceof HttpError ? JSON.stringify(error.response.data).slice(0, 300) : error instanceof Error ? error.message : String(error);
        last = { ...(status !== undefined ? { status } : {}), error: `Teams answered ${status ?? 'with a failure'}: ${detail}` };
        const retryable = status === undefined || RETRIED.has(status) || status >= 500;
        if (!retryable || attempt === maxAttempts) return { ok: false, ...last, attempts: attempt };
        const retryAfter = error instanceof HttpError ? retryAfterOf(error.response.headers.get('retry-after')) : undefined;
        const backoff = (this.options.baseDelayMs ?? 1_000) * 2 ** (attempt - 1) * (0.8 + Math.random() * 0.4);
        await this.sleep(Math.min(retryAfter ?? backoff, this.options.maxDelayMs ?? 60_000));
      }
    }
    return { ok: false, ...last, attempts: maxAttempts };
  }
}

