/**
 * The retirement with an independent IAM: moto_server holds the roles (created through its IAM
 * API), the emulator serves Proton, tags, CloudFormation and CodeBuild. First a collection while
 * Proton answers; then Proton's endpoint refuses connections (AWS_ENDPOINT_URL_PROTON on a closed
 * port) and `since` is the first snapshot: the CodeBuild role that trusts only
 * codebuild.amazonaws.com and that only a Proton record names is still collected and judged, as
 * of the last-known time. Without the first snapshot the roles that what Proton left behind
 * names — a stack, a CodeBuild project, a Proton signature — are still found, each with its reason.
 */
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { createServer } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { collect } from '../../src/collect/index.ts';
import { startEmulator, type Estate, type RunningEmulator } from '../../src/emulator/index.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';
import type { AuditResult, Finding, Snapshot } from '../../src/model/index.ts';
import { serializeSnapshot } from '../../src/snapshot/io.ts';
import { sha256Hex } from '../../src/util/canonical-json.ts';
import { describeWithMoto, startMoto, type Moto } from '../helpers/moto.ts';
import { audit } from '../scale/helpers.ts';

const ACCOUNT = '123456789012'; // moto's account
const R = 'us-east-1';
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const trust = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 1));
    });
  });
}

function estate(): Estate {
  return {
    estateVersion: 1,
    accounts: [
      {
        accountId: ACCOUNT,
        regions: [
          {
            region: R,
            proton: {
              environmentTemplates: [{ name: 'vpc', recommendedVersion: '1', createdAt: '2026-01-01T00:00:00Z' }],
              environmentTemplateVersions: [{ templateName: 'vpc', majorVersion: '1', minorVersion: '0', status: 'PUBLISHED' }],
              environments: [
                {
                  name: 'prod',
                  templateName: 'vpc',
                  templateMajorVersion: '1',
                  templateMinorVersion: '0',
                  deploymentStatus: 'SUCCEEDED',
                  protonServiceRoleArn: role('EnvRole'),
                  // Only this record names PlainBuild: no project, no stack, no signature.
                  codebuildRoleArn: role('PlainBuild'),
                },
              ],
            },
            cloudformation: {
              Stacks: [{ StackName: 'AWSProton-prod-cloudformation-1a2b', StackStatus: 'UPDATE_COMPLETE', RoleARN: role('StackRole'), EnableTerminationProtection: true }],
            },
            codebuild: { projects: [{ name: 'AWSProton-prod-provisioning', serviceRole: role('ProjectBuild') }] },
          },
        ],
      },
    ],
  };
}

