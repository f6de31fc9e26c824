/**
 * What a faulty run may differ from a clean run of the same estate in: a finding is either the
 * clean run's, or a skip in an account whose coverage shows a gap (never a pass or fail the
 * clean run lacks); a clean finding missing from the faulty run is covered by a not-collected
 * skip of the same rule in the same account (its resources could not be listed there).
 *
 * Findings are matched by rule, resource ARN, account and sub-key rather than fingerprint: the
 * engine adds the account to the fingerprint of a resource seen from several accounts (an AWS
 * managed policy), so losing one account's IAM changes the other's fingerprints.
 */
import { findingsOf } from '../../src/engine/outcomes.ts';
import { expect } from 'vitest';
import type { AuditResult, Finding } from '../../src/model/index.ts';
import { essence } from '../scale/helpers.ts';

/**
 * PA-RES-001 reports every Proton-trusting role where Proton's endpoint did not answer, by
 * design: after Proton's retirement its API no longer answers and such roles are residue. So a
 * region whose Proton calls all went unanswered may turn its pass into a fail. A denied or failed
 * Proton call is not that: there the rule must skip like any other.
 */
const REPORTS_ON_ABSENT_PROTON = new Set(['PA-RES-001']);

export interface Difference {
  /** Findings that became skips. */
  skipped: number;
  /** Clean findings whose resource the faulty run never saw. */
  unseen: number;
  /** Findings that changed under a documented rule decision (REPORTS_ON_ABSENT_PROTON). */
  byDesign: number;
}

function key(f: Finding): string {
  const sub = (f.subKey ?? '').startsWith(`${f.resource.accountId}/`) ? (f.subKey ?? '').slice(13) : f.subKey === f.resource.accountId ? '' : (f.subKey ?? '');
  return `${f.ruleId}\u0000${f.resource.arn}\u0000${f.resource.accountId}\u0000${sub}`;
}

function normalised(f: Finding): string {
  return essence({ ...f, subKey: '' });
}

/** Accounts with a region where Proton was asked and nothing of it answered (as once retired). */
function unansweredProton(result: AuditResult): Set<string> {
  const byRegion = new Map<string, AuditResult['coverage']>();
  for (const e of result.coverage) {
    if (e.service !== 'proton') continue;
    const k = `${e.accountId}|${e.region}`;
    byRegion.set(k, [...(byRegion.get(k) ?? []), e]);
  }
  const out = new Set<string>();
  for (const entries of byRegion.values()) {
    const probe = entries.find((e) => e.operation === 'GetAccountSettings');
    if (probe && probe.calls > 0 && entries.every((e) => e.status === 'unavailable')) out.add(probe.accountId);
  }
  return out;
}

export function expectCleanOrSkipped(clean: AuditResult, faulty: AuditResult): Difference {
  const gapAccounts = new Set(faulty.coverage.filter((e) => e.status !== 'ok' || (e.failedResources?.length ?? 0) > 0).map((e) => e.accountId));
  const protonGap = unansweredProton(faulty);
  const reference = new Map(findingsOf(clean).map((f) => [key(f), f]));
  const seen = new Set(findingsOf(faulty).map(key));
  const diff: Difference = { skipped: 0, unseen: 0, byDesign: 0 };
  for (const f of findingsOf(faulty)) {
    const ref = reference.get(key(f));
    if (f.status === 'skip' && (f.notCollected || gapAccounts.has(f.resource.accountId))) {
      if (!ref || ref.status !== 'skip') diff.skipped++;
      continue;
    }
    if (ref && REPORTS_ON_ABSENT_PROTON.has(f.ruleId) && protonGap.has(f.resource.accountId) && normalised(f) !== normalised(ref)) {
      expect(f.status, `${f.ruleId} ${f.resource.arn}`).toBe('fail');
      diff.byDesign++;
      continue;
    }
    expect(ref, `${f.ruleId} ${f.resource.arn} is ${f.status} only in the faulty run`).toBeDefined();
    expect(normalised(f)).toBe(normalised(ref as Finding));
  }
  for (const ref of findingsOf(clean)) {
    if (seen.has(key(ref))) continue;
    diff.unseen++;
    const covered = findingsOf(faulty).some((f) => f.ruleId === ref.ruleId && f.status === 'skip' && f.resource.accountId === ref.resource.accountId);
    expect(covered, `${ref.ruleId} ${ref.resource.arn} vanished without a skip in its account`).toBe(true);
  }
  if (diff.skipped + diff.unseen > 0) expect(gapAccounts.size, 'data went missing but coverage shows no gap').toBeGreaterThan(0);
  return diff;
}
