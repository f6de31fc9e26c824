/**
 * The built-in pack's index: every built-in rule's metadata as the full loader validated it at
 * build time, keyed by rule file and sha256 (dist/rules/index.json). `rules list`, `show` and
 * `docs` read it instead of parsing 100 YAML files and compiling their CEL; a rule file whose
 * bytes no longer match its entry is loaded the full way.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { DataFamily, RuleMeta } from '../../model/index.ts';
import { COMPILED, compiledPath } from '../../paths.ts';
import type { LoadedRule } from './rule.ts';

export interface IndexedRule {
  /** Rule file relative to the pack, '/'-separated. */
  file: string;
  sha256: string;
  kind: LoadedRule['kind'];
  meta: RuleMeta;
  requires: DataFamily[];
  source?: Record<string, string>;
}

const INDEX_FILE = compiledPath('rules/index.json');

let cached: Promise<Map<string, IndexedRule> | undefined> | undefined;

/** The index of the compiled package, or undefined from source or when it is missing. */
export function builtinIndex(): Promise<Map<string, IndexedRule> | undefined> {
  if (!COMPILED) return Promise.resolve(undefined);
  cached ??= readFile(INDEX_FILE, 'utf8').then(
    (text) => new Map((JSON.parse(text) as { rules: IndexedRule[] }).rules.map((r) => [r.file, r])),
    () => undefined,
  );
  return cached;
}

/** Writes the index from the fully loaded built-in rules (npm run build). */
export async function writeBuiltinIndex(rules: readonly LoadedRule[]): Promise<string> {
  const entries: IndexedRule[] = rules.map((r) => ({ file: r.file, sha256: r.sha256, kind: r.kind, meta: r.meta, requires: r.requires, ...(r.source ? { source: r.source } : {}) }));
  await writeFile(INDEX_FILE, `${JSON.stringify({ rules: entries })}\n`);
  return INDEX_FILE;
}
