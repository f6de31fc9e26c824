/**
 * What Proton left behind, collected through the real SDK against the emulator: the stacks and
 * CodeBuild projects Proton created (and only those), the roles they name, roles found by Proton
 * signatures in their policies, and the last-known Proton records carried into a region whose
 * Proton no longer answers — marked as such, never as collected now.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Estate } from '../../src/emulator/index.ts';
import { redactSnapshot } from '../../src/collect/redact.ts';
import { parseSnapshot, serializeSnapshot } from '../../src/snapshot/io.ts';
import type { RegionSnapshot, Snapshot } from '../../src/model/index.ts';
import { sha256Hex } from '../../src/util/canonical-json.ts';
import { collectFrom, type Run } from './emulator-helpers.ts';
import { ACCOUNT, testEstate } from './fixtures/estate.ts';

const stackArn = (name: string, id: string) => `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/${name}/${id}`;

/** The test estate plus a role only a Proton signature identifies, and one only a stack names. */
function estateWithResidue(): Estate {
  const estate = testEstate();
  const account = estate.accounts[0];
  const iam = account?.iam;
  iam?.RoleDetailList?.push(
    {
      RoleName: 'SignedOnly',
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      RolePolicyList: [
        {
          PolicyName: 'notify',
          PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'proton:NotifyResourceDeploymentStatusChange', Resource: '*' }] },
        },
      ],
    },
    { RoleName: 'StackOnly', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudformation.amazonaws.com' }, Action: 'sts:AssumeRole' }] } },
  );
  const stacks = account?.regions[0]?.cloudformation?.Stacks;
  stacks?.push({ StackName: 'AWSProton-dev-xyz', StackStatus: 'CREATE_COMPLETE', RoleARN: `arn:aws:iam::${ACCOUNT}:role/StackOnly` });
  return estate;
}

describe('stacks and CodeBuild projects Proton created', () => {
  let run: Run;
  let east: RegionSnapshot;
  beforeAll(async () => {
    run = await collectFrom(estateWithResidue());
    east = run.snapshot.accounts[0]?.regions[0] as RegionSnapshot;
  });

  it("keeps Proton's stacks (by name or proton:* tag) with what DescribeStacks returns, and no other stack", () => {
    const stacks = east.cloudformation?.stacks ?? [];
    expect(stacks.map((s) => s.StackName)).toEqual(['AWSProton-dev-xyz', 'AWSProton-prod-abc', 'renamed-network']);
    const prod = stacks.find((s) => s.StackName === 'AWSProton-prod-abc');
    expect(prod).toMatchObject({
      StackId: stackArn('AWSProton-prod-abc', '1'),
      StackStatus: 'UPDATE_ROLLBACK_FAILED',
      RoleARN: `arn:aws:iam::${ACCOUNT}:role/ProtonEnvRole`,
      EnableTerminationProtection: false,
      DriftInformation: { StackDriftStatus: 'DRIFTED', LastCheckTimestamp: '2026-01-15T10:00:00.000Z' },
      Outputs: [{ OutputKey: 'VpcId', OutputValue: 'vpc-0123456789abcdef0' }],
      Tags: [{ Key: 'proton:environment', Value: `arn:aws:proton:us-east-1:${ACCOUNT}:environment/prod` }],
      CreationTime: '2026-01-15T10:00:00.000Z',
    });
    // The outputs of a stack Proton did not create are never fetched.
    expect(JSON.stringify(run.snapshot)).not.toContain('not-ours');
  });

  it('reads DescribeStacks once per Proton stack and never starts a drift detection', () => {
    expect(run.served['cloudformation:ListStacks']).toBe(1);
    expect(run.served['cloudformation:DescribeStacks']).toBe(3);
    expect(Object.keys(run.served).filter((k) => /Detect|Drift/.test(k))).toEqual([]);
  });

  it('keeps only AWSProton-* CodeBuild projects, with their service roles', () => {
    expect(east.codebuild?.projects.map((p) => [p.name, p.serviceRole])).toEqual([
      ['AWSProton-prod-abc-provisioning', `arn:aws:iam::${ACCOUNT}:role/service-role/ProtonCodeBuild`],
    ]);
    expect(run.served['codebuild:BatchGetProjects']).toBe(1);
  });

  it('collects the roles stacks name and the roles Proton signatures mark, not unrelated ones', () => {
    const roles = run.snapshot.accounts[0]?.iam?.roles.map((r) => r.RoleName) ?? [];
    expect(roles).toEqual(expect.arrayContaining(['StackOnly', 'SignedOnly', 'ProtonCodeBuild']));
    // WebServers is the service role of a CodeBuild project Proton did not create.
    expect(roles).not.toContain('WebServers');
  });

  it('--redact scans stack outputs, reports a secret by kind and preview only, and drops every output value', () => {
    const withSecret = structuredClone(run.snapshot);
    const prod = withSecret.accounts[0]?.regions[0]?.cloudformation?.stacks.find((s) => s.StackName === 'AWSProton-prod-abc');
    prod?.Outputs?.push({ OutputKey: 'DbPassword', OutputValue: 'Zq8-Corr3ct-h0rse-Stap1e' });
    const { snapshot, secrets } = redactSnapshot(withSecret);
    expect(secrets.find((x) => x.arn === prod?.StackId)?.hits.map((h) => [h.kind, h.key, h.preview])).toEqual([['password', 'DbPassword', 'Zq8-****']]);
    const text = serializeSnapshot(snapshot);
    expect(text).not.toContain('Zq8-Corr3ct');
    expect(text).not.toContain('vpc-0123456789abcdef0');
    expect(snapshot.accounts[0]?.regions[0]?.cloudformation?.stacks.find((s) => s.StackName === 'AWSProton-prod-abc')?.Outputs).toEqual([{ OutputKey: 'VpcId' }, { OutputKey: 'DbPassword' }]);
  });

  it('a denied CloudFormation leaves stacks out and says so in coverage', async () => {
    const denied = await collectFrom(testEstate({ deny: ['cloudformation:ListStacks', 'codebuild:*'] }));
    const region = denied.snapshot.accounts[0]?.regions[0];
    expect(region?.cloudformation).toBeUndefined();
    expect(region?.codebuild).toBeUndefined();
    const status = (service: string, op: string) => denied.snapshot.coverage.find((e) => e.service === service && e.operation === op)?.status;
    expect(status('cloudformation', 'ListStacks')).toBe('denied');
    expect(status('cloudformation', 'DescribeStacks')).toBe('unavailable');
    expect(status('codebuild', 'ListProjects')).toBe('denied');
    expect(() => parseSnapshot('denied.json', serializeSnapshot(denied.snapshot))).not.toThrow();
  });
});

