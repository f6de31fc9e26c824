/**
 * A Jinja2 lexer good enough to find tags, their whitespace control and their expressions,
 * with offsets and lines. It follows Jinja2's default delimiters and its rule that a tag only
 * ends when brackets inside it are balanced ('{{ {"a": {"b": 1}} }}' is one tag). It does not
 * parse expressions: the engine does that; this serves instrumentation and static checks.
 */

export type TokenKind = 'data' | 'var' | 'block' | 'comment';

export interface JinjaToken {
  kind: TokenKind;
  /** Offsets into the source: [start, end). For tags, from '{{' to past '}}'. */
  start: number;
  end: number;
  /** 1-based line and 0-based column of `start`. */
  line: number;
  column: number;
  /** The text between the delimiters and their whitespace-control signs. */
  inner: string;
  /** Offset of `inner` in the source. */
  innerStart: number;
  /** '-' or '+' right after the opening delimiter, '' otherwise. */
  open: '' | '-' | '+';
  /** '-' or '+' right before the closing delimiter, '' otherwise. */
  close: '' | '-' | '+';
  /** For data inside {% raw %}: true. */
  raw?: boolean;
}

export interface LexError {
  message: string;
  line: number;
  column: number;
}

export interface LexResult {
  tokens: JinjaToken[];
  error?: LexError;
  /** Offsets where each line starts (index 0 = line 1). */
  lineStarts: number[];
}

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** 1-based line of an offset. */
export function lineAt(lineStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

const OPENERS: Record<string, TokenKind> = { '{{': 'var', '{%': 'block', '{#': 'comment' };
const CLOSERS: Record<TokenKind, string> = { var: '}}', block: '%}', comment: '#}', data: '' };

/** Position right after the string literal starting at `i` (a quote), or -1 if unterminated. */
function skipString(src: string, i: number): number {
  const q = src[i];
  let j = i + 1;
  while (j < src.length) {
    const c = src[j];
    if (c === '\\') j += 2;
    else if (c === q) return j + 1;
    else j++;
  }
  return -1;
}

/** Finds the end of a tag whose inner text starts at `from`; returns the index of the closer. */
function findTagEnd(src: string, from: number, kind: TokenKind): number | { error: string; at: number } {
  const closer = CLOSERS[kind];
  if (kind === 'comment') {
    const at = src.indexOf(closer, from);
    return at < 0 ? { error: 'unterminated comment', at: from } : at;
  }
  const stack: string[] = [];
  let i = from;
  while (i < src.length) {
    const c = src[i];
    if (c === '"' || c === "'") {
      const next = skipString(src, i);
      if (next < 0) return { error: 'unterminated string', at: i };
      i = next;
      continue;
    }
    if (stack.length === 0) {
      // A closer may carry a whitespace-control sign before it ('-}}', '+%}').
      if (src.startsWith(closer, i)) return i;
    }
    if (c === '(' || c === '[' || c === '{') stack.push(c);
    else if ((c === ')' || c === ']' || c === '}') && stack.length > 0) stack.pop(); // unbalanced closers are the engine's to report
    i++;
  }
  return { error: `unterminated ${kind === 'var' ? 'variable' : 'block'} tag (missing '${closer}')`, at: from };
}

const RAW_START = /^\s*raw\s*$/;
const RAW_END = /\{%([-+]?)\s*endraw\s*([-+]?)%\}/g;

export function lexJinja(src: string): LexResult {
  const lineStarts = lineStartsOf(src);
  const tokens: JinjaToken[] = [];
  const pos = (offset: number): { line: number; column: number } => {
    const line = lineAt(lineStarts, offset);
    return { line, column: offset - (lineStarts[line - 1] ?? 0) };
  };
  const pushData = (start: number, end: number, raw = false): void => {
    if (end <= start) return;
    tokens.push({ kind: 'data', start, end, ...pos(start), inner: src.slice(start, end), innerStart: start, open: '', close: '', ...(raw ? { raw } : {}) });
  };
  let i = 0;
  let dataStart = 0;
  while (i < src.length) {
    const at = src.indexOf('{', i);
    if (at < 0 || at + 1 >= src.length) break;
    const kind = OPENERS[src.slice(at, at + 2)];
    if (!kind) {
      i = at + 1;
      continue;
    }
    pushData(dataStart, at);
    let innerStart = at + 2;
    const sign = src[innerStart];
    const open: JinjaToken['open'] = sign === '-' || sign === '+' ? sign : '';
    if (open) innerStart++;
    const endAt = findTagEnd(src, innerStart, kind);
    if (typeof endAt !== 'number') {
      return { tokens, lineStarts, error: { message: endAt.error, ...pos(endAt.at) } };
    }
    const before = src[endAt - 1];
    const close: JinjaToken['close'] = endAt - 1 >= innerStart && (before === '-' || before === '+') ? before : '';
    const innerEnd = close ? endAt - 1 : endAt;
    const end = endAt + 2;
    const inner = src.slice(innerStart, innerEnd);
    tokens.push({ kind, start: at, end, ...pos(at), inner, innerStart, open, close });
    if (kind === 'block' && RAW_START.test(inner)) {
      RAW_END.lastIndex = end;
      const m = RAW_END.exec(src);
      if (!m) return { tokens, lineStarts, error: { message: 'unterminated raw block (missing {% endraw %})', ...pos(at) } };
      pushData(end, m.index, true);
      tokens.push({
        kind: 'block',
        start: m.index,
        end: m.index + m[0].length,
        ...pos(m.index),
        inner: src.slice(m.index + 2 + (m[1] ? 1 : 0), m.index + m[0].length - 2 - (m[2] ? 1 : 0)),
        innerStart: m.index + 2 + (m[1] ? 1 : 0),
        open: (m[1] ?? '') as JinjaToken['open'],
        close: (m[2] ?? '') as JinjaToken['close'],
      });
      i = dataStart = m.index + m[0].length;
      continue;
    }
    i = dataStart = end;
  }
  pushData(dataStart, src.length);
  return { tokens, lineStarts };
}

/**
 * The code parts of a tag's inner text with string literals blanked out (same length), so
 * searches for names never match inside a string.
 */
export function blankStrings(inner: string): string {
  let out = '';
  let i = 0;
  while (i < inner.length) {
    const c = inner[i];
    if (c === '"' || c === "'") {
      const next = skipString(inner, i);
      const stop = next < 0 ? inner.length : next;
      out += c + ' '.repeat(Math.max(0, stop - i - 2)) + (stop - i >= 2 ? c : '');
      i = stop;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}
