/**
 * The base of a pull request: the same scan over a git revision, and the breaking changes of
 * every bundle that exists at both, matched by its directory (`<name>/v<N>/`).
 */
import { discover, type Bundle } from '../discover/index.ts';
import { gitTree } from '../source/git-tree.ts';
import type { FileTree } from '../source/tree.ts';
import type { ScanIssue } from '../core/types.ts';
import { compareBundleVersions } from './compare.ts';

export interface BaseOptions {
  /** Repository directory. */
  repoDir: string;
  ref: string;
  /** Repository-relative directory the scan root corresponds to ('' for the top). */
  subdir?: string;
  maxFileBytes?: number;
}

export function baseTree(options: BaseOptions): FileTree {
  return gitTree(options.repoDir, options.ref, { ...(options.subdir ? { subdir: options.subdir } : {}), ...(options.maxFileBytes ? { maxFileBytes: options.maxFileBytes } : {}) });
}

/** Breaking changes of `head` bundles against the bundles of the same directory in `base`. */
export function breakingChanges(head: readonly Bundle[], base: FileTree): ScanIssue[] {
  const before = new Map(discover(base).bundles.filter((b) => b.kind !== 'component').map((b) => [b.root, b]));
  const out: ScanIssue[] = [];
  for (const b of head) {
    const old = before.get(b.root);
    if (!old || b.kind === 'component') continue;
    const subject = { kind: 'bundle' as const, root: b.root };
    // A marker that the bundle was compared, so "no breaking change" is a pass and not an absence of data.
    out.push({ code: 'breaking.compared', message: `${b.root || '.'} was compared with the base.`, location: { file: b.schema?.file ?? (b.root || '.'), line: 1 }, key: `breaking.compared|${b.root}`, subject });
    out.push(...compareBundleVersions(old, b).map((i) => ({ ...i, subject })));
  }
  return out;
}
