/**
 * Where a run stands against each framework: a status per requirement computed from the outcomes
 * of the rules mapped to it. Pure: frameworks, the rule catalog and a tally in, plain data out.
 *
 * Per rule (its records in this run):
 *   fail           an unwaived failing finding
 *   error          otherwise, the rule threw on some resource
 *   not-collected  otherwise, a skip because its data was not collected
 *   pass           otherwise, a passing finding or a waived failing one
 *   not-applicable otherwise: only skips for other reasons (nothing to check)
 *   not-run        no record at all (disabled, filtered out, or not a loaded rule)
 *
 * Per requirement, the first that holds:
 *   fail           a mapped rule is 'fail'
 *   error          a mapped rule is 'error'
 *   not-collected  a mapped rule is 'not-collected'
 *   pass           a mapped rule is 'pass'
 *   not-assessed   no rule is mapped, or none produced a pass or fail (reason says which)
 * So a requirement passes only on evidence, and missing data can never read as a pass.
 */
import type { CatalogRule } from '../model/index.ts';
import { zeroCounts, type OutcomeTally, type RuleCounts } from './tally.ts';
import type { Framework } from '../model/index.ts';

export const REQUIREMENT_STATUSES = ['fail', 'error', 'not-collected', 'pass', 'not-assessed'] as const;
export type RequirementStatus = (typeof REQUIREMENT_STATUSES)[number];

export type RuleState = 'fail' | 'error' | 'not-collected' | 'pass' | 'not-applicable' | 'not-run';

/** What the assessment reads of a catalog entry. */
export type RuleInfo = Pick<CatalogRule, 'id' | 'title' | 'enabled'>;

export interface RuleAssessment {
  id: string;
  /** Undefined when the id is not in the catalog. */
  title?: string;
  /** False when the rule is disabled by config; undefined when not in the catalog. */
  enabled?: boolean;
  state: RuleState;
  counts: RuleCounts;
}

export interface RequirementAssessment {
  id: string;
  title: string;
  section?: string;
  status: RequirementStatus;
  /** Why a requirement is not assessed. */
  reason?: 'no-rules' | 'not-run' | 'not-applicable';
  rules: RuleAssessment[];
  /** Counts over the mapped rules. */
  counts: RuleCounts;
  /** Finding fingerprints to link to, sorted; capped at `maxFindingRefs` each. */
  findings: { fail: string[]; error: string[]; notCollected: string[] };
  /** True when a list in `findings` was cut at `maxFindingRefs`. */
  findingsTruncated: boolean;
}

export interface FrameworkAssessment {
  id: string;
  name: string;
  version: string;
  url: string;
  description: string;
  requirements: RequirementAssessment[];
  /** Requirements by status. */
  summary: Record<RequirementStatus, number>;
}

export interface AssessOptions {
  /** At most this many fingerprints per list per requirement (default: all). */
  maxFindingRefs?: number;
}

export function ruleState(counts: RuleCounts | undefined): RuleState {
  if (!counts) return 'not-run';
  if (counts.fail > 0) return 'fail';
  if (counts.error > 0) return 'error';
  if (counts.skipNotCollected > 0) return 'not-collected';
  if (counts.pass > 0 || counts.failWaived > 0) return 'pass';
  return counts.skipOther > 0 ? 'not-applicable' : 'not-run';
}

const STATE_TO_STATUS: ReadonlyArray<[RuleState, RequirementStatus]> = [
  ['fail', 'fail'],
  ['error', 'error'],
  ['not-collected', 'not-collected'],
  ['pass', 'pass'],
];

export function assessFramework(framework: Framework, catalog: Iterable<RuleInfo>, tally: OutcomeTally, options: AssessOptions = {}): FrameworkAssessment {
  const byId = new Map<string, RuleInfo>();
  for (const r of catalog) byId.set(r.id, r);
  const max = options.maxFindingRefs ?? Number.POSITIVE_INFINITY;
  const summary = Object.fromEntries(REQUIREMENT_STATUSES.map((s) => [s, 0])) as Record<RequirementStatus, number>;
  const requirements = framework.requirements.map((req): RequirementAssessment => {
    const counts = zeroCounts();
    const fail = new Set<string>();
    const error = new Set<string>();
    const notCollected = new Set<string>();
    const rules = req.rules.map((id): RuleAssessment => {
      const info = byId.get(id);
      const outcomes = tally.byRule.get(id);
      const own = zeroCounts();
      if (outcomes) {
        for (const k of Object.keys(own) as Array<keyof RuleCounts>) {
          own[k] = outcomes[k];
          counts[k] += outcomes[k];
        }
        for (const f of outcomes.failing) fail.add(f);
        for (const f of outcomes.errors) error.add(f);
        for (const f of outcomes.notCollected) notCollected.add(f);
      }
      return { id, ...(info ? { title: info.title, enabled: info.enabled } : {}), state: ruleState(outcomes), counts: own };
    });
    const states = new Set(rules.map((r) => r.state));
    let status: RequirementStatus = 'not-assessed';
    let reason: RequirementAssessment['reason'];
    const hit = STATE_TO_STATUS.find(([state]) => states.has(state));
    if (hit) status = hit[1];
    else reason = rules.length === 0 ? 'no-rules' : states.has('not-applicable') ? 'not-applicable' : 'not-run';
    summary[status]++;
    const cap = (s: Set<string>): string[] => [...s].sort().slice(0, max);
    const findings = { fail: cap(fail), error: cap(error), notCollected: cap(notCollected) };
    return {
      id: req.id,
      title: req.title,
      ...(req.section !== undefined ? { section: req.section } : {}),
      status,
      ...(reason ? { reason } : {}),
      rules,
      counts,
      findings,
      findingsTruncated: fail.size > max || error.size > max || notCollected.size > max,
    };
  });
  return { id: framework.id, name: framework.name, version: framework.version, url: framework.url, description: framework.description, requirements, summary };
}

export function assessCompliance(frameworks: readonly Framework[], catalog: Iterable<RuleInfo>, tally: OutcomeTally, options: AssessOptions = {}): FrameworkAssessment[] {
  const rules = [...catalog];
  return frameworks.map((fw) => assessFramework(fw, rules, tally, options));
}
