/**
 * The import graph of src/ and the built-in rules, read from TypeScript's syntax tree: static
 * imports and re-exports (type-only ones too: they couple modules just the same), import()
 * types, and dynamic imports of a literal path, each resolved to a file or named as a package.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export interface Edge {
  from: string;
  /** Repository-relative file, or the package name for a bare specifier. */
  to: string;
  dynamic: boolean;
  /** `import type` / `export type`: erased from the JavaScript, so nothing is loaded at run time. */
  typeOnly: boolean;
  external: boolean;
}

function files(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...files(root, path));
    else if (/\.ts$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec);
}

export function importGraph(root: string, dirs: readonly string[]): { files: string[]; edges: Edge[] } {
  const all = dirs.flatMap((d) => files(root, d)).map((f) => f.split('\\').join('/'));
  const edges: Edge[] = [];
  for (const file of all) {
    const source = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    const refs: Array<{ spec: string; dynamic: boolean; typeOnly: boolean }> = [];
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
        refs.push({ spec: node.moduleSpecifier.text, dynamic: false, typeOnly: node.importClause?.isTypeOnly === true });
      } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        refs.push({ spec: node.moduleSpecifier.text, dynamic: false, typeOnly: node.isTypeOnly });
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
        refs.push({ spec: node.arguments[0].text, dynamic: true, typeOnly: false });
      } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
        refs.push({ spec: node.argument.literal.text, dynamic: false, typeOnly: true });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    for (const { spec, dynamic, typeOnly } of refs) {
      if (spec.startsWith('.')) {
        const target = relative(root, resolve(root, dirname(file), spec)).split('\\').join('/');
        edges.push({ from: file, to: target, dynamic, typeOnly, external: false });
      } else {
        edges.push({ from: file, to: spec.startsWith('node:') ? spec : packageName(spec), dynamic, typeOnly, external: true });
      }
    }
  }
  return { files: all, edges };
}

/** Strongly connected components with more than one member (Tarjan), each sorted. */
export function cycles(nodes: readonly string[], edges: ReadonlyArray<readonly [string, string]>): string[][] {
  const next = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const [a, b] of edges) if (a !== b) next.get(a)?.push(b);
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const n of nodes) if (!index.has(n)) visit(n);
  return out;
}

/** Every file (and package) `start` loads before running: static imports that are not type-only. */
export function staticClosure(start: string, edges: readonly Edge[]): Set<string> {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    const f = queue.pop() as string;
    for (const e of edges) {
      if (e.from !== f || e.dynamic || e.typeOnly || seen.has(e.to)) continue;
      seen.add(e.to);
      if (!e.external) queue.push(e.to);
    }
  }
  return seen;
}
