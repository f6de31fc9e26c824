/**
 * Orderings and small lookups every renderer shares, so the five formats list findings the same
 * way and a reader can move between them.
 */
import { SEVERITIES, STATUSES, type AuditResult, type CatalogRule, type Finding, type Severity, type Status } from '../model/index.ts';

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function statusRank(s: Status): number {
  return STATUSES.indexOf(s);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The result contract's order: status, severity, rule, resource ARN, sub-key. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    statusRank(a.status) - statusRank(b.status) ||
    severityRank(a.severity) - severityRank(b.severity) ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.resource.arn, b.resource.arn) ||
    cmp(a.subKey ?? '', b.subKey ?? '') ||
    cmp(a.fingerprint, b.fingerprint)
  );
}

/** Sorted copy; renderers never trust the input order for their output. */
export function sortedFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/** Failing and not waived: what a reader has to act on. */
export function isOpenFailure(f: Finding): boolean {
  return f.status === 'fail' && f.waiver === undefined;
}

export function ruleIndex(result: AuditResult): Map<string, CatalogRule> {
  const map = new Map<string, CatalogRule>();
  for (const r of result.rules) map.set(r.id, r);
  return map;
}

export function compareStrings(a: string, b: string): number {
  return cmp(a, b);
}

/** Counts of open failures per severity, every severity present (zero when none). */
export function openBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const out = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) if (isOpenFailure(f)) out[f.severity] += 1;
  return out;
}
