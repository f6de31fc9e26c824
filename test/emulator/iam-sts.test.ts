import {
  GetAccountAuthorizationDetailsCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListEntitiesForPolicyCommand,
  ListPoliciesCommand,
  ListRolesCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListAttachedRolePolicies,
  paginateListEntitiesForPolicy,
  paginateListPolicies,
  paginateListRolePolicies,
  paginateListRoles,
  paginateListRoleTags,
  type GetAccountAuthorizationDetailsCommandOutput,
  type IAMClient,
  type ListEntitiesForPolicyCommandOutput,
  type ListPoliciesCommandInput,
} from '@aws-sdk/client-iam';
import { ListEnvironmentsCommand, ListComponentsCommand } from '@aws-sdk/client-proton';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { A, B, C, clients, drain, testEstate } from './fixture.ts';

let emu: RunningEmulator;
let iam: IAMClient;

beforeAll(async () => {
  emu = await startEmulator({ estate: testEstate() });
  iam = clients(emu.url).iam;
});
afterAll(async () => {
  await emu.close();
});

const decode = (doc: string | undefined) => JSON.parse(decodeURIComponent(doc ?? '')) as { Statement: Array<{ Action: string }> };

describe('IAM pagination with MaxItems 1, 2 and 100', () => {
  const cfg = (pageSize: number) => ({ client: iam, pageSize });
  const entities = (p: ListEntitiesForPolicyCommandOutput) => [...(p.PolicyGroups ?? []), ...(p.PolicyUsers ?? []), ...(p.PolicyRoles ?? [])];
  const gaad = (p: GetAccountAuthorizationDetailsCommandOutput) => [...(p.UserDetailList ?? []), ...(p.GroupDetailList ?? []), ...(p.RoleDetailList ?? []), ...(p.Policies ?? [])];
  const cases: Array<[string, (n: number) => Promise<{ items: unknown[]; pages: number }>, number]> = [
    ['ListRoles', (n) => drain(paginateListRoles(cfg(n), {}), (p) => p.Roles), 3],
    ['ListRolePolicies', (n) => drain(paginateListRolePolicies(cfg(n), { RoleName: 'EnvRole' }), (p) => p.PolicyNames), 3],
    ['ListAttachedRolePolicies', (n) => drain(paginateListAttachedRolePolicies(cfg(n), { RoleName: 'EnvRole' }), (p) => p.AttachedPolicies), 3],
    ['ListRoleTags', (n) => drain(paginateListRoleTags(cfg(n), { RoleName: 'EnvRole' }), (p) => p.Tags), 3],
    ['ListPolicies', (n) => drain(paginateListPolicies(cfg(n), {}), (p) => p.Policies), 5],
    ['ListEntitiesForPolicy', (n) => drain(paginateListEntitiesForPolicy(cfg(n), { PolicyArn: 'arn:aws:iam::aws:policy/AWSProtonFullAccess' }), entities), 4],
    // 2 users, 1 group, 3 roles, 3 local policies and the one attached AWS managed policy.
    ['GetAccountAuthorizationDetails', (n) => drain(paginateGetAccountAuthorizationDetails(cfg(n), {}), gaad), 10],
  ];
  for (const [name, run, total] of cases) {
    it(`${name} gives the same ${total} items`, async () => {
      const one = await run(1);
      const two = await run(2);
      const hundred = await run(100);
      expect(hundred.items).toHaveLength(total);
      expect(hundred.pages).toBe(1);
      expect(one.pages).toBe(total);
      expect(two.pages).toBe(Math.ceil(total / 2));
      expect(one.items).toEqual(hundred.items);
      expect(two.items).toEqual(hundred.items);
    });
  }
});

