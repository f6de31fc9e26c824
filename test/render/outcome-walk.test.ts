import { describe, expect, it } from 'vitest';
import { recordsFromFindings } from '../../src/compliance/index.ts';
import { iterateFindings } from '../../src/engine/outcomes.ts';
import { recordsFromOutcomes } from '../../src/render/outcome-walk.ts';
import type { AuditResult } from '../../src/model/index.ts';
import { buildResult, withFindings } from '../helpers/build-result.ts';
import { compacted } from '../helpers/compact-outcomes.ts';

// The records every compliance view and hand-off reads, built straight from the outcomes, must be
// the ones rebuilt through findings: same values, same keys in the same order, same order.
const viaFindings = (r: AuditResult) => [...recordsFromFindings(iterateFindings(r))].map((x) => JSON.stringify(x));
const direct = (r: AuditResult) => [...recordsFromOutcomes(r)].map((x) => JSON.stringify(x));

describe('outcome records read straight from compact outcomes', () => {
  it('equal the records rebuilt through findings, for full records and compact lists', () => {
    const full = buildResult({ attacker: true, baseline: true, perCombination: 3 });
    const compact = compacted(buildResult({ attacker: true, baseline: true, perCombination: 6 }));
    expect(compact.outcomes.some((o) => o.passed.length > 0 && o.skipped.length > 0)).toBe(true);
    for (const r of [full, compact]) {
      const expected = viaFindings(r);
      expect(expected.length).toBeGreaterThan(0);
      expect(direct(r)).toEqual(expected);
    }
  });

  it('keep the reader order when records arrive unsorted', () => {
    const r = compacted(buildResult({ perCombination: 6 }));
    const shuffled: AuditResult = { ...r, outcomes: r.outcomes.map((o) => ({ ...o, findings: [...o.findings].reverse(), passed: [...o.passed].reverse() })) };
    expect(direct(shuffled)).toEqual(viaFindings(shuffled));
    const reversed = withFindings(r, [...iterateFindings(r)].reverse());
    expect(direct(reversed)).toEqual(viaFindings(reversed));
  });
});
