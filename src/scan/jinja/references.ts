/**
 * What a Jinja template reads from Proton's namespaces: every `environment.inputs.X`,
 * `service_instance.inputs.X`, `pipeline.inputs.X`, `environment.outputs.X`,
 * `service_instances[i].outputs.X`, component outputs, ... with its line and whether it is
 * guarded (`is defined`, `| default`). Loop variables over `service_instances` and
 * `{% set x = <chain> %}` aliases are followed.
 */
import { chainSegments, findChains, tokenize, type ChainSegment } from './expressions.ts';
import { blankStrings, lexJinja, type LexError } from './lexer.ts';

export interface JinjaReference {
  /** Resolved segments from a Proton root: ['service_instance', 'inputs', 'port'], ['service_instances', '*', 'outputs', 'Url']. */
  path: ChainSegment[];
  /** As written. */
  text: string;
  line: number;
  guarded: boolean;
  /** The reference sits in an `{% if %}` / `{% elif %}` condition. */
  inCondition: boolean;
  /** Literals the condition compares it with (`== "x"`, `in ["a", "b"]`). */
  comparedWith: unknown[];
}

export interface FilterUse {
  name: string;
  line: number;
  /** The tag's text, for messages. */
  tag: string;
  /** Positional and keyword argument text, as written. */
  args: string;
}

export interface TemplateScan {
  references: JinjaReference[];
  filters: FilterUse[];
  error?: LexError;
}

export const PROTON_ROOTS = new Set(['environment', 'service', 'service_instance', 'service_instances', 'pipeline', 'component']);

function literal(text: string): unknown {
  const t = text.trim();
  if (/^(["']).*\1$/s.test(t)) return t.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (/^(true|True)$/.test(t)) return true;
  if (/^(false|False)$/.test(t)) return false;
  return undefined;
}

/** Literals after `==`/`!=` or inside `in [...]` right after the chain (tokens of the original text). */
function comparisons(original: string, blanked: string, chainEnd: number): unknown[] {
  const rest = original.slice(chainEnd);
  const restBlank = blanked.slice(chainEnd);
  const op = /^\s*(==|!=)\s*/.exec(restBlank);
  if (op) {
    const m = /^("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|-?\d+(?:\.\d+)?|true|false|True|False)/.exec(rest.slice(op[0].length));
    const v = m ? literal(m[1] ?? '') : undefined;
    return v === undefined ? [] : [v];
  }
  const inList = /^\s*(?:not\s+)?in\s*[[(]/.exec(restBlank);
  if (inList) {
    const close = restBlank.indexOf(inList[0].endsWith('[') ? ']' : ')', inList[0].length);
    if (close > 0) return rest.slice(inList[0].length, close).split(',').map(literal).filter((v) => v !== undefined);
  }
  return [];
}

const memo = new Map<string, TemplateScan>();

/** Memoised: several analyses ask about the same template. */
export function scanTemplate(source: string): TemplateScan {
  let scan = memo.get(source);
  if (!scan) {
    if (memo.size > 2000) memo.clear();
    scan = scanTemplateOnce(source);
    memo.set(source, scan);
  }
  return scan;
}

function scanTemplateOnce(source: string): TemplateScan {
  const lex = lexJinja(source);
  const references: JinjaReference[] = [];
  const filters: FilterUse[] = [];
  const aliases = new Map<string, ChainSegment[]>();
  for (const t of lex.tokens) {
    if (t.kind !== 'var' && t.kind !== 'block') continue;
    const code = blankStrings(t.inner);
    const keyword = t.kind === 'block' ? /^\s*([A-Za-z_]\w*)/.exec(code)?.[1] : undefined;
    const lineAt = (offset: number): number => t.line + (t.inner.slice(0, offset).match(/\n/g)?.length ?? 0);
    const toks = tokenize(code);
    let from = 0;
    if (keyword === 'for') {
      // `{% for a, b in <iterable> %}`: the targets alias the iterable's items.
      const inIndex = toks.findIndex((x) => x.text === 'in');
      const targets = toks.slice(1, inIndex < 0 ? 1 : inIndex).filter((x) => /^[A-Za-z_]/.test(x.text)).map((x) => x.text);
      const iterable = findChains(toks, inIndex + 1, new Set())[0];
      if (iterable && targets.length === 1) {
        const segs = resolve(chainSegments(t.inner.slice(iterable.start, iterable.end)), aliases);
        if (segs && PROTON_ROOTS.has(String(segs[0]))) aliases.set(targets[0] ?? '', [...segs, '*']);
      }
      from = inIndex + 1;
    } else if (keyword === 'set') {
      const eq = toks.findIndex((x) => x.text === '=');
      if (eq > 1) {
        const rhs = findChains(toks, eq + 1, new Set());
        const target = toks[1]?.text;
        if (rhs.length === 1 && rhs[0]?.start === toks[eq + 1]?.start && rhs[0]?.next === toks.length && target) {
          const segs = resolve(chainSegments(t.inner.slice(rhs[0].start, rhs[0].end)), aliases);
          if (segs && PROTON_ROOTS.has(String(segs[0]))) aliases.set(target, segs);
        }
      }
      from = eq < 0 ? toks.length : eq + 1;
    } else if (keyword && keyword !== 'if' && keyword !== 'elif') continue;
    else if (keyword) from = 1;
    for (const c of findChains(toks, from, new Set())) {
      const text = t.inner.slice(c.start, c.call && c.receiverEnd !== undefined ? c.receiverEnd : c.end);
      const segs = resolve(chainSegments(text), aliases);
      if (!segs || !PROTON_ROOTS.has(String(segs[0]))) continue;
      references.push({
        path: segs,
        text: text.replace(/\s+/g, ''),
        line: lineAt(c.start),
        guarded: c.safe,
        inCondition: keyword === 'if' || keyword === 'elif',
        comparedWith: keyword === 'if' || keyword === 'elif' ? comparisons(t.inner, code, c.end) : [],
      });
    }
    // Filters: `| name` and `| name(args)`.
    for (let i = 0; i < toks.length - 1; i++) {
      if (toks[i]?.text !== '|') continue;
      const name = toks[i + 1];
      if (!name || !/^[A-Za-z_]/.test(name.text)) continue;
      let args = '';
      if (toks[i + 2]?.text === '(') {
        let depth = 0;
        let k = i + 2;
        for (; k < toks.length; k++) {
          const x = toks[k]?.text;
          if (x === '(' || x === '[' || x === '{') depth++;
          else if (x === ')' || x === ']' || x === '}') depth--;
          if (depth === 0) break;
        }
        args = t.inner.slice((toks[i + 2]?.end ?? 0), toks[k]?.start ?? t.inner.length);
      }
      filters.push({ name: name.text, line: lineAt(name.start), tag: t.inner.trim(), args: args.trim() });
    }
  }
  return { references, filters, ...(lex.error ? { error: lex.error } : {}) };
}

function resolve(segs: ChainSegment[], aliases: ReadonlyMap<string, ChainSegment[]>): ChainSegment[] | undefined {
  if (segs.length === 0) return undefined;
  const alias = aliases.get(String(segs[0]));
  return alias ? [...alias, ...segs.slice(1)] : segs;
}
