/**
 * The audit result (schemas/result.schema.json): findings, waivers, the summary. Renderers see
 * only these types and the rule catalog, never snapshot internals.
 */
import type { CatalogRule, Evidence, RuleMeta, Severity, Status, ResourceType, RuleCatalog } from './rule.ts';
import type { FindingLocation } from './scan.ts';
import type { CoverageEntry, LastKnown } from './snapshot.ts';
import type { ComplianceSection } from './compliance.ts';

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

/** What a result's `snapshot` says about the snapshot it evaluated. */
export interface ResultSnapshot {
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
}

/** One finding reported in full (docs/result-format.md): the resource is an index into `resources`. */
export interface OutcomeRecord {
  /** Derived (sha256 of rule id, ARN and sub-key); written for consumers, recomputed by readers. */
  fingerprint: string;
  resource: number;
  status: Status;
  message: string;
  subKey?: string;
  evidence?: Evidence;
  waiver?: Waiver;
  skipReason?: string;
  notCollected?: boolean;
  error?: string;
  /** Scanned resources: where in the repository the finding is. */
  location?: FindingLocation;
  /** Judged from (or skipped because of) last-known Proton records: where those came from. */
  lastKnown?: FindingLastKnown;
}

/** Skips that only say why, grouped by that reason. */
export interface SkipGroup {
  reason: string;
  /** Resource indexes, ascending. */
  resources: number[];
}

/** Every outcome of one rule, compactly (docs/result-format.md). */
export interface RuleOutcomes {
  rule: string;
  /** Passes without sub-key, message or evidence of their own: resource indexes, ascending. */
  passed: number[];
  /** Passes with a sub-key and nothing else of their own: [resource, subKey], sorted. */
  passedKeyed: Array<[number, string]>;
  /** Guard-false (and reason-only) skips, grouped by reason, sorted by reason. */
  skipped: SkipGroup[];
  /** Full records, sorted by resource then sub-key. */
  findings: OutcomeRecord[];
}

/** A failing finding of the baseline that is not failing now, and what became of it. */
export interface ResolvedFinding {
  fingerprint: string;
  ruleId: string;
  resource: FindingResource;
  severity: Severity;
  title: string;
  /** pass: fixed; skip/error: not judged this time; absent: the resource is gone; not-evaluated: its rule gave it no outcome. */
  now: 'pass' | 'skip' | 'error' | 'absent' | 'not-evaluated';
}

export interface ResultBaseline {
  sha256: string;
  newFingerprints: string[];
  resolved: ResolvedFinding[];
}

/** The audit result, schema version 2 (schemas/result.schema.json, docs/result-format.md). */
export interface AuditResult {
  schemaVersion: 2;
  tool: { name: 'proton-audit'; version: string };
  /** The evaluation clock (--now). */
  evaluatedAt: string;
  snapshot: ResultSnapshot;
  coverage: CoverageEntry[];
  rules: RuleCatalog;
  /** Every resource an outcome names, sorted by ARN, account, type, name, region. */
  resources: FindingResource[];
  /** One entry per evaluated rule, sorted by rule id. */
  outcomes: RuleOutcomes[];
  /** Waivers past their expiry: they no longer apply and are reported. */
  expiredWaivers: Waiver[];
  /** Filled by `scan`: what was scanned, and the git base compared with. */
  scan?: ScanSummary;
  /** Filled when --baseline is given. */
  baseline?: ResultBaseline;
  summary: AuditSummary;
  /**
   * Where the run stands against the compliance frameworks (compliance/*.yaml, or the one
   * --compliance names). Added by the JSON renderer when frameworks were loaded.
   */
  compliance?: ComplianceSection;
}

/** Schema version 1 (schemas/result-v1.schema.json): still read, converted to version 2 on the way in. */
export interface AuditResultV1 {
  schemaVersion: 1;
  tool: { name: 'proton-audit'; version: string };
  evaluatedAt: string;
  snapshot: ResultSnapshot;
  coverage: CoverageEntry[];
  rules: RuleCatalog;
  /** Sorted: status (fail, error, skip, pass), severity, ruleId, resource ARN, subKey. */
  findings: Finding[];
  expiredWaivers: Waiver[];
  /** Filled by `scan`: what was scanned, and the git base compared with. */
  scan?: ScanSummary;
  /** Filled when --baseline is given. */
  baseline?: { sha256: string; newFingerprints: string[]; resolved: Array<Pick<Finding, 'fingerprint' | 'ruleId' | 'resource' | 'severity' | 'title'>> };
  summary: AuditSummary;
}
