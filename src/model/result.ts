/**
 * The audit result (schemas/result.schema.json): findings, waivers, the summary. Renderers see
 * only these types and the rule catalog, never snapshot internals.
 */
import type { CatalogRule, Evidence, RuleMeta, Severity, Status, ResourceType, RuleCatalog } from './rule.ts';
import type { FindingLocation } from './scan.ts';
import type { CoverageEntry, LastKnown } from './snapshot.ts';

/** What `scan` read: its paths (repository-relative) and counts, and the base revision when --base was given. */
export interface ScanSummary {
  paths: string[];
  bundles: number;
  specs: number;
  renderings: number;
  base?: { ref: string; commit: string };
}

export interface FindingResource {
  arn: string;
  type: ResourceType;
  name: string;
  accountId: string;
  region: string;
}

export interface Waiver {
  rule: string;
  /** Glob over resource ARNs ('*' any run of characters, '?' one). */
  resource: string;
  owner: string;
  reason: string;
  /** YYYY-MM-DD; the waiver stops applying after this day (UTC). */
  expires: string;
  ticket?: string;
}

export interface Finding {
  /** sha256 hex of ruleId + '\n' + resource ARN + '\n' + subKey. */
  fingerprint: string;
  ruleId: string;
  title: string;
  severity: Severity;
  status: Status;
  message: string;
  resource: FindingResource;
  subKey?: string;
  evidence?: Evidence;
  remediation: RuleMeta['remediation'];
  /** Present when a valid waiver suppresses this failing finding. */
  waiver?: Waiver;
  /** skip: why (e.g. 'not collected: ListEnvironments denied'). */
  skipReason?: string;
  notCollected?: boolean;
  /** error: the rule threw; the message is here, the stack is not. */
  error?: string;
  /** Scanned resources: where in the repository (file, line, logical path, loop instances). */
  location?: FindingLocation;
  /**
   * Computed from last-known Proton records (or skipped as stale because of them): when and in
   * which snapshot those records were collected. The message says "as of <collectedAt>" too.
   */
  lastKnown?: FindingLastKnown;
}

/** An account/region whose Proton records are last-known, and where they came from. */
export interface LastKnownPlace extends LastKnown {
  accountId: string;
  region: string;
}

export interface FindingLastKnown {
  collectedAt: string;
  sha256: string;
}

export interface AuditSummary {
  byStatus: Record<Status, number>;
  /** Failing, unwaived findings by severity. */
  failingBySeverity: Record<Severity, number>;
  waived: number;
  rulesEvaluated: number;
  resourcesEvaluated: number;
  /** Accounts/regions whose collection was incomplete (any coverage entry not ok). */
  incomplete: Array<{ accountId: string; region: string; operations: string[] }>;
  expiredWaivers: number;
}

export interface ResultIntegrity {
  digest: 'valid' | 'mismatch' | 'missing';
  signature: 'valid' | 'invalid' | 'unsigned';
  /** sha256 of the signing public key, when signed. */
  signerKeySha256?: string;
  /** The signing key is the one given to the evaluator (`--snapshot-public-key`). */
  trusted?: boolean;
}

export interface AuditResult {
  schemaVersion: 1;
  tool: { name: 'proton-audit'; version: string };
  /** The evaluation clock (--now). */
  evaluatedAt: string;
  snapshot: {
    sha256: string;
    collectedAt: string;
    source: string;
    accounts: Array<{ accountId: string; name?: string }>;
    regions: string[];
    identity?: string;
    /** Account/regions whose Proton records are last-known, not collected with this snapshot. */
    lastKnown?: LastKnownPlace[];
    /**
     * What the evaluator found of the snapshot's integrity block. `source` is the recorded one only
     * when the digest holds; otherwise 'edited' (digest or signature wrong) or 'unverified' (a live
     * snapshot without a digest).
     */
    integrity?: ResultIntegrity;
  };
  coverage: CoverageEntry[];
  rules: RuleCatalog;
  /** Sorted: status (fail, error, skip, pass), severity, ruleId, resource ARN, subKey. */
  findings: Finding[];
  /** Waivers past their expiry: they no longer apply and are reported. */
  expiredWaivers: Waiver[];
  /** Filled by `scan`: what was scanned, and the git base compared with. */
  scan?: ScanSummary;
  /** Filled when --baseline is given. */
  baseline?: { sha256: string; newFingerprints: string[]; resolved: Array<Pick<Finding, 'fingerprint' | 'ruleId' | 'resource' | 'severity' | 'title'>> };
  summary: AuditSummary;
}
