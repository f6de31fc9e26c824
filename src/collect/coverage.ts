/**
 * Coverage: every operation the collectors tried, with its worst outcome, so a rule whose data
 * was not collected skips instead of passing. One recorder per account; the account id is
 * attached when the entries are read, because STS may answer after other services.
 */
import type { CoverageEntry, CoverageStatus } from '../model/index.ts';
import { STATUS_RANK, type Failure } from './failure.ts';

export type CoverageService = CoverageEntry['service'];

interface Tally {
  region: string;
  service: CoverageService;
  operation: string;
  status: CoverageStatus;
  calls: number;
  failures: number;
  errors: Map<string, { message: string; count: number }>;
  failedResources: Set<string>;
}

export class Coverage {
  private readonly tallies = new Map<string, Tally>();

  private tally(region: string, service: CoverageService, operation: string): Tally {
    const key = `${region}\u0000${service}\u0000${operation}`;
    let t = this.tallies.get(key);
    if (!t) {
      t = { region, service, operation, status: 'ok', calls: 0, failures: 0, errors: new Map(), failedResources: new Set() };
      this.tallies.set(key, t);
    }
    return t;
  }

  private worsen(t: Tally, status: CoverageStatus): void {
    if (STATUS_RANK[status] > STATUS_RANK[t.status]) t.status = status;
  }

  /** A call that answered. */
  ok(region: string, service: CoverageService, operation: string): void {
    this.tally(region, service, operation).calls += 1;
  }

  /** A call that failed but is asked again by the collector itself: it counts, it is not a gap. */
  retried(region: string, service: CoverageService, operation: string): void {
    this.tally(region, service, operation).calls += 1;
  }

  /** A call that failed after the SDK's retries; `resource` names what the detail call was for. */
  failed(region: string, service: CoverageService, operation: string, failure: Failure, resource?: string): void {
    const t = this.tally(region, service, operation);
    t.calls += 1;
    t.failures += 1;
    this.worsen(t, failure.status);
    this.addError(t, failure.code, failure.message);
    if (resource !== undefined) t.failedResources.add(resource);
  }

  /**
   * A problem found in an answer (e.g. a policy document that does not parse): the call counted
   * already, so only the status, the error and the resource are added.
   */
  problem(region: string, service: CoverageService, operation: string, code: string, message: string, resource?: string): void {
    const t = this.tally(region, service, operation);
    this.worsen(t, 'error');
    this.addError(t, code, message);
    if (resource !== undefined) t.failedResources.add(resource);
  }

  /** An operation not attempted because its service did not answer (no call made). */
  unavailable(region: string, service: CoverageService, operation: string, code: string, message: string): void {
    const t = this.tally(region, service, operation);
    this.worsen(t, 'unavailable');
    this.addError(t, code, message);
  }

  private addError(t: Tally, code: string, message: string): void {
    const e = t.errors.get(code);
    if (e) e.count += 1;
    else t.errors.set(code, { message, count: 1 });
  }

  /** Operations in a region whose status is not ok. */
  gaps(): Array<{ region: string; service: CoverageService; operation: string; status: CoverageStatus }> {
    return [...this.tallies.values()]
      .filter((t) => t.status !== 'ok')
      .map(({ region, service, operation, status }) => ({ region, service, operation, status }));
  }

  /** Whether an operation answered without failure at least once and never failed. */
  isOk(region: string, service: CoverageService, operation: string): boolean {
    const t = this.tallies.get(`${region}\u0000${service}\u0000${operation}`);
    return t !== undefined && t.status === 'ok';
  }

  entries(accountId: string): CoverageEntry[] {
    const out: CoverageEntry[] = [];
    for (const t of this.tallies.values()) {
      const entry: CoverageEntry = {
        accountId,
        region: t.region,
        service: t.service,
        operation: t.operation,
        status: t.status,
        calls: t.calls,
        failures: t.failures,
      };
      if (t.errors.size > 0) {
        entry.errors = [...t.errors.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([code, e]) => ({ code, message: e.message, count: e.count }));
      }
      if (t.failedResources.size > 0) entry.failedResources = [...t.failedResources].sort();
      out.push(entry);
    }
    return sortCoverage(out);
  }
}

export function sortCoverage(entries: CoverageEntry[]): CoverageEntry[] {
  const key = (e: CoverageEntry): string => `${e.accountId}\u0000${e.region}\u0000${e.service}\u0000${e.operation}`;
  return entries.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

const RANK: Readonly<Record<CoverageStatus, number>> = { ok: 0, denied: 1, unavailable: 2, error: 3 };

/**
 * Entries from several recorders (the orchestration's AssumeRole and ListAccounts, each
 * account's own) as one list: one entry per account, region, service and operation, counts
 * summed, the worst status kept, errors and failed resources joined. Sorted.
 */
export function mergeCoverage(entries: readonly CoverageEntry[]): CoverageEntry[] {
  const byKey = new Map<string, CoverageEntry>();
  for (const e of entries) {
    const key = `${e.accountId}\u0000${e.region}\u0000${e.service}\u0000${e.operation}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { ...e, ...(e.errors ? { errors: e.errors.map((x) => ({ ...x })) } : {}), ...(e.failedResources ? { failedResources: [...e.failedResources] } : {}) });
      continue;
    }
    seen.calls += e.calls;
    seen.failures += e.failures;
    if (RANK[e.status] > RANK[seen.status]) seen.status = e.status;
    if (e.errors) {
      const errors = new Map((seen.errors ?? []).map((x) => [x.code, { ...x }]));
      for (const x of e.errors) {
        const had = errors.get(x.code);
        if (had) had.count += x.count;
        else errors.set(x.code, { ...x });
      }
      seen.errors = [...errors.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    }
    if (e.failedResources) seen.failedResources = [...new Set([...(seen.failedResources ?? []), ...e.failedResources])].sort();
  }
  return sortCoverage([...byKey.values()]);
}
