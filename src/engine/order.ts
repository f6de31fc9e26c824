/**
 * The one order of findings, the result contract's: status (fail, error, skip, pass), severity,
 * rule id, resource ARN, sub-key, then fingerprint so the order is total. Evaluation sorts with
 * it, and every renderer and diff lists in it.
 */
import { SEVERITIES, STATUSES, type Finding, type Severity, type Status } from '../model/index.ts';

const SEVERITY_RANK: Readonly<Record<string, number>> = Object.fromEntries(SEVERITIES.map((s, i) => [s, i]));
const STATUS_RANK: Readonly<Record<string, number>> = Object.fromEntries(STATUSES.map((s, i) => [s, i]));

/** 0 for critical, 4 for info. */
export function severityRank(s: Severity): number {
  return SEVERITY_RANK[s] ?? SEVERITIES.length;
}

/** 0 for fail, 3 for pass. */
export function statusRank(s: Status): number {
  return STATUS_RANK[s] ?? STATUSES.length;
}

/** Code-unit order, the same in every locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    statusRank(a.status) - statusRank(b.status) ||
    severityRank(a.severity) - severityRank(b.severity) ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.resource.arn, b.resource.arn) ||
    compareStrings(a.subKey ?? '', b.subKey ?? '') ||
    compareStrings(a.fingerprint, b.fingerprint)
  );
}
