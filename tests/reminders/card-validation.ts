/**
 * Adaptive Card 1.5 validation with Microsoft's own renderer library (no JSON schema for
 * Adaptive Cards ships in node_modules): the card is parsed for version 1.5, every parse event
 * (unknown element, invalid value, element newer than 1.5) is a problem, and every property the
 * card sets must survive the library's round trip, which drops what it does not recognise (a
 * misspelt property, one from a later version).
 */
import * as AC from 'adaptivecards';

// Teams' own extension (width) and the text shown where cards cannot render are not part of the object model.
const HOST_PROPERTIES = new Set(['msteams']);

/** The problems the card has as an Adaptive Card 1.5; empty when it is valid. */
export function adaptiveCardProblems(card: unknown): string[] {
  const problems: string[] = [];
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  for (let index = 0; index < context.eventCount; index++) {
    const event = context.getEventAt(index);
    if (event) problems.push(`parse: ${event.message}`);
  }
  const roundTrip = parsed.toJSON(new AC.SerializationContext(AC.Versions.v1_5));
  compare(card, roundTrip, '', problems);
  return problems;
}

function compare(given: unknown, kept: unknown, path: string, problems: string[]): void {
  if (Array.isArray(given)) {
    if (!Array.isArray(kept) || kept.length !== given.length) {
      problems.push(`${path}: ${given.length} entries given, ${Array.isArray(kept) ? kept.length : 'none'} kept`);
      return;
    }
    given.forEach((entry, index) => compare(entry, kept[index], `${path}[${index}]`, problems));
    return;
  }
  if (given !== null && typeof given === 'object') {
    const keptObject = (kept ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(given)) {
      if (path === '' && HOST_PROPERTIES.has(key)) continue;
      if (!(key in keptObject)) {
        // The library leaves out a property set to its default value; that is still valid.
        if (!isDefault(key, value)) problems.push(`${path}.${key}: not an Adaptive Card 1.5 property here (dropped by the parser)`);
        continue;
      }
      compare(value, keptObject[key], `${path}.${key}`, problems);
    }
    return;
  }
  const same = typeof given === 'string' && typeof kept === 'string' ? given.toLowerCase() === kept.toLowerCase() : given === kept;
  if (!same) problems.push(`${path}: ${JSON.stringify(given)} became ${JSON.stringify(kept)}`);
}

function isDefault(key: string, value: unknown): boolean {
  const defaults: Record<string, unknown[]> = { spacing: ['default'], separator: [false], isSubtle: [false], weight: ['default'], size: ['default'], color: ['default'], wrap: [false] };
  return (defaults[key] ?? []).some((candidate) => (typeof value === 'string' && typeof candidate === 'string' ? value.toLowerCase() === candidate : value === candidate));
}
