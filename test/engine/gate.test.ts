/** The CI gate: which findings it judges and the exit code, with and without a baseline. */
import { findingsOf } from '../../src/engine/outcomes.ts';
import { describe, expect, it } from 'vitest';
import { applyBaseline, baselineFailures, exitCodeFor } from '../../src/engine/gate.ts';
import { fingerprint } from '../../src/engine/findings.ts';
import type { AuditResult, Finding } from '../../src/model/index.ts';
import { buildResult, withFindings } from '../helpers/build-result.ts';

function only(result: AuditResult, findings: Finding[]): AuditResult {
  return withFindings(result, findings);
}

describe('exitCodeFor', () => {
  const result = buildResult({ perCombination: 2 });
  // Severity is the rule's: a failing finding of a rule with that severity, with its own sub-key.
  const fail = (severity: Finding['severity'], extra: Partial<Finding> = {}): Finding => {
    const rule = result.rules.find((r) => r.effectiveSeverity === severity);
    const base = findingsOf(result).find((f) => f.ruleId === rule?.id) as Finding;
    return { ...base, status: 'fail', severity, waiver: undefined, ...extra };
  };
  const fp = (f: Finding): string => fingerprint(f.ruleId, f.resource.arn, f.subKey);

  it('is 1 only for an open failure at or above the threshold', () => {
    expect(exitCodeFor(only(result, [fail('medium')]), 'high')).toBe(0);
    expect(exitCodeFor(only(result, [fail('medium')]), 'medium')).toBe(1);
    expect(exitCodeFor(only(result, [fail('critical')]), 'critical')).toBe(1);
    expect(exitCodeFor(only(result, [fail('info')]), 'info')).toBe(1);
    expect(exitCodeFor(only(result, [fail('info')]), 'low')).toBe(0);
  });

  it('ignores waived failures, errors, skips and passes', () => {
    const waiver = { rule: 'PA-IAM-001', resource: '*', owner: 'o', reason: 'r', expires: '2030-01-01' };
    expect(exitCodeFor(only(result, [fail('critical', { waiver })]), 'info')).toBe(0);
    expect(exitCodeFor(only(result, [fail('critical', { status: 'error', error: 'x', subKey: '1' }), fail('critical', { status: 'skip', skipReason: 'x', subKey: '2' }), fail('critical', { status: 'pass', subKey: '3' })]), 'info')).toBe(0);
  });

  it('with a baseline, fails only on new open failures', () => {
    const a = fail('critical', { subKey: 'a' });
    const b = fail('low', { subKey: 'b' });
    const old = baselineFailures(only(result, [a]), '0'.repeat(64));
    expect(old.failing.has(fp(a))).toBe(true);
    const same = applyBaseline(only(result, [a]), old);
    expect(exitCodeFor(same, 'high')).toBe(0);
    const fresh = applyBaseline(only(result, [a, b]), old);
    expect(exitCodeFor(fresh, 'high')).toBe(0);
    expect(exitCodeFor(fresh, 'low')).toBe(1);
  });
});
