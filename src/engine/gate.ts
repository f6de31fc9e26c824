/**
 * The CI gate, pure: which findings it judges, the baseline that narrows them to the new ones,
 * and the exit code. With a baseline the gate fails only on new, unwaived failures, so a team
 * can adopt the auditor on an estate with existing debt without a red build on day one.
 */
import type { AuditResult, Finding, Severity } from '../model/index.ts';
import { canonicalJson, sha256Hex } from '../util/canonical-json.ts';
import { compareStrings, severityRank } from './order.ts';

/** Failing and not waived: what a reader has to act on. */
export function isOpenFailure(f: Finding): boolean {
  return f.status === 'fail' && f.waiver === undefined;
}

function failing(result: AuditResult): Map<string, Finding> {
  const map = new Map<string, Finding>();
  for (const f of result.findings) if (f.status === 'fail') map.set(f.fingerprint, f);
  return map;
}

/**
 * Fills `result.baseline` (a new object; the input is not changed).
 * New: failing now and not failing in the baseline, or failing in both but waived then and not
 * now (a lapsed waiver was the only thing accepting it). Resolved: failing in the baseline and
 * not failing now. The baseline's sha256 is that of its canonical JSON, which equals the file's
 * hash when the baseline was written by `--format json`.
 */
export function applyBaseline(result: AuditResult, baseline: AuditResult): AuditResult {
  const before = failing(baseline);
  const now = failing(result);
  const newFingerprints = [...now.values()]
    .filter((f) => {
      const old = before.get(f.fingerprint);
      return old === undefined || (old.waiver !== undefined && f.waiver === undefined);
    })
    .map((f) => f.fingerprint);
  const resolved = [...before.values()]
    .filter((f) => !now.has(f.fingerprint))
    .sort((a, b) => compareStrings(a.fingerprint, b.fingerprint))
    .map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, resource: f.resource, severity: f.severity, title: f.title }));
  return {
    ...result,
    baseline: { sha256: sha256Hex(canonicalJson(baseline)), newFingerprints: [...new Set(newFingerprints)].sort(), resolved },
  };
}

/** The findings the CI gate judges: open (unwaived) failures, only the new ones when a baseline is present. */
export function gateFindings(result: AuditResult): Finding[] {
  const open = result.findings.filter(isOpenFailure);
  if (!result.baseline) return open;
  const fresh = new Set(result.baseline.newFingerprints);
  return open.filter((f) => fresh.has(f.fingerprint));
}

/**
 * 0 when no gate finding (open failure; only new ones under a baseline) is at or above
 * `failOn`; 1 otherwise. Rule errors and skips never fail the gate; they are reported.
 */
export function exitCodeFor(result: AuditResult, failOn: Severity | 'none'): 0 | 1 {
  if (failOn === 'none') return 0;
  const threshold = severityRank(failOn);
  return gateFindings(result).some((f) => severityRank(f.severity) <= threshold) ? 1 : 0;
}
