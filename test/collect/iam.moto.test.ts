/**
 * The IAM collector through the real SDK against moto_server, an IAM implementation we did not
 * write. Seeding writes to moto happen here in test setup; the collector itself only reads.
 */
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  IAMClient,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { globalClients, type ClientSettings } from '../../src/collect/clients.ts';
import { Coverage } from '../../src/collect/coverage.ts';
import { collectIam, type IamOutcome } from '../../src/collect/iam.ts';
import { Limiter } from '../../src/collect/pool.ts';
import { describeWithMoto, startMoto, type Moto } from '../helpers/moto.ts';

const ACCOUNT = '123456789012'; // moto's default account
const credentials = async () => ({ accessKeyId: 'testing', secretAccessKey: 'testing' });
const trust = (service: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
const allow = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

async function seed(url: string): Promise<void> {
  const iam = new IAMClient({ region: 'us-east-1', endpoint: url, credentials });
  const send = iam.send.bind(iam);
  const arnOf = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`;
  await send(new CreatePolicyCommand({ PolicyName: 'ProtonDevCopy', PolicyDocument: allow('s3:GetObject') }));
  // The copy's default version is v2, which names proton actions: only the default is kept.
  await send(new CreatePolicyVersionCommand({ PolicyArn: arnOf('ProtonDevCopy'), PolicyDocument: allow('proton:*'), SetAsDefault: true }));
  await send(new CreatePolicyCommand({ PolicyName: 'HasProtonAction', PolicyDocument: allow('proton:CreateService') }));
  await send(new CreatePolicyCommand({ PolicyName: 'Boundary', PolicyDocument: allow('*') }));
  await send(new CreatePolicyCommand({ PolicyName: 'Unrelated', PolicyDocument: allow('s3:*') }));
  await send(new CreatePolicyCommand({ PolicyName: 'HeldByNamedRole', PolicyDocument: allow('logs:*') }));

  await send(
    new CreateRoleCommand({
      RoleName: 'proton-env',
      Path: '/service-role/',
      AssumeRolePolicyDocument: trust('proton.amazonaws.com'),
      Tags: [
        { Key: 'team', Value: 'platform' },
        { Key: 'app', Value: 'x' },
      ],
    }),
  );
  await send(new PutRolePolicyCommand({ RoleName: 'proton-env', PolicyName: 'inline-s3', PolicyDocument: allow('s3:*') }));
  await send(new AttachRolePolicyCommand({ RoleName: 'proton-env', PolicyArn: 'arn:aws:iam::aws:policy/AWSProtonFullAccess' }));
  await send(new AttachRolePolicyCommand({ RoleName: 'proton-env', PolicyArn: arnOf('ProtonDevCopy') }));

  await send(
    new CreateRoleCommand({ RoleName: 'named-codebuild', AssumeRolePolicyDocument: trust('codebuild.amazonaws.com'), PermissionsBoundary: arnOf('Boundary') }),
  );
  await send(new AttachRolePolicyCommand({ RoleName: 'named-codebuild', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
  await send(new AttachRolePolicyCommand({ RoleName: 'named-codebuild', PolicyArn: arnOf('HeldByNamedRole') }));

  // Roles that are neither named nor trusting Proton.
  for (let i = 0; i < 7; i += 1) await send(new CreateRoleCommand({ RoleName: `unrelated-${i}`, AssumeRolePolicyDocument: trust('ec2.amazonaws.com') }));
  iam.destroy();
}

describeWithMoto('IAM collector against moto_server', () => {
  let moto: Moto;
  let outcome: IamOutcome;
  let coverage: Coverage;
  const calls: string[] = [];

  beforeAll(async () => {
    moto = await startMoto();
    await seed(moto.url);
    coverage = new Coverage();
    const settings: ClientSettings = {
      credentials,
      endpointUrl: moto.url,
      maxAttempts: 2,
      limiter: new Limiter(4),
      onCall: (service, operation) => calls.push(`${service}:${operation}`),
    };
    const clients = globalClients('us-east-1', settings);
    outcome = await collectIam(
      // Full pages: moto applies MaxItems of ListEntitiesForPolicy to the account's role list
      // instead of the answer, and ignores it for GetAccountAuthorizationDetails; paging is
      // exercised against the emulator instead.
      { client: clients.iam, scope: { coverage, region: 'global' }, pageSize: 1000, log: () => {} },
      Promise.resolve({
        roleArns: [
          `arn:aws:iam::${ACCOUNT}:role/named-codebuild`,
          `arn:aws:iam::${ACCOUNT}:role/deleted-long-ago`,
          'arn:aws:iam::999999999999:role/in-the-management-account',
        ],
        accountId: ACCOUNT,
      }),
    );
    clients.iam.destroy();
  });

  afterAll(async () => {
    await moto?.stop();
  });

  it('keeps the roles Proton names and the roles trusting Proton, nothing else', () => {
    expect(outcome.iam?.roles.map((r) => r.Arn)).toEqual([
      `arn:aws:iam::${ACCOUNT}:role/named-codebuild`,
      `arn:aws:iam::${ACCOUNT}:role/service-role/proton-env`,
    ]);
    expect(outcome.outOfAccount).toEqual(['arn:aws:iam::999999999999:role/in-the-management-account']);
    expect(outcome.missing).toEqual([`arn:aws:iam::${ACCOUNT}:role/deleted-long-ago`]);
  });

  it('decodes the trust policy and inline documents and keeps boundary and tags', () => {
    const named = outcome.iam?.roles.find((r) => r.RoleName === 'named-codebuild');
    expect(named?.PermissionsBoundary?.PermissionsBoundaryArn).toBe(`arn:aws:iam::${ACCOUNT}:policy/Boundary`);
    const role = outcome.iam?.roles.find((r) => r.RoleName === 'proton-env');
    expect(role?.AssumeRolePolicyDocument).toEqual(JSON.parse(trust('proton.amazonaws.com')));
    expect(role?.RolePolicyList).toEqual([{ PolicyName: 'inline-s3', PolicyDocument: JSON.parse(allow('s3:*')) }]);
    expect(role?.AttachedManagedPolicies.map((a) => a.PolicyArn)).toEqual([
      `arn:aws:iam::${ACCOUNT}:policy/ProtonDevCopy`,
      'arn:aws:iam::aws:policy/AWSProtonFullAccess',
    ]);
    expect(role?.Tags).toEqual([
      { Key: 'app', Value: 'x' },
      { Key: 'team', Value: 'platform' },
    ]);
  });

  it('collects the customer policies that relate to Proton or are held, each with its default document only', () => {
    const customer = (outcome.iam?.policies ?? []).filter((p) => p.Arn.includes(`:${ACCOUNT}:`));
    expect(customer.map((p) => p.PolicyName)).toEqual(['Boundary', 'HasProtonAction', 'HeldByNamedRole', 'ProtonDevCopy']);
    const copy = customer.find((p) => p.PolicyName === 'ProtonDevCopy');
    expect(copy?.PolicyVersionList).toHaveLength(1);
    expect(copy?.PolicyVersionList[0]).toMatchObject({ VersionId: 'v2', IsDefaultVersion: true, Document: JSON.parse(allow('proton:*')) });
  });

  it('collects every AWSProton* managed policy and the AWS managed policies the kept roles hold', () => {
    const aws = (outcome.iam?.policies ?? []).filter((p) => p.Arn.startsWith('arn:aws:iam::aws:'));
    const names = aws.map((p) => p.PolicyName);
    expect(names).toContain('AWSProtonFullAccess');
    expect(names).toContain('AWSProtonReadOnlyAccess');
    expect(names).toContain('AdministratorAccess');
    expect(names.filter((n) => !/^AWSProton/i.test(n))).toEqual(['AdministratorAccess']);
    for (const p of aws) expect(p.PolicyVersionList[0]?.Document.Statement).toBeDefined();
  });

  it('lists who holds the attached AWSProton* policies, and asks only for attached ones', () => {
    const full = outcome.iam?.policyEntities.find((e) => e.PolicyArn.endsWith('/AWSProtonFullAccess'));
    expect(full?.PolicyRoles.map((r) => r.RoleName)).toEqual(['proton-env']);
    const protonPolicies = (outcome.iam?.policies ?? []).filter((p) => /^AWSProton/i.test(p.PolicyName));
    expect(outcome.iam?.policyEntities).toHaveLength(protonPolicies.length);
    expect(calls.filter((c) => c === 'iam:ListEntitiesForPolicy')).toHaveLength(1);
  });

  it('records clean coverage and one GetPolicyVersion per AWS managed policy', () => {
    const entries = coverage.entries(ACCOUNT);
    expect(entries.every((e) => e.status === 'ok')).toBe(true);
    expect(calls.filter((c) => c === 'iam:ListPolicies').length).toBeGreaterThanOrEqual(2); // ~1500 AWS managed policies, 1000 a page
    const aws = (outcome.iam?.policies ?? []).filter((p) => p.Arn.startsWith('arn:aws:iam::aws:'));
    expect(calls.filter((c) => c === 'iam:GetPolicyVersion')).toHaveLength(aws.length);
    expect(new Set(calls)).toEqual(new Set(['iam:GetAccountAuthorizationDetails', 'iam:ListPolicies', 'iam:GetPolicyVersion', 'iam:ListEntitiesForPolicy']));
  });
});
