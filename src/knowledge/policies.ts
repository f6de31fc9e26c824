/** Managed policies as the snapshot holds them. */
import type { ManagedPolicyDetail, PolicyDocument } from '../model/index.ts';

/** The version in force: the one marked default, else the first listed. */
export function defaultPolicyVersion(policy: Pick<ManagedPolicyDetail, 'PolicyVersionList'>): ManagedPolicyDetail['PolicyVersionList'][number] | undefined {
  const versions = policy.PolicyVersionList;
  return versions.find((v) => v.IsDefaultVersion) ?? versions[0];
}

/** The document of the version in force, if the snapshot has one. */
export function defaultPolicyDocument(policy: Pick<ManagedPolicyDetail, 'PolicyVersionList'>): PolicyDocument | undefined {
  return defaultPolicyVersion(policy)?.Document;
}
