/**
 * The collectors through the real AWS SDK against the emulator: what they gather, that it is
 * schema-valid and deterministic, and that the call accounting matches what the server saw.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSnapshot, serializeSnapshot } from '../../src/snapshot/io.ts';
import type { RegionSnapshot } from '../../src/model/index.ts';
import { collectFrom, type Run } from './emulator-helpers.ts';
import { ACCOUNT, testEstate } from './fixtures/estate.ts';

const p = (rest: string): string => `arn:aws:proton:us-east-1:${ACCOUNT}:${rest}`;

describe('collect() against the emulator', () => {
  let run: Run;
  let east: RegionSnapshot;
  let west: RegionSnapshot;

  beforeAll(async () => {
    run = await collectFrom(testEstate(), { regions: ['us-east-1', 'eu-west-1'] });
    const regions = run.snapshot.accounts[0]?.regions ?? [];
    east = regions.find((r) => r.region === 'us-east-1') as RegionSnapshot;
    west = regions.find((r) => r.region === 'eu-west-1') as RegionSnapshot;
  });

  it('writes a schema-valid snapshot for the caller account', () => {
    const text = serializeSnapshot(run.snapshot);
    expect(() => parseSnapshot('collected.json', text)).not.toThrow();
    const account = run.snapshot.accounts[0];
    expect(account?.accountId).toBe(ACCOUNT);
    expect(account?.identity?.Account).toBe(ACCOUNT);
    expect(run.snapshot.collection).toMatchObject({ source: 'live', startedAt: '2026-11-01T00:00:00.000Z' });
    expect(Object.keys(run.snapshot.collection.endpoints ?? {})).toEqual(expect.arrayContaining(['iam', 'organizations', 'proton', 'servicequotas', 'sts', 'tagging']));
  });

  it('collects every template and every version, with what only Get returns', () => {
    const proton = east.proton;
    expect(proton?.environmentTemplates.map((t) => [t.name, t.encryptionKey])).toEqual([
      ['eks', undefined],
      ['vpc', 'arn:aws:kms:us-east-1:111111111111:key/abc'],
    ]);
    expect(proton?.environmentTemplateVersions.map((v) => `${v.templateName}:${v.majorVersion}.${v.minorVersion}`)).toEqual([
      'eks:1.0',
      'vpc:1.0',
      'vpc:1.1',
      'vpc:2.0',
      'vpc:2.1',
    ]);
    expect(proton?.environmentTemplateVersions.every((v) => v.schema === 'schema: {}')).toBe(true);
    const web = proton?.serviceTemplateVersions[0];
    expect(web?.compatibleEnvironmentTemplates).toEqual([
      { templateName: 'vpc', majorVersion: '1' },
      { templateName: 'vpc', majorVersion: '2' },
    ]);
    expect(proton?.serviceTemplates[0]?.pipelineProvisioning).toBe('CUSTOMER_MANAGED');
  });

  it('collects deployments with specs, roles, pipelines and the account-wide instance list', () => {
    const proton = east.proton;
    const prod = proton?.environments.find((e) => e.name === 'prod');
    expect(prod?.spec).toContain('db_password');
    expect(prod?.codebuildRoleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/service-role/ProtonCodeBuild`);
    expect(prod?.createdAt).toBe('2026-01-15T10:00:00.000Z');
    const api = proton?.services[0];
    expect(api?.pipeline?.spec).toContain('pipeline');
    expect(api?.repositoryId).toBe('org/api');
    expect(proton?.serviceInstances.map((i) => i.arn)).toEqual([p('service/api/service-instance/api-dev'), p('service/api/service-instance/api-prod')]);
    expect(proton?.serviceInstances.find((i) => i.name === 'api-prod')?.spec).toBe('proton: ServiceSpec\n');
    expect(proton?.components[0]?.serviceSpec).toBe('x: 1');
    expect(proton?.environmentAccountConnections).toEqual([
      expect.objectContaining({ id: '0a1b2c3d-0000-4000-8000-000000000001', requestedBy: 'ENVIRONMENT_ACCOUNT', codebuildRoleArn: `arn:aws:iam::${ACCOUNT}:role/service-role/ProtonCodeBuild` }),
    ]);
    expect(proton?.repositories[0]?.encryptionKey).toBe('arn:aws:kms:us-east-1:111111111111:key/abc');
    expect(proton?.accountSettings?.pipelineServiceRoleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/PipelineRole`);
    expect(proton?.resourcesSummary?.environments?.total).toBe(2);
  });

  it('collects tags of Proton resources and of the infrastructure Proton provisioned', () => {
    expect(east.tagging?.protonResources.map((r) => r.ResourceARN)).toEqual([p('environment/prod'), p('service/api')]);
    expect(east.tagging?.provisionedResources.map((r) => r.ResourceARN)).toEqual([
      'arn:aws:cloudformation:us-east-1:111111111111:stack/AWSProton-prod-abc/1',
      'arn:aws:cloudformation:us-east-1:111111111111:stack/renamed-network/2',
      'arn:aws:ecs:us-east-1:111111111111:service/c/api',
      'arn:aws:s3:::proton-pipeline-artifacts',
      'arn:aws:s3:::proton-template-bundles',
      'arn:aws:sqs:us-east-1:111111111111:api-jobs',
    ]);
    expect(east.tagging?.protonResources[0]?.Tags.map((t) => t.Key)).toEqual(['Owner', 'aws:proton:environment']);
  });

  it('collects IAM once: named and Proton-trusting roles, held and Proton policies, holders', () => {
    const iam = run.snapshot.accounts[0]?.iam;
    expect(iam?.roles.map((r) => r.RoleName)).toEqual(['LeftoverProtonRole', 'PipelineRole', 'ProtonEnvRole', 'ProtonCodeBuild']);
    const env = iam?.roles.find((r) => r.RoleName === 'ProtonEnvRole');
    expect(env?.RoleLastUsed?.LastUsedDate).toBe('2026-01-15T10:00:00.000Z');
    expect(env?.RolePolicyList[0]?.PolicyDocument.Statement).toEqual([{ Effect: 'Allow', Action: ['cloudformation:*', 'iam:PassRole'], Resource: '*' }]);
    expect(iam?.policies.map((x) => x.PolicyName).sort()).toEqual([
      'AWSProtonCodeBuildProvisioningBasicAccess',
      'AWSProtonFullAccess',
      'AdministratorAccess',
      'Boundary',
      'ProtonDeployers',
    ]);
    expect(iam?.policyEntities.map((e) => [e.PolicyArn.split('/').pop(), e.PolicyRoles.map((r) => r.RoleName)])).toEqual([
      ['AWSProtonCodeBuildProvisioningBasicAccess', ['ProtonCodeBuild']],
      ['AWSProtonFullAccess', []],
    ]);
  });

  it('uses Service Quotas where answered and documented defaults elsewhere', () => {
    expect(east.quotas.find((q) => q.name === 'environmentsPerAccount')).toEqual({ name: 'environmentsPerAccount', value: 250, source: 'service-quotas', quotaCode: 'L-ENV' });
    expect(east.quotas.find((q) => q.name === 'instancesPerService')?.source).toBe('documented-default');
    expect(west.quotas.every((q) => q.source === 'documented-default')).toBe(true);
  });

  it('a region without a Proton endpoint keeps tags and says why', () => {
    expect(west.proton).toBeUndefined();
    expect(west.tagging?.provisionedResources.map((r) => r.ResourceARN)).toEqual(['arn:aws:cloudformation:eu-west-1:111111111111:stack/AWSProton-old/1']);
    expect(run.logs).toContain(
      'Proton is unavailable in eu-west-1: the endpoint did not answer (AWS ended support for Proton on 2026-10-07). IAM and tags are still collected.',
    );
    const gaps = run.snapshot.coverage.filter((e) => e.status !== 'ok');
    expect(new Set(gaps.map((e) => `${e.region}/${e.service}`))).toEqual(new Set(['eu-west-1/proton']));
  });

  it('counts exactly the calls the server saw', () => {
    const served: Record<string, number> = {};
    for (const [k, n] of Object.entries(run.served)) served[k.replace(/^tag:/, 'tagging:')] = n;
    // The server also sees the SDK's retries of the dead eu-west-1 endpoint (the probe is sent
    // twice, two attempts each); every other call is answered first time, so the rest match.
    expect(served['proton:GetAccountSettings']).toBe(5);
    expect(run.calls['proton:GetAccountSettings']).toBe(3);
    expect({ ...run.calls, 'proton:GetAccountSettings': 0 }).toEqual({ ...served, 'proton:GetAccountSettings': 0 });
    const fromCoverage: Record<string, number> = {};
    for (const e of run.snapshot.coverage) if (e.calls > 0) fromCoverage[`${e.service}:${e.operation}`] = (fromCoverage[`${e.service}:${e.operation}`] ?? 0) + e.calls;
    expect(fromCoverage).toEqual(run.calls);
  });

  it('two collections of one estate are byte-identical', async () => {
    const again = await collectFrom(testEstate(), { regions: ['eu-west-1', 'us-east-1'], concurrency: 2 });
    // Each run has its own emulator port; everything else must match byte for byte.
    const text = (r: Run): string => serializeSnapshot(r.snapshot).replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT');
    expect(text(again)).toBe(text(run));
  });
});
