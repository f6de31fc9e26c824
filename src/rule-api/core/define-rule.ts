/**
 * TypeScript rules: the same metadata as YAML rules plus a `check` function. `defineRule` only
 * types the object; a rule file may also default-export the plain object.
 */
import type { RuleConfigView, ResourceView, RuleMeta, Verdict } from '../model/index.ts';
import type { DataFamily, SnapshotView } from '../facts/index.ts';

export interface RuleContext {
  /** The rule's options: defaults merged with config `options.<id>`. */
  options: Readonly<Record<string, unknown>>;
  config: Readonly<RuleConfigView>;
  /** The evaluation clock. Never read the system clock in a rule. */
  now: Date;
  /** Every resource, for rules that relate one resource to others. Read-only; no I/O. */
  view: SnapshotView;
}

export interface RuleDefinition {
  meta: RuleMeta;
  /** Data families the rule needs; not collected → skip (not collected). */
  requires?: DataFamily[];
  check(resource: ResourceView, ctx: RuleContext): Verdict | Verdict[];
}

export function defineRule(rule: RuleDefinition): RuleDefinition {
  return rule;
}
