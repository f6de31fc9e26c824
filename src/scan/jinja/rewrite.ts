/**
 * Source rewrites that make minijinja behave like the Jinja2 Proton runs, plus the line
 * markers of the instrumented render. None adds or removes a newline, so engine error lines
 * stay source lines.
 *
 * - `{{ e }}` → `{{ (e) | __pa_fmt(col, (e) is none, (e) is float) }}`: print like Python; re-indent
 *   Proton's YAML blocks to the column of the `{{`.
 * - every read of a variable chain `a.b[c]` → `__pa_req(a.b[c], (a.b[c]) is defined, "a.b[c]", line)`:
 *   Jinja2's StrictUndefined fails on any use of an undefined value; minijinja's strict mode
 *   lets it through filters, `~` and `==`. `x is defined`, `x | default` and `{% set y = x %}`
 *   stay as they are, as Jinja2 allows them.
 * - `service_instance.components.default.outputs` → `__pa_component_outputs`: Proton gives
 *   an empty dict there when no component is attached.
 * - markers (instrumented render only): `\u0001<line>\u0002` before the first non-blank
 *   character of each line of template data and before each `{{`; a rendered line takes the
 *   line of its first marker, or of the last marker before it.
 *   They are placed only next to non-whitespace, so whitespace control strips exactly what it
 *   would strip without them.
 */
import { blankStrings, type JinjaToken, type LexResult } from './lexer.ts';

export const MARK_OPEN = '\u0001';
export const MARK_CLOSE = '\u0002';

/** Names the engine provides that are not data. */
const NON_DATA = new Set(['loop', 'range', 'lipsum', 'dict', 'cycler', 'joiner', 'namespace', 'caller', 'varargs', 'kwargs', 'self', 'super']);
const KEYWORDS = new Set([
  'and', 'or', 'not', 'in', 'is', 'if', 'else', 'elif', 'for', 'recursive', 'true', 'false', 'none', 'True', 'False', 'None',
]);
const SAFE_TESTS = new Set(['defined', 'undefined', 'none']);
/** The scanner's own functions (never data). */
const HELPERS = new Set(['__pa_req', '__pa_fmt']);
const COMPONENT_OUTPUTS = /\bservice_instance\.components\.default\.outputs\b/g;

interface Tok {
  text: string;
  start: number;
  end: number;
}

const TOKEN_RE = /\s+|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|"[^"]*"|'[^']*'|\*\*|\/\/|==|!=|<=|>=|[^\s]/g;

function tokenize(code: string): Tok[] {
  const out: Tok[] = [];
  for (const m of code.matchAll(TOKEN_RE)) {
    if (/^\s/.test(m[0])) continue;
    out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return out;
}

const isName = (t: Tok | undefined): boolean => !!t && /^[A-Za-z_]/.test(t.text);

interface Chain {
  start: number;
  end: number;
}

/** Chains to guard in `code` (strings blanked), from token index `from`. */
function findChains(code: string, toks: Tok[], from: number, skipRoots: ReadonlySet<string>): Chain[] {
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
    // Extend over .name and [subscript]; remember where the last segment starts (for calls).
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
    if (next?.text === '(') {
      // A call: guard the receiver (`d.items()` → guard `d`), never the callable itself.
      if (lastSegmentStart > t.start) chains.push({ start: t.start, end: lastSegmentStart });
      i = j;
      continue;
    }
    const test = next?.text === 'is' ? (toks[j + 1]?.text === 'not' ? toks[j + 2] : toks[j + 1]) : undefined;
    const defaulted = next?.text === '|' && (toks[j + 1]?.text === 'default' || toks[j + 1]?.text === 'd');
    if (!(test && SAFE_TESTS.has(test.text)) && !defaulted) chains.push({ start: t.start, end });
    void code;
    i = j;
  }
  return chains;
}

function guard(inner: string, code: string, chains: readonly Chain[], baseLine: number): string {
  let out = '';
  let last = 0;
  for (const c of chains) {
    const text = inner.slice(c.start, c.end);
    const line = baseLine + (code.slice(0, c.start).match(/\n/g)?.length ?? 0);
    const shown = text.replace(/\s+/g, ' ').replace(/^__pa_component_outputs/, 'service_instance.components.default.outputs');
    out += inner.slice(last, c.start) + `__pa_req(${text}, (${text}) is defined, ${JSON.stringify(shown)}, ${line})`;
    last = c.end;
  }
  return out + inner.slice(last);
}

