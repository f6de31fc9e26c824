import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScanIssue } from '../../src/scan/core/types.ts';

export const FIXTURE_REPO = fileURLToPath(new URL('./fixtures/template-repo', import.meta.url));

/** The 1-based line of the only line of `file` (relative to `root`) containing `text`. */
export function lineOf(root: string, file: string, text: string): number {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const hits = lines.flatMap((l, i) => (l.includes(text) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`${file}: ${hits.length} lines contain ${JSON.stringify(text)}`);
  return hits[0] as number;
}

export function issuesAt(issues: readonly ScanIssue[], code: string, file: string): ScanIssue[] {
  return issues.filter((i) => i.code === code && i.location.file === file);
}
