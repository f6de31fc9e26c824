/**
 * What the scanner reads: a tree of files with their sizes, and a reader. The working tree
 * (fs-tree.ts) and a git revision (git-tree.ts) both provide one, so discovery and parsing
 * run unchanged on the base of a pull request.
 */

export type SkipReason = 'binary' | 'too-large' | 'unreadable' | 'symlink-outside' | 'symlink';

export interface FileEntry {
  /** POSIX path relative to the tree's root. */
  path: string;
  size: number;
  /** Set when the file is not read at all (out-of-tree symlink, over the size cap). */
  skipped?: { reason: SkipReason; detail: string };
}

export type ReadResult = { text: string } | { skipped: { reason: SkipReason; detail: string } };

export interface FileTree {
  /** Sorted by path. */
  entries: FileEntry[];
  read(path: string): ReadResult;
}

/** 5 MB: the size of a whole Proton bundle (https://docs.aws.amazon.com/proton/latest/userguide/ag-limits.html). */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Decodes file bytes: binary when a NUL byte shows up early, as git and grep decide. */
export function decodeText(bytes: Uint8Array): ReadResult {
  const probe = bytes.subarray(0, 8000);
  if (probe.includes(0)) return { skipped: { reason: 'binary', detail: 'binary file (contains NUL bytes)' } };
  let text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text };
}

/** A tree held in memory (tests, synthetic repositories). */
export function memoryTree(files: Record<string, string>): FileTree {
  const entries = Object.keys(files)
    .sort()
    .map((path) => ({ path, size: Buffer.byteLength(files[path] ?? '') }));
  return {
    entries,
    read: (path) => (path in files ? { text: files[path] ?? '' } : { skipped: { reason: 'unreadable', detail: 'no such file' } }),
  };
}
