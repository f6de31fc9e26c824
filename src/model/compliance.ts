/**
 * Where a run stands against each compliance framework (the `compliance` section of the JSON
 * result, schemas/result.schema.json#/definitions/frameworkAssessment), computed by
 * src/compliance from the findings and the framework files.
 */

/** Requirement statuses, in precedence order: the first that holds wins. */
export const REQUIREMENT_STATUSES = ['fail', 'error', 'not-collected', 'pass', 'not-assessed'] as const;
export type RequirementStatus = (typeof REQUIREMENT_STATUSES)[number];

/** A rule's state in a run, over all its findings. */
export type RuleState = 'fail' | 'error' | 'not-collected' | 'pass' | 'not-applicable' | 'not-run';

export interface RuleCounts {
  pass: number;
  /** Failing and not waived. */
  fail: number;
  /** Failing and waived. */
  failWaived: number;
  skipNotCollected: number;
  skipOther: number;
  error: number;
}

export interface RuleAssessment {
  id: string;
  /** Undefined when the id is not in the catalog. */
  title?: string;
  /** False when the rule is disabled by config; undefined when not in the catalog. */
  enabled?: boolean;
  state: RuleState;
  counts: RuleCounts;
}

export interface RequirementAssessment {
  id: string;
  title: string;
  section?: string;
  status: RequirementStatus;
  /** Why a requirement is not assessed. */
  reason?: 'no-rules' | 'not-run' | 'not-applicable';
  rules: RuleAssessment[];
  /** Counts over the mapped rules. */
  counts: RuleCounts;
  /** Finding fingerprints to link to, sorted; capped at `maxFindingRefs` each. */
  findings: { fail: string[]; error: string[]; notCollected: string[] };
  /** True when a list in `findings` was cut at `maxFindingRefs`. */
  findingsTruncated: boolean;
  /**
   * Present when findings that decide the status were judged from last-known Proton records (kept
   * from before Proton stopped answering), not live data: `only` when all of them were, `asOf`
   * when the oldest of those records was collected.
   */
  lastKnown?: { only: boolean; asOf: string };
}

export interface FrameworkAssessment {
  id: string;
  name: string;
  version: string;
  url: string;
  description: string;
  requirements: RequirementAssessment[];
  /** Requirements by status. */
  summary: Record<RequirementStatus, number>;
}

/** The result's compliance section: one assessment per framework the run reported against. */
export interface ComplianceSection {
  frameworks: FrameworkAssessment[];
}
