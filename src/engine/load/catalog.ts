/** The published catalog entry of a loaded rule: its metadata plus where it came from and how config changes it. */
import type { Config, CatalogRule } from '../../model/index.ts';
import type { LoadedRule } from './rule.ts';

export function catalogEntry(rule: LoadedRule, config: Config): CatalogRule {
  const m = rule.meta;
  return {
    id: m.id,
    title: m.title,
    severity: m.severity,
    resource: m.resource,
    family: m.family,
    rationale: m.rationale,
    remediation: m.remediation,
    references: m.references,
    ...(m.compliance ? { compliance: m.compliance } : {}),
    ...(m.options ? { options: m.options } : {}),
    ...(m.unwaivable !== undefined ? { unwaivable: m.unwaivable } : {}),
    ...(m.deprecated !== undefined ? { deprecated: m.deprecated } : {}),
    ...(m.replacedBy !== undefined ? { replacedBy: m.replacedBy } : {}),
    pack: rule.pack,
    file: rule.file,
    sha256: rule.sha256,
    kind: rule.kind,
    effectiveSeverity: config.severity[m.id] ?? m.severity,
    enabled: !config.disabled.includes(m.id),
  };
}
