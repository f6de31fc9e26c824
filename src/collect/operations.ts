/**
 * Every API operation the collectors can call, by IAM service prefix. The least-privilege policy
 * (policies/proton-audit-readonly.json) is checked against this list and against a real run.
 */
import type { CoverageService } from './coverage.ts';
import { CLOUDFORMATION_OPERATIONS, CODEBUILD_OPERATIONS, PROTON_OPERATIONS } from '../knowledge/operations.ts';

export const COLLECTOR_OPERATIONS: Readonly<Partial<Record<CoverageService, readonly string[]>>> = {
  proton: PROTON_OPERATIONS,
  tagging: ['GetResources'],
  iam: ['GetAccountAuthorizationDetails', 'ListPolicies', 'GetPolicyVersion', 'ListEntitiesForPolicy'],
  sts: ['GetCallerIdentity'],
  servicequotas: ['ListServiceQuotas'],
  // --org, with the management account's credentials; --region all, in each account.
  organizations: ['ListAccounts'],
  ec2: ['DescribeRegions'],
  // What Proton deployed and left running: its stacks and CodeBuild projects.
  cloudformation: CLOUDFORMATION_OPERATIONS,
  codebuild: CODEBUILD_OPERATIONS,
};

/**
 * What the identity running an organisation audit needs besides the read policy: entering each
 * member account's audit role. Not part of the read-only policy (it is not a read of the estate).
 */
export const CALLER_OPERATIONS: Readonly<Partial<Record<CoverageService, readonly string[]>>> = {
  sts: ['AssumeRole'],
};

/** Coverage service name → IAM action prefix. */
export const IAM_PREFIX: Readonly<Partial<Record<CoverageService, string>>> = {
  proton: 'proton',
  tagging: 'tag',
  iam: 'iam',
  sts: 'sts',
  servicequotas: 'servicequotas',
  organizations: 'organizations',
  ec2: 'ec2',
  cloudformation: 'cloudformation',
  codebuild: 'codebuild',
};

/** 'tagging', 'GetResources' → 'tag:GetResources'. */
export function iamAction(service: CoverageService, operation: string): string {
  return `${IAM_PREFIX[service] ?? service}:${operation}`;
}

export function collectorActions(): string[] {
  return Object.entries(COLLECTOR_OPERATIONS)
    .flatMap(([service, ops]) => (ops ?? []).map((op) => iamAction(service as CoverageService, op)))
    .sort();
}

export function callerActions(): string[] {
  return Object.entries(CALLER_OPERATIONS)
    .flatMap(([service, ops]) => (ops ?? []).map((op) => iamAction(service as CoverageService, op)))
    .sort();
}