/** The test estate with a CodeBuild role that only a Proton record names: no Proton trust, no signature. */
function estateWithPlainCodeBuildRole(): Estate {
  const estate = testEstate();
  const account = estate.accounts[0];
  account?.iam?.RoleDetailList?.push({
    RoleName: 'PlainCodeBuild',
    AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
  });
  const dev = account?.regions[0]?.proton?.environments?.find((e) => e.name === 'dev');
  if (dev) dev.codebuildRoleArn = `arn:aws:iam::${ACCOUNT}:role/PlainCodeBuild`;
  return estate;
}

describe('last-known Proton records', () => {
  let first: Snapshot;
  let firstSha: string;
  beforeAll(async () => {
    first = (await collectFrom(estateWithPlainCodeBuildRole())).snapshot;
    firstSha = sha256Hex(serializeSnapshot(first));
  });

  const retired = (): Estate => {
    const estate = estateWithPlainCodeBuildRole();
    for (const r of estate.accounts[0]?.regions ?? []) r.protonAvailable = false;
    return estate;
  };

  it('--last-known: carries the records of the same account and region, marked with when and from where', async () => {
    const later = () => new Date('2026-11-20T00:00:00.000Z');
    const run = await collectFrom(retired(), { lastKnown: { snapshot: first, sha256: firstSha }, now: later });
    const region = run.snapshot.accounts[0]?.regions[0];
    expect(region?.proton).toEqual(first.accounts[0]?.regions[0]?.proton);
    expect(region?.lastKnown).toEqual({ collectedAt: first.collection.finishedAt, sha256: firstSha, source: 'live' });
    const proton = run.snapshot.coverage.filter((e) => e.service === 'proton');
    expect(proton.length).toBeGreaterThan(20);
    // Never "ok": nothing was collected from Proton now.
    expect(proton.every((e) => e.status === 'last-known' && e.lastKnown?.sha256 === firstSha)).toBe(true);
    expect(run.logs.some((l) => l.includes(`are last-known, not collected now: last known ${first.collection.finishedAt}`))).toBe(true);
    expect(() => parseSnapshot('carried.json', serializeSnapshot(run.snapshot))).not.toThrow();
  });

  it('collects the roles the last-known records name, CodeBuild roles included', async () => {
    const withoutRecords = await collectFrom(retired());
    const carried = await collectFrom(retired(), { since: { snapshot: first, sha256: firstSha } });
    const names = (s: Snapshot) => s.accounts[0]?.iam?.roles.map((r) => r.RoleName) ?? [];
    expect(names(first)).toContain('PlainCodeBuild');
    expect(names(withoutRecords.snapshot)).not.toContain('PlainCodeBuild');
    expect(names(carried.snapshot)).toEqual(names(first));
    expect(withoutRecords.logs.some((l) => l.includes('pass --last-known <snapshot>'))).toBe(true);
  });

  it('a chain of carries keeps the time the records were really collected', async () => {
    const second = (await collectFrom(retired(), { lastKnown: { snapshot: first, sha256: firstSha } })).snapshot;
    const third = (await collectFrom(retired(), { lastKnown: { snapshot: second, sha256: sha256Hex(serializeSnapshot(second)) } })).snapshot;
    expect(third.accounts[0]?.regions[0]?.lastKnown).toEqual({ collectedAt: first.collection.finishedAt, sha256: firstSha, source: 'live' });
  });

  it('a denied Proton is not a retired one: nothing is carried', async () => {
    const run = await collectFrom(testEstate({ deny: ['proton:*'] }), { lastKnown: { snapshot: first, sha256: firstSha } });
    const region = run.snapshot.accounts[0]?.regions[0];
    expect(region?.lastKnown).toBeUndefined();
    expect(run.snapshot.coverage.some((e) => e.status === 'last-known')).toBe(false);
  });
});