describe('IAM contents', () => {
  it('ListRoles omits what only GetRole returns; PathPrefix filters', async () => {
    const roles = await iam.send(new ListRolesCommand({}));
    const env = roles.Roles?.find((r) => r.RoleName === 'EnvRole');
    expect(env?.Tags).toBeUndefined();
    expect(env?.RoleLastUsed).toBeUndefined();
    expect(decode(env?.AssumeRolePolicyDocument).Statement[0]?.Action).toBe('sts:AssumeRole');
    const got = await iam.send(new GetRoleCommand({ RoleName: 'EnvRole' }));
    expect(got.Role?.Tags).toHaveLength(3);
    expect(got.Role?.RoleLastUsed?.LastUsedDate).toEqual(new Date('2026-11-01T00:00:00Z'));
    expect(got.Role?.Arn).toBe(`arn:aws:iam::${A}:role/EnvRole`);
    expect(got.Role?.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    const proton = await iam.send(new ListRolesCommand({ PathPrefix: '/proton/' }));
    expect(proton.Roles?.map((r) => r.Arn)).toEqual([`arn:aws:iam::${A}:role/proton/PipelineRole`]);
  });

  it('decodes documents given as objects, JSON text or URL-encoded text the same way', async () => {
    for (const [name, action] of [
      ['inline-a', 's3:GetObject'],
      ['inline-b', 'sqs:*'],
      ['inline-c', 'iam:*'],
    ] as const) {
      const out = await iam.send(new GetRolePolicyCommand({ RoleName: 'EnvRole', PolicyName: name }));
      expect(decode(out.PolicyDocument).Statement[0]?.Action).toBe(action);
    }
  });

  it('GetPolicy and GetPolicyVersion, with computed attachment counts', async () => {
    const full = await iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AWSProtonFullAccess' }));
    expect(full.Policy).toMatchObject({ DefaultVersionId: 'v2', AttachmentCount: 4, IsAttachable: true });
    const v1 = await iam.send(new GetPolicyVersionCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AWSProtonFullAccess', VersionId: 'v1' }));
    expect(v1.PolicyVersion?.IsDefaultVersion).toBe(false);
    expect(decode(v1.PolicyVersion?.Document).Statement[0]?.Action).toBe('proton:Get*');
    const scoped = await iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${A}:policy/Scoped` }));
    expect(scoped.Policy).toMatchObject({ AttachmentCount: 2, PermissionsBoundaryUsageCount: 1, Description: 'scoped', DefaultVersionId: 'v1' });
    await expect(iam.send(new GetPolicyVersionCommand({ PolicyArn: `arn:aws:iam::${A}:policy/Scoped`, VersionId: 'v7' }))).rejects.toThrow(/v7 does not exist/);
    await expect(iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${A}:policy/Nope` }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('ListPolicies honours Scope, OnlyAttached and PathPrefix', async () => {
    const names = async (input: ListPoliciesCommandInput) =>
      ((await iam.send(new ListPoliciesCommand(input))).Policies ?? []).map((p) => p.PolicyName).sort();
    expect(await names({ Scope: 'AWS' })).toEqual(['AWSProtonFullAccess', 'AWSProtonReadOnlyAccess']);
    expect(await names({ Scope: 'Local' })).toEqual(['Scoped', 'Teams', 'Unused']);
    expect(await names({ Scope: 'All', OnlyAttached: true })).toEqual(['AWSProtonFullAccess', 'Scoped', 'Teams']);
    expect(await names({ PathPrefix: '/teams/' })).toEqual(['Teams']);
    expect(await names({ OnlyAttached: true, PolicyUsageFilter: 'PermissionsBoundary' })).toEqual(['Scoped']);
    await expect(iam.send(new ListPoliciesCommand({ Scope: 'Everything' as never }))).rejects.toThrow(/Scope/);
  });

  it('ListEntitiesForPolicy names who holds a policy', async () => {
    const out = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AWSProtonFullAccess' }));
    expect(out.PolicyUsers?.map((u) => u.UserName)).toEqual(['alice', 'bob']);
    expect(out.PolicyGroups?.map((g) => g.GroupName)).toEqual(['admins']);
    expect(out.PolicyRoles?.map((r) => r.RoleName)).toEqual(['EnvRole']);
    const roles = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AWSProtonFullAccess', EntityFilter: 'Role' }));
    expect(roles.PolicyUsers).toEqual([]);
    expect(roles.PolicyRoles).toHaveLength(1);
  });

  it('GetAccountAuthorizationDetails honours Filter and lists AWS managed policies only when attached', async () => {
    const roles = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    expect(roles.RoleDetailList?.map((r) => r.RoleName)).toEqual(['EnvRole', 'OtherRole', 'PipelineRole']);
    expect(roles.UserDetailList).toEqual([]);
    const env = roles.RoleDetailList?.[0];
    expect(env?.RolePolicyList?.map((p) => p.PolicyName)).toEqual(['inline-a', 'inline-b', 'inline-c']);
    expect(env?.AttachedManagedPolicies).toHaveLength(3);
    const aws = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['AWSManagedPolicy'] }));
    expect(aws.Policies?.map((p) => p.PolicyName)).toEqual(['AWSProtonFullAccess']);
    expect(aws.Policies?.[0]?.PolicyVersionList).toHaveLength(2);
    const users = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User', 'Group'] }));
    expect(users.UserDetailList?.find((u) => u.UserName === 'alice')?.GroupList).toEqual(['admins']);
    expect(users.GroupDetailList).toHaveLength(1);
  });

  it('a stale Marker is a ValidationError', async () => {
    const first = await iam.send(new ListRolesCommand({ MaxItems: 1 }));
    expect(first.IsTruncated).toBe(true);
    await expect(iam.send(new ListRolesCommand({ MaxItems: 1, Marker: 'bm8=' }))).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(iam.send(new ListRolesCommand({ PathPrefix: '/proton/', Marker: first.Marker }))).rejects.toThrow(/Marker/);
  });
});

