import {
  GetAccountSettingsCommand,
  GetComponentCommand,
  GetEnvironmentAccountConnectionCommand,
  GetEnvironmentCommand,
  GetEnvironmentTemplateCommand,
  GetEnvironmentTemplateVersionCommand,
  GetRepositoryCommand,
  GetResourcesSummaryCommand,
  GetServiceCommand,
  GetServiceInstanceCommand,
  GetServiceTemplateCommand,
  GetServiceTemplateVersionCommand,
  ListEnvironmentAccountConnectionsCommand,
  ListEnvironmentsCommand,
  ListEnvironmentTemplateVersionsCommand,
  ListServiceInstancesCommand,
  ListTagsForResourceCommand,
  paginateListComponents,
  paginateListEnvironmentAccountConnections,
  paginateListEnvironments,
  paginateListEnvironmentTemplates,
  paginateListEnvironmentTemplateVersions,
  paginateListRepositories,
  paginateListServiceInstances,
  paginateListServices,
  paginateListServiceTemplates,
  paginateListServiceTemplateVersions,
  paginateListTagsForResource,
  type ProtonClient,
} from '@aws-sdk/client-proton';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { A, B, clients, drain, testEstate } from './fixture.ts';

let emu: RunningEmulator;
let proton: ProtonClient;

beforeAll(async () => {
  emu = await startEmulator({ estate: testEstate() });
  proton = clients(emu.url).proton;
});
afterAll(async () => {
  await emu.close();
});

const arn = (resource: string) => `arn:aws:proton:us-east-1:${A}:${resource}`;

