/**
 * IAM's read operations over one account's estate IAM: roles, their inline and attached
 * policies, managed policies and their versions, who holds a policy, and the whole
 * GetAccountAuthorizationDetails dump. Documents are URL-encoded and lists paged with
 * MaxItems/Marker/IsTruncated, as IAM does.
 */
import { ApiError } from '../api-error.ts';
import { encodePolicyDocument, isAwsManagedPolicyArn, toDate } from '../derive.ts';
import type { AttachedPolicyRecord, InlinePolicyRecord, ManagedPolicyRecord, PermissionsBoundaryRecord, RoleRecord } from '../estate.ts';
import type { XmlValue } from '../http/render.ts';
import { paginate, queryDigest } from '../paging.ts';
import { bool, int, str } from '../shape.ts';
import type { CallContext } from './context.ts';
import type { ParamRule, QueryOperation, QueryService } from './query.ts';

const roleName: ParamRule = { shape: str({ min: 1, max: 64, pattern: /^[\w+=,.@-]+$/ }), required: true };
const policyName: ParamRule = { shape: str({ min: 1, max: 128, pattern: /^[\w+=,.@-]+$/ }), required: true };
const policyArn: ParamRule = { shape: str({ min: 20, max: 2048 }), required: true };
const marker: ParamRule = { shape: str({ min: 1, max: 320, pattern: /^[\u0020-\u00FF]+$/ }) };
const maxItems: ParamRule = { shape: int(1, 1000) };
const pathPrefix: ParamRule = { shape: str({ min: 1, max: 512, pattern: /^\/[\u0021-\u007F]*$/ }) };
const entityFilter = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;
const usageFilter: ParamRule = { shape: str({ enum: ['PermissionsPolicy', 'PermissionsBoundary'] }) };
const paging = { Marker: marker, MaxItems: maxItems };

const noSuchRole = (name: unknown) => new ApiError('NoSuchEntity', `The role with name ${String(name)} cannot be found.`, 404);
const noSuchPolicy = (arn: unknown) => new ApiError('NoSuchEntity', `Policy ${String(arn)} does not exist or is not attachable.`, 404);

type Xml = Record<string, XmlValue>;

/** One page of `all`, with IAM's IsTruncated/Marker. */
function page<T>(op: string, input: Record<string, unknown>, all: readonly T[]): { items: T[]; IsTruncated: boolean; Marker?: string } {
  const p = paginate(all, {
    operation: op,
    digest: queryDigest(input, ['Marker', 'MaxItems']),
    ...(typeof input.Marker === 'string' ? { token: input.Marker } : {}),
    size: typeof input.MaxItems === 'number' ? input.MaxItems : 100,
    invalid: () => new ApiError('ValidationError', 'Invalid Marker: it was not returned by a previous call to this operation.'),
  });
  return { items: p.items, IsTruncated: p.next !== undefined, ...(p.next ? { Marker: p.next } : {}) };
}

const tagsXml = (tags: ReadonlyArray<{ Key: string; Value: string }> | undefined): XmlValue => (tags ? tags.map((t) => ({ Key: t.Key, Value: t.Value })) : undefined);
const boundaryXml = (b: PermissionsBoundaryRecord | undefined): XmlValue =>
  b ? { PermissionsBoundaryType: b.PermissionsBoundaryType ?? 'Policy', PermissionsBoundaryArn: b.PermissionsBoundaryArn } : undefined;
const attachedXml = (list: readonly AttachedPolicyRecord[] | undefined): XmlValue[] =>
  (list ?? []).map((a) => ({ PolicyName: a.PolicyName ?? a.PolicyArn.slice(a.PolicyArn.lastIndexOf('/') + 1), PolicyArn: a.PolicyArn }));
const inlineXml = (list: readonly InlinePolicyRecord[] | undefined): XmlValue[] =>
  (list ?? []).map((p) => ({ PolicyName: p.PolicyName, PolicyDocument: encodePolicyDocument(p.PolicyDocument) }));

