/**
 * The IAM and trust analyses, behind one seam so the view builder can be tested with stand-ins
 * and the analysis modules stay independent of it. The IAM analysis needs AWS's service
 * reference data loaded once: await prepareFacts() before evaluating.
 */
import type { ManagedPolicyDetail, PolicyDocument, RoleDetail, IamAnalysis, TrustAnalysis } from '../model/index.ts';
import { analyzePolicyDocument, analyzeRolePermissions, loadIamData, type RoleAnalysisCache } from './iam/index.ts';
import { analyzeTrust } from './trust/index.ts';

export { RoleAnalysisCache } from './iam/index.ts';

export interface FactAnalyzers {
  /** `cache` (one per view build) shares the analysis of policies several roles hold; stand-ins may ignore it. */
  analyzeRolePermissions(role: RoleDetail, policiesByArn: ReadonlyMap<string, ManagedPolicyDetail>, cache?: RoleAnalysisCache): IamAnalysis;
  analyzePolicyDocument(doc: PolicyDocument, source: string): IamAnalysis;
  analyzeTrust(role: RoleDetail, accountId: string): TrustAnalysis;
}

export const defaultAnalyzers: FactAnalyzers = { analyzeRolePermissions, analyzePolicyDocument, analyzeTrust };

/** Loads what the analyses need (the IAM service reference data). Idempotent. */
export async function prepareFacts(): Promise<void> {
  await loadIamData();
}
