/**
 * Opaque page tokens. A token carries the operation, a digest of the query it belongs to and the
 * next offset, so a token replayed against another operation or other filters is rejected as a
 * real service would. Tokens are plain base64 to satisfy Proton's NextToken pattern.
 */
import { createHash } from 'node:crypto';
import { ApiError } from './api-error.ts';

export interface Page<T> {
  items: T[];
  /** Undefined on the last page. */
  next?: string;
}

/** Digest of the query parameters other than the paging ones, so tokens stay bound to them. */
export function queryDigest(params: Record<string, unknown>, exclude: readonly string[]): string {
  const kept = Object.keys(params)
    .filter((k) => !exclude.includes(k) && params[k] !== undefined && params[k] !== null)
    .sort()
    .map((k) => [k, params[k]]);
  return createHash('sha256').update(JSON.stringify(kept)).digest('base64').slice(0, 12);
}

export function encodeToken(operation: string, digest: string, offset: number): string {
  return Buffer.from(JSON.stringify({ o: operation, q: digest, i: offset })).toString('base64');
}

/**
 * Returns the offset a token points at. `invalid` builds the service's own error for a token it
 * did not issue.
 */
export function decodeToken(token: string, operation: string, digest: string, total: number, invalid: () => ApiError): number {
  if (!/^[A-Za-z0-9+/]+=*$/.test(token)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (parsed === null || typeof parsed !== 'object') throw invalid();
  const { o, q, i } = parsed as { o?: unknown; q?: unknown; i?: unknown };
  if (o !== operation || q !== digest || typeof i !== 'number' || !Number.isInteger(i) || i < 1 || i >= total) throw invalid();
  return i;
}

export function paginate<T>(
  all: readonly T[],
  opts: { operation: string; digest: string; token?: string; size: number; invalid: () => ApiError },
): Page<T> {
  const start = opts.token === undefined ? 0 : decodeToken(opts.token, opts.operation, opts.digest, all.length, opts.invalid);
  const end = Math.min(all.length, start + opts.size);
  const items = all.slice(start, end);
  return end < all.length ? { items, next: encodeToken(opts.operation, opts.digest, end) } : { items };
}