function roleXml(r: RoleRecord, full: boolean): Xml {
  return {
    Path: r.Path,
    RoleName: r.RoleName,
    RoleId: r.RoleId,
    Arn: r.Arn,
    CreateDate: toDate(r.CreateDate),
    AssumeRolePolicyDocument: r.AssumeRolePolicyDocument === undefined ? undefined : encodePolicyDocument(r.AssumeRolePolicyDocument),
    Description: r.Description,
    MaxSessionDuration: r.MaxSessionDuration ?? 3600,
    ...(full
      ? {
          PermissionsBoundary: boundaryXml(r.PermissionsBoundary),
          Tags: tagsXml(r.Tags),
          RoleLastUsed: r.RoleLastUsed ? { LastUsedDate: toDate(r.RoleLastUsed.LastUsedDate), Region: r.RoleLastUsed.Region } : {},
        }
      : {}),
  };
}

function policyXml(p: ManagedPolicyRecord, full: boolean): Xml {
  return {
    PolicyName: p.PolicyName,
    PolicyId: p.PolicyId,
    Arn: p.Arn,
    Path: p.Path,
    DefaultVersionId: p.DefaultVersionId,
    AttachmentCount: p.AttachmentCount,
    PermissionsBoundaryUsageCount: p.PermissionsBoundaryUsageCount,
    IsAttachable: p.IsAttachable,
    ...(full ? { Description: p.Description } : {}),
    CreateDate: toDate(p.CreateDate),
    UpdateDate: toDate(p.UpdateDate),
    ...(full && Array.isArray(p.Tags) ? { Tags: tagsXml(p.Tags as Array<{ Key: string; Value: string }>) } : {}),
  };
}

const versionXml = (v: ManagedPolicyRecord['PolicyVersionList'][number]): Xml => ({
  Document: encodePolicyDocument(v.Document),
  VersionId: v.VersionId,
  IsDefaultVersion: v.IsDefaultVersion,
  CreateDate: toDate(v.CreateDate),
});

function findRole(ctx: CallContext, name: unknown): RoleRecord {
  const r = ctx.account.iam.roles.find((x) => x.RoleName === name);
  if (!r) throw noSuchRole(name);
  return r;
}

function findPolicy(ctx: CallContext, arn: unknown): ManagedPolicyRecord {
  const p = ctx.account.iam.policies.find((x) => x.Arn === arn);
  if (!p) throw noSuchPolicy(arn);
  return p;
}

const underPath = (path: string | undefined, prefix: unknown) => typeof prefix !== 'string' || (path ?? '/').startsWith(prefix);

