/**
 * An organisation audited in one run against moto_server, an independent implementation of
 * Organizations, STS, IAM, EC2 and the Tagging API, with its IAM enforcement switched on: the
 * caller is an IAM user whose policy denies sts:AssumeRole into one member account. Proton's
 * endpoint does not answer (as after its retirement). The run lists the organisation, enters
 * the members it may, records the one it may not, and audits what IAM holds everywhere else.
 */
import { findingsOf } from '../../src/engine/outcomes.ts';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { createServer } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { collect } from '../../src/collect/index.ts';
import { describeSnapshot } from '../../src/snapshot/summary.ts';
import type { AuditResult, Snapshot } from '../../src/model/index.ts';
import { describeWithMoto, startMoto, type Moto } from '../helpers/moto.ts';
import { audit } from './helpers.ts';

const REGION = 'us-east-1';
const ROLE = 'ProtonAuditRole';
const root = { accessKeyId: 'AKIAMOTOROOT00000000', secretAccessKey: 'moto-root-secret' };
const allowAll = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
const trustProton = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'proton.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const trustAccount = (id: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${id}:root` }, Action: 'sts:AssumeRole' }] });

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 1));
    });
  });
}

describeWithMoto('an organisation on moto, one member unassumable', () => {
  let moto: Moto;
  let management = '';
  let members: string[] = [];
  let locked = '';
  let snapshot: Snapshot;
  let result: AuditResult;
  const logs: string[] = [];
  const saved = { ...process.env };

  beforeAll(async () => {
    moto = await startMoto();
    const config = { region: REGION, endpoint: moto.url, credentials: root };
    const orgs = new OrganizationsClient(config);
    const org = await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    management = org.Organization?.MasterAccountId ?? '';
    for (const name of ['payments', 'locked']) {
      const created = await orgs.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
      members.push(created.CreateAccountStatus?.AccountId ?? '');
    }
    orgs.destroy();
    members = members.filter(Boolean);
    locked = members[1] ?? '';

    // In each member: the audit role (trusting the management account) and a Proton residue role.
    const sts = new STSClient(config);
    for (const id of members) {
      const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${id}:role/OrganizationAccountAccessRole`, RoleSessionName: 'setup' }));
      const c = out.Credentials;
      const iam = new IAMClient({ ...config, credentials: { accessKeyId: c?.AccessKeyId ?? '', secretAccessKey: c?.SecretAccessKey ?? '', sessionToken: c?.SessionToken ?? '' } });
      await iam.send(new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: trustAccount(management) }));
      await iam.send(new PutRolePolicyCommand({ RoleName: ROLE, PolicyName: 'read', PolicyDocument: allowAll }));
      await iam.send(new CreateRoleCommand({ RoleName: `proton-residue-${id.slice(-4)}`, AssumeRolePolicyDocument: trustProton }));
      iam.destroy();
    }
    sts.destroy();

    // The caller: an IAM user in the management account that may not enter the locked member.
    const iam = new IAMClient(config);
    await iam.send(new CreateRoleCommand({ RoleName: 'proton-residue-mgmt', AssumeRolePolicyDocument: trustProton }));
    await iam.send(new CreateUserCommand({ UserName: 'auditor' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'auditor',
        PolicyName: 'audit',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: '*', Resource: '*' },
            { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${locked}:role/*` },
          ],
        }),
      }),
    );
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'auditor' }));
    iam.destroy();
    // From here on moto authenticates and authorises every request.
    await fetch(`${moto.url}/moto-api/reset-auth`, { method: 'POST', body: '0' });

    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: key.AccessKey?.AccessKeyId ?? '',
      AWS_SECRET_ACCESS_KEY: key.AccessKey?.SecretAccessKey ?? '',
      AWS_ENDPOINT_URL: moto.url,
      AWS_ENDPOINT_URL_PROTON: `http://127.0.0.1:${await closedPort()}`,
    });
    snapshot = await collect({ org: true, assumeRole: ROLE, regions: [REGION], log: (l) => logs.push(l), now: () => new Date('2026-11-01T00:00:00Z') });
    result = await audit(snapshot);
  }, 120_000);

  afterAll(async () => {
    process.env = saved;
    await moto?.stop();
  });

  it('lists every account of the organisation and keeps them all', () => {
    expect(members).toHaveLength(2);
    expect(snapshot.accounts.map((a) => a.accountId)).toEqual([management, ...members].sort());
    expect(snapshot.coverage.find((e) => e.operation === 'ListAccounts')).toMatchObject({ accountId: management, status: 'ok' });
  });

  it('enters the member it may, as the audit role, and reads its IAM', () => {
    const payments = snapshot.accounts.find((a) => a.accountId === members[0]);
    expect(payments?.identity?.Arn).toBe(`arn:aws:sts::${members[0]}:assumed-role/${ROLE}/proton-audit`);
    expect(payments?.iam?.roles.map((r) => r.RoleName)).toContain(`proton-residue-${members[0]?.slice(-4)}`);
    expect(snapshot.accounts.find((a) => a.accountId === management)?.iam?.roles.map((r) => r.RoleName)).toContain('proton-residue-mgmt');
  });

  it('records the member its policy denies, and says so', () => {
    const assume = snapshot.coverage.find((e) => e.accountId === locked && e.operation === 'AssumeRole');
    expect(assume?.status).toBe('denied');
    const entry = snapshot.accounts.find((a) => a.accountId === locked);
    expect(entry?.iam).toBeUndefined();
    expect(logs.some((l) => l.includes(`account ${locked}`) && l.includes('not collected: could not assume'))).toBe(true);
    expect(describeSnapshot(snapshot).some((l) => l.startsWith(`  ${locked} (locked): could not assume`))).toBe(true);
  });

  it('Proton did not answer anywhere: recorded per account and region, IAM audited regardless', () => {
    for (const id of [management, members[0] ?? '']) {
      expect(snapshot.coverage.find((e) => e.accountId === id && e.operation === 'GetAccountSettings')?.status).toBe('unavailable');
    }
    expect(findingsOf(result).some((f) => f.resource.accountId === members[0] && f.resource.type === 'role' && f.status !== 'skip')).toBe(true);
    expect(findingsOf(result).filter((f) => f.resource.accountId === locked).every((f) => f.status === 'skip')).toBe(true);
  });
});
