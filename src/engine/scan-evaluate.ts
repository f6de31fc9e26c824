/**
 * Evaluation of a scan: the rules over the scanned repository's resource views, the result in
 * the audit result's shape (so every format, waivers and --fail-on work as for `evaluate`), and
 * every finding located in the repository: the rule's own location, else its resource's.
 */
import type { AuditResult, Config, FindingLocation, FindingResource, OutcomeRecord, ScanIssue, ScanSummary } from '../model/index.ts';
import type { ScanResult } from '../scan/scan.ts';
import { createScanView, scanSnapshot } from '../scan/view.ts';
import type { LoadedRule } from './load/rule.ts';
import type { RuleBudget } from './budget.ts';
import { evaluate } from './evaluate.ts';
import { settleRuleWork } from './isolation.ts';
import { withLateRuleErrors } from './late-errors.ts';
import { fingerprint } from './findings.ts';
import { compareRecords, passMessage, skipMessage } from './outcomes.ts';

export interface ScanEvaluateInput {
  scan: ScanResult;
  /** Issues found beside the scan itself (breaking changes, deployed specs). */
  extraIssues?: readonly ScanIssue[];
  rules: readonly LoadedRule[];
  config: Config;
  now: Date;
  toolVersion: string;
  /** sha256 standing for what was scanned (the evidence anchor). */
  sha256: string;
  summary: ScanSummary;
  /** Secret values found elsewhere (the base scan) that this result must not print either. */
  otherSecrets?: readonly string[];
  /** Each rule's time budget (and the watchdog of a user's TypeScript rule), as for evaluate. */
  budget?: RuleBudget;
}

/**
 * Async for one reason: what user rules left behind (rejections, callbacks, timers; isolation.ts)
 * is settled into their error outcomes before the outcomes are located.
 */
export async function evaluateScan(input: ScanEvaluateInput): Promise<AuditResult> {
  const snapshot = scanSnapshot(input.now, input.toolVersion);
  const view = createScanView(input.scan, snapshot, input.extraIssues ?? [], input.otherSecrets ?? []);
  const result = evaluate({ snapshot, sha256: input.sha256, rules: input.rules, config: input.config, now: input.now, toolVersion: input.toolVersion, view, scan: input.summary, ...(input.budget ? { budget: input.budget } : {}) });
  withLateRuleErrors(result, await settleRuleWork());
  locateOutcomes(result, view.locationOf);
  return { ...result, snapshot: { ...result.snapshot, source: 'scan' } };
}

/**
 * Every outcome of a scan carries a location: the rule's own, else its resource's. Passes and
 * skips that would be index-only become full records so the location is kept (a scan's result
 * is small: one repository's bundles and specs).
 */
function locateOutcomes(result: AuditResult, locationOf: (arn: string) => FindingLocation | undefined): void {
  const catalog = new Map(result.rules.map((r) => [r.id, r]));
  const arnOf = (i: number): string => (result.resources[i] as FindingResource).arn;
  for (const o of result.outcomes) {
    for (const r of o.findings) {
      if (r.location) continue;
      const at = locationOf(arnOf(r.resource));
      if (at) r.location = at;
    }
    const rule = catalog.get(o.rule);
    const added: OutcomeRecord[] = [];
    const make = (resource: number, status: 'pass' | 'skip', message: string, at: FindingLocation, subKey?: string, skipReason?: string): void => {
      const rec: OutcomeRecord = { fingerprint: fingerprint(o.rule, arnOf(resource), subKey), resource, status, message };
      if (subKey !== undefined) rec.subKey = subKey;
      if (skipReason !== undefined) rec.skipReason = skipReason;
      rec.location = at;
      added.push(rec);
    };
    if (rule) {
      const message = passMessage(rule);
      o.passed = o.passed.filter((i) => {
        const at = locationOf(arnOf(i));
        if (at) make(i, 'pass', message, at);
        return !at;
      });
      o.passedKeyed = o.passedKeyed.filter(([i, subKey]) => {
        const at = locationOf(arnOf(i));
        if (at) make(i, 'pass', message, at, subKey);
        return !at;
      });
    }
    for (const g of o.skipped) {
      g.resources = g.resources.filter((i) => {
        const at = locationOf(arnOf(i));
        if (at) make(i, 'skip', skipMessage(g.reason), at, undefined, g.reason);
        return !at;
      });
    }
    o.skipped = o.skipped.filter((g) => g.resources.length > 0);
    if (added.length > 0) o.findings = [...o.findings, ...added].sort(compareRecords);
  }
}
