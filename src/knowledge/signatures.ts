/**
 * Proton signatures in a role's policies: marks that only a role Proton used for CodeBuild
 * provisioning carries, so such a role is recognised from IAM alone once Proton no longer
 * answers. Pure; used by the collectors (which roles to keep) and the facts (why a role is
 * judged as a Proton role).
 */
import type { PolicyDocument, PolicyStatement, RoleDetail } from '../model/index.ts';

/** The prefix AWS Proton gives the stacks it deploys. */
export function isProtonStackName(name: string): boolean {
  return /^AWSProton-/i.test(name);
}

/** Whether a stack is Proton's: by name, or because the Tagging API found it with a proton:* tag. */
export function isProtonStack(summary: { StackName?: string | undefined; StackId?: string | undefined }, taggedArns: ReadonlySet<string>): boolean {
  return (summary.StackName !== undefined && isProtonStackName(summary.StackName)) || (summary.StackId !== undefined && taggedArns.has(summary.StackId));
}

/** The prefix of the CodeBuild projects (and their /aws/codebuild/ log groups) Proton creates. */
export function isProtonProjectName(name: string): boolean {
  return /^AWSProton-/i.test(name);
}

export type SignatureKind = 'codebuild-provisioning-policy' | 'notify-deployment-status' | 'codebuild-log-group';

export interface SignatureHit {
  kind: SignatureKind;
  /** 'managed:<PolicyArn>' or 'inline:<PolicyName>'. */
  source: string;
  /** One sentence a reviewer can check. */
  detail: string;
}

/** The AWS managed policies for CodeBuild provisioning: AWSProtonCodeBuildProvisioningBasicAccess and ...ServiceRolePolicy. */
export function isCodeBuildProvisioningPolicy(nameOrArn: string): boolean {
  const name = nameOrArn.slice(nameOrArn.lastIndexOf('/') + 1);
  return /^AWSProtonCodeBuildProvisioning/i.test(name);
}

const NOTIFY = 'proton:notifyresourcedeploymentstatuschange';
const LOG_GROUP = /\/aws\/codebuild\/awsproton-/i;

function list(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function statements(doc: PolicyDocument | undefined): PolicyStatement[] {
  if (!doc) return [];
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

/** Signatures in one policy document (Allow statements only: a Deny says nothing about use). */
export function documentSignatures(doc: PolicyDocument | undefined, source: string): SignatureHit[] {
  const hits: SignatureHit[] = [];
  const what = source.startsWith('inline:') ? `inline policy ${source.slice(7)}` : `policy ${source.replace(/^managed:/, '')}`;
  statements(doc).forEach((s, index) => {
    if (s.Effect !== 'Allow') return;
    // Named literally: proton:* or * is breadth, not a signature of Proton's provisioning.
    if (list(s.Action).some((a) => a.toLowerCase() === NOTIFY)) {
      hits.push({ kind: 'notify-deployment-status', source, detail: `${what} allows proton:NotifyResourceDeploymentStatusChange (statement ${index})` });
    }
    const logs = list(s.Resource).find((r) => LOG_GROUP.test(r));
    if (logs) hits.push({ kind: 'codebuild-log-group', source, detail: `${what} grants access to the log group ${logs} (statement ${index})` });
  });
  return hits;
}

/**
 * Every signature a role carries: an attached AWSProtonCodeBuildProvisioning* policy, or an inline
 * or attached customer policy naming proton:NotifyResourceDeploymentStatusChange or the
 * /aws/codebuild/AWSProton-* log groups. `documentOf` gives a managed policy's default document
 * when known; AWS managed AWSProton* policies are recognised by name alone.
 */
export function roleSignatures(role: Pick<RoleDetail, 'RolePolicyList' | 'AttachedManagedPolicies'>, documentOf: (policyArn: string) => PolicyDocument | undefined): SignatureHit[] {
  const hits: SignatureHit[] = [];
  for (const a of role.AttachedManagedPolicies ?? []) {
    if (isCodeBuildProvisioningPolicy(a.PolicyArn)) {
      hits.push({ kind: 'codebuild-provisioning-policy', source: `managed:${a.PolicyArn}`, detail: `attaches ${a.PolicyName || a.PolicyArn}` });
      continue;
    }
    // The AWS managed Proton policies (full access, read only...) are breadth, not provisioning.
    if (/:iam::aws:policy\//.test(a.PolicyArn)) continue;
    hits.push(...documentSignatures(documentOf(a.PolicyArn), `managed:${a.PolicyArn}`));
  }
  for (const p of role.RolePolicyList ?? []) hits.push(...documentSignatures(p.PolicyDocument, `inline:${p.PolicyName}`));
  return hits;
}
