import { readFileSync } from 'node:fs';
import { GetResourcesSummaryCommand, GetServiceCommand, paginateListServiceInstances } from '@aws-sdk/client-proton';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { DEMO_NOW, demoEstateJson } from '../../examples/generate-demo-estate.ts';
import { loadEstate, startEmulator } from '../../src/emulator/index.ts';
import { clients, drain } from './fixture.ts';

const PATH = new URL('../../examples/demo-estate.json', import.meta.url);

describe('examples/demo-estate.json', () => {
  const text = readFileSync(PATH, 'utf8');

  it('is exactly what the generator produces (regenerate with node --import tsx examples/generate-demo-estate.ts)', () => {
    expect(demoEstateJson()).toBe(text);
  });

  it('loads, stays under 3 MB, and holds the advertised estate', async () => {
    expect(Buffer.byteLength(text)).toBeLessThan(3 * 1024 * 1024);
    const estate = await loadEstate(PATH.pathname);
    const east = estate.accounts[0]?.regions.find((r) => r.region === 'us-east-1')?.proton;
    expect(estate.accounts.map((a) => a.accountId)).toEqual(['111122223333']);
    expect(east?.environments).toHaveLength(31);
    expect(east?.services).toHaveLength(40);
    expect(east?.serviceInstances?.length).toBeGreaterThanOrEqual(280);
    expect(east?.environmentAccountConnections?.map((c) => c.status).sort()).toEqual(['CONNECTED', 'CONNECTED', 'PENDING', 'REJECTED']);
    const roles = estate.accounts[0]?.iam?.RoleDetailList ?? [];
    expect(roles.length).toBeGreaterThanOrEqual(8);
    const awsPolicies = (estate.accounts[0]?.iam?.Policies ?? []).filter((p) => p.Arn?.startsWith('arn:aws:iam::aws:')).map((p) => p.PolicyName);
    expect(awsPolicies).toEqual(expect.arrayContaining(['AWSProtonFullAccess', 'AWSProtonDeveloperAccess', 'AWSProtonReadOnlyAccess', 'AWSProtonCodeBuildProvisioningBasicAccess', 'AdministratorAccess']));
  });

  it('carries the planted problems the README lists', async () => {
    const estate = await loadEstate(PATH.pathname);
    const east = estate.accounts[0]?.regions.find((r) => r.region === 'us-east-1');
    const p = east?.proton;
    const perService = new Map<string, number>();
    for (const i of p?.serviceInstances ?? []) perService.set(i.serviceName, (perService.get(i.serviceName) ?? 0) + 1);
    expect(perService.get('platform-edge-cache')).toBe(85);
    expect(p?.services?.find((s) => s.name === 'analytics-etl')?.spec?.length).toBeGreaterThan(180 * 1024);
    expect(p?.services?.find((s) => s.name === 'search-indexer')?.status).toBe('CREATE_FAILED');
    expect(p?.serviceInstances?.find((i) => i.serviceName === 'notifications-email' && i.name === 'prod-1')?.spec).toContain('AKIAIOSFODNN7EXAMPLE');
    expect(p?.environments?.find((e) => e.name === 'identity-prod')?.spec).toContain('BEGIN RSA PRIVATE KEY');
    const stuck = p?.serviceInstances?.find((i) => i.deploymentStatus === 'IN_PROGRESS');
    expect(stuck && (DEMO_NOW - Date.parse(String(stuck.lastDeploymentAttemptedAt))) / 3_600_000).toBe(72);
    const draft = p?.environmentTemplateVersions?.find((v) => v.templateName === 'ecs-cluster' && v.status === 'DRAFT');
    expect((DEMO_NOW - Date.parse(String(draft?.createdAt))) / 86_400_000).toBe(120);
    const fargateWeb = east?.tags?.['arn:aws:proton:us-east-1:111122223333:service-template/fargate-web'] ?? {};
    expect(Object.keys(fargateWeb).filter((k) => !k.startsWith('aws:'))).toHaveLength(48);
    const legacyBucket = east?.tags?.['arn:aws:s3:::proton-artifacts-legacy-111122223333'] ?? {};
    expect(Object.keys(legacyBucket).some((k) => k.startsWith('proton:'))).toBe(true);
    expect(legacyBucket).not.toHaveProperty('Owner');
    const legacyRole = estate.accounts[0]?.iam?.RoleDetailList?.find((r) => r.RoleName === 'ProtonLegacyEnvRole');
    expect((DEMO_NOW - Date.parse(String(legacyRole?.RoleLastUsed?.LastUsedDate))) / 86_400_000).toBe(200);
    expect(JSON.stringify(estate.accounts[0]?.iam?.Policies)).toContain('cloudformation>DeleteStack');
  });

  it('is served by the emulator', async () => {
    const emu = await startEmulator({ estate: await loadEstate(PATH.pathname) });
    try {
      const c = clients(emu.url, { credentials: { accessKeyId: 'AKIDDEMO', secretAccessKey: 'x' } });
      const all = await drain(paginateListServiceInstances({ client: c.proton, pageSize: 100 }, {}), (page) => page.serviceInstances);
      expect(all.items).toHaveLength(300);
      const { counts } = await c.proton.send(new GetResourcesSummaryCommand({}));
      expect(counts?.serviceInstances?.behindMajor).toBeGreaterThanOrEqual(1);
      expect(counts?.serviceInstances?.behindMinor).toBeGreaterThanOrEqual(1);
      expect(counts?.environments?.failed).toBe(2);
      const svc = await c.proton.send(new GetServiceCommand({ name: 'checkout-web' }));
      expect(svc.service?.spec).toMatch(/password:/);
      const role = await c.iam.send(new GetRoleCommand({ RoleName: 'ProtonOrphanRole' }));
      expect(decodeURIComponent(role.Role?.AssumeRolePolicyDocument ?? '')).toContain('"AWS":"*"');
    } finally {
      await emu.close();
    }
  });
});
