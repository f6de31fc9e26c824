/** Builders for hand-written roles and documents in the IAM and trust fact tests. */
import type { ManagedPolicyDetail, PolicyDocument, PolicyStatement, RoleDetail } from '../../../src/model/index.ts';

export const ACCOUNT = '111122223333';

export function doc(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

export function role(name: string, parts: Partial<RoleDetail> = {}): RoleDetail {
  return {
    Path: '/',
    RoleName: name,
    RoleId: `AROA${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`,
    Arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    RolePolicyList: [],
    AttachedManagedPolicies: [],
    Tags: [],
    ...parts,
  };
}

export function inline(name: string, document: PolicyDocument): RoleDetail['RolePolicyList'][number] {
  return { PolicyName: name, PolicyDocument: document };
}

export function managed(arn: string, document: PolicyDocument): ManagedPolicyDetail {
  return {
    PolicyName: arn.slice(arn.lastIndexOf('/') + 1),
    Arn: arn,
    PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: document }],
  };
}

export function byArn(...policies: ManagedPolicyDetail[]): Map<string, ManagedPolicyDetail> {
  return new Map(policies.map((p) => [p.Arn, p]));
}

/** Evidence as 'source#index' strings, for compact assertions. */
export function refs(list: ReadonlyArray<{ source: string; index: number }> | undefined): string[] {
  return (list ?? []).map((r) => `${r.source}#${r.index}`);
}
