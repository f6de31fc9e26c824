/** The audit summary and the exit code it implies. */
import { SEVERITIES, STATUSES, type CoverageEntry, type AuditSummary, type OutcomeRecord, type RuleCatalog, type RuleOutcomes, type Severity, type Status } from '../model/index.ts';
import { retiredFilter } from '../snapshot/health.ts';
import { ruleCounts } from './outcomes.ts';

/** Counts by status and open failures by severity, from compact outcomes (severity: the catalog's effective one). */
export function countOutcomes(outcomes: readonly RuleOutcomes[], rules: RuleCatalog): Pick<AuditSummary, 'byStatus' | 'failingBySeverity' | 'waived'> {
  const severityOf = new Map(rules.map((r) => [r.id, r.effectiveSeverity]));
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  const failingBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let waived = 0;
  for (const o of outcomes) {
    const counts = ruleCounts(o);
    for (const s of STATUSES) byStatus[s] += counts[s];
    const severity = severityOf.get(o.rule) ?? 'info';
    const findings = o.findings;
    for (let i = 0; i < findings.length; i++) {
      const r = findings[i] as OutcomeRecord;
      if (r.status !== 'fail') continue;
      if (r.waiver) waived++;
      else failingBySeverity[severity]++;
    }
  }
  return { byStatus, failingBySeverity, waived };
}

export function summarize(outcomes: readonly RuleOutcomes[], rules: RuleCatalog, coverage: readonly CoverageEntry[], rulesEvaluated: number, resourcesEvaluated: number, expiredWaivers: number): AuditSummary {
  const { byStatus, failingBySeverity, waived } = countOutcomes(outcomes, rules);
  return { byStatus, failingBySeverity, waived, rulesEvaluated, resourcesEvaluated, incomplete: incompleteCoverage(coverage), expiredWaivers };
}

/**
 * Accounts and regions where any operation was not ok or failed for some resources. A region
 * whose Proton endpoint did not answer at all (retired) is not a gap: it is the state of the
 * world since 2026-10-07, reported as such (snapshot/health.ts), and its rules skip.
 */
export function incompleteCoverage(coverage: readonly CoverageEntry[]): AuditSummary['incomplete'] {
  const groups = new Map<string, { accountId: string; region: string; operations: Set<string> }>();
  const retired = retiredFilter(coverage);
  for (const e of coverage) {
    if (e.status === 'ok' && !(e.failedResources && e.failedResources.length > 0)) continue;
    if (retired(e)) continue;
    const key = `${e.accountId}|${e.region}`;
    const g = groups.get(key) ?? { accountId: e.accountId, region: e.region, operations: new Set<string>() };
    g.operations.add(e.operation);
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => ({ accountId: g.accountId, region: g.region, operations: [...g.operations].sort() }))
    .sort((a, b) => (a.accountId === b.accountId ? (a.region < b.region ? -1 : a.region > b.region ? 1 : 0) : a.accountId < b.accountId ? -1 : 1));
}
