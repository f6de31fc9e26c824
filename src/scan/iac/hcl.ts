/**
 * Terraform (HCL2) parsed with tree-sitter's HCL grammar (web-tree-sitter, MIT, and
 * @tree-sitter-grammars/tree-sitter-hcl, Apache-2.0: WASM, no native build). Chosen over
 * HashiCorp's parser compiled to JS (@cdktf/hcl2json, MPL-2.0, which reports no positions and
 * whose project is archived) and hcl2-parser (MIT, no positions, drops error details): the
 * gate needs the line of every element, and tree-sitter keeps them and recovers from errors.
 *
 * Values are evaluated statically as far as literals go; anything else (variables, function
 * calls, conditionals) is kept as Terraform's JSON syntax writes it: "${var.x}". `jsonencode(...)`
 * of a literal object is evaluated to that object, so IAM policies written inline are analysable.
 */
import { createRequire } from 'node:module';
import type { Segment } from '../yaml/yaml-doc.ts';
import { pathKey } from '../yaml/yaml-doc.ts';

type TreeSitter = typeof import('web-tree-sitter');
type Node = import('web-tree-sitter').Node;
type Parser = import('web-tree-sitter').Parser;

const require = createRequire(import.meta.url);
let parser: Parser | undefined;

/** Loads the WASM parser once; call before parseHcl. */
export async function loadHclParser(): Promise<void> {
  if (parser) return;
  const ts = (await import('web-tree-sitter')) as TreeSitter;
  await ts.Parser.init();
  const lang = await ts.Language.load(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'));
  const p = new ts.Parser();
  p.setLanguage(lang);
  parser = p;
}

export interface HclProblem {
  message: string;
  line: number;
  column: number;
}

export interface HclDocument {
  /** Terraform's JSON shape: { resource: { type: { name: body } }, provider: { aws: [body] }, terraform: [body], ... } */
  value: Record<string, unknown>;
  lineOf(path: readonly Segment[]): number | undefined;
  nearestLine(path: readonly Segment[]): number;
  errors: HclProblem[];
}

const named = (n: Node): Node[] => n.namedChildren.filter((c): c is Node => c !== null);

function unescape(s: string): string {
  return s.replace(/\\(["\\nrt])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c));
}

function stringOf(n: Node): string | undefined {
  // string_lit / quoted_template: start, literal parts, end; interpolations kept as written.
  let out = '';
  for (const c of named(n)) {
    if (c.type === 'template_literal') out += unescape(c.text);
    else if (c.type === 'template_interpolation' || c.type === 'template_directive') out += c.text;
  }
  return out;
}

function heredocOf(n: Node): string {
  const text = n.text;
  const firstNl = text.indexOf('\n');
  const lastNl = text.lastIndexOf('\n');
  if (firstNl < 0 || lastNl <= firstNl) return '';
  let body = text.slice(firstNl + 1, lastNl + 1);
  if (text.startsWith('<<-')) {
    const lines = body.split('\n');
    const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
    body = lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
  }
  return body;
}

export function parseHcl(text: string): HclDocument {
  if (!parser) throw new Error('loadHclParser() must be awaited before parseHcl()');
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  const lines = new Map<string, number>();
  const errors: HclProblem[] = [];
  const note = (path: readonly Segment[], n: Node): void => {
    const k = pathKey(path);
    if (!lines.has(k)) lines.set(k, n.startPosition.row + 1);
  };

  const collectErrors = (n: Node): void => {
    if (errors.length >= 5) return;
    if (n.type === 'ERROR' || n.isMissing) {
      errors.push({ message: n.isMissing ? `missing ${n.type}` : `unexpected ${JSON.stringify(n.text.slice(0, 30))}`, line: n.startPosition.row + 1, column: n.startPosition.column });
      return;
    }
    if (n.hasError) for (const c of n.children) if (c) collectErrors(c);
  };
  if (tree.rootNode.hasError) collectErrors(tree.rootNode);

  const expr = (n: Node, path: Segment[]): unknown => {
    note(path, n);
    const kids = named(n);
    if (n.type === 'expression' && kids.length === 1 && kids[0]) return expr(kids[0], path);
    switch (n.type) {
      case 'literal_value': {
        const v = kids[0];
        if (!v) return null;
        if (v.type === 'numeric_lit') return Number(v.text);
        if (v.type === 'bool_lit') return v.text === 'true';
        if (v.type === 'null_lit') return null;
        if (v.type === 'string_lit') return stringOf(v);
        return v.text;
      }
      case 'template_expr': {
        const t = kids[0];
        if (t?.type === 'quoted_template') return stringOf(t);
        if (t?.type === 'heredoc_template') return heredocOf(t);
        return `\${${n.text}}`;
      }
      case 'collection_value': {
        const c = kids[0];
        if (c?.type === 'tuple') return named(c).filter((e) => e.type === 'expression').map((e, i) => expr(e, [...path, i]));
        if (c?.type === 'object') {
          const obj: Record<string, unknown> = {};
          for (const el of named(c).filter((e) => e.type === 'object_elem')) {
            const [k, v] = named(el).filter((e) => e.type === 'expression');
            if (!k || !v) continue;
            const keyNode = named(k)[0];
            const key = keyNode?.type === 'variable_expr' ? keyNode.text : keyNode?.type === 'literal_value' ? String(expr(k, [...path, '?'])) : k.text;
            note([...path, key], el);
            obj[key] = expr(v, [...path, key]);
          }
          return obj;
        }
        return `\${${n.text}}`;
      }
      case 'function_call': {
        const name = kids.find((c) => c.type === 'identifier')?.text;
        const args = kids.find((c) => c.type === 'function_arguments');
        const first = args ? named(args).find((c) => c.type === 'expression') : undefined;
        if ((name === 'jsonencode' || name === 'yamlencode') && first) {
          const v = expr(first, path);
          if (typeof v === 'object' && v !== null) return v;
        }
        return `\${${n.text}}`;
      }
      default:
        // A reference or a computation: Terraform's JSON syntax for an expression.
        return `\${${n.text}}`;
    }
  };

  const body = (n: Node, path: Segment[]): Record<string, unknown> => {
    const obj: Record<string, unknown> = {};
    for (const c of named(n)) {
      if (c.type === 'attribute') {
        const name = named(c).find((x) => x.type === 'identifier')?.text ?? '';
        const e = named(c).find((x) => x.type === 'expression');
        note([...path, name], c);
        obj[name] = e ? expr(e, [...path, name]) : null;
      } else if (c.type === 'block') {
        const name = named(c).find((x) => x.type === 'identifier')?.text ?? '';
        const labels = named(c).filter((x) => x.type === 'string_lit' || (x.type === 'identifier' && x !== named(c)[0])).map((x) => (x.type === 'string_lit' ? (stringOf(x) ?? '') : x.text));
        const list = (obj[name] ??= []) as unknown[];
        const p = [...path, name, list.length];
        note(p, c);
        const inner = named(c).find((x) => x.type === 'body');
        list.push({ ...(labels.length > 0 ? { __labels: labels } : {}), ...(inner ? body(inner, p) : {}) });
      }
    }
    return obj;
  };

  // Top level: Terraform's JSON shape keyed by labels.
  const value: Record<string, unknown> = {};
  const top = named(tree.rootNode).find((c) => c.type === 'body');
  for (const c of top ? named(top) : []) {
    if (c.type === 'attribute') {
      const name = named(c).find((x) => x.type === 'identifier')?.text ?? '';
      const e = named(c).find((x) => x.type === 'expression');
      note([name], c);
      value[name] = e ? expr(e, [name]) : null;
      continue;
    }
    if (c.type !== 'block') continue;
    const kids = named(c);
    const kind = kids[0]?.text ?? '';
    const labels = kids.filter((x) => x.type === 'string_lit' || (x.type === 'identifier' && x !== kids[0])).map((x) => (x.type === 'string_lit' ? (stringOf(x) ?? '') : x.text));
    const inner = kids.find((x) => x.type === 'body');
    if (labels.length === 0) {
      const list = (value[kind] ??= []) as unknown[];
      const p: Segment[] = [kind, list.length];
      note(p, c);
      list.push(inner ? body(inner, p) : {});
    } else if (labels.length === 1 && kind !== 'provider') {
      const map = (value[kind] ??= {}) as Record<string, unknown>;
      const p: Segment[] = [kind, labels[0] ?? ''];
      note(p, c);
      map[labels[0] ?? ''] = inner ? body(inner, p) : {};
    } else if (kind === 'provider') {
      const map = (value[kind] ??= {}) as Record<string, unknown[]>;
      const list = (map[labels[0] ?? ''] ??= []);
      const p: Segment[] = [kind, labels[0] ?? '', list.length];
      note(p, c);
      list.push(inner ? body(inner, p) : {});
    } else {
      const map = (value[kind] ??= {}) as Record<string, Record<string, unknown>>;
      const byType = (map[labels[0] ?? ''] ??= {});
      const p: Segment[] = [kind, labels[0] ?? '', labels[1] ?? ''];
      note([kind, labels[0] ?? ''], c);
      note(p, c);
      byType[labels[1] ?? ''] = inner ? body(inner, p) : {};
    }
  }
  tree.delete();
  const lineOf = (path: readonly Segment[]): number | undefined => lines.get(pathKey(path));
  const nearestLine = (path: readonly Segment[]): number => {
    for (let i = path.length; i >= 0; i--) {
      const l = lineOf(path.slice(0, i));
      if (l !== undefined) return l;
    }
    return 1;
  };
  return { value, lineOf, nearestLine, errors };
}

/** Whether a value is (or holds) a Terraform expression rather than a literal. */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}