describe('STS, accounts and the deny list', () => {
  it('unissued credentials act in the first account', async () => {
    const id = await clients(emu.url).sts.send(new GetCallerIdentityCommand({}));
    expect(id.Account).toBe(A);
    expect(id.Arn).toBe(`arn:aws:iam::${A}:user/proton-audit-emulator`);
  });

  it('AssumeRole into another account answers from that account', async () => {
    const { sts } = clients(emu.url);
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${B}:role/AuditRole`, RoleSessionName: 'audit', DurationSeconds: 900 }));
    expect(out.Credentials?.AccessKeyId).toMatch(new RegExp(`^ASIAEMU${B}`));
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${B}:assumed-role/AuditRole/audit`);
    expect(out.Credentials?.Expiration).toBeInstanceOf(Date);
    const creds = { accessKeyId: out.Credentials?.AccessKeyId ?? '', secretAccessKey: out.Credentials?.SecretAccessKey ?? '', sessionToken: out.Credentials?.SessionToken ?? '' };
    const asB = clients(emu.url, { credentials: creds });
    const id = await asB.sts.send(new GetCallerIdentityCommand({}));
    expect(id).toMatchObject({ Account: B, Arn: `arn:aws:sts::${B}:assumed-role/AuditRole/audit` });
    const envs = await asB.proton.send(new ListEnvironmentsCommand({}));
    expect(envs.environments?.map((e) => e.name)).toEqual(['b-env']);
    const roles = await asB.iam.send(new ListRolesCommand({}));
    expect(roles.Roles?.map((r) => r.RoleName)).toEqual(['BetaRole']);
  });

  it('AssumeRole into an unassumable or unknown account is AccessDenied', async () => {
    const { sts } = clients(emu.url);
    for (const account of [C, '999999999999']) {
      const err = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/AuditRole`, RoleSessionName: 'audit' })).catch((e: unknown) => e)) as Error & {
        $metadata?: { httpStatusCode?: number };
      };
      expect(err.name).toBe('AccessDenied');
      expect(err.message).toContain(`arn:aws:iam::${account}:role/AuditRole`);
      expect(err.$metadata?.httpStatusCode).toBe(403);
    }
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: 'not-an-arn-at-all-really', RoleSessionName: 'audit' }))).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${B}:role/AuditRole`, RoleSessionName: 'a' }))).rejects.toThrow(/RoleSessionName/);
  });

  it("answers operations on the account's deny list with AccessDenied", async () => {
    const { sts } = clients(emu.url);
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${B}:role/AuditRole`, RoleSessionName: 'deny' }));
    const asB = clients(emu.url, { credentials: { accessKeyId: out.Credentials?.AccessKeyId ?? '', secretAccessKey: 'x', sessionToken: 'y' } });
    const components = (await asB.proton.send(new ListComponentsCommand({})).catch((e: unknown) => e)) as Error & { $metadata?: { httpStatusCode?: number } };
    expect(components.name).toBe('AccessDeniedException');
    expect(components.$metadata?.httpStatusCode).toBe(403);
    expect(components.message).toContain('proton:ListComponents');
    await expect(asB.iam.send(new GetRoleCommand({ RoleName: 'BetaRole' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(asB.tagging.send(new GetResourcesCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    // Not on the list: still answered.
    expect((await asB.iam.send(new ListRolesCommand({}))).Roles).toHaveLength(1);
    // Account A has no deny list.
    expect((await clients(emu.url).proton.send(new ListComponentsCommand({}))).components).toHaveLength(3);
  });
});
