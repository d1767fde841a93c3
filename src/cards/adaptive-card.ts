/**
 * The few Adaptive Card 1.5 shapes Waymark's cards use, and the Teams Workflows message that
 * carries a card. Text that comes from the plan or from people goes into RichTextBlock TextRuns,
 * which Adaptive Cards never read as markdown, so "*urgent*" or "[x](https://…)" in commentary
 * shows exactly as typed and never becomes emphasis or a link.
 */

/** The schema version Teams renders for channel and personal cards. */
export const CARD_VERSION = '1.5';

/** Teams' limit for one message through a Workflows webhook, kept as bytes of the serialised payload. */
export const MAX_MESSAGE_BYTES = 28 * 1000;

/** Adaptive Card colours, named by meaning so Teams maps them for light, dark and high-contrast themes. */
export type CardColor = 'default' | 'dark' | 'light' | 'accent' | 'good' | 'warning' | 'attention';

export interface TextRun {
  type: 'TextRun';
  text: string;
  weight?: 'default' | 'lighter' | 'bolder';
  size?: 'small' | 'default' | 'medium' | 'large' | 'extraLarge';
  color?: CardColor;
  isSubtle?: boolean;
}

export interface CardElement {
  type: string;
  [property: string]: unknown;
}

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: typeof CARD_VERSION;
  body: CardElement[];
  actions?: CardElement[];
  fallbackText?: string;
  speak?: string;
  msteams?: { width: 'Full' };
}

/** The payload a Teams Workflows "When a Teams webhook request is received" trigger expects. */
export interface WorkflowsMessage {
  type: 'message';
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive'; content: AdaptiveCard }];
}

/** A run of text shown exactly as written (no markdown). */
export function run(text: string, style: Omit<TextRun, 'type' | 'text'> = {}): TextRun {
  return { type: 'TextRun', text, ...style };
}

/** A paragraph of runs, wrapping. */
export function paragraph(inlines: TextRun[], extra: Record<string, unknown> = {}): CardElement {
  return { type: 'RichTextBlock', inlines, ...extra };
}

/** A text block for Waymark's own fixed words only: Teams may read it as markdown, so never plan or people's text. */
export function ownText(text: string, extra: Record<string, unknown> = {}): CardElement {
  return { type: 'TextBlock', text, wrap: true, ...extra };
}

/** A button that opens a link. */
export function openUrl(title: string, url: string): CardElement {
  return { type: 'Action.OpenUrl', title, url };
}

/** A card of version 1.5 with the body and actions given. */
export function adaptiveCard(body: CardElement[], actions: CardElement[], fallbackText: string): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    body,
    ...(actions.length > 0 ? { actions } : {}),
    fallbackText,
    msteams: { width: 'Full' },
  };
}

/** The card wrapped as a Workflows webhook message. */
export function workflowsMessage(card: AdaptiveCard): WorkflowsMessage {
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] };
}

/** Bytes of a payload as it goes over the wire (UTF-8 JSON). */
export function serialisedBytes(payload: unknown): number {
  return new TextEncoder().encode(JSON.stringify(payload)).length;
}


/** A card as sized for one Workflows message. */
export interface FittedCard<C extends AdaptiveCard = AdaptiveCard> {
  card: C;
  /** How many of the items the card shows (the first ones). */
  shown: number;
  /** Bytes of the card as a Workflows message. */
  bytes: number;
}

/**
 * The card showing as many of `count` items as fit in one Workflows message of `maxBytes`: all of
 * them if they fit, else the most found by binary search (a card grows with every item shown).
 * `build(shown)` makes the card with the first `shown` items; throws when even none fit.
 */
export function fitToMessage<C extends AdaptiveCard>(count: number, build: (shown: number) => C, maxBytes: number = MAX_MESSAGE_BYTES): FittedCard<C> {
  const sized = (shown: number): FittedCard<C> => {
    const card = build(shown);
    return { card, shown, bytes: serialisedBytes(workflowsMessage(card)) };
  };
  const all = sized(count);
  if (all.bytes <= maxBytes) return all;
  let best = sized(0);
  if (best.bytes > maxBytes) throw new RangeError(`The card does not fit in ${maxBytes} bytes even with no items.`);
  let low = 1;
  let high = count - 1;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const attempt = sized(middle);
    if (attempt.bytes <= maxBytes) {
      best = attempt;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best;
}
