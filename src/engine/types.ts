/**
 * The engine's contract: rule metadata, findings and the audit result. Renderers see only
 * these types (AuditResult + RuleCatalog), never snapshot internals.
 */
import type { CoverageEntry } from '../snapshot/types.ts';
import type { ResourceFacts } from '../facts/types.ts';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const STATUSES = ['fail', 'error', 'skip', 'pass'] as const;
export type Status = (typeof STATUSES)[number];

export const RESOURCE_TYPES = [
  'account', // one per account+region: account settings, quotas, resources summary
  'environmentTemplate',
  'environmentTemplateVersion',
  'serviceTemplate',
  'serviceTemplateVersion',
  'environment',
  'service',
  'servicePipeline',
  'serviceInstance',
  'component',
  'environmentAccountConnection',
  'repository',
  'role',
  'managedPolicy',
  'provisionedResource',
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/** Rule families, used for grouping in reports and charts. */
export const FAMILIES = ['iam', 'trust', 'policies', 'tags', 'versions', 'deployments', 'quotas', 'secrets', 'encryption', 'cross-account', 'residue'] as const;
export type Family = (typeof FAMILIES)[number];

export interface Reference {
  title: string;
  /** A URL, or a seed citation like 'seeds/000_78c13fbce100391d.txt:2253-2264'. */
  url: string;
}

export interface RuleOptionSpec {
  type: 'number' | 'integer' | 'string' | 'boolean' | 'string[]';
  default: number | string | boolean | string[];
  description: string;
  minimum?: number;
  maximum?: number;
}

export interface RuleMeta {
  /** Stable id, e.g. 'PA-IAM-001'. Never reused. */
  id: string;
  /** Title stating the compliant state. */
  title: string;
  severity: Severity;
  resource: ResourceType;
  family: Family;
  rationale: string;
  remediation: { text: string; cli?: string; iac?: string };
  references: Reference[];
  compliance?: { 'cis-aws-foundations'?: string[]; 'nist-800-53'?: string[] };
  options?: Record<string, RuleOptionSpec>;
  /** Waivers never apply to this rule. */
  unwaivable?: boolean;
  deprecated?: boolean;
  replacedBy?: string;
}

/** What the catalog publishes for each loaded rule (for docs, SARIF, HTML help). */
export interface CatalogRule extends RuleMeta {
  /** 'builtin' or the pack directory it was loaded from. */
  pack: string;
  /** Path of the rule file relative to its pack. */
  file: string;
  /** sha256 of the rule file. */
  sha256: string;
  kind: 'yaml' | 'typescript';
  /** Severity after config overrides. */
  effectiveSeverity: Severity;
  enabled: boolean;
}

export type RuleCatalog = CatalogRule[];

/** A resource as rules and CEL see it. */
export interface ResourceView {
  type: ResourceType;
  arn: string;
  name: string;
  accountId: string;
  /** 'global' for IAM resources. */
  region: string;
  /** The AWS-shaped record from the snapshot. */
  data: Record<string, unknown>;
  facts: ResourceFacts;
}

/** What a rule's logic returns for one resource (TS rules build these; YAML rules are compiled to them). */
export type Verdict =
  | { status: 'pass'; message?: string; evidence?: Evidence; subKey?: string }
  | { status: 'fail'; message: string; evidence?: Evidence; subKey?: string }
  | { status: 'skip'; reason: string; notCollected?: boolean; subKey?: string };

/** Structured evidence: JSON-safe values only (statements, version lag, missing tags...). */
export type Evidence = Record<string, unknown>;

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
  };
  coverage: CoverageEntry[];
  rules: RuleCatalog;
  /** Sorted: status (fail, error, skip, pass), severity, ruleId, resource ARN, subKey. */
  findings: Finding[];
  /** Waivers past their expiry: they no longer apply and are reported. */
  expiredWaivers: Waiver[];
  /** Filled when --baseline is given. */
  baseline?: { sha256: string; newFingerprints: string[]; resolved: Array<Pick<Finding, 'fingerprint' | 'ruleId' | 'resource' | 'severity' | 'title'>> };
  summary: AuditSummary;
}
