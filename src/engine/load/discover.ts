/**
 * Finds rule folders in a pack: any directory holding rule.yaml or rule.ts, at any depth. A
 * rule folder holds exactly its rule file and cases.yaml; anything else there is reported.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import type { Problem } from '../../errors.ts';

export interface RuleFolder {
  /** Absolute directory. */
  dir: string;
  /** Absolute path of rule.yaml or rule.ts. */
  ruleFile: string;
  kind: 'yaml' | 'typescript';
  casesFile: string;
  /** The folder's name: the rule's slug. */
  slug: string;
  /** The parent folder's name: the rule's family. */
  parent: string;
}

const RULE_FILES = { 'rule.yaml': 'yaml', 'rule.ts': 'typescript' } as const;
const SKIP_DIRS = new Set(['node_modules', '.git']);

export async function discoverRules(packDir: string): Promise<{ folders: RuleFolder[]; problems: Problem[] }> {
  const folders: RuleFolder[] = [];
  const problems: Problem[] = [];
  try {
    const s = await stat(packDir);
    if (!s.isDirectory()) return { folders, problems: [{ file: packDir, location: '', message: 'a rule pack is a directory, and this is a file' }] };
  } catch {
    return { folders, problems: [{ file: packDir, location: '', message: 'rule pack directory does not exist' }] };
  }
  await walk(packDir, packDir, folders, problems);
  folders.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  return { folders, problems };
}

async function walk(root: string, dir: string, folders: RuleFolder[], problems: Problem[]): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  const files = entries.filter((e) => e.isFile()).map((e) => e.name);
  const ruleFiles = files.filter((f): f is keyof typeof RULE_FILES => f in RULE_FILES);
  const rel = relative(root, dir) || '.';
  if (ruleFiles.length > 0) {
    if (ruleFiles.length > 1) {
      problems.push({ file: join(dir, ruleFiles[0] ?? ''), location: '', message: `a rule folder holds one rule file; ${rel} has ${ruleFiles.join(' and ')}` });
      return;
    }
    const ruleFile = ruleFiles[0] as keyof typeof RULE_FILES;
    for (const extra of entries.filter((e) => !(e.isFile() && (e.name === ruleFile || e.name === 'cases.yaml')))) {
      problems.push({ file: join(dir, extra.name), location: '', message: `unexpected ${extra.isDirectory() ? 'folder' : 'file'} in rule folder ${rel}: a rule folder holds only ${ruleFile} and cases.yaml` });
    }
    if (!files.includes('cases.yaml')) problems.push({ file: join(dir, 'cases.yaml'), location: '', message: `missing: every rule ships its cases (at least one pass and one fail)` });
    folders.push({
      dir,
      ruleFile: join(dir, ruleFile),
      kind: RULE_FILES[ruleFile],
      casesFile: join(dir, 'cases.yaml'),
      slug: basename(dir),
      parent: basename(dirname(dir)),
    });
    return;
  }
  if (files.includes('cases.yaml')) problems.push({ file: join(dir, 'cases.yaml'), location: '', message: 'cases.yaml without a rule file (rule.yaml or rule.ts) beside it' });
  for (const e of entries) {
    if (e.isDirectory() && !SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) await walk(root, join(dir, e.name), folders, problems);
  }
}
