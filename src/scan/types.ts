/**
 * The scanner's shared vocabulary: where something is in the repository, what a file source
 * yields, and the issues analyses report. Everything here is JSON-safe data.
 */

/** A place in the repository. `file` is a POSIX path relative to the scan root. */
export interface SourceLocation {
  file: string;
  /** 1-based; absent when only the file is known (a file-level location). */
  line?: number;
  column?: number;
  endLine?: number;
}

/**
 * One thing an analysis noticed. Rules decide whether it is a failure and how severe; the
 * analysis only states what it saw and where.
 */
export interface ScanIssue {
  /** Stable code naming the kind of issue, e.g. 'spec.unknown-key'. */
  code: string;
  /** One sentence ending with a period. Never contains a detected secret. */
  message: string;
  location: SourceLocation;
  /** Logical path of the element ('Resources.TaskRole.Properties.Policies[0]', 'ServiceInput.port'). */
  logical?: string;
  /** Identity of the issue without line numbers, so fingerprints survive line shifts. */
  key: string;
  /** Where the same issue came from more than once (loop instances, render variants). */
  instances?: string[];
  /** JSON-safe details for evidence. */
  data?: Record<string, unknown>;
}

/** A file as a source hands it over: text, or the reason there is none. */
export interface SourceFile {
  /** POSIX path relative to the scan root. */
  path: string;
  size: number;
  /** Undefined when the file was not read (binary, too large, unreadable, symlink out of tree). */
  text?: string;
  skipped?: { reason: 'binary' | 'too-large' | 'unreadable' | 'symlink-outside'; detail: string };
}

export function issueKey(...parts: ReadonlyArray<string | number | undefined>): string {
  return parts.filter((p) => p !== undefined && p !== '').join('|');
}

export function compareLocations(a: SourceLocation, b: SourceLocation): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

export function compareIssues(a: ScanIssue, b: ScanIssue): number {
  return compareLocations(a.location, b.location) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
