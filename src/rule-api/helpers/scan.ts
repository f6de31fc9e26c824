/**
 * Rules over scanned templates: the scanner's analyses have already found each problem and
 * where it is (facts.scan.issues); a rule picks the issues it is about and turns each into a
 * verdict located at the issue's source line, so one rule file stays a page of metadata.
 */
import { createHash } from 'node:crypto';
import type { FindingLocation, ResourceFacts, ScanIssue } from '../../model/index.ts';
import type { RuleVerdict } from '../core/define-rule.ts';

/** The issues with one of these codes that the scanner reported about a resource. */
export function scanIssues(resource: { facts: ResourceFacts }, codes: readonly string[]): ScanIssue[] {
  return (resource.facts.scan?.issues ?? []).filter((i) => codes.includes(i.code));
}

/** Where an issue is, as a finding location. */
export function issueLocation(issue: ScanIssue): FindingLocation {
  return {
    ...issue.location,
    ...(issue.logical ? { logical: issue.logical } : {}),
    ...(issue.instances && issue.instances.length > 1 ? { instances: issue.instances } : {}),
  };
}

/** A short stable sub-key from the issue's identity (never its line): fingerprints survive line shifts. */
export function issueSubKey(issue: ScanIssue): string {
  return createHash('sha256').update(issue.key).digest('hex').slice(0, 16);
}

/**
 * One failing verdict per issue (message `{{message}}` = the issue's own sentence), or a pass
 * when there is none. `keep` narrows the issues further (a rule option, say).
 */
export function issueVerdicts<M extends string>(resource: { facts: ResourceFacts }, codes: readonly string[], messageId: M, keep: (issue: ScanIssue) => boolean = () => true): Array<RuleVerdict<M>> {
  const issues = scanIssues(resource, codes).filter(keep);
  if (issues.length === 0) return [{ status: 'pass' }];
  return issues.map((issue) => ({
    status: 'fail',
    messageId,
    data: { message: issue.message },
    subKey: issueSubKey(issue),
    location: issueLocation(issue),
    evidence: { code: issue.code, ...(issue.data ?? {}) },
  }));
}
