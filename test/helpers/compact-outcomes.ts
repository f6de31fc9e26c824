/**
 * Hand-made results in the compact shape the engine writes (docs/result-format.md), for tests of
 * readers that must treat compact lists and full records alike.
 */
import { passMessage } from '../../src/engine/outcomes.ts';
import type { AuditResult, RuleOutcomes } from '../../src/model/index.ts';

/**
 * The result's compact lists as the engine writes them (docs/result-format.md): plain passes as
 * indexes, keyed passes as pairs, reason-only skips grouped by reason; the rest stay records.
 */
export function compacted(result: AuditResult): AuditResult {
  const rules = new Map(result.rules.map((r) => [r.id, r]));
  const outcomes = result.outcomes.map((o): RuleOutcomes => {
    const rule = rules.get(o.rule);
    const out: RuleOutcomes = { rule: o.rule, passed: [], passedKeyed: [], skipped: [], findings: [] };
    const groups = new Map<string, number[]>();
    o.findings.forEach((r, i) => {
      const plain = r.evidence === undefined && r.waiver === undefined && r.lastKnown === undefined && r.location === undefined;
      if (rule && plain && r.status === 'pass' && i % 3 !== 0) {
        const own = { ...r, message: passMessage(rule) };
        if (i % 3 === 1) return own.subKey === undefined ? out.passed.push(r.resource) : out.passedKeyed.push([r.resource, own.subKey]);
        return out.findings.push(own);
      }
      if (plain && r.status === 'skip' && !r.notCollected && r.subKey === undefined && r.skipReason !== undefined && i % 3 !== 0) {
        const list = groups.get(r.skipReason) ?? [];
        groups.set(r.skipReason, list);
        return list.push(r.resource);
      }
      return out.findings.push(r);
    });
    out.skipped = [...groups].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([reason, resources]) => ({ reason, resources }));
    return out;
  });
  return { ...result, outcomes };
}

