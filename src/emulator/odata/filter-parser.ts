/**
 * The OData `$filter` subset SharePoint list items accept through Graph: comparisons of
 * `fields/<Column>` with a literal (eq, ne, gt, ge, lt, le), `startswith(fields/<Column>,'…')`,
 * and, or, not and parentheses. Parsing is separate from evaluation, which needs the list's
 * column types (see store/item-query.ts).
 */

/** A literal on the right-hand side of a comparison. */
export type FilterLiteral =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'null' }
  /** An unquoted date (2026-03-31) or date and time (2026-03-31T00:00:00Z). */
  | { type: 'dateTime'; value: string; dateOnly: boolean };

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

/** A parsed filter expression. */
export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; op: ComparisonOperator; field: string; value: FilterLiteral }
  | { kind: 'startswith'; field: string; value: string };

/** A `$filter`, `$orderby` or `$expand` that does not parse; `position` is the offset where it went wrong. */
export class ODataSyntaxError extends Error {
  override readonly name = 'ODataSyntaxError';
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

type Token =
  | { kind: 'punct'; text: '(' | ')' | ',' | '/'; at: number }
  | { kind: 'word'; text: string; at: number }
  | { kind: 'string'; text: string; at: number }
  | { kind: 'number'; value: number; text: string; at: number }
  | { kind: 'dateTime'; text: string; dateOnly: boolean; at: number }
  | { kind: 'end'; at: number };

const COMPARISONS: readonly ComparisonOperator[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];
const FLIPPED: Record<ComparisonOperator, ComparisonOperator> = { eq: 'eq', ne: 'ne', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' };

const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2}))?/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/;
const WORD = /^[A-Za-z_][A-Za-z0-9_]*/;

// Date.parse rolls 2026-02-30 over to March; a literal must name a real calendar day and time.
function isRealDateTime(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return false;
  if (Number(match[4] ?? 0) > 23 || Number(match[5] ?? 0) > 59 || Number(match[6] ?? 0) > 59) return false;
  return !Number.isNaN(Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text));
}

/** Splits a filter into tokens; strings use OData quoting ('' inside a string is one '). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at] ?? '';
    if (/\s/.test(char)) {
      at += 1;
      continue;
    }
    if (char === '(' || char === ')' || char === ',' || char === '/') {
      tokens.push({ kind: 'punct', text: char, at });
      at += 1;
      continue;
    }
    if (char === "'") {
      let value = '';
      let index = at + 1;
      for (;;) {
        if (index >= text.length) throw new ODataSyntaxError(`unterminated string literal starting at position ${at}`, at);
        const next = text[index];
        if (next === "'") {
          if (text[index + 1] === "'") {
            value += "'";
            index += 2;
            continue;
          }
          break;
        }
        value += next;
        index += 1;
      }
      tokens.push({ kind: 'string', text: value, at });
      at = index + 1;
      continue;
    }
    const rest = text.slice(at);
    const dateTime = DATE_TIME.exec(rest);
    if (dateTime) {
      const literal = dateTime[0];
      if (!isRealDateTime(literal)) {
        throw new ODataSyntaxError(`'${literal}' is not a valid date or time`, at);
      }
      tokens.push({ kind: 'dateTime', text: literal, dateOnly: literal.length === 10, at });
      at += literal.length;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), text: number[0], at });
      at += number[0].length;
      continue;
    }
    const word = WORD.exec(rest);
    if (word) {
      tokens.push({ kind: 'word', text: word[0], at });
      at += word[0].length;
      continue;
    }
    throw new ODataSyntaxError(`unexpected character '${char}' at position ${at}`, at);
  }
  tokens.push({ kind: 'end', at: text.length });
  return tokens;
}

/** Parses a `$filter` value into a tree; throws ODataSyntaxError naming what is wrong and where. */
export function parseFilter(text: string): FilterNode {
  if (text.trim() === '') throw new ODataSyntaxError('the filter is empty', 0);
  const parser = new FilterParser(tokenize(text));
  const node = parser.expression();
  parser.expectEnd();
  return node;
}

/** The column names a filter refers to, each once, in order of appearance. */
export function filterFields(node: FilterNode): string[] {
  const names: string[] = [];
  const visit = (current: FilterNode): void => {
    switch (current.kind) {
      case 'and':
      case 'or':
        visit(current.left);
        visit(current.right);
        return;
      case 'not':
        visit(current.operand);
        return;
      case 'compare':
      case 'startswith':
        if (!names.includes(current.field)) names.push(current.field);
        return;
      default: {
        const unhandled: never = current;
        throw new Error(`unknown filter node ${JSON.stringify(unhandled)}`);
      }
    }
  };
  visit(node);
  return names;
}

/** The first operand of a chain of `and`s (the node itself when it is not an `and`). */
export function leadingConjunct(node: FilterNode): FilterNode {
  let current = node;
  while (current.kind === 'and') current = current.left;
  return current;
}

