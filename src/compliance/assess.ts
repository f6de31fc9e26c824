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
import {
  REQUIREMENT_STATUSES,
  type CatalogRule,
  type Framework,
  type FrameworkAssessment,
  type RequirementAssessment,
  type RequirementStatus,
  type RuleAssessment,
  type RuleCounts,
  type RuleState,
} from '../model/index.ts';
import { zeroCounts, type OutcomeTally } from './tally.ts';

/** What the assessment reads of a catalog entry. */
export type RuleInfo = Pick<CatalogRule, 'id' | 'title' | 'enabled'>;

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
    const fail: Array<readonly string[]> = [];
    const error: Array<readonly string[]> = [];
    const notCollected: Array<readonly string[]> = [];
    const rules = req.rules.map((id): RuleAssessment => {
      const info = byId.get(id);
      const outcomes = tally.byRule.get(id);
      const own = zeroCounts();
      if (outcomes) {
        for (const k of Object.keys(own) as Array<keyof RuleCounts>) {
          own[k] = outcomes[k];
          counts[k] += outcomes[k];
        }
        fail.push(sortedUnique(outcomes.failing));
        error.push(sortedUnique(outcomes.errors));
        notCollected.push(sortedUnique(outcomes.notCollected));
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
    const lastKnown = lastKnownBasis(status, req.rules, tally);
    const all = { fail: mergeSorted(fail), error: mergeSorted(error), notCollected: mergeSorted(notCollected) };
    const findings = { fail: all.fail.slice(0, max), error: all.error.slice(0, max), notCollected: all.notCollected.slice(0, max) };
    return {
      id: req.id,
      title: req.title,
      ...(req.section !== undefined ? { section: req.section } : {}),
      status,
      ...(reason ? { reason } : {}),
      rules,
      counts,
      findings,
      findingsTruncated: all.fail.length > max || all.error.length > max || all.notCollected.length > max,
      ...(lastKnown ? { lastKnown } : {}),
    };
  });
  return { id: framework.id, name: framework.name, version: framework.version, url: framework.url, description: framework.description, requirements, summary };
}

/**
 * A rule's fingerprints sorted, each once: worked out once per list, as a rule is mapped to many
 * requirements of several frameworks (at 100× one rule fails on 100,000 resources).
 */
const sortedOf = new WeakMap<readonly string[], readonly string[]>();
function sortedUnique(list: readonly string[]): readonly string[] {
  let sorted = sortedOf.get(list);
  if (!sorted) {
    sorted = [...new Set(list)].sort();
    sortedOf.set(list, sorted);
  }
  return sorted;
}

/** The union of sorted lists, sorted, each value once (what sorting the union of their sets gives). */
function mergeSorted(lists: ReadonlyArray<readonly string[]>): readonly string[] {
  const nonEmpty = lists.filter((l) => l.length > 0);
  if (nonEmpty.length === 0) return [];
  if (nonEmpty.length === 1) return nonEmpty[0] as readonly string[];
  const out: string[] = [];
  const at = nonEmpty.map(() => 0);
  for (;;) {
    let best = -1;
    let value = '';
    for (let k = 0; k < nonEmpty.length; k++) {
      const list = nonEmpty[k] as readonly string[];
      const i = at[k] as number;
      if (i >= list.length) continue;
      const v = list[i] as string;
      if (best < 0 || v < value) {
        best = k;
        value = v;
      }
    }
    if (best < 0) return out;
    if (out.length === 0 || out[out.length - 1] !== value) out.push(value);
    at[best] = (at[best] as number) + 1;
  }
}

/** The counts whose findings decide each status. */
const DECIDING: Record<RequirementStatus, ReadonlyArray<keyof RuleCounts>> = {
  fail: ['fail'],
  error: ['error'],
  'not-collected': ['skipNotCollected'],
  pass: ['pass', 'failWaived'],
  'not-assessed': [],
};

/** Whether the findings behind a status came from last-known records, all or in part. */
function lastKnownBasis(status: RequirementStatus, ruleIds: readonly string[], tally: OutcomeTally): RequirementAssessment['lastKnown'] {
  let total = 0;
  let stale = 0;
  let asOf: string | undefined;
  for (const id of ruleIds) {
    const o = tally.byRule.get(id);
    if (!o) continue;
    let own = 0;
    for (const k of DECIDING[status]) {
      total += o[k];
      own += o.lastKnown[k];
    }
    stale += own;
    if (own > 0 && o.lastKnownAsOf !== undefined && (asOf === undefined || o.lastKnownAsOf < asOf)) asOf = o.lastKnownAsOf;
  }
  return stale > 0 && asOf !== undefined ? { only: stale === total, asOf } : undefined;
}

export function assessCompliance(frameworks: readonly Framework[], catalog: Iterable<RuleInfo>, tally: OutcomeTally, options: AssessOptions = {}): FrameworkAssessment[] {
  const rules = [...catalog];
  return frameworks.map((fw) => assessFramework(fw, rules, tally, options));
}
