/**
 * The CI gate, pure: which findings it judges, the baseline that narrows them to the new ones,
 * and the exit code. With a baseline the gate fails only on new, unwaived failures, so a team
 * can adopt the auditor on an estate with existing debt without a red build on day one.
 *
 * The gate reads failing records only (a few hundred thousand at most), never the passes.
 */
import type { AuditResult, Finding, FindingResource, ResolvedFinding, RuleOutcomes, Severity } from '../model/index.ts';
import { catalogOf, failingFindings } from './outcomes.ts';
import { compareStrings, severityRank } from './order.ts';

/** Failing and not waived: what a reader has to act on. */
export function isOpenFailure(f: Pick<Finding, 'status' | 'waiver'>): boolean {
  return f.status === 'fail' && f.waiver === undefined;
}

/** A baseline's failing findings: all the gate needs of it (readers build it without the passes). */
export interface BaselineFailures {
  /** sha256 of the baseline file. */
  sha256: string;
  failing: Map<string, BaselineFailure>;
}

export interface BaselineFailure {
  ruleId: string;
  resource: FindingResource;
  subKey?: string;
  severity: Severity;
  title: string;
  waived: boolean;
}

/** The failing findings of a result, keyed by fingerprint. */
export function baselineFailures(result: AuditResult, sha256: string): BaselineFailures {
  const failing = new Map<string, BaselineFailure>();
  for (const f of failingFindings(result)) {
    const entry: BaselineFailure = { ruleId: f.ruleId, resource: f.resource, severity: f.severity, title: f.title, waived: f.waiver !== undefined };
    if (f.subKey !== undefined) entry.subKey = f.subKey;
    failing.set(f.fingerprint, entry);
  }
  return { sha256, failing };
}

/** What a result says now about (rule, ARN, sub-key): its status, or why it has none. */
function statusNow(result: AuditResult, byRule: Map<string, RuleOutcomes>, byArn: Map<string, number[]>, b: BaselineFailure): ResolvedFinding['now'] {
  const indexes = (byArn.get(b.resource.arn) ?? []).filter((i) => (result.resources[i] as FindingResource).accountId === b.resource.accountId);
  if (indexes.length === 0) return 'absent';
  const o = byRule.get(b.ruleId);
  if (!o) return 'not-evaluated';
  const at = new Set(indexes);
  // A record still failing would not be resolved; any other record says what it is now.
  for (const r of o.findings) if (at.has(r.resource) && r.subKey === b.subKey && r.status !== 'fail') return r.status;
  if (b.subKey === undefined) {
    if (o.passed.some((i) => at.has(i))) return 'pass';
    if (o.skipped.some((g) => g.resources.some((i) => at.has(i)))) return 'skip';
  } else if (o.passedKeyed.some(([i, k]) => at.has(i) && k === b.subKey)) {
    return 'pass';
  }
  return 'not-evaluated';
}

/**
 * Fills `result.baseline` (a new object; the input is not changed).
 * New: failing now and not failing in the baseline, or failing in both but waived then and not
 * now (a lapsed waiver was the only thing accepting it). Resolved: failing in the baseline and
 * not failing now, with what became of it (fixed, not judged this time, or gone).
 */
export function applyBaseline(result: AuditResult, baseline: BaselineFailures): AuditResult {
  const now = new Map<string, Finding>();
  for (const f of failingFindings(result)) now.set(f.fingerprint, f);
  const newFingerprints: string[] = [];
  for (const [fp, f] of now) {
    const old = baseline.failing.get(fp);
    if (old === undefined || (old.waived && f.waiver === undefined)) newFingerprints.push(fp);
  }
  const gone = [...baseline.failing].filter(([fp]) => !now.has(fp));
  let resolved: ResolvedFinding[] = [];
  if (gone.length > 0) {
    const byRule = new Map(result.outcomes.map((o) => [o.rule, o]));
    const byArn = new Map<string, number[]>();
    result.resources.forEach((r, i) => {
      const list = byArn.get(r.arn);
      if (list) list.push(i);
      else byArn.set(r.arn, [i]);
    });
    resolved = gone
      .sort((a, b) => compareStrings(a[0], b[0]))
      .map(([fingerprint, b]) => ({ fingerprint, ruleId: b.ruleId, resource: b.resource, severity: b.severity, title: b.title, now: statusNow(result, byRule, byArn, b) }));
  }
  return { ...result, baseline: { sha256: baseline.sha256, newFingerprints: [...new Set(newFingerprints)].sort(compareStrings), resolved } };
}

/** The findings the CI gate judges: open (unwaived) failures, only the new ones when a baseline is present. */
export function gateFindings(result: AuditResult): Finding[] {
  const open = failingFindings(result).filter(isOpenFailure);
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
  const catalog = catalogOf(result);
  const fresh = result.baseline ? new Set(result.baseline.newFingerprints) : undefined;
  for (const o of result.outcomes) {
    const rule = catalog.get(o.rule);
    if (!rule || severityRank(rule.effectiveSeverity) > threshold) continue;
    for (const r of o.findings) {
      if (r.status !== 'fail' || r.waiver !== undefined) continue;
      if (!fresh || fresh.has(r.fingerprint)) return 1;
    }
  }
  return 0;
}
