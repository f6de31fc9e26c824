import { paginateListAccounts, ListAccountsCommand } from '@aws-sdk/client-organizations';
import { ListEnvironmentsCommand } from '@aws-sdk/client-proton';
import { GetResourcesCommand, paginateGetResources, type GetResourcesCommandInput } from '@aws-sdk/client-resource-groups-tagging-api';
import { ListServiceQuotasCommand, paginateListServiceQuotas } from '@aws-sdk/client-service-quotas';
import { ListRolesCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceType } from '../../src/emulator/services/tagging.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { A, B, clients, drain, protonCall, testEstate } from './fixture.ts';

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ estate: testEstate() });
});
afterAll(async () => {
  await emu.close();
});

const arn = (resource: string) => `arn:aws:proton:us-east-1:${A}:${resource}`;

describe('Tagging GetResources', () => {
  it('pages with ResourcesPerPage 1, 2 and 100 and ends with an empty PaginationToken', async () => {
    const { tagging } = clients(emu.url);
    const run = (n: number) => drain(paginateGetResources({ client: tagging, pageSize: n }, {}), (p) => p.ResourceTagMappingList);
    const hundred = await run(100);
    // 11 ARNs in the map, one with no tags (omitted, as AWS does).
    expect(hundred.items).toHaveLength(10);
    expect(hundred.pages).toBe(1);
    expect((await run(1)).items).toEqual(hundred.items);
    expect((await run(1)).pages).toBe(10);
    expect((await run(2)).pages).toBe(5);
    const last = await tagging.send(new GetResourcesCommand({ ResourcesPerPage: 100 }));
    expect(last.PaginationToken).toBe('');
    expect(hundred.items.map((m) => m.ResourceARN)).not.toContain(arn('environment/ops'));
  });

  it('filters by resource type, tag keys and values, and ARN list', async () => {
    const { tagging } = clients(emu.url);
    const arns = async (input: GetResourcesCommandInput) =>
      ((await tagging.send(new GetResourcesCommand(input))).ResourceTagMappingList ?? []).map((m) => m.ResourceARN);
    expect(await arns({ ResourceTypeFilters: ['proton:environment'] })).toEqual([arn('environment/dev'), arn('environment/prod'), arn('environment/staging')]);
    expect(await arns({ ResourceTypeFilters: ['proton'] })).toHaveLength(7);
    expect(await arns({ ResourceTypeFilters: ['s3'] })).toEqual([`arn:aws:s3:::bucket-${A}`]);
    expect(await arns({ ResourceTypeFilters: ['cloudformation:stack', 'ecs:service'] })).toHaveLength(2);
    expect(await arns({ TagFilters: [{ Key: 'Owner', Values: ['team-a'] }, { Key: 'App' }] })).toEqual([arn('environment/dev'), arn('environment/prod'), arn('service/api')]);
    expect(await arns({ TagFilters: [{ Key: 'proton:environment' }] })).toHaveLength(1);
    expect(await arns({ ResourceARNList: [arn('environment/dev'), arn('environment/ops'), arn('environment/none')] })).toEqual([arn('environment/dev')]);
    const tags = (await tagging.send(new GetResourcesCommand({ ResourceARNList: [arn('environment/dev')] }))).ResourceTagMappingList?.[0]?.Tags;
    expect(tags?.map((t) => t.Key)).toEqual(['App', 'Owner', 'aws:proton:environment']);
  });

  it('rejects invalid input as the Tagging API does', async () => {
    const { tagging } = clients(emu.url);
    await expect(tagging.send(new GetResourcesCommand({ ResourcesPerPage: 101 }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(tagging.send(new GetResourcesCommand({ ResourceARNList: [arn('environment/dev')], ResourcesPerPage: 5 }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(tagging.send(new GetResourcesCommand({ PaginationToken: 'garbage' }))).rejects.toMatchObject({ name: 'PaginationTokenExpiredException' });
  });

  it('knows resource types of common ARNs', () => {
    expect(resourceType(arn('environment-template/net:1.0'))).toEqual(['proton', 'environment-template']);
    expect(resourceType('arn:aws:s3:::bucket')).toEqual(['s3', 'bucket']);
    expect(resourceType(`arn:aws:cloudformation:us-east-1:${A}:stack/AWSProton-x/abc`)).toEqual(['cloudformation', 'stack']);
  });
});

describe('Service Quotas and Organizations', () => {
  it('ListServiceQuotas pages the region quotas for proton only', async () => {
    const { quotas } = clients(emu.url);
    const one = await drain(paginateListServiceQuotas({ client: quotas, pageSize: 1 }, { ServiceCode: 'proton' }), (p) => p.Quotas);
    expect(one.pages).toBe(3);
    expect(one.items.map((q) => q.QuotaName)).toEqual(['Environments per account', 'Services per account', 'Service instances per service']);
    expect(one.items[0]).toMatchObject({ ServiceCode: 'proton', QuotaArn: `arn:aws:servicequotas:us-east-1:${A}:proton/L-0001`, Value: 100 });
    await expect(quotas.send(new ListServiceQuotasCommand({ ServiceCode: 'ec2' }))).rejects.toMatchObject({ name: 'NoSuchResourceException' });
    await expect(quotas.send(new ListServiceQuotasCommand({ ServiceCode: 'proton', MaxResults: 0 }))).rejects.toMatchObject({ name: 'IllegalArgumentException' });
    const west = clients(emu.url, { region: 'us-west-2' }).quotas;
    expect((await west.send(new ListServiceQuotasCommand({ ServiceCode: 'proton' }))).Quotas).toEqual([]);
  });

  it('ListAccounts answers the management account and refuses others', async () => {
    const { organizations, sts } = clients(emu.url);
    const all = await drain(paginateListAccounts({ client: organizations, pageSize: 1 }, {}), (p) => p.Accounts);
    expect(all.pages).toBe(3);
    expect(all.items.map((a) => [a.Id, a.Name, a.Status])).toEqual([
      [A, 'alpha', 'ACTIVE'],
      [B, 'beta', 'ACTIVE'],
      ['333333333333', 'gamma', 'ACTIVE'],
    ]);
    await expect(organizations.send(new ListAccountsCommand({ MaxResults: 21 }))).rejects.toMatchObject({ name: 'InvalidInputException' });
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${B}:role/R`, RoleSessionName: 'orgs' }));
    const asB = clients(emu.url, { credentials: { accessKeyId: out.Credentials?.AccessKeyId ?? '', secretAccessKey: 'x' } });
    await expect(asB.organizations.send(new ListAccountsCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('without an organization, ListAccounts is AWSOrganizationsNotInUseException', async () => {
    const estate = testEstate();
    delete estate.organization;
    const solo = await startEmulator({ estate });
    try {
      await expect(clients(solo.url).organizations.send(new ListAccountsCommand({}))).rejects.toMatchObject({ name: 'AWSOrganizationsNotInUseException' });
    } finally {
      await solo.close();
    }
  });
});

describe('regions without Proton', () => {
  it('resets Proton connections while Tagging, IAM and Service Quotas answer', async () => {
    for (const region of ['us-west-2', 'ap-south-1']) {
      const c = clients(emu.url, { region });
      const err = (await c.proton.send(new ListEnvironmentsCommand({})).catch((e: unknown) => e)) as NodeJS.ErrnoException;
      expect(err).toBeInstanceOf(Error);
      expect(String(err.code ?? err.message)).toMatch(/ECONNRESET|socket hang up/);
      expect(await c.iam.send(new ListRolesCommand({}))).toHaveProperty('Roles');
      const tags = await c.tagging.send(new GetResourcesCommand({}));
      expect(tags.ResourceTagMappingList?.map((m) => m.ResourceARN)).toEqual(region === 'us-west-2' ? [`arn:aws:s3:::west-bucket-${A}`] : []);
    }
    const raw = await protonCall(emu.url, 'ListEnvironments', {}, { region: 'us-west-2' }).catch((e: unknown) => e);
    expect(raw).toBeInstanceOf(Error);
    expect(emu.calls()['proton:ListEnvironments']).toBeGreaterThanOrEqual(3);
  });

  it('answers Proton in a region that the account has', async () => {
    const eu = clients(emu.url, { region: 'eu-west-1' });
    expect((await eu.proton.send(new ListEnvironmentsCommand({}))).environments?.map((e) => e.arn)).toEqual([`arn:aws:proton:eu-west-1:${A}:environment/eu-dev`]);
  });
});
