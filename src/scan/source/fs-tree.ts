/**
 * The working tree under one or more paths. Symlinks are followed only when their target lies
 * inside a scanned path (a pull request must not make the gate read /etc/passwd); files over
 * the size cap are listed with their size but never read.
 */
import { closeSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DEFAULT_MAX_FILE_BYTES, decodeText, type FileEntry, type FileTree, type ReadResult } from './tree.ts';

export interface FsTreeOptions {
  /** Directory names never entered. */
  excludeDirs?: readonly string[];
  maxFileBytes?: number;
}

export const DEFAULT_EXCLUDED_DIRS = ['.git', 'node_modules', '.terraform', 'cdk.out', '.venv', '__pycache__'];

const toPosix = (p: string): string => p.split(sep).join('/');

function inside(path: string, roots: readonly string[]): boolean {
  return roots.some((r) => path === r || path.startsWith(r.endsWith(sep) ? r : r + sep));
}

/**
 * Lists the files under `paths` (files or directories), with paths relative to `root`.
 * A path outside `root` is listed relative to it as well ('../x'), which callers avoid by
 * choosing the repository root.
 */
export function fsTree(root: string, paths: readonly string[], options: FsTreeOptions = {}): FileTree {
  const excluded = new Set(options.excludeDirs ?? DEFAULT_EXCLUDED_DIRS);
  const cap = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const absRoot = resolve(root);
  const scanned = paths.map((p) => {
    const abs = isAbsolute(p) ? p : resolve(absRoot, p);
    try {
      return realpathSync(abs);
    } catch {
      return abs;
    }
  });
  const entries = new Map<string, FileEntry>();
  const realOf = new Map<string, string>();
  const visitedDirs = new Set<string>();

  const add = (abs: string, entry: Omit<FileEntry, 'path'>, real?: string): void => {
    const path = toPosix(relative(absRoot, abs));
    if (entries.has(path)) return;
    entries.set(path, { path, ...entry });
    if (real) realOf.set(path, real);
  };

  const visit = (abs: string): void => {
    let st;
    try {
      st = lstatSync(abs);
    } catch (e) {
      add(abs, { size: 0, skipped: { reason: 'unreadable', detail: (e as Error).message } });
      return;
    }
    let real = abs;
    if (st.isSymbolicLink()) {
      try {
        real = realpathSync(abs);
      } catch {
        add(abs, { size: 0, skipped: { reason: 'symlink-outside', detail: 'broken symlink' } });
        return;
      }
      if (!inside(real, scanned)) {
        add(abs, { size: 0, skipped: { reason: 'symlink-outside', detail: 'symlink to a target outside the scanned path (not followed)' } });
        return;
      }
      try {
        st = statSync(real);
      } catch (e) {
        add(abs, { size: 0, skipped: { reason: 'unreadable', detail: (e as Error).message } });
        return;
      }
    }
    if (st.isDirectory()) {
      if (visitedDirs.has(real)) return;
      visitedDirs.add(real);
      let names: string[];
      try {
        names = readdirSync(abs);
      } catch (e) {
        add(abs, { size: 0, skipped: { reason: 'unreadable', detail: (e as Error).message } });
        return;
      }
      for (const name of names.sort()) if (!excluded.has(name)) visit(join(abs, name));
      return;
    }
    if (!st.isFile()) return;
    add(abs, st.size > cap ? { size: st.size, skipped: { reason: 'too-large', detail: `${st.size} bytes, over the ${cap}-byte cap (not read)` } } : { size: st.size }, real);
  };

  for (const p of scanned) visit(p);
  const sorted = [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const byPath = new Map(sorted.map((e) => [e.path, e]));

  // Analyses read the same files several times: keep what was read (the tree is a snapshot of one scan).
  const cache = new Map<string, ReadResult>();
  const read = (path: string): ReadResult => {
    let r = cache.get(path);
    if (!r) {
      r = readOnce(path);
      cache.set(path, r);
    }
    return r;
  };
  const readOnce = (path: string): ReadResult => {
    const entry = byPath.get(path);
    if (!entry) return { skipped: { reason: 'unreadable', detail: 'not in the scanned tree' } };
    if (entry.skipped) return { skipped: entry.skipped };
    const abs = realOf.get(path) ?? resolve(absRoot, path);
    let fd: number | undefined;
    try {
      fd = openSync(abs, 'r');
      const buf = Buffer.alloc(Math.min(entry.size, cap));
      let off = 0;
      while (off < buf.length) {
        const n = readSync(fd, buf, off, buf.length - off, off);
        if (n === 0) break;
        off += n;
      }
      return decodeText(buf.subarray(0, off));
    } catch (e) {
      return { skipped: { reason: 'unreadable', detail: (e as Error).message } };
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  };
  return { entries: sorted, read };
}
