/**
 * Errors of a user rule that surface after evaluate() has returned its result (isolation.ts: a
 * rejection its promises left unhandled, a throw in a callback it scheduled, a timer it left
 * pending); each becomes the `error` outcome of that rule on the resource it was evaluating when
 * it created the promise or scheduled the callback. That resource's other outcomes of the rule (a pass,
 * a fail, skips) are dropped: the rule's work on it did not finish cleanly, so its verdict is
 * not to be trusted, and an error beside a pass would share the pass's fingerprint.
 */
import type { AuditResult, FindingResource, OutcomeRecord, RuleOutcomes } from '../model/index.ts';
import { fingerprint } from './findings.ts';
import type { LateRuleError } from './isolation.ts';
import { compareRecords } from './outcomes.ts';
import { countOutcomes } from './summary.ts';

/** Amends the result: each late error an error outcome (the first per rule and resource), the summary's counts redone. */
export function withLateRuleErrors(result: AuditResult, rejections: readonly LateRuleError[]): AuditResult {
  if (rejections.length === 0) return result;
  const indexOf = new Map<string, number>();
  result.resources.forEach((r, i) => indexOf.set(resourceKey(r), i));
  const outcomesOf = new Map(result.outcomes.map((o) => [o.rule, o]));
  const done = new Set<string>();
  for (const rejection of rejections) {
    const resource = indexOf.get(resourceKey(rejection.resource));
    const outcomes = outcomesOf.get(rejection.ruleId);
    if (resource === undefined || outcomes === undefined) continue;
    const key = `${rejection.ruleId}\u0000${resource}`;
    if (done.has(key)) continue;
    done.add(key);
    replaceWithError(outcomes, resource, rejection, result.resources);
  }
  result.summary = { ...result.summary, ...countOutcomes(result.outcomes, result.rules) };
  return result;
}

function replaceWithError(o: RuleOutcomes, resource: number, rejection: LateRuleError, resources: readonly FindingResource[]): void {
  o.passed = o.passed.filter((i) => i !== resource);
  o.passedKeyed = o.passedKeyed.filter(([i]) => i !== resource);
  o.skipped = o.skipped.map((g) => ({ ...g, resources: g.resources.filter((i) => i !== resource) })).filter((g) => g.resources.length > 0);
  const row = resources[resource] as FindingResource;
  // An ARN held in several accounts (AWS managed policies) keys its outcomes by account, as evaluate does.
  const shared = resources.some((r) => r.arn === row.arn && r.accountId !== row.accountId);
  const subKey = shared ? row.accountId : undefined;
  const record: OutcomeRecord = {
    fingerprint: fingerprint(o.rule, row.arn, subKey),
    resource,
    status: 'error',
    message: `Rule ${o.rule} could not be evaluated on this resource: ${rejection.detail}`,
    error: rejection.detail,
  };
  if (subKey !== undefined) record.subKey = subKey;
  o.findings = [...o.findings.filter((r) => r.resource !== resource), record].sort(compareRecords);
}

function resourceKey(r: Pick<FindingResource, 'arn' | 'type' | 'name' | 'accountId' | 'region'>): string {
  return `${r.arn}\u0000${r.accountId}\u0000${r.type}\u0000${r.name}\u0000${r.region}`;
}
