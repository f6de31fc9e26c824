/** Open failing findings by account, region and resource, the risk score, and the trend series. */
import { describe, expect, it } from 'vitest';
import {
  breakdownByAccount,
  breakdownByRegion,
  recordsFromFindings,
  riskScore,
  tallyOutcomes,
  topRiskyResources,
  trendPoint,
  trendPointFromCounts,
  trendSeries,
  type OutcomeRecord,
} from '../../src/compliance/index.ts';
import { buildResult } from '../helpers/build-result.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';

let n = 0;
function open(arn: string, severity: OutcomeRecord['severity'], accountId = '111122223333', region = 'us-east-1', extra: Partial<OutcomeRecord> = {}): OutcomeRecord {
  n += 1;
  return { ruleId: 'R-1', status: 'fail', severity, waived: false, notCollected: false, fingerprint: `fp${n}`, resource: { accountId, region, arn, type: 'role', name: arn.split('/').pop() ?? arn }, ...extra };
}

const A = 'arn:aws:iam::111122223333:role/a';
const B = 'arn:aws:iam::111122223333:role/b';
const C = 'arn:aws:iam::444455556666:role/c';
const D = 'arn:aws:iam::444455556666:role/d';
const E = 'arn:aws:iam::444455556666:role/e';

const RECORDS: OutcomeRecord[] = [
  // A: one critical = 100
  open(A, 'critical', '111122223333', 'global'),
  // B: four highs = 100, ties with A on score; A wins on the critical
  ...[1, 2, 3, 4].map(() => open(B, 'high', '111122223333', 'global')),
  // C: medium + low = 6
  open(C, 'medium', '444455556666', 'eu-west-1'),
  open(C, 'low', '444455556666', 'eu-west-1'),
  // D: info only: score 0, not a top risk, but counted in breakdowns
  open(D, 'info', '444455556666', 'eu-west-1'),
  // E: waived and passing and skipped records count nowhere
  open(E, 'critical', '444455556666', 'eu-west-1', { waived: true }),
  open(E, 'critical', '444455556666', 'eu-west-1', { status: 'pass' }),
  open(E, 'critical', '444455556666', 'eu-west-1', { status: 'skip', notCollected: true }),
];

describe('breakdowns of open failing findings', () => {
  const tally = tallyOutcomes(RECORDS);

  it('weighs severities 100 / 25 / 5 / 1 / 0', () => {
    expect(riskScore({ critical: 1, high: 1, medium: 1, low: 1, info: 9 })).toBe(131);
  });

  it('by account and by region, worst first, waived and non-failing records left out', () => {
    expect(breakdownByAccount(tally).map((b) => [b.key, b.total, b.score])).toEqual([
      ['111122223333', 5, 200],
      ['444455556666', 3, 6],
    ]);
    expect(breakdownByRegion(tally).map((b) => [b.key, b.open])).toEqual([
      ['global', { critical: 1, high: 4, medium: 0, low: 0, info: 0 }],
      ['eu-west-1', { critical: 0, high: 0, medium: 1, low: 1, info: 1 }],
    ]);
  });

  it('top risky resources: score, then worst severity, then ARN; info-only left out; limit kept', () => {
    const top = topRiskyResources(tally, 10);
    expect(top.map((r) => [r.name, r.score, r.total])).toEqual([
      ['a', 100, 1],
      ['b', 100, 4],
      ['c', 6, 2],
    ]);
    expect(top[1]?.findings).toHaveLength(4);
    expect(topRiskyResources(tally, 1).map((r) => r.arn)).toEqual([A]);
    expect(topRiskyResources(tally, 0)).toEqual([]);
  });

  it('agrees with the open failures of a hand-made result, counted directly from its findings', () => {
    const audit = buildResult({ perCombination: 3 });
    const findings = findingsOf(audit);
    const expected = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
    for (const f of findings) if (f.status === 'fail' && !f.waiver) expected[f.severity] += 1;
    const t = tallyOutcomes(recordsFromFindings(findings));
    expect(t.open).toEqual(expected);
    const byAccount = breakdownByAccount(t).reduce((sum, b) => sum + b.total, 0);
    expect(byAccount).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
    expect(byAccount).toBeGreaterThan(0);
  });
});

describe('trend series', () => {
  it('orders three results by evaluation time and gives each its change', () => {
    const first = trendPoint('2026-08-01T00:00:00Z', RECORDS, 'august.json');
    const second = trendPoint('2026-09-01T00:00:00Z', RECORDS.slice(0, 3), 'september.json');
    const third = trendPointFromCounts('2026-10-01T00:00:00Z', { high: 1 }, 'october.json');
    const series = trendSeries([third, first, second]);
    expect(series.map((p) => [p.label, p.total, p.delta])).toEqual([
      ['august.json', 8, null],
      ['september.json', 3, -5],
      ['october.json', 1, -2],
    ]);
    expect(series[0]?.open).toEqual({ critical: 1, high: 4, medium: 1, low: 1, info: 1 });
  });

  it('sorts equal times by label and unparsable times last', () => {
    const p = (at: string, label: string) => trendPointFromCounts(at, {}, label);
    expect(trendSeries([p('not a date', 'x'), p('2026-01-01T00:00:00Z', 'b'), p('2026-01-01T00:00:00Z', 'a')]).map((e) => e.label)).toEqual(['a', 'b', 'x']);
  });
});
