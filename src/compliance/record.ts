/**
 * The one input every compliance computation and hand-off formatter reads: a small outcome record
 * per finding, taken through an iterator. It is independent of the result file's shape, so a new
 * result format only needs a new adapter like `recordsFromFindings`.
 */
import type { Finding, Severity } from '../model/index.ts';

export type OutcomeStatus = 'pass' | 'fail' | 'skip' | 'error';

export interface OutcomeRecord {
  ruleId: string;
  status: OutcomeStatus;
  /** The severity the run used (after config overrides). */
  severity: Severity;
  /** A valid waiver suppresses this failing finding. */
  waived: boolean;
  /** A skip because the rule's data was not collected (denied, unavailable, retired). */
  notCollected: boolean;
  /** Stable finding identity: sha256 of rule id, resource ARN and sub-key. */
  fingerprint: string;
  resource: {
    accountId: string;
    /** 'global' for IAM resources. */
    region: string;
    arn: string;
    type?: string;
    name?: string;
  };
  /** The finding message (already scrubbed of secrets by the engine). Hand-offs print it. */
  message?: string;
  /** Why a skip skipped, or what an error said. */
  reason?: string;
  waiver?: { owner: string; expires: string; reason?: string; ticket?: string };
  /** Judged from (or skipped because of) last-known Proton records collected at this time, not live data. */
  lastKnown?: string;
}

/** Records from findings (a v2 result's, rebuilt by iterateFindings, or a v1 result's). */
export function* recordsFromFindings(findings: Iterable<Finding>): Generator<OutcomeRecord> {
  for (const f of findings) {
    const reason = f.skipReason ?? f.error;
    yield {
      ruleId: f.ruleId,
      status: f.status,
      severity: f.severity,
      waived: f.waiver !== undefined,
      notCollected: f.notCollected === true,
      fingerprint: f.fingerprint,
      resource: { accountId: f.resource.accountId, region: f.resource.region, arn: f.resource.arn, type: f.resource.type, name: f.resource.name },
      ...(f.message ? { message: f.message } : {}),
      ...(reason !== undefined ? { reason } : {}),
      ...(f.lastKnown ? { lastKnown: f.lastKnown.collectedAt } : {}),
      ...(f.waiver
        ? { waiver: { owner: f.waiver.owner, expires: f.waiver.expires, reason: f.waiver.reason, ...(f.waiver.ticket !== undefined ? { ticket: f.waiver.ticket } : {}) } }
        : {}),
    };
  }
}
