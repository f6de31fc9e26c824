/**
 * The rule vocabulary: severities, statuses, resource types, families, data families, rule
 * metadata (schemas/rule.schema.json) and what a rule's logic returns.
 */

import type { FindingLocation } from './scan.ts';

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
  // Scanned template repositories (proton-audit scan).
  'templateRepository',
  'templateBundle',
  'templateSpec',
  'iacResource',
  'stack', // a CloudFormation stack AWS Proton created
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/** The resource types `scan` produces; `evaluate` over a snapshot leaves their rules out. */
export const SCAN_RESOURCE_TYPES: ReadonlySet<ResourceType> = new Set<ResourceType>(['templateRepository', 'templateBundle', 'templateSpec', 'iacResource']);

/** Rule families, used for grouping in reports and charts. */
export const FAMILIES = ['iam', 'trust', 'policies', 'tags', 'versions', 'deployments', 'quotas', 'secrets', 'encryption', 'cross-account', 'residue', 'templates', 'specs', 'iac', 'breaking', 'stacks'] as const;
export type Family = (typeof FAMILIES)[number];

/** Families only `scan` rules belong to (scan rules also use iam, trust, policies, encryption, secrets and quotas). */
export const SCAN_FAMILIES: ReadonlySet<string> = new Set<Family>(['templates', 'specs', 'iac', 'breaking']);

export interface Reference {
  title: string;
  /** A public https:// page, e.g. of the AWS documentation (the loader refuses anything else). */
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
  /** TypeScript rules: message templates by id; verdicts name one (YAML rules have one, `message`). */
  messages?: Record<string, string>;
  /** Waivers never apply to this rule. */
  unwaivable?: boolean;
  deprecated?: boolean;
  replacedBy?: string;
}

/** What the catalog publishes for each loaded rule (for docs, SARIF, HTML help). */
export interface CatalogRule extends Omit<RuleMeta, 'messages'> {
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

/** The collected data a rule can depend on; not collected → skip (not collected). */
export const DATA_FAMILIES = ['proton', 'tagging', 'iam', 'quotas', 'cloudformation'] as const;
export type DataFamily = (typeof DATA_FAMILIES)[number];

/** Whether some data was collected; if not, why (the skip reason). */
export type Collected = { ok: true } | { ok: false; reason: string };

/** What a rule's logic returns for one resource (TS rules build these; YAML rules are compiled to them). */
export type Verdict =
  | { status: 'pass'; message?: string; messageId?: string; evidence?: Evidence; subKey?: string; location?: FindingLocation }
  | { status: 'fail'; message: string; messageId?: string; evidence?: Evidence; subKey?: string; location?: FindingLocation }
  | { status: 'skip'; reason: string; notCollected?: boolean; subKey?: string; location?: FindingLocation };

/** Structured evidence: JSON-safe values only (statements, version lag, missing tags...). */
export type Evidence = Record<string, unknown>;

