/** A rule as the engine runs it, whichever kind of file it came from. */
import type { DataFamily } from '../../model/index.ts';
import type { RuleContext } from '../../rule-api/core/define-rule.ts';
import type { ResourceView, RuleMeta, Verdict } from '../../model/index.ts';

export interface LoadedRule {
  meta: RuleMeta;
  requires: DataFamily[];
  kind: 'yaml' | 'typescript';
  /** 'builtin' or the pack directory. */
  pack: string;
  /** Rule file path relative to its pack. */
  file: string;
  /** Absolute path of the rule file. */
  path: string;
  /** Absolute path of the rule's cases.yaml. */
  casesPath: string;
  sha256: string;
  /** Runs the rule on one resource; may throw (the engine turns that into an `error` finding). */
  run(resource: ResourceView, ctx: RuleContext): readonly Verdict[];
  /** For `rules show`: the CEL source of a YAML rule, by field. */
  source?: Record<string, string>;
}
