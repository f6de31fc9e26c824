/**
 * A git revision as a file tree: `git ls-tree` lists it, `git cat-file` reads it. git is
 * spawned (no library); symlinks are listed and never followed.
 */
import { execFileSync } from 'node:child_process';
import { InputError } from '../../errors.ts';
import { DEFAULT_MAX_FILE_BYTES, decodeText, type FileEntry, type FileTree, type ReadResult } from './tree.ts';

export interface GitTreeOptions {
  /** Only files under this repository-relative directory, re-rooted there ('' = whole repository). */
  subdir?: string;
  maxFileBytes?: number;
}

function git(repoDir: string, args: readonly string[], input?: string): Buffer {
  return execFileSync('git', ['-C', repoDir, ...args], { maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'], ...(input !== undefined ? { input } : {}) });
}

function gitError(ref: string, e: unknown): InputError {
  const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
  return new InputError(`git base ${ref}`, [{ file: ref, location: '', message: stderr || (e as Error).message }]);
}

/** The commit a ref names; an InputError (exit 2) when it names none. */
export function resolveCommit(repoDir: string, ref: string): string {
  try {
    return git(repoDir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).toString().trim();
  } catch (e) {
    throw gitError(ref, e);
  }
}

/** The top directory of the repository holding `dir`, or undefined outside one. */
export function repositoryRoot(dir: string): string | undefined {
  try {
    return execFileSync('git', ['-C', dir, 'rev-parse', '--show-toplevel'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return undefined;
  }
}

export function gitTree(repoDir: string, ref: string, options: GitTreeOptions = {}): FileTree {
  const commit = resolveCommit(repoDir, ref);
  const cap = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const prefix = options.subdir ? `${options.subdir.replace(/\/+$/, '')}/` : '';
  let listing: string;
  try {
    listing = git(repoDir, ['ls-tree', '-r', '-l', '-z', '--full-tree', commit, ...(prefix ? ['--', prefix] : [])]).toString('utf8');
  } catch (e) {
    throw gitError(ref, e);
  }
  const blobs = new Map<string, string>();
  const entries: FileEntry[] = [];
  for (const record of listing.split('\0')) {
    // '<mode> <type> <object> <size>\t<path>'
    const m = /^(\d+) (\w+) ([0-9a-f]+)\s+(-|\d+)\t(.*)$/s.exec(record);
    if (!m || m[2] !== 'blob') continue;
    const full = m[5] ?? '';
    if (prefix && !full.startsWith(prefix)) continue;
    const path = full.slice(prefix.length);
    const size = m[4] === '-' ? 0 : Number(m[4]);
    if (m[1] === '120000') entries.push({ path, size, skipped: { reason: 'symlink', detail: 'symlink in the base revision (not followed)' } });
    else if (size > cap) entries.push({ path, size, skipped: { reason: 'too-large', detail: `${size} bytes, over the ${cap}-byte cap (not read)` } });
    else {
      entries.push({ path, size });
      blobs.set(path, m[3] ?? '');
    }
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const read = (path: string): ReadResult => {
    const entry = byPath.get(path);
    if (entry?.skipped) return { skipped: entry.skipped };
    const blob = blobs.get(path);
    if (!blob) return { skipped: { reason: 'unreadable', detail: `not in ${ref}` } };
    try {
      return decodeText(git(repoDir, ['cat-file', 'blob', blob]));
    } catch (e) {
      return { skipped: { reason: 'unreadable', detail: (e as Error).message } };
    }
  };
  return { entries, read };
}