/** Macro names and `namespace()` objects are not data: collected before rewriting. */
function nonDataNames(tokens: readonly JinjaToken[]): Set<string> {
  const names = new Set<string>();
  for (const t of tokens) {
    if (t.kind !== 'block') continue;
    const m = /^\s*(?:macro\s+([A-Za-z_]\w*)|set\s+([A-Za-z_]\w*)\s*=\s*namespace\s*\(|(?:import\s+\S+\s+as|from\s+\S+\s+import)\s+([A-Za-z_]\w*))/.exec(t.inner);
    const name = m?.[1] ?? m?.[2] ?? m?.[3];
    if (name) names.add(name);
  }
  return names;
}

function rewriteExpression(inner: string, line: number, skip: ReadonlySet<string>, from = 0): string {
  const replaced = inner.replace(COMPONENT_OUTPUTS, '__pa_component_outputs');
  const code = blankStrings(replaced);
  const toks = tokenize(code);
  const startIndex = toks.findIndex((t) => t.start >= from);
  return guard(replaced, code, findChains(code, toks, startIndex < 0 ? toks.length : startIndex, skip), line);
}

function rewriteBlock(inner: string, line: number, skip: ReadonlySet<string>): string {
  const code = blankStrings(inner);
  const keyword = /^\s*([A-Za-z_]\w*)/.exec(code)?.[1];
  if (keyword === 'if' || keyword === 'elif') return rewriteExpression(inner, line, skip, code.indexOf(keyword) + keyword.length);
  if (keyword === 'for') {
    const inAt = /\bin\b/.exec(code.slice(code.indexOf('for') + 3));
    if (!inAt) return inner;
    return rewriteExpression(inner, line, skip, code.indexOf('for') + 3 + inAt.index + 2);
  }
  if (keyword === 'set') {
    const eq = /(?<![=!<>])=(?!=)/.exec(code);
    if (!eq) return inner;
    const rhs = code.slice(eq.index + 1).trim();
    // `{% set x = a.b %}` may hold an undefined value: Jinja2 fails only when it is used.
    if (/^[A-Za-z_]\w*(\s*\.\s*[A-Za-z_]\w*|\[[^\]]*\])*$/.test(rhs)) return inner;
    return rewriteExpression(inner, line, skip, eq.index + 1);
  }
  return inner;
}

export interface RewriteOptions {
  markers: boolean;
}

/** Marks the first non-blank character of every line of `text`. */
function markData(text: string, firstLine: number): string {
  let out = '';
  let line = firstLine;
  let fresh = true;
  for (const ch of text) {
    if (ch === '\n') {
      line++;
      fresh = true;
      out += ch;
      continue;
    }
    if (fresh && ch !== ' ' && ch !== '\t' && ch !== '\r') {
      out += `${MARK_OPEN}${line}${MARK_CLOSE}`;
      fresh = false;
    }
    out += ch;
  }
  return out;
}

/** The rewritten template; `lex` must be the lexing of `src` without errors. */
export function rewriteTemplate(src: string, lex: LexResult, options: RewriteOptions): string {
  const skip = nonDataNames(lex.tokens);
  let out = '';
  for (const t of lex.tokens) {
    const original = src.slice(t.start, t.end);
    if (t.kind === 'data') {
      out += options.markers ? markData(original, t.line) : original;
      continue;
    }
    if (t.kind === 'comment') {
      out += original;
      continue;
    }
    if (t.kind === 'block') {
      out += `{%${t.open}${rewriteBlock(t.inner, t.line, skip)}${t.close}%}`;
      continue;
    }
    if (t.inner.trim() === '') {
      out += original;
      continue;
    }
    const expr = rewriteExpression(t.inner, t.line, skip);
    const fmt = `{{${t.open} (${expr}) | __pa_fmt(${t.column}, (${expr}) is none, (${expr}) is float) ${t.close}}}`;
    // Never between whitespace and a '-' sign, so whitespace control strips the same text.
    const mark = options.markers && (t.open !== '-' || t.close !== '-') ? `${MARK_OPEN}${t.line}${MARK_CLOSE}` : '';
    out += mark && t.open !== '-' ? mark + fmt : fmt + mark;
  }
  return out;
}
