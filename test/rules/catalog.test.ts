/**
 * Every built-in rule's cases, one describe per rule and one it per case, plus the catalog's
 * invariants: unique well-formed ids, a pass and a fail case for every rule (and a skip case
 * where the rule has a guard or requires data), references, and titles stating the compliant state.
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR, loadRuleCases, loadRules, prepareFacts, runCase, type LoadedRule, type RuleCase } from '../../src/engine/index.ts';
import { prepareScan } from '../../src/scan/scan.ts';

const { rules, catalog } = await loadRules({ builtinDir: BUILTIN_RULES_DIR });
await prepareFacts();
await prepareScan();
const casesByRule = new Map<string, RuleCase[]>();
const caseProblems: string[] = [];
for (const rule of rules) {
  const loaded = await loadRuleCases(rule);
  casesByRule.set(rule.meta.id, loaded.cases);
  caseProblems.push(...loaded.problems.map((p) => `${p.file} ${p.location}: ${p.message}`));
}

function expectedStatuses(rule: LoadedRule): Set<string> {
  return new Set((casesByRule.get(rule.meta.id) ?? []).flatMap((c) => c.expect.map((e) => e.status)));
}

function hasGuard(rule: LoadedRule): boolean {
  return rule.requires.length > 0 || rule.source?.when !== undefined;
}

describe('built-in rule catalog', () => {
  it('loads, with valid case files', () => {
    expect(rules.length).toBeGreaterThan(0);
    expect(caseProblems).toEqual([]);
  });

  it('has unique ids of the form PA-<FAMILY>-<NNN>', () => {
    const ids = catalog.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^PA-[A-Z]+-\d{3}$/);
  });

  it('titles state the compliant state, and every rule cites references', () => {
    for (const r of catalog) {
      expect(r.title, r.id).not.toMatch(/^ensure\b/i);
      expect(r.references.length, `${r.id} has no references`).toBeGreaterThan(0);
      expect(r.remediation.text.trim(), r.id).not.toBe('');
    }
  });

  it('every rule has a pass and a fail case, and a skip case where it has a guard or requires data', () => {
    const missing: string[] = [];
    for (const rule of rules) {
      const statuses = expectedStatuses(rule);
      for (const s of ['pass', 'fail', ...(hasGuard(rule) ? ['skip'] : [])]) if (!statuses.has(s)) missing.push(`${rule.meta.id} has no ${s} case`);
    }
    expect(missing).toEqual([]);
  });
});

for (const rule of rules) {
  describe(`${rule.meta.id} ${rule.meta.title}`, () => {
    for (const c of casesByRule.get(rule.meta.id) ?? []) {
      it(c.name, async () => {
        const result = await runCase(rule, c);
        expect(result.failures, `${c.file} ${c.location}`).toEqual([]);
      });
    }
  });
}
