/**
 * Coverage: every operation the collectors tried, with its worst outcome, so a rule whose data
 * was not collected skips instead of passing. One recorder per account; the account id is
 * attached when the entries are read, because STS may answer after other services.
 */
import type { CoverageEntry, CoverageStatus } from '../model/index.ts';
import { COVERAGE_STATUS_RANK, sortCoverage } from '../snapshot/coverage.ts';
import type { Failure } from './failure.ts';

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
    if (COVERAGE_STATUS_RANK[status] > COVERAGE_STATUS_RANK[t.status]) t.status = status;
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

  /** A resource the failure of a call already recorded was for (a batch call names several). */
  failedResource(region: string, service: CoverageService, operation: string, resource: string): void {
    this.tally(region, service, operation).failedResources.add(resource);
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
