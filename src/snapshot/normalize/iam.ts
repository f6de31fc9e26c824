/**
 * IAM outputs → snapshot shapes (GetAccountAuthorizationDetails RoleDetail / ManagedPolicyDetail).
 * Policy documents arrive URL-encoded JSON (some servers send them plain); both are decoded. A
 * document that does not decode is reported to the caller, never guessed at.
 */
import type { ManagedPolicyDetail, PolicyDocument, PolicyEntities, PolicyStatement, RoleDetail } from '../../model/index.ts';
import { isProtonPrincipal } from '../../knowledge/principals.ts';
import { plainRecord, sortBy, toPlain } from './plain.ts';
import { sortTags } from './tagging.ts';

/** A policy document from IAM (URL-encoded JSON text), a server sending plain JSON text, or an AWS CLI export (already an object). */
export function decodePolicyDocument(input: unknown): PolicyDocument | undefined {
  if (input === undefined || input === null || input === '') return undefined;
  let parsed: unknown = input;
  if (typeof input === 'string') {
    try {
      parsed = JSON.parse(input);
    } catch {
      try {
        parsed = JSON.parse(decodeURIComponent(input));
      } catch {
        return undefined;
      }
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const statement = (parsed as Record<string, unknown>).Statement;
  if (statement === null || typeof statement !== 'object') return undefined;
  return toPlain(parsed) as unknown as PolicyDocument;
}

export function statementsOf(doc: PolicyDocument | undefined): PolicyStatement[] {
  if (!doc) return [];
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

function asList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** An Allow statement names a Proton service principal. */
export function trustsProton(doc: PolicyDocument | undefined): boolean {
  return statementsOf(doc).some((s) => {
    if (s.Effect !== 'Allow' || !s.Principal || s.Principal === '*') return false;
    return asList(s.Principal.Service).some(isProtonPrincipal);
  });
}

/** Any statement names a proton: action (Action or NotAction). */
export function mentionsProtonActions(doc: PolicyDocument | undefined): boolean {
  return statementsOf(doc).some((s) => [...asList(s.Action), ...asList(s.NotAction)].some((a) => a.toLowerCase().startsWith('proton:')));
}

interface GaadRoleLike {
  Arn?: string | undefined;
  RoleName?: string | undefined;
  AssumeRolePolicyDocument?: string | object | undefined;
  RolePolicyList?: Array<{ PolicyName?: string | undefined; PolicyDocument?: string | object | undefined }> | undefined;
  AttachedManagedPolicies?: Array<{ PolicyName?: string | undefined; PolicyArn?: string | undefined }> | undefined;
  Tags?: Array<{ Key?: string | undefined; Value?: string | undefined }> | undefined;
}

export interface Decoded<T> {
  value: T;
  /** What could not be decoded, e.g. 'inline policy p1: document is not JSON'. */
  problems: string[];
}

/** A GAAD RoleDetail, decoded; the instance profiles (EC2 plumbing, with more encoded copies) are dropped. */
export function roleFrom(raw: GaadRoleLike): Decoded<RoleDetail> {
  const problems: string[] = [];
  const base = plainRecord<Record<string, unknown>>(raw);
  delete base.InstanceProfileList;
  const trust = decodePolicyDocument(raw.AssumeRolePolicyDocument);
  if (raw.AssumeRolePolicyDocument !== undefined && !trust) problems.push('trust policy: document does not decode to a policy');
  const inline: RoleDetail['RolePolicyList'] = [];
  for (const p of raw.RolePolicyList ?? []) {
    const doc = decodePolicyDocument(p.PolicyDocument);
    if (!doc) problems.push(`inline policy ${p.PolicyName ?? '?'}: document does not decode to a policy`);
    else inline.push({ PolicyName: p.PolicyName ?? '', PolicyDocument: doc });
  }
  const attached = (raw.AttachedManagedPolicies ?? [])
    .filter((a): a is { PolicyName?: string; PolicyArn: string } => typeof a.PolicyArn === 'string')
    .map((a) => ({ PolicyName: a.PolicyName ?? a.PolicyArn.split('/').pop() ?? '', PolicyArn: a.PolicyArn }));
  const role = {
    ...base,
    RolePolicyList: sortBy(inline, (p) => p.PolicyName),
    AttachedManagedPolicies: sortBy(attached, (a) => a.PolicyArn),
    Tags: sortTags(raw.Tags),
  } as unknown as RoleDetail;
  if (trust) role.AssumeRolePolicyDocument = trust;
  else delete role.AssumeRolePolicyDocument;
  return { value: role, problems };
}

interface PolicyVersionLike {
  VersionId?: string | undefined;
  IsDefaultVersion?: boolean | undefined;
  CreateDate?: Date | string | undefined;
  Document?: string | object | undefined;
}

function defaultVersionOf(version: PolicyVersionLike | undefined, problems: string[]): ManagedPolicyDetail['PolicyVersionList'] {
  if (!version) return [];
  const doc = decodePolicyDocument(version.Document);
  if (!doc) {
    problems.push(`version ${version.VersionId ?? '?'}: document does not decode to a policy`);
    return [];
  }
  const created = toPlain(version.CreateDate);
  return [
    {
      VersionId: version.VersionId ?? '',
      IsDefaultVersion: true,
      ...(typeof created === 'string' ? { CreateDate: created } : {}),
      Document: doc,
    },
  ];
}

interface GaadPolicyLike {
  PolicyName?: string | undefined;
  Arn?: string | undefined;
  DefaultVersionId?: string | undefined;
  PolicyVersionList?: PolicyVersionLike[] | undefined;
}

/** A GAAD ManagedPolicyDetail with only its default version kept (an empty list if it failed to decode). */
export function gaadPolicyFrom(raw: GaadPolicyLike): Decoded<ManagedPolicyDetail> {
  const problems: string[] = [];
  const versions = raw.PolicyVersionList ?? [];
  const def = versions.find((v) => v.IsDefaultVersion) ?? versions.find((v) => v.VersionId === raw.DefaultVersionId);
  if (!def) problems.push('no default version in the answer');
  const base = plainRecord<ManagedPolicyDetail>({ ...raw, PolicyVersionList: undefined });
  // Some IAM implementations (moto) leave PolicyName out; the ARN's last segment is the name.
  if (!base.PolicyName && raw.Arn) base.PolicyName = raw.Arn.split('/').pop() ?? raw.Arn;
  return { value: { ...base, PolicyVersionList: defaultVersionOf(def, problems) }, problems };
}

/** ListPolicies entry + GetPolicyVersion answer → ManagedPolicyDetail (AWS managed policies). */
export function policyFromParts(listed: object, version: PolicyVersionLike | undefined): Decoded<ManagedPolicyDetail> {
  const problems: string[] = [];
  const base = plainRecord<ManagedPolicyDetail>({ ...listed, Tags: undefined });
  return { value: { ...base, PolicyVersionList: defaultVersionOf(version, problems) }, problems };
}

export function entitiesFrom(
  policyArn: string,
  pages: ReadonlyArray<{
    PolicyGroups?: Array<{ GroupName?: string | undefined; GroupId?: string | undefined }> | undefined;
    PolicyUsers?: Array<{ UserName?: string | undefined; UserId?: string | undefined }> | undefined;
    PolicyRoles?: Array<{ RoleName?: string | undefined; RoleId?: string | undefined }> | undefined;
  }>,
): PolicyEntities {
  const groups = pages.flatMap((p) => p.PolicyGroups ?? []).flatMap((g) => (g.GroupName ? [{ GroupName: g.GroupName, ...(g.GroupId ? { GroupId: g.GroupId } : {}) }] : []));
  const users = pages.flatMap((p) => p.PolicyUsers ?? []).flatMap((u) => (u.UserName ? [{ UserName: u.UserName, ...(u.UserId ? { UserId: u.UserId } : {}) }] : []));
  const roles = pages.flatMap((p) => p.PolicyRoles ?? []).flatMap((r) => (r.RoleName ? [{ RoleName: r.RoleName, ...(r.RoleId ? { RoleId: r.RoleId } : {}) }] : []));
  return {
    PolicyArn: policyArn,
    PolicyGroups: sortBy(groups, (g) => g.GroupName),
    PolicyUsers: sortBy(users, (u) => u.UserName),
    PolicyRoles: sortBy(roles, (r) => r.RoleName),
  };
}

/** AWS managed policies published for Proton: AWSProton* (and the AwsProton* spelling). */
export function isAwsProtonManagedPolicy(name: string): boolean {
  return /^awsproton/i.test(name);
}

/** The 12-digit account in an ARN, or undefined ('aws' for AWS managed policies is not an account). */
export function accountOfArn(arn: string): string | undefined {
  const parts = arn.split(':');
  const account = parts[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}
