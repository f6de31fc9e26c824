/**
 * Just enough of Jinja's expression syntax to find variable chains (`a.b["c"][0]`) in a tag:
 * which are read, which are only tested (`is defined`, `| default`), which are method calls.
 * Works on tag text whose string literals were blanked (lexer.blankStrings).
 */

/** Names the engine provides that are not data. */
const NON_DATA = new Set(['loop', 'range', 'lipsum', 'dict', 'cycler', 'joiner', 'namespace', 'caller', 'varargs', 'kwargs', 'self', 'super']);
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', 'elif', 'for', 'recursive', 'true', 'false', 'none', 'True', 'False', 'None']);
/** Tests StrictUndefined allows on an undefined value. */
const SAFE_TESTS = new Set(['defined', 'undefined', 'none']);
/** The scanner's own functions (never data). */
export const HELPERS = new Set(['__pa_req', '__pa_fmt']);

export interface Tok {
  text: string;
  start: number;
  end: number;
}

const TOKEN_RE = /\s+|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|"[^"]*"|'[^']*'|\*\*|\/\/|==|!=|<=|>=|[^\s]/g;

export function tokenize(code: string): Tok[] {
  const out: Tok[] = [];
  for (const m of code.matchAll(TOKEN_RE)) {
    if (/^\s/.test(m[0])) continue;
    out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return out;
}

const isName = (t: Tok | undefined): boolean => !!t && /^[A-Za-z_]/.test(t.text);

export interface Chain {
  start: number;
  end: number;
  /** Followed by `is defined` / `is none` / `| default`: StrictUndefined lets it be undefined. */
  safe: boolean;
  /** Followed by `(`: a call. `receiverEnd` ends the part before the method name. */
  call: boolean;
  receiverEnd?: number;
  /** Index of the token after the chain. */
  next: number;
}

/** Variable chains from token index `from`, skipping names in `skipRoots` and non-data names. */
export function findChains(toks: readonly Tok[], from: number, skipRoots: ReadonlySet<string>): Chain[] {
  const chains: Chain[] = [];
  let i = from;
  while (i < toks.length) {
    const t = toks[i];
    const prev = toks[i - 1];
    const prev2 = toks[i - 2];
    if (
      !t ||
      !isName(t) ||
      KEYWORDS.has(t.text) ||
      skipRoots.has(t.text) ||
      NON_DATA.has(t.text) ||
      HELPERS.has(t.text) ||
      (prev && (prev.text === '.' || prev.text === '|' || prev.text === 'is')) ||
      (prev?.text === 'not' && prev2?.text === 'is') ||
      toks[i + 1]?.text === '='
    ) {
      i++;
      continue;
    }
    let j = i + 1;
    let end = t.end;
    let lastSegmentStart = -1;
    for (;;) {
      const a = toks[j];
      if (a?.text === '.' && isName(toks[j + 1])) {
        lastSegmentStart = a.start;
        end = toks[j + 1]?.end ?? end;
        j += 2;
      } else if (a?.text === '[') {
        let depth = 0;
        let k = j;
        for (; k < toks.length; k++) {
          const x = toks[k]?.text;
          if (x === '[' || x === '(' || x === '{') depth++;
          else if (x === ']' || x === ')' || x === '}') depth--;
          if (depth === 0) break;
        }
        if (k >= toks.length) break;
        lastSegmentStart = a.start;
        end = toks[k]?.end ?? end;
        j = k + 1;
      } else break;
    }
    const next = toks[j];
    const call = next?.text === '(';
    const test = next?.text === 'is' ? (toks[j + 1]?.text === 'not' ? toks[j + 2] : toks[j + 1]) : undefined;
    const safe = (!!test && SAFE_TESTS.has(test.text)) || (next?.text === '|' && (toks[j + 1]?.text === 'default' || toks[j + 1]?.text === 'd'));
    chains.push({ start: t.start, end, safe, call, ...(call && lastSegmentStart > t.start ? { receiverEnd: lastSegmentStart } : {}), next: j });
    i = j;
  }
  return chains;
}

export type ChainSegment = string | number;

/** Segments of a chain's source text: `a.b["c"][0]` → ['a', 'b', 'c', 0]; a computed subscript → '*'. */
export function chainSegments(text: string): ChainSegment[] {
  const out: ChainSegment[] = [];
  const re = /^\s*([A-Za-z_]\w*)|\s*\.\s*([A-Za-z_]\w*)|\s*\[\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(-?\d+)|([^\]]*))\s*\]/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(m[2]);
    else if (m[3] !== undefined) out.push(m[3]);
    else if (m[4] !== undefined) out.push(m[4]);
    else if (m[5] !== undefined) out.push(Number(m[5]));
    else out.push('*');
    if (re.lastIndex >= text.length) break;
  }
  return out;
}
