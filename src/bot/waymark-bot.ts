/**
 * Waymark's bot (Microsoft 365 Agents SDK ActivityHandler): answers Universal Actions
 * (`adaptiveCard/action` invokes) with the refreshed card, handles the same actions arriving as
 * Action.Submit messages (clients without Universal Actions) by updating the card in place, and
 * remembers each person's 1:1 conversation whenever they or Teams talk to it (installation,
 * a message, a button), so proactive digests can reach them.
 */
import { ActivityHandler, CardFactory, MessageFactory } from '@microsoft/agents-hosting';
import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, TurnContext } from '@microsoft/agents-hosting';
import { handleCardAction } from './card-actions.ts';
import type { CardActionOptions, CardActionOutcome } from './card-actions.ts';
import type { BotStore } from './bot-store.ts';

export interface WaymarkBotOptions extends CardActionOptions {
  store: BotStore;
  /** Told about every card action answered (outcome and milliseconds), for logs and tests. */
  onAction?: (event: { verb: string; outcome: CardActionOutcome; ms: number; via: 'invoke' | 'submit' }) => void;
}

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const HELP = 'I send you the milestones that need your attention. Use the buttons on a card to mark one complete, set its status or propose a new date; open Waymark in Teams for everything else.';

/** The bot: card actions, the Action.Submit fallback, and conversation references. */
export class WaymarkBot extends ActivityHandler {
  constructor(private readonly options: WaymarkBotOptions) {
    super();
    this.onConversationUpdate(async (context, next) => {
      this.remember(context);
      await next();
    });
    this.onInstallationUpdate(async (context, next) => {
      this.remember(context);
      await next();
    });
    this.onMessage(async (context, next) => {
      this.remember(context);
      const value = context.activity.value as Record<string, unknown> | undefined;
      if (!context.activity.text && value && typeof value === 'object' && typeof value.verb === 'string') {
        await this.submitFallback(context, value.verb, value);
      } else {
        await context.sendActivity(HELP);
      }
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    this.remember(context);
    const started = Date.now();
    const verb = invokeValue.action.verb ?? '';
    const result = await handleCardAction(this.options, { verb, data: (invokeValue.action.data ?? {}) as Record<string, unknown>, actor: actorOf(context) });
    this.options.onAction?.({ verb, outcome: result.outcome, ms: Date.now() - started, via: 'invoke' });
    return { statusCode: 200, type: ADAPTIVE_CARD, value: result.card as unknown as Record<string, unknown> };
  }

  // An Action.Submit arrives as a message whose value is the action's data and the card's inputs;
  // the answer replaces the card it came from (replyToId), as the invoke response would.
  private async submitFallback(context: TurnContext, verb: string, data: Record<string, unknown>): Promise<void> {
    const started = Date.now();
    const result = await handleCardAction(this.options, { verb, data, actor: actorOf(context) });
    this.options.onAction?.({ verb, outcome: result.outcome, ms: Date.now() - started, via: 'submit' });
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(result.card));
    if (context.activity.replyToId) {
      activity.id = context.activity.replyToId;
      await context.updateActivity(activity);
    } else {
      await context.sendActivity(activity);
    }
  }

  private remember(context: TurnContext): void {
    const activity = context.activity;
    const from = activity.from;
    const conversation = activity.conversation;
    // Only 1:1 chats: a person's digest never goes to a group chat or channel.
    if (!from?.id || !from.aadObjectId || !conversation?.id || !activity.serviceUrl || conversation.isGroup || (conversation.conversationType && conversation.conversationType !== 'personal')) return;
    this.options.store.rememberConversation({
      aadObjectId: from.aadObjectId,
      userId: from.id,
      ...(from.name ? { userName: from.name } : {}),
      conversationId: conversation.id,
      serviceUrl: activity.serviceUrl,
      channelId: activity.channelId ?? 'msteams',
      ...(conversation.tenantId ? { tenantId: conversation.tenantId } : {}),
      botId: activity.recipient?.id ?? '',
      ...(activity.recipient?.name ? { botName: activity.recipient.name } : {}),
      updatedAt: new Date().toISOString(),
    });
  }
}

function actorOf(context: TurnContext): { aadObjectId?: string; userId: string; name?: string } {
  const from = context.activity.from;
  return { userId: from?.id ?? '', ...(from?.aadObjectId ? { aadObjectId: from.aadObjectId } : {}), ...(from?.name ? { name: from.name } : {}) };
}
