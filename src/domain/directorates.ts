/**
 * The council's directorates and the many ways plan documents spell them ("Economy,
 * Infrastructure & Skills (E I & S)", "Finance & Resources"), so that a published "Lead area"
 * line resolves to directorate codes.
 */
import type { Directorate } from './records.ts';

/**
 * The lead areas of Staffordshire County Council's Delivery Plan 2026/27, one record per
 * directorate. Directors are not set here: they are configured per council (demo data elsewhere).
 *
 * "People Services & Finance" (VFM4) is not a directorate of its own: People Services (HR) and
 * Finance are services of Finance and Resources, which leads the other workforce and HR/finance
 * projects (VFM1, VFM2), so it is an alias of FR. Customer Services (SR4) is named as a lead area
 * in its own right and is kept as one; a council that files it under another directorate moves
 * the alias there.
 */
export const DEFAULT_DIRECTORATES: Directorate[] = [
  {
    name: 'Children and Families',
    code: 'CF',
    aliases: ['Children & Families', "Children's and Families", 'Childrens and Families', 'C&F', "Children's Services"],
  },
  { name: 'Health and Care', code: 'HC', aliases: ['Health & Care', 'H&C', 'Adult Social Care'] },
  {
    name: 'Economy, Infrastructure and Skills',
    code: 'EIS',
    aliases: [
      'Economy, Infrastructure & Skills',
      'Economy, Infrastructure & Skills (E I & S)',
      'Economy, Infrastructure and Skills (E I & S)',
      'Economy Infrastructure and Skills',
      'E I & S',
      'EI&S',
    ],
  },
  { name: 'Finance and Resources', code: 'FR', aliases: ['Finance & Resources', 'F&R', 'People Services & Finance', 'People Services and Finance'] },
  { name: 'Strategy and Transformation', code: 'ST', aliases: ['Strategy & Transformation', 'S&T'] },
  { name: 'Customer Services', code: 'CS', aliases: ['Customer Service'] },
];

/**
 * Folds a directorate name for comparison: case, "&" and "+" as "and", apostrophes and other
 * punctuation dropped, a trailing "(E I & S)"-style abbreviation dropped, spaces folded.
 * "Economy, Infrastructure & Skills (E I & S)" becomes "economy infrastructure and skills".
 */
export function normaliseDirectorateName(text: string): string {
  const withoutBrackets = text.replace(/\([^)]*\)/g, ' ');
  // A name that is only a bracketed abbreviation keeps its content.
  const source = foldWords(withoutBrackets) === '' ? text.replace(/[()]/g, ' ') : withoutBrackets;
  return foldWords(source);
}

