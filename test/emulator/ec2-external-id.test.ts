/**
 * What `collect --region all` and `--external-id` need from the emulator: EC2 DescribeRegions in
 * EC2's own XML dialect (per account: `enabledRegions`, else the estate's regions), its errors
 * and faults as EC2 sends them, and AssumeRole refusing a wrong or missing ExternalId where the
 * account requires one.
 */
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Estate } from '../../src/emulator/index.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { clients, raw, type Credentials } from './fixture.ts';

const A = '111111111111';
const B = '222222222222';
const estate: Estate = {
  estateVersion: 1,
  accounts: [
    { accountId: A, regions: [{ region: 'us-west-2' }, { region: 'eu-west-1' }] },
    { accountId: B, externalId: 'audit-2026', enabledRegions: ['us-east-1', 'af-south-1', 'eu-central-1'], regions: [{ region: 'us-east-1' }], deny: ['ec2:DescribeRegions'] },
  ],
};

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ estate });
});
afterAll(async () => {
  await emu.close();
});

const ec2 = (credentials?: Credentials, maxAttempts = 1) =>
  new EC2Client({ region: 'us-east-1', endpoint: emu.url, credentials: credentials ?? { accessKeyId: 'AKIDTEST', secretAccessKey: 's' }, maxAttempts });

async function assumeB(externalId?: string): Promise<Credentials> {
  const out = await clients(emu.url).sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${B}:role/Audit`, RoleSessionName: 'proton-audit', ...(externalId ? { ExternalId: externalId } : {}) }),
  );
  return { accessKeyId: out.Credentials?.AccessKeyId ?? '', secretAccessKey: out.Credentials?.SecretAccessKey ?? '', sessionToken: out.Credentials?.SessionToken ?? '' };
}

describe('EC2 DescribeRegions', () => {
  it("answers the caller's enabled regions through the SDK, sorted, with opt-in status", async () => {
    const out = await ec2().send(new DescribeRegionsCommand({ AllRegions: false }));
    expect(out.Regions).toEqual([
      { RegionName: 'eu-west-1', Endpoint: 'ec2.eu-west-1.amazonaws.com', OptInStatus: 'opt-in-not-required' },
      { RegionName: 'us-west-2', Endpoint: 'ec2.us-west-2.amazonaws.com', OptInStatus: 'opt-in-not-required' },
    ]);
    const one = await ec2().send(new DescribeRegionsCommand({ RegionNames: ['us-west-2'] }));
    expect(one.Regions?.map((r) => r.RegionName)).toEqual(['us-west-2']);
  });

  it('is denied as EC2 denies (UnauthorizedOperation) where the deny list says so', async () => {
    const asB = ec2(await assumeB('audit-2026'));
    const err = (await asB.send(new DescribeRegionsCommand({})).catch((e: unknown) => e)) as Error & { $metadata?: { httpStatusCode?: number } };
    expect(err.name).toBe('UnauthorizedOperation');
    expect(err.$metadata?.httpStatusCode).toBe(403);
  });

  it('an unknown region name is InvalidParameterValue; a write is refused as read-only', async () => {
    const err = (await ec2().send(new DescribeRegionsCommand({ RegionNames: ['ap-south-1'] })).catch((e: unknown) => e)) as Error;
    expect(err.name).toBe('InvalidParameterValue');
    const write = await raw(emu.url, { service: 'ec2', body: new URLSearchParams({ Action: 'StopInstances', Version: '2016-11-15', 'InstanceId.1': 'i-1' }).toString() });
    expect(write.status).toBe(403);
    expect(write.text).toMatch(/<Response><Errors><Error><Code>UnauthorizedOperation<\/Code><Message>[^<]*read-only/);
  });

  it('throttles in EC2 terms (RequestLimitExceeded), which the SDK retries', async () => {
    emu.setFaults({ throttleEvery: 2 });
    try {
      emu.resetCalls();
      // Every 2nd request is throttled: of two calls at least one is retried.
      const client = ec2(undefined, 4);
      for (let i = 0; i < 2; i++) expect((await client.send(new DescribeRegionsCommand({}))).Regions).toHaveLength(2);
      expect(emu.calls()['ec2:DescribeRegions']).toBeGreaterThanOrEqual(3);
    } finally {
      emu.setFaults({});
    }
  });
});

describe('AssumeRole with an ExternalId', () => {
  it('succeeds with the id the account requires, and answers as that account', async () => {
    const creds = await assumeB('audit-2026');
    expect(creds.accessKeyId).toMatch(new RegExp(`^ASIAEMU${B}`));
  });

  it('is AccessDenied with a wrong or missing ExternalId', async () => {
    for (const id of ['wrong-id', undefined]) {
      const err = (await assumeB(id).catch((e: unknown) => e)) as Error;
      expect(err.name).toBe('AccessDenied');
    }
  });
});
