/**
 * Calling an API and recording the outcome in coverage. A failure never throws out of here: it
 * is recorded and the caller gets `undefined` (or the pages collected so far), so one denied
 * operation never stops the rest of the collection.
 */
import type { Coverage, CoverageService } from './coverage.ts';
import { classifyFailure, type Failure } from './failure.ts';
import type { CollectStats } from './stats.ts';

export interface Scope {
  coverage: Coverage;
  /** Region name, or 'global' for IAM, STS and Organizations. */
  region: string;
  /** Run-wide counters for the progress display. */
  stats?: CollectStats;
}

/** One call; `resource` names what a detail call was for, so a failure lists it. */
export async function callOnce<T>(
  scope: Scope,
  service: CoverageService,
  operation: string,
  fn: () => Promise<T>,
  resource?: string,
): Promise<{ ok: true; value: T } | { ok: false; failure: Failure }> {
  try {
    const value = await fn();
    scope.coverage.ok(scope.region, service, operation);
    return { ok: true, value };
  } catch (err) {
    const failure = classifyFailure(err);
    scope.coverage.failed(scope.region, service, operation, failure, resource);
    if (scope.stats) scope.stats.failures += 1;
    return { ok: false, failure };
  }
}

export interface Listed<I> {
  items: I[];
  /** Every page answered. */
  complete: boolean;
  failure?: Failure;
}

/**
 * Drain an SDK paginator, one coverage call per page; a failed page keeps what came before it.
 * `resource` is set when the listing is a detail of one resource (e.g. a policy's entities).
 */
export async function listAll<P, I>(
  scope: Scope,
  service: CoverageService,
  operation: string,
  pages: () => AsyncIterable<P>,
  pick: (page: P) => readonly I[] | undefined,
  resource?: string,
  /** Called with each page's items as it arrives, so detail calls can start before the last page. */
  onPage?: (items: readonly I[]) => void,
): Promise<Listed<I>> {
  const items: I[] = [];
  const tokens = new Set<string>();
  try {
    for await (const page of pages()) {
      scope.coverage.ok(scope.region, service, operation);
      const picked = pick(page) ?? [];
      for (const item of picked) items.push(item);
      onPage?.(picked);
      if (scope.stats && (service === 'proton' || service === 'tagging')) scope.stats.resources += picked.length;
      // A service that hands back a token it gave before would have the paginator loop forever:
      // this page's items are kept, the next request is never made.
      const token = nextPageToken(page);
      if (token !== undefined) {
        if (tokens.has(token)) throw new RepeatedPageTokenError(operation, tokens.size + 1);
        tokens.add(token);
      }
    }
    return { items, complete: true };
  } catch (err) {
    const failure = classifyFailure(err);
    scope.coverage.failed(scope.region, service, operation, failure, resource);
    if (scope.stats) scope.stats.failures += 1;
    return { items, complete: false, failure };
  }
}

/** The page tokens the paginated APIs use (Proton, Quotas/Organizations, Tagging, IAM). */
const TOKEN_FIELDS = ['nextToken', 'NextToken', 'PaginationToken', 'Marker'] as const;

function nextPageToken(page: unknown): string | undefined {
  if (page === null || typeof page !== 'object') return undefined;
  const p = page as Record<string, unknown>;
  for (const f of TOKEN_FIELDS) {
    const v = p[f];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

/** The listing stops, recorded in coverage as an error: what came before is kept. */
export class RepeatedPageTokenError extends Error {
  override readonly name = 'RepeatedPageToken';
  constructor(operation: string, page: number) {
    super(`${operation} returned a page token it had already returned (page ${page}); the listing was stopped there instead of looping`);
  }
}
