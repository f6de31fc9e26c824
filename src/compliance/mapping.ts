/** Rule-to-requirement lookups derived from the framework files (the single source of mappings). */
import type { CatalogRule } from '../model/index.ts';
import type { Framework, RuleMapping } from '../model/index.ts';

/** Every requirement each rule is mapped to, in framework then file order. */
export function ruleMappings(frameworks: readonly Framework[]): Map<string, RuleMapping[]> {
  const out = new Map<string, RuleMapping[]>();
  for (const fw of frameworks) {
    for (const req of fw.requirements) {
      for (const rule of req.rules) {
        let list = out.get(rule);
        if (!list) out.set(rule, (list = []));
        list.push({ framework: fw.id, requirement: req.id });
      }
    }
  }
  return out;
}

/** A rule's requirements grouped by framework id: { 'nist-800-53': ['AC-6', 'AC-6(1)'], ... }. */
export function mappingsByFramework(mappings: readonly RuleMapping[] | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of mappings ?? []) (out[m.framework] ??= []).push(m.requirement);
  return out;
}

/**
 * The frameworks the catalog's `compliance` field (and so result JSON v1, SARIF tags and the rule
 * docs) has always carried. Others are left out there so the published result schema holds; the
 * compliance views read the framework files directly.
 */
export const CATALOG_FRAMEWORKS = ['cis-aws-foundations', 'nist-800-53'] as const;

/** The catalog `compliance` field of one rule, generated from the framework files. */
export function catalogCompliance(mappings: readonly RuleMapping[] | undefined): CatalogRule['compliance'] | undefined {
  const byFw = mappingsByFramework(mappings);
  const out: NonNullable<CatalogRule['compliance']> = {};
  for (const id of CATALOG_FRAMEWORKS) {
    const reqs = byFw[id];
    if (reqs && reqs.length > 0) out[id] = reqs;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Joins the generated field with a rule's own `compliance` metadata (custom packs may still carry
 * it; the built-in rules do not), keeping order and dropping repeats.
 */
export function mergeCompliance(
  generated: CatalogRule['compliance'] | undefined,
  own: CatalogRule['compliance'] | undefined,
): CatalogRule['compliance'] | undefined {
  if (!own) return generated;
  if (!generated) return own;
  const out: NonNullable<CatalogRule['compliance']> = {};
  for (const id of CATALOG_FRAMEWORKS) {
    const ids = [...new Set([...(generated[id] ?? []), ...(own[id] ?? [])])];
    if (ids.length > 0) out[id] = ids;
  }
  return out;
}
