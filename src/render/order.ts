/**
 * Small lookups every renderer shares, so the five formats list findings the same way and a
 * reader can move between them. The order itself is the engine's (engine/order.ts).
 */
import { SEVERITIES, type AuditResult, type CatalogRule, type Finding, type Severity } from '../model/index.ts';
import { isOpenFailure } from '../engine/gate.ts';


export function ruleIndex(result: AuditResult): Map<string, CatalogRule> {
  const map = new Map<string, CatalogRule>();
  for (const r of result.rules) map.set(r.id, r);
  return map;
}

/** Counts of open failures per severity, every severity present (zero when none). */
export function openBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const out = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) if (isOpenFailure(f)) out[f.severity] += 1;
  return out;
}
