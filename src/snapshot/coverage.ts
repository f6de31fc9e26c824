/**
 * Coverage entries as the snapshot keeps them: one order, one ranking of outcomes, and the merge
 * of entries from several recorders or shard snapshots.
 */
import type { CoverageEntry, CoverageStatus } from '../model/index.ts';

/**
 * Worst last: error > unavailable > denied > last-known > ok. An entry keeps the worst outcome it
 * saw; last-known (data carried from an earlier snapshot) is worse than ok, better than a gap.
 */
export const COVERAGE_STATUS_RANK: Readonly<Record<CoverageStatus, number>> = { ok: 0, 'last-known': 1, denied: 2, unavailable: 3, error: 4 };

export function sortCoverage(entries: CoverageEntry[]): CoverageEntry[] {
  const key = (e: CoverageEntry): string => `${e.accountId}\u0000${e.region}\u0000${e.service}\u0000${e.operation}`;
  return entries.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

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
    if (COVERAGE_STATUS_RANK[e.status] > COVERAGE_STATUS_RANK[seen.status]) seen.status = e.status;
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
