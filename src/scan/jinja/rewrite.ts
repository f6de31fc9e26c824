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
import { findChains, tokenize, type Chain } from './expressions.ts';
import { blankStrings, type JinjaToken, type LexResult } from './lexer.ts';

export const MARK_OPEN = '\u0001';
export const MARK_CLOSE = '\u0002';

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

const COMPONENT_OUTPUTS = /\bservice_instance\.components\.default\.outputs\b/g;

function rewriteExpression(inner: string, line: number, skip: ReadonlySet<string>, from = 0): string {
  const replaced = inner.replace(COMPONENT_OUTPUTS, '__pa_component_outputs');
  const code = blankStrings(replaced);
  const toks = tokenize(code);
  const startIndex = toks.findIndex((t) => t.start >= from);
  const chains = findChains(toks, startIndex < 0 ? toks.length : startIndex, skip).flatMap((c): Chain[] => {
    if (c.call) return c.receiverEnd !== undefined ? [{ ...c, end: c.receiverEnd }] : [];
    return c.safe ? [] : [c];
  });
  return guard(replaced, code, chains, line);
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
