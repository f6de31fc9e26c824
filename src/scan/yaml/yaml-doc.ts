/**
 * YAML (and JSON, a subset of it) parsed to plain values with the line of every element.
 * With `intrinsics`, CloudFormation's short forms become their long forms as CloudFormation
 * reads them: `!Ref X` → {Ref: X}, `!GetAtt A.B` → {'Fn::GetAtt': [A, B]}, `!Condition C` →
 * {Condition: C}, any other `!Name v` → {'Fn::Name': v}.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

export type Segment = string | number;

export interface YamlProblem {
  message: string;
  line: number;
  column: number;
}

export interface YamlDoc {
  value: unknown;
  /** Line (1-based) of the element at `path`: for a map entry, its key's line. */
  lineOf(path: readonly Segment[]): number | undefined;
  /** The nearest located ancestor's line, at worst 1. */
  nearestLine(path: readonly Segment[]): number;
  errors: YamlProblem[];
  warnings: YamlProblem[];
}

export const INTRINSIC_TAGS = new Set([
  '!Ref', '!Sub', '!GetAtt', '!If', '!Join', '!Select', '!Split', '!FindInMap', '!Base64', '!Cidr', '!ImportValue', '!GetAZs',
  '!Equals', '!And', '!Or', '!Not', '!Condition', '!Transform', '!Length', '!ToJsonString', '!ForEach',
]);

export function pathKey(path: readonly Segment[]): string {
  return path.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

/** 'Resources.Role.Properties.Policies[0]' */
export function logicalPath(path: readonly Segment[]): string {
  let out = '';
  for (const s of path) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
}

function intrinsic(tag: string, value: unknown): unknown {
  const name = tag.slice(1);
  if (name === 'Ref') return { Ref: value };
  if (name === 'Condition') return { Condition: value };
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}

export interface ParseYamlOptions {
  intrinsics?: boolean;
}

export function parseYaml(text: string, options: ParseYamlOptions = {}): YamlDoc {
  const lc = new LineCounter();
  // Duplicate keys are found while converting: the library's own check is quadratic per map.
  const doc: Document = parseDocument(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false, strict: false });
  const lines = new Map<string, number>();
  const pos = (offset: number): { line: number; column: number } => {
    const p = lc.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const problem = (e: { message: string; pos: [number, number] }): YamlProblem => ({ message: e.message.split('\n')[0] ?? e.message, ...pos(e.pos[0]) });
  const errors = doc.errors.map(problem);
  const warnings = doc.warnings
    .filter((w) => !(options.intrinsics && /^Unresolved tag: (!\w+)/.test(w.message) && INTRINSIC_TAGS.has(/^Unresolved tag: (!\w+)/.exec(w.message)?.[1] ?? '')))
    .map(problem);

  const seen = new Set<Node>();
  const convert = (node: unknown, path: Segment[], keyOffset?: number): unknown => {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return convert(node.resolve(doc), path, keyOffset);
    const n = node as Node;
    const start = keyOffset ?? n.range?.[0];
    if (start !== undefined) lines.set(pathKey(path), pos(start).line);
    if (seen.has(n)) return null; // an alias cycle
    let value: unknown;
    if (isMap(n)) {
      seen.add(n);
      const obj: Record<string, unknown> = {};
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const k = isScalar(pair.key) ? String(pair.key.value) : JSON.stringify(convert(pair.key, [...path, '?']));
        const keyStart = (pair.key as Node | null)?.range?.[0];
        if (Object.hasOwn(obj, k)) errors.push({ message: `Map keys must be unique ('${k.slice(0, 60)}' repeats)`, ...pos(keyStart ?? 0) });
        obj[k] = convert(pair.value, [...path, k], keyStart);
      }
      seen.delete(n);
      value = obj;
    } else if (isSeq(n)) {
      seen.add(n);
      value = n.items.map((item, i) => convert(item, [...path, i]));
      seen.delete(n);
    } else if (isScalar(n)) {
      value = n.value === undefined ? null : n.value;
    } else value = null;
    const tag = (n as { tag?: string }).tag;
    if (options.intrinsics && tag && INTRINSIC_TAGS.has(tag)) return intrinsic(tag, value);
    return value;
  };
  let value = errors.length > 0 ? undefined : convert(doc.contents, []);
  if (errors.length > 0) value = undefined;
  const lineOf = (path: readonly Segment[]): number | undefined => lines.get(pathKey(path));
  const nearestLine = (path: readonly Segment[]): number => {
    for (let i = path.length; i >= 0; i--) {
      const l = lineOf(path.slice(0, i));
      if (l !== undefined) return l;
    }
    return 1;
  };
  return { value, lineOf, nearestLine, errors, warnings };
}