describeWithMoto('the retirement, with IAM from moto_server', () => {
  let moto: Moto;
  let emulator: RunningEmulator;
  const saved = { ...process.env };
  let first: Snapshot;
  let firstSha: string;
  let firstAudit: AuditResult;
  let carried: Snapshot;
  let carriedAudit: AuditResult;
  let bare: Snapshot;
  let bareAudit: AuditResult;
  const logs: string[] = [];

  beforeAll(async () => {
    moto = await startMoto();
    const iam = new IAMClient({ region: R, endpoint: moto.url, credentials: { accessKeyId: 't', secretAccessKey: 't' } });
    const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
    await iam.send(new CreateRoleCommand({ RoleName: 'EnvRole', AssumeRolePolicyDocument: trust('proton.amazonaws.com') }));
    for (const name of ['PlainBuild', 'ProjectBuild', 'SignedBuild']) await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust('codebuild.amazonaws.com') }));
    await iam.send(new CreateRoleCommand({ RoleName: 'StackRole', AssumeRolePolicyDocument: trust('cloudformation.amazonaws.com') }));
    await iam.send(new CreateRoleCommand({ RoleName: 'Unrelated', AssumeRolePolicyDocument: trust('codebuild.amazonaws.com') }));
    for (const name of ['PlainBuild', 'ProjectBuild', 'Unrelated']) await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: admin }));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'StackRole',
        PolicyName: 'pass-anything',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] }),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'SignedBuild',
        PolicyName: 'build',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'proton:NotifyResourceDeploymentStatusChange', Resource: '*' },
            { Effect: 'Allow', Action: 's3:*', Resource: '*' },
          ],
        }),
      }),
    );
    iam.destroy();
    emulator = await startEmulator({ estate: estate() });

    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_ENDPOINT_URL: emulator.url,
      AWS_ENDPOINT_URL_IAM: moto.url,
      AWS_ENDPOINT_URL_STS: moto.url,
    });
    let tick = 0;
    const clock = () => new Date(Date.UTC(2026, 8, 30, 0, 0, tick++));
    first = await collect({ regions: [R], log: (l) => logs.push(l), now: clock });
    firstSha = sha256Hex(serializeSnapshot(first));
    firstAudit = await audit(first);

    process.env.AWS_ENDPOINT_URL_PROTON = `http://127.0.0.1:${await closedPort()}`;
    carried = await collect({ regions: [R], since: { snapshot: first, sha256: firstSha }, log: (l) => logs.push(l), now: clock });
    carriedAudit = await audit(carried);
    bare = await collect({ regions: [R], log: (l) => logs.push(l), now: clock });
    bareAudit = await audit(bare);
  });

  afterAll(async () => {
    process.env = saved;
    await emulator?.close();
    await moto?.stop();
  });

  const failsOn = (result: AuditResult, roleName: string, ruleId = 'PA-IAM-001'): Finding | undefined =>
    findingsOf(result).find((f) => f.ruleId === ruleId && f.resource.name === roleName && f.status === 'fail');
  const roles = (s: Snapshot) => s.accounts[0]?.iam?.roles.map((r) => r.RoleName).sort() ?? [];

  it('while Proton answers, judges the CodeBuild role only its record names', () => {
    expect(roles(first)).toEqual(['EnvRole', 'PlainBuild', 'ProjectBuild', 'SignedBuild', 'StackRole']);
    expect(failsOn(firstAudit, 'PlainBuild')?.message).toBe('Role PlainBuild, used by AWS Proton as environmentCodebuild role, is administrator-equivalent.');
  });

  it('with Proton refused and the first snapshot given, still collects and reports it, as of the last-known time', () => {
    expect(carried.accounts[0]?.regions[0]?.lastKnown).toEqual({ collectedAt: first.collection.finishedAt, sha256: firstSha, source: 'live' });
    expect(carried.coverage.filter((e) => e.service === 'proton').every((e) => e.status === 'last-known')).toBe(true);
    expect(carried.coverage.filter((e) => e.service === 'iam').every((e) => e.status === 'ok')).toBe(true);
    expect(roles(carried)).toEqual(roles(first));
    const before = findingsOf(firstAudit).filter((f) => f.status === 'fail' && (f.resource.type === 'role' || f.resource.type === 'managedPolicy'));
    const after = new Map(findingsOf(carriedAudit).map((f) => [f.fingerprint, f.status]));
    expect(before.filter((f) => after.get(f.fingerprint) !== 'fail').map((f) => `${f.ruleId} ${f.resource.name}`)).toEqual([]);
    const plain = failsOn(carriedAudit, 'PlainBuild');
    expect(plain?.lastKnown).toEqual({ collectedAt: first.collection.finishedAt, sha256: firstSha });
    expect(plain?.message).toContain(`As of ${first.collection.finishedAt} (last-known AWS Proton records`);
    expect(plain?.evidence?.protonRole).toEqual([
      expect.objectContaining({ kind: 'named', field: 'codebuildRoleArn', detail: expect.stringContaining('named by last-known record field codebuildRoleArn of environment') }),
    ]);
  });

  it('without a previous snapshot, finds the roles the stack, the project and the signature name, each with its reason', () => {
    expect(logs.some((l) => l.includes('pass --last-known <snapshot>'))).toBe(true);
    // PlainBuild cannot be found any more: only a Proton record named it.
    expect(roles(bare)).toEqual(['EnvRole', 'ProjectBuild', 'SignedBuild', 'StackRole']);
    const kinds = (f: Finding | undefined) => ((f?.evidence?.protonRole ?? []) as Array<{ kind: string }>).map((r) => r.kind);
    expect(kinds(failsOn(bareAudit, 'ProjectBuild'))).toEqual(['codebuild-project']);
    expect(kinds(failsOn(bareAudit, 'StackRole', 'PA-IAM-003'))).toEqual(['stack']);
    expect(kinds(failsOn(bareAudit, 'SignedBuild', 'PA-IAM-002'))).toEqual(['signature']);
    expect(findingsOf(bareAudit).some((f) => f.resource.name === 'Unrelated')).toBe(false);
  });
});
