/**
 * Evaluation of a scan: the rules over the scanned repository's resource views, the result in
 * the audit result's shape (so every format, waivers and --fail-on work as for `evaluate`), and
 * every finding located in the repository: the rule's own location, else its resource's.
 */
import type { AuditResult, Config, ScanIssue, ScanSummary } from '../model/index.ts';
import type { ScanResult } from '../scan/scan.ts';
import { createScanView, scanSnapshot } from '../scan/view.ts';
import type { LoadedRule } from './load/rule.ts';
import { evaluate } from './evaluate.ts';

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
}

export function evaluateScan(input: ScanEvaluateInput): AuditResult {
  const snapshot = scanSnapshot(input.now, input.toolVersion);
  const view = createScanView(input.scan, snapshot, input.extraIssues ?? [], input.otherSecrets ?? []);
  const result = evaluate({ snapshot, sha256: input.sha256, rules: input.rules, config: input.config, now: input.now, toolVersion: input.toolVersion, view, scan: input.summary });
  for (const f of result.findings) {
    if (f.location) continue;
    const at = view.locationOf(f.resource.arn);
    if (at) f.location = at;
  }
  return { ...result, snapshot: { ...result.snapshot, source: 'scan' } };
}