const operations: Record<string, QueryOperation> = {
  ListRoles: {
    params: { PathPrefix: pathPrefix, ...paging },
    handle: (i, ctx) => {
      const p = page('ListRoles', i, ctx.account.iam.roles.filter((r) => underPath(r.Path, i.PathPrefix)));
      return { Roles: p.items.map((r) => roleXml(r, false)), IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
  },
  GetRole: {
    params: { RoleName: roleName },
    handle: (i, ctx) => ({ Role: roleXml(findRole(ctx, i.RoleName), true) }),
  },
  ListRolePolicies: {
    params: { RoleName: roleName, ...paging },
    handle: (i, ctx) => {
      const names = (findRole(ctx, i.RoleName).RolePolicyList ?? []).map((p) => p.PolicyName).sort();
      const p = page('ListRolePolicies', i, names);
      return { PolicyNames: p.items, IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
  },
  GetRolePolicy: {
    params: { RoleName: roleName, PolicyName: policyName },
    handle: (i, ctx) => {
      const role = findRole(ctx, i.RoleName);
      const policy = (role.RolePolicyList ?? []).find((p) => p.PolicyName === i.PolicyName);
      if (!policy) throw new ApiError('NoSuchEntity', `The role policy with name ${String(i.PolicyName)} cannot be found.`, 404);
      return { RoleName: role.RoleName, PolicyName: policy.PolicyName, PolicyDocument: encodePolicyDocument(policy.PolicyDocument) };
    },
  },
  ListAttachedRolePolicies: {
    params: { RoleName: roleName, PathPrefix: pathPrefix, ...paging },
    handle: (i, ctx) => {
      const role = findRole(ctx, i.RoleName);
      const policyPath = (arn: string) => ctx.account.iam.policies.find((p) => p.Arn === arn)?.Path;
      const attached = (role.AttachedManagedPolicies ?? []).filter((a) => underPath(policyPath(a.PolicyArn), i.PathPrefix));
      const p = page('ListAttachedRolePolicies', i, attachedXml(attached));
      return { AttachedPolicies: p.items, IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
  },
  ListRoleTags: {
    params: { RoleName: roleName, ...paging },
    handle: (i, ctx) => {
      const p = page('ListRoleTags', i, findRole(ctx, i.RoleName).Tags ?? []);
      return { Tags: tagsXml(p.items), IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
  },
  GetPolicy: {
    params: { PolicyArn: policyArn },
    handle: (i, ctx) => ({ Policy: policyXml(findPolicy(ctx, i.PolicyArn), true) }),
  },
  GetPolicyVersion: {
    params: { PolicyArn: policyArn, VersionId: { shape: str({ pattern: /^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/ }), required: true } },
    handle: (i, ctx) => {
      const policy = findPolicy(ctx, i.PolicyArn);
      const version = policy.PolicyVersionList.find((v) => v.VersionId === i.VersionId);
      if (!version) throw new ApiError('NoSuchEntity', `Policy ${String(i.PolicyArn)} version ${String(i.VersionId)} does not exist or is not attachable.`, 404);
      return { PolicyVersion: versionXml(version) };
    },
  },
  ListPolicies: {
    params: {
      Scope: { shape: str({ enum: ['All', 'AWS', 'Local'] }) },
      OnlyAttached: { shape: bool },
      PathPrefix: pathPrefix,
      PolicyUsageFilter: usageFilter,
      ...paging,
    },
    handle: (i, ctx) => {
      const scope = typeof i.Scope === 'string' ? i.Scope : 'All';
      const used = (p: ManagedPolicyRecord) =>
        i.PolicyUsageFilter === 'PermissionsPolicy'
          ? (p.AttachmentCount ?? 0) > 0
          : i.PolicyUsageFilter === 'PermissionsBoundary'
            ? (p.PermissionsBoundaryUsageCount ?? 0) > 0
            : (p.AttachmentCount ?? 0) > 0 || (p.PermissionsBoundaryUsageCount ?? 0) > 0;
      const all = ctx.account.iam.policies.filter((p) => {
        const aws = isAwsManagedPolicyArn(p.Arn ?? '');
        if ((scope === 'AWS' && !aws) || (scope === 'Local' && aws)) return false;
        if ((i.OnlyAttached === true || i.PolicyUsageFilter !== undefined) && !used(p)) return false;
        return underPath(p.Path, i.PathPrefix);
      });
      const p = page('ListPolicies', i, all);
      return { Policies: p.items.map((x) => policyXml(x, false)), IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
  },
  ListEntitiesForPolicy: {
    params: { PolicyArn: policyArn, EntityFilter: { shape: str({ enum: entityFilter }) }, PathPrefix: pathPrefix, PolicyUsageFilter: usageFilter, ...paging },
    handle: (i, ctx) => {
      const arn = findPolicy(ctx, i.PolicyArn).Arn;
      const filter = typeof i.EntityFilter === 'string' ? i.EntityFilter : undefined;
      const asPermissions = i.PolicyUsageFilter !== 'PermissionsBoundary';
      const asBoundary = i.PolicyUsageFilter !== 'PermissionsPolicy';
      const holds = (e: { AttachedManagedPolicies?: AttachedPolicyRecord[]; PermissionsBoundary?: PermissionsBoundaryRecord; Path?: string }) =>
        underPath(e.Path, i.PathPrefix) &&
        ((asPermissions && (e.AttachedManagedPolicies ?? []).some((a) => a.PolicyArn === arn)) || (asBoundary && e.PermissionsBoundary?.PermissionsBoundaryArn === arn));
      const { iam } = ctx.account;
      type Kind = 'PolicyGroups' | 'PolicyUsers' | 'PolicyRoles';
      const entries: Array<[Kind, Xml]> = [
        ...(!filter || filter === 'Group' ? iam.groups.filter(holds).map((g): [Kind, Xml] => ['PolicyGroups', { GroupName: g.GroupName, GroupId: g.GroupId }]) : []),
        ...(!filter || filter === 'User' ? iam.users.filter(holds).map((u): [Kind, Xml] => ['PolicyUsers', { UserName: u.UserName, UserId: u.UserId }]) : []),
        ...(!filter || filter === 'Role' ? iam.roles.filter(holds).map((r): [Kind, Xml] => ['PolicyRoles', { RoleName: r.RoleName, RoleId: r.RoleId }]) : []),
      ];
      const p = page('ListEntitiesForPolicy', i, entries);
      const of = (kind: Kind) => p.items.filter(([k]) => k === kind).map(([, v]) => v);
      return { PolicyGroups: of('PolicyGroups'), PolicyUsers: of('PolicyUsers'), PolicyRoles: of('PolicyRoles'), IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
  },
  GetAccountAuthorizationDetails: {
    params: { Filter: { shape: str({ enum: entityFilter }), list: true }, ...paging },
    handle: (i, ctx) => {
      const filter = Array.isArray(i.Filter) && i.Filter.length > 0 ? (i.Filter as string[]) : [...entityFilter];
      const { iam } = ctx.account;
      type Kind = 'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies';
      const entries: Array<[Kind, Xml]> = [
        ...(filter.includes('User')
          ? iam.users.map((u): [Kind, Xml] => [
              'UserDetailList',
              {
                Path: u.Path,
                UserName: u.UserName,
                UserId: u.UserId,
                Arn: u.Arn,
                CreateDate: toDate(u.CreateDate),
                UserPolicyList: inlineXml(u.UserPolicyList),
                GroupList: u.GroupList ?? [],
                AttachedManagedPolicies: attachedXml(u.AttachedManagedPolicies),
                PermissionsBoundary: boundaryXml(u.PermissionsBoundary),
                Tags: tagsXml(u.Tags),
              },
            ])
          : []),
        ...(filter.includes('Group')
          ? iam.groups.map((g): [Kind, Xml] => [
              'GroupDetailList',
              {
                Path: g.Path,
                GroupName: g.GroupName,
                GroupId: g.GroupId,
                Arn: g.Arn,
                CreateDate: toDate(g.CreateDate),
                GroupPolicyList: inlineXml(g.GroupPolicyList),
                AttachedManagedPolicies: attachedXml(g.AttachedManagedPolicies),
              },
            ])
          : []),
        ...(filter.includes('Role')
          ? iam.roles.map((r): [Kind, Xml] => [
              'RoleDetailList',
              {
                ...roleXml(r, false),
                InstanceProfileList: [],
                RolePolicyList: inlineXml(r.RolePolicyList),
                AttachedManagedPolicies: attachedXml(r.AttachedManagedPolicies),
                PermissionsBoundary: boundaryXml(r.PermissionsBoundary),
                Tags: tagsXml(r.Tags),
                RoleLastUsed: r.RoleLastUsed ? { LastUsedDate: toDate(r.RoleLastUsed.LastUsedDate), Region: r.RoleLastUsed.Region } : {},
              },
            ])
          : []),
        ...iam.policies
          .filter((p) => {
            const aws = isAwsManagedPolicyArn(p.Arn ?? '');
            // IAM lists AWS managed policies here only when something in the account uses them.
            return aws ? filter.includes('AWSManagedPolicy') && ((p.AttachmentCount ?? 0) > 0 || (p.PermissionsBoundaryUsageCount ?? 0) > 0) : filter.includes('LocalManagedPolicy');
          })
          .map((p): [Kind, Xml] => ['Policies', { ...policyXml(p, false), Description: p.Description, PolicyVersionList: p.PolicyVersionList.map(versionXml) }]),
      ];
      const p = page('GetAccountAuthorizationDetails', i, entries);
      const of = (kind: Kind) => p.items.filter(([k]) => k === kind).map(([, v]) => v);
      return {
        UserDetailList: of('UserDetailList'),
        GroupDetailList: of('GroupDetailList'),
        RoleDetailList: of('RoleDetailList'),
        Policies: of('Policies'),
        IsTruncated: p.IsTruncated,
        Marker: p.Marker,
      };
    },
  },
};

export const iamService: QueryService = { namespace: 'https://iam.amazonaws.com/doc/2010-05-08/', operations };
