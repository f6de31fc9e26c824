/** The CI gate: which findings it judges and the exit code, with and without a baseline. */
import { describe, expect, it } from 'vitest';
import { applyBaseline, exitCodeFor } from '../../src/engine/gate.ts';
import type { AuditResult, Finding } from '../../src/model/index.ts';
import { buildResult } from '../helpers/build-result.ts';

function only(result: AuditResult, findings: Finding[]): AuditResult {
  return { ...result, findings };
}

describe('exitCodeFor', () => {
  const result = buildResult({ perCombination: 2 });
  const fail = (severity: Finding['severity'], extra: Partial<Finding> = {}): Finding => ({ ...(result.findings[0] as Finding), status: 'fail', severity, waiver: undefined, ...extra });

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
    expect(exitCodeFor(only(result, [fail('critical', { status: 'error', error: 'x' }), fail('critical', { status: 'skip', skipReason: 'x' }), fail('critical', { status: 'pass' })]), 'info')).toBe(0);
  });

  it('with a baseline, fails only on new open failures', () => {
    const old = only(result, [fail('critical', { fingerprint: 'a'.repeat(64) })]);
    const same = applyBaseline(only(result, [fail('critical', { fingerprint: 'a'.repeat(64) })]), old);
    expect(exitCodeFor(same, 'high')).toBe(0);
    const fresh = applyBaseline(only(result, [fail('critical', { fingerprint: 'a'.repeat(64) }), fail('low', { fingerprint: 'b'.repeat(64) })]), old);
    expect(exitCodeFor(fresh, 'high')).toBe(0);
    expect(exitCodeFor(fresh, 'low')).toBe(1);
  });
});