class FilterParser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  expression(): FilterNode {
    let left = this.conjunction();
    while (this.isWord('or')) {
      this.index += 1;
      left = { kind: 'or', left, right: this.conjunction() };
    }
    return left;
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'end') throw new ODataSyntaxError(`unexpected ${describe(token)} at position ${token.at}`, token.at);
  }

  private conjunction(): FilterNode {
    let left = this.unary();
    while (this.isWord('and')) {
      this.index += 1;
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): FilterNode {
    if (this.isWord('not')) {
      this.index += 1;
      return { kind: 'not', operand: this.unary() };
    }
    return this.comparison();
  }

  private comparison(): FilterNode {
    const token = this.peek();
    if (token.kind === 'punct' && token.text === '(') {
      this.index += 1;
      const inner = this.expression();
      this.expectPunct(')');
      return this.booleanComparison(inner);
    }
    if (token.kind === 'word' && token.text === 'startswith' && this.peekAt(1).kind === 'punct') {
      return this.booleanComparison(this.startsWith());
    }
    const left = this.operand();
    const operatorToken = this.peek();
    if (operatorToken.kind !== 'word' || !COMPARISONS.includes(operatorToken.text as ComparisonOperator)) {
      throw new ODataSyntaxError(`expected a comparison operator (eq, ne, gt, ge, lt, le) at position ${operatorToken.at} but found ${describe(operatorToken)}`, operatorToken.at);
    }
    this.index += 1;
    const op = operatorToken.text as ComparisonOperator;
    const right = this.operand();
    if (left.kind === 'field' && right.kind === 'literal') return { kind: 'compare', op, field: left.name, value: right.value };
    if (left.kind === 'literal' && right.kind === 'field') return { kind: 'compare', op: FLIPPED[op], field: right.name, value: left.value };
    if (left.kind === 'field') throw new ODataSyntaxError(`comparing two columns is not supported (position ${operatorToken.at})`, operatorToken.at);
    throw new ODataSyntaxError(`a comparison needs a fields/<Column> operand (position ${operatorToken.at})`, operatorToken.at);
  }

  // `startswith(...) eq true` and `(...) eq false` are allowed spellings of a boolean expression.
  private booleanComparison(node: FilterNode): FilterNode {
    const next = this.peek();
    if (next.kind !== 'word' || (next.text !== 'eq' && next.text !== 'ne')) return node;
    const literal = this.peekAt(1);
    if (literal.kind !== 'word' || (literal.text !== 'true' && literal.text !== 'false')) {
      throw new ODataSyntaxError(`a boolean expression can only be compared with true or false (position ${literal.at})`, literal.at);
    }
    this.index += 2;
    const negate = (next.text === 'eq') !== (literal.text === 'true');
    return negate ? { kind: 'not', operand: node } : node;
  }

  private startsWith(): FilterNode {
    const name = this.peek();
    this.index += 1;
    this.expectPunct('(');
    const field = this.operand();
    if (field.kind !== 'field') throw new ODataSyntaxError(`${name.kind === 'word' ? name.text : 'startswith'}() takes fields/<Column> first`, name.at);
    this.expectPunct(',');
    const prefix = this.operand();
    if (prefix.kind !== 'literal' || prefix.value.type !== 'string') throw new ODataSyntaxError('startswith() takes a string literal second', name.at);
    this.expectPunct(')');
    return { kind: 'startswith', field: field.name, value: prefix.value.value };
  }

  private operand(): { kind: 'field'; name: string } | { kind: 'literal'; value: FilterLiteral } {
    const token = this.peek();
    this.index += 1;
    switch (token.kind) {
      case 'string':
        return { kind: 'literal', value: { type: 'string', value: token.text } };
      case 'number':
        return { kind: 'literal', value: { type: 'number', value: token.value } };
      case 'dateTime':
        return { kind: 'literal', value: { type: 'dateTime', value: token.text, dateOnly: token.dateOnly } };
      case 'word': {
        if (token.text === 'true' || token.text === 'false') return { kind: 'literal', value: { type: 'boolean', value: token.text === 'true' } };
        if (token.text === 'null') return { kind: 'literal', value: { type: 'null' } };
        if (token.text === 'datetime' && this.peek().kind === 'string') {
          // The OData v3 spelling datetime'2026-03-31T00:00:00' still turns up in SharePoint samples.
          const quoted = this.peek();
          this.index += 1;
          const text = quoted.kind === 'string' ? quoted.text : '';
          if (!DATE_TIME.test(text) || !isRealDateTime(text)) throw new ODataSyntaxError(`'${text}' is not a valid date or time`, quoted.at);
          return { kind: 'literal', value: { type: 'dateTime', value: text, dateOnly: text.length === 10 } };
        }
        if (token.text === 'fields') {
          this.expectPunct('/');
          const name = this.peek();
          if (name.kind !== 'word') throw new ODataSyntaxError(`expected a column name after fields/ at position ${name.at}`, name.at);
          this.index += 1;
          return { kind: 'field', name: name.text };
        }
        throw new ODataSyntaxError(`'${token.text}' at position ${token.at} is not supported; list item filters compare fields/<Column> with a value`, token.at);
      }
      case 'punct':
      case 'end':
        throw new ODataSyntaxError(`expected a column or a value at position ${token.at} but found ${describe(token)}`, token.at);
      default: {
        const unhandled: never = token;
        throw new ODataSyntaxError(`unexpected token ${JSON.stringify(unhandled)}`, 0);
      }
    }
  }

  private expectPunct(text: '(' | ')' | ',' | '/'): void {
    const token = this.peek();
    if (token.kind !== 'punct' || token.text !== text) throw new ODataSyntaxError(`expected '${text}' at position ${token.at} but found ${describe(token)}`, token.at);
    this.index += 1;
  }

  private isWord(text: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text === text;
  }

  private peek(): Token {
    return this.peekAt(0);
  }

  private peekAt(offset: number): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] ?? { kind: 'end', at: 0 };
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the filter';
    case 'string':
      return `'${token.text}'`;
    case 'number':
      return token.text;
    case 'dateTime':
      return token.text;
    case 'word':
    case 'punct':
      return `'${token.text}'`;
    default: {
      const unhandled: never = token;
      return String(unhandled);
    }
  }
}
