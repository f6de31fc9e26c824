/**
 * The scanner's shared vocabulary. Locations and issues are model types (rules see them);
 * the helpers to build and order them live here.
 */

import type { ScanIssue, SourceLocation } from '../../model/index.ts';

export type { ScanIssue, ScanSubject, SourceLocation } from '../../model/index.ts';

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