function foldWords(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['\u2018\u2019`]/g, '')
    .replace(/[&+]/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The directorate a text names, by its name, any alias or its code; undefined when none matches. */
export function resolveDirectorate(text: string, known: readonly Directorate[]): Directorate | undefined {
  const wanted = normaliseDirectorateName(text);
  if (wanted === '') return undefined;
  const compact = wanted.replace(/ /g, '');
  return known.find(
    (directorate) =>
      spellings(directorate).some((spelling) => spelling === wanted) ||
      // Codes and initials are written with and without spaces: "EIS", "E I S", "EI&S".
      normaliseDirectorateName(directorate.code).replace(/ /g, '') === compact,
  );
}

function spellings(directorate: Directorate): string[] {
  return [directorate.name, directorate.code, ...directorate.aliases].map(normaliseDirectorateName).filter((s) => s !== '');
}

/** The directorates a lead-area cell names, in order and without repeats, and any parts that matched none. */
export interface LeadAreaSplit {
  leads: Directorate[];
  unknown: string[];
}

interface Token {
  kind: 'word' | 'separator' | 'bracket';
  /** The token folded for matching; a bracket holds its whole content. */
  folded: string;
  start: number;
  end: number;
  /** A comma after a word ends an unmatched piece ("Foo, Bar" reports two unknowns). */
  commaAfter?: boolean;
}

/**
 * Splits a "Lead area" cell that may name several directorates ("Children and Families / Health
 * and Care", "Strategy and Transformation & Economy, Infrastructure & Skills (E I & S)").
 * Names are matched greedily, longest first, against every known name and alias, so an "&",
 * "and" or "," inside a name never splits it; "/", ";" and line breaks always separate, and an
 * "and" or "&" between two names is a connector. Words matching no directorate are reported in
 * `unknown` as they were written.
 */
export function splitLeadArea(cell: string, known: readonly Directorate[]): LeadAreaSplit {
  const tokens = tokenise(cell);
  const phrases = phraseTable(known);
  const leads: Directorate[] = [];
  const unknown: string[] = [];
  let pending: Token[] = [];
  let previousMatched = false;

  const add = (directorate: Directorate) => {
    if (!leads.includes(directorate)) leads.push(directorate);
  };
  const flush = () => {
    const words = trimConnectors(pending);
    if (words.length > 0) unknown.push(cell.slice(words[0]!.start, words[words.length - 1]!.end).replace(/[\s,.:-]+$/, '').trim());
    pending = [];
  };

  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i]!;
    if (token.kind === 'separator') {
      flush();
      previousMatched = false;
      i += 1;
      continue;
    }
    if (token.kind === 'bracket') {
      // A bracket after a name qualifies it ("(E I & S)"); elsewhere it must name a directorate itself.
      const named = resolveDirectorate(token.folded, known);
      if (named) add(named);
      else if (!previousMatched) pending.push(token);
      i += 1;
      continue;
    }
    const match = longestMatch(tokens, i, phrases);
    if (match) {
      flush();
      add(match.directorate);
      previousMatched = true;
      i += match.length;
      continue;
    }
    pending.push(token);
    previousMatched = false;
    if (token.commaAfter) flush();
    i += 1;
  }
  flush();
  return { leads, unknown };
}

function tokenise(cell: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\([^)]*\)?|[/;\r\n]+|[&+]|[^\s/;&+()]+/g;
  for (let m = pattern.exec(cell); m; m = pattern.exec(cell)) {
    const text = m[0];
    const start = m.index;
    const end = start + text.length;
    if (text.startsWith('(')) tokens.push({ kind: 'bracket', folded: text.replace(/[()]/g, ' '), start, end });
    else if (/^[/;\r\n]/.test(text)) tokens.push({ kind: 'separator', folded: '', start, end });
    else {
      const folded = normaliseDirectorateName(text);
      // A word that is only punctuation (a stray comma or dash) carries no meaning.
      if (folded === '') continue;
      // "and" and "&" both fold to "and"; a word such as "Economy," may fold to one word.
      for (const word of folded.split(' ')) {
        const token: Token = { kind: 'word', folded: word, start, end };
        if (/,\s*$/.test(text)) token.commaAfter = true;
        tokens.push(token);
      }
    }
  }
  return tokens;
}

interface Phrase {
  words: string[];
  directorate: Directorate;
}

function phraseTable(known: readonly Directorate[]): Phrase[] {
  const phrases: Phrase[] = [];
  for (const directorate of known) {
    for (const spelling of spellings(directorate)) phrases.push({ words: spelling.split(' '), directorate });
  }
  return phrases.sort((a, b) => b.words.length - a.words.length);
}

function longestMatch(tokens: readonly Token[], at: number, phrases: readonly Phrase[]): { directorate: Directorate; length: number } | undefined {
  for (const phrase of phrases) {
    let ok = true;
    for (let k = 0; k < phrase.words.length && ok; k++) {
      const token = tokens[at + k];
      ok = token !== undefined && token.kind === 'word' && token.folded === phrase.words[k];
    }
    if (ok) return { directorate: phrase.directorate, length: phrase.words.length };
  }
  return undefined;
}

function trimConnectors(tokens: readonly Token[]): Token[] {
  let first = 0;
  let last = tokens.length - 1;
  while (first <= last && isConnector(tokens[first]!)) first += 1;
  while (last >= first && isConnector(tokens[last]!)) last -= 1;
  return tokens.slice(first, last + 1);
}

function isConnector(token: Token): boolean {
  return token.kind === 'word' && (token.folded === 'and' || token.folded === 'with' || token.folded === 'jointly');
}