describe('Proton list operations page through everything', () => {
  const cfg = (pageSize: number) => ({ client: proton, pageSize });
  const cases: Array<[string, (size: number) => Promise<{ items: unknown[]; pages: number }>, number]> = [
    ['ListEnvironmentTemplates', (n) => drain(paginateListEnvironmentTemplates(cfg(n), {}), (p) => p.templates), 3],
    ['ListEnvironmentTemplateVersions (minors of net 2)', (n) => drain(paginateListEnvironmentTemplateVersions(cfg(n), { templateName: 'net', majorVersion: '2' }), (p) => p.templateVersions), 3],
    ['ListServiceTemplates', (n) => drain(paginateListServiceTemplates(cfg(n), {}), (p) => p.templates), 2],
    ['ListServiceTemplateVersions', (n) => drain(paginateListServiceTemplateVersions(cfg(n), { templateName: 'web', majorVersion: '1' }), (p) => p.templateVersions), 3],
    ['ListEnvironments', (n) => drain(paginateListEnvironments(cfg(n), {}), (p) => p.environments), 5],
    ['ListServices', (n) => drain(paginateListServices(cfg(n), {}), (p) => p.services), 4],
    ['ListServiceInstances (account-wide)', (n) => drain(paginateListServiceInstances(cfg(n), {}), (p) => p.serviceInstances), 7],
    ['ListServiceInstances (one service)', (n) => drain(paginateListServiceInstances(cfg(n), { serviceName: 'api' }), (p) => p.serviceInstances), 3],
    ['ListComponents', (n) => drain(paginateListComponents(cfg(n), {}), (p) => p.components), 3],
    ['ListEnvironmentAccountConnections', (n) => drain(paginateListEnvironmentAccountConnections(cfg(n), { requestedBy: 'MANAGEMENT_ACCOUNT' }), (p) => p.environmentAccountConnections), 3],
    ['ListRepositories', (n) => drain(paginateListRepositories(cfg(n), {}), (p) => p.repositories), 3],
    ['ListTagsForResource', (n) => drain(paginateListTagsForResource(cfg(n), { resourceArn: arn('service/api') }), (p) => p.tags), 5],
  ];
  for (const [name, run, total] of cases) {
    it(`${name}: maxResults 1, 2 and 100 give the same ${total} items`, async () => {
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

describe('Proton shapes', () => {
  it('lists return summary shapes, gets return details', async () => {
    const listed = await proton.send(new ListEnvironmentsCommand({}));
    const edge = listed.environments?.find((e) => e.name === 'edge');
    expect(edge).toBeDefined();
    expect(edge).not.toHaveProperty('spec');
    expect(edge).not.toHaveProperty('provisioningRepository');
    expect(edge).not.toHaveProperty('codebuildRoleArn');
    expect(edge?.createdAt).toEqual(new Date('2025-02-01T00:00:00Z'));
    const got = await proton.send(new GetEnvironmentCommand({ name: 'edge' }));
    expect(got.environment?.spec).toContain('EnvironmentSpec');
    expect(got.environment?.codebuildRoleArn).toBe(`arn:aws:iam::${A}:role/EnvRole`);
    expect(got.environment?.provisioningRepository).toEqual({ arn: arn('repository/github:acme/infra'), provider: 'GITHUB', name: 'acme/infra', branch: 'main' });
    expect(got.environment?.arn).toBe(arn('environment/edge'));

    const svc = await proton.send(new GetServiceCommand({ name: 'api' }));
    expect(svc.service?.pipeline?.arn).toBe(arn('service/api/pipeline'));
    expect(svc.service?.pipeline?.templateMinorVersion).toBe('0');
    expect(svc.service?.spec).toContain('ServiceSpec');

    const inst = await proton.send(new GetServiceInstanceCommand({ serviceName: 'api', name: 'dev-1' }));
    expect(inst.serviceInstance).toMatchObject({ arn: arn('service/api/service-instance/dev-1'), environmentName: 'dev', spec: 'instance: dev-1', lastClientRequestToken: 'token' });
    const instList = await proton.send(new ListServiceInstancesCommand({ serviceName: 'api' }));
    for (const i of instList.serviceInstances ?? []) {
      expect(i).not.toHaveProperty('spec');
      expect(i).not.toHaveProperty('lastClientRequestToken');
    }

    const comp = await proton.send(new GetComponentCommand({ name: 'cache' }));
    expect(comp.component).toMatchObject({ description: 'cache', serviceSpec: 'a: 1', deploymentStatus: 'FAILED' });

    const tmpl = await proton.send(new GetEnvironmentTemplateCommand({ name: 'net' }));
    expect(tmpl.environmentTemplate?.encryptionKey).toContain(':key/abc');
    const stmpl = await proton.send(new GetServiceTemplateCommand({ name: 'site' }));
    expect(stmpl.serviceTemplate?.pipelineProvisioning).toBe('CUSTOMER_MANAGED');

    const ver = await proton.send(new GetServiceTemplateVersionCommand({ templateName: 'web', majorVersion: '1', minorVersion: '0' }));
    expect(ver.serviceTemplateVersion).toMatchObject({ schema: 'schema: {}', supportedComponentSources: ['DIRECTLY_DEFINED'], compatibleEnvironmentTemplates: [{ templateName: 'net', majorVersion: '2' }] });
    const envVer = await proton.send(new GetEnvironmentTemplateVersionCommand({ templateName: 'net', majorVersion: '2', minorVersion: '1' }));
    expect(envVer.environmentTemplateVersion?.arn).toBe(arn('environment-template/net:2.1'));

    const repo = await proton.send(new GetRepositoryCommand({ provider: 'GITHUB', name: 'acme/templates' }));
    expect(repo.repository?.encryptionKey).toContain(':key/abc');

    const settings = await proton.send(new GetAccountSettingsCommand({}));
    expect(settings.accountSettings?.pipelineProvisioningRepository?.arn).toBe(arn('repository/github:acme/pipelines'));
  });

  it('version lists without majorVersion give one entry per major (its recommended minor)', async () => {
    const out = await proton.send(new ListEnvironmentTemplateVersionsCommand({ templateName: 'net' }));
    expect(out.templateVersions?.map((v) => `${v.majorVersion}.${v.minorVersion}`)).toEqual(['1.1', '2.1']);
    for (const v of out.templateVersions ?? []) expect(v).not.toHaveProperty('schema');
  });

  it('GetResourcesSummary counts failures and version lag', async () => {
    const { counts } = await proton.send(new GetResourcesSummaryCommand({}));
    // dev 2.1 up to date, staging 2.0 behind minor, prod 1.1 behind major, ops (ecs 1.0) up to date, edge 2.1 up to date.
    expect(counts?.environments).toEqual({ total: 5, failed: 2, upToDate: 3, behindMajor: 1, behindMinor: 1 });
    // web recommends 1.1: api/staging-1 on 1.0 is behind minor; site 1.0 is its only published minor.
    expect(counts?.serviceInstances).toEqual({ total: 7, failed: 2, upToDate: 6, behindMajor: 0, behindMinor: 1 });
    expect(counts?.pipelines).toEqual({ total: 2, failed: 1, upToDate: 1, behindMajor: 0, behindMinor: 1 });
    expect(counts?.services).toEqual({ total: 4, failed: 1 });
    expect(counts?.components).toEqual({ total: 3, failed: 1 });
    expect(counts?.environmentTemplates).toEqual({ total: 3 });
  });

  it('ListServiceInstances filters and sorts', async () => {
    const failed = await proton.send(new ListServiceInstancesCommand({ filters: [{ key: 'deploymentStatus', value: 'FAILED' }] }));
    expect(failed.serviceInstances?.map((i) => `${i.serviceName}/${i.name}`)).toEqual(['api/staging-1']);
    const inDev = await proton.send(new ListServiceInstancesCommand({ filters: [{ key: 'environmentName', value: 'dev' }, { key: 'templateName', value: 'web' }] }));
    expect(inDev.serviceInstances?.map((i) => `${i.serviceName}/${i.name}`)).toEqual(['api/dev-1', 'worker/dev-1']);
    const newest = await proton.send(new ListServiceInstancesCommand({ sortBy: 'createdAt', sortOrder: 'DESCENDING', maxResults: 2 }));
    expect(newest.serviceInstances?.map((i) => `${i.serviceName}/${i.name}`)).toEqual(['site/prod-1', 'site/dev-1']);
    const after = await proton.send(new ListServiceInstancesCommand({ filters: [{ key: 'createdAtAfter', value: '2026-01-05T12:00:00Z' }] }));
    expect(after.serviceInstances).toHaveLength(2);
    const published = await proton.send(new ListServiceInstancesCommand({ filters: [{ key: 'deployedTemplateVersionStatus', value: 'PUBLISHED' }] }));
    expect(published.serviceInstances).toHaveLength(7);
  });

  it('ListEnvironments filters by template major', async () => {
    const out = await proton.send(new ListEnvironmentsCommand({ environmentTemplates: [{ templateName: 'net', majorVersion: '1' }] }));
    expect(out.environments?.map((e) => e.name)).toEqual(['prod']);
  });

  it('environment account connections are seen from both sides', async () => {
    const mgmt = await proton.send(new ListEnvironmentAccountConnectionsCommand({ requestedBy: 'MANAGEMENT_ACCOUNT' }));
    expect(mgmt.environmentAccountConnections?.map((c) => c.status)).toEqual(['CONNECTED', 'PENDING', 'REJECTED']);
    for (const c of mgmt.environmentAccountConnections ?? []) expect(c).not.toHaveProperty('codebuildRoleArn');
    const envSide = await proton.send(new ListEnvironmentAccountConnectionsCommand({ requestedBy: 'ENVIRONMENT_ACCOUNT' }));
    expect(envSide.environmentAccountConnections?.map((c) => c.managementAccountId)).toEqual([B]);
    const pending = await proton.send(new ListEnvironmentAccountConnectionsCommand({ requestedBy: 'MANAGEMENT_ACCOUNT', statuses: ['PENDING', 'REJECTED'] }));
    expect(pending.environmentAccountConnections).toHaveLength(2);
    const one = await proton.send(new GetEnvironmentAccountConnectionCommand({ id: '00000000-0000-4000-8000-000000000001' }));
    expect(one.environmentAccountConnection?.codebuildRoleArn).toBe(`arn:aws:iam::${B}:role/Build`);
  });

  it('ListTagsForResource answers for known resources, sorted by key', async () => {
    const out = await proton.send(new ListTagsForResourceCommand({ resourceArn: arn('environment/dev') }));
    expect(out.tags).toEqual([
      { key: 'App', value: 'net' },
      { key: 'Owner', value: 'team-a' },
      { key: 'aws:proton:environment', value: arn('environment/dev') },
    ]);
    const untagged = await proton.send(new ListTagsForResourceCommand({ resourceArn: arn('environment/edge') }));
    expect(untagged.tags).toEqual([]);
  });
});

describe('Proton errors', () => {
  const expectError = async (p: Promise<unknown>, name: string, text: RegExp) => {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e as Error & { $metadata?: { httpStatusCode?: number } },
    );
    expect(err?.name).toBe(name);
    expect(err?.message).toMatch(text);
    return err;
  };

  it('unknown names are ResourceNotFoundException (404)', async () => {
    const err = await expectError(proton.send(new GetEnvironmentCommand({ name: 'nope' })), 'ResourceNotFoundException', /nope/);
    expect(err?.$metadata?.httpStatusCode).toBe(404);
    await expectError(proton.send(new GetServiceInstanceCommand({ serviceName: 'api', name: 'nope' })), 'ResourceNotFoundException', /nope/);
    await expectError(proton.send(new GetEnvironmentTemplateVersionCommand({ templateName: 'net', majorVersion: '9', minorVersion: '0' })), 'ResourceNotFoundException', /9\.0/);
    await expectError(proton.send(new ListEnvironmentTemplateVersionsCommand({ templateName: 'nope' })), 'ResourceNotFoundException', /nope/);
    await expectError(proton.send(new ListServiceInstancesCommand({ serviceName: 'nope' })), 'ResourceNotFoundException', /nope/);
    await expectError(proton.send(new ListTagsForResourceCommand({ resourceArn: arn('environment/nope') })), 'ResourceNotFoundException', /nope/);
    await expectError(proton.send(new GetEnvironmentAccountConnectionCommand({ id: '00000000-0000-4000-8000-00000000ffff' })), 'ResourceNotFoundException', /ffff/);
  });

  it('invalid input is a ValidationException naming the field', async () => {
    await expectError(proton.send(new ListEnvironmentsCommand({ maxResults: 0 })), 'ValidationException', /'maxResults'.*greater than or equal to 1/);
    await expectError(proton.send(new ListEnvironmentsCommand({ maxResults: 101 })), 'ValidationException', /'maxResults'.*less than or equal to 100/);
    await expectError(proton.send(new ListEnvironmentAccountConnectionsCommand({} as never)), 'ValidationException', /'requestedBy'.*must not be null/);
    await expectError(proton.send(new ListEnvironmentAccountConnectionsCommand({ requestedBy: 'SOMEONE' as never })), 'ValidationException', /'requestedBy'.*enum/);
    await expectError(proton.send(new GetEnvironmentCommand({ name: 'bad name!' })), 'ValidationException', /'name'.*pattern/);
    await expectError(proton.send(new ListServiceInstancesCommand({ sortBy: 'colour' as never })), 'ValidationException', /'sortBy'/);
    await expectError(proton.send(new ListServiceInstancesCommand({ filters: [{ key: 'createdAtAfter', value: 'yesterday' }] })), 'ValidationException', /timestamp/);
    await expectError(proton.send(new ListEnvironmentsCommand({ nextToken: 'bm90LWEtdG9rZW4=' })), 'ValidationException', /nextToken/);
  });

  it('a token only works for the query that issued it', async () => {
    const first = await proton.send(new ListServiceInstancesCommand({ maxResults: 1 }));
    expect(first.nextToken).toMatch(/^[A-Za-z0-9+=/]+$/);
    const next = await proton.send(new ListServiceInstancesCommand({ maxResults: 1, nextToken: first.nextToken }));
    expect(next.serviceInstances).toHaveLength(1);
    await expectError(proton.send(new ListServiceInstancesCommand({ serviceName: 'api', nextToken: first.nextToken })), 'ValidationException', /nextToken/);
    await expectError(proton.send(new ListEnvironmentsCommand({ nextToken: first.nextToken })), 'ValidationException', /nextToken/);
  });
});
