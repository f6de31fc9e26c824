/**
 * Proton's endpoint refuses connections (as after AWS retired it) while IAM, STS and tags answer
 * (moto_server): the collection still succeeds, says why once, marks every Proton operation of
 * the region unavailable without calling it, and keeps IAM and tags.
 */
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { createServer } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { collect } from '../../src/collect/index.ts';
import { PROTON_OPERATIONS } from '../../src/knowledge/operations.ts';
import { parseSnapshot, serializeSnapshot } from '../../src/snapshot/io.ts';
import type { Snapshot } from '../../src/model/index.ts';
import { describeWithMoto, startMoto, type Moto } from '../helpers/moto.ts';

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 1));
    });
  });
}

describeWithMoto('collection when the Proton endpoint does not answer', () => {
  let moto: Moto;
  let snapshot: Snapshot;
  const logs: string[] = [];
  const calls: string[] = [];
  const saved = { ...process.env };

  beforeAll(async () => {
    moto = await startMoto();
    const iam = new IAMClient({ region: 'us-east-1', endpoint: moto.url, credentials: { accessKeyId: 't', secretAccessKey: 't' } });
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'AWSProtonServiceRole',
        AssumeRolePolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'proton.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
      }),
    );
    iam.destroy();
    const port = await closedPort();
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_ENDPOINT_URL: moto.url,
      AWS_ENDPOINT_URL_PROTON: `http://127.0.0.1:${port}`,
    });
    let tick = 0;
    snapshot = await collect({
      regions: ['us-east-1', 'eu-west-1'],
      log: (l) => logs.push(l),
      onCall: (s, o) => calls.push(`${s}:${o}`),
      now: () => new Date(Date.UTC(2026, 10, 1, 0, 0, tick++)),
    });
  });

  afterAll(async () => {
    process.env = saved;
    await moto?.stop();
  });

  it('logs the reason once per region and records where the endpoints pointed', () => {
    expect(logs.filter((l) => l.startsWith('Proton is unavailable')).sort()).toEqual([
      'Proton is unavailable in eu-west-1: the endpoint did not answer (AWS ended support for Proton on 2026-10-07). IAM and tags are still collected.',
      'Proton is unavailable in us-east-1: the endpoint did not answer (AWS ended support for Proton on 2026-10-07). IAM and tags are still collected.',
    ]);
    expect(snapshot.collection.endpoints?.proton).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(snapshot.collection.endpoints?.iam).toBe(moto.url);
  });

  it('only probes Proton (asked twice, so one dropped connection is not a retired endpoint) and marks every other Proton operation unavailable', () => {
    expect(calls.filter((c) => c.startsWith('proton:'))).toEqual(Array(4).fill('proton:GetAccountSettings'));
    for (const region of ['us-east-1', 'eu-west-1']) {
      const proton = snapshot.coverage.filter((e) => e.region === region && e.service === 'proton');
      expect(proton.map((e) => e.operation).sort()).toEqual([...PROTON_OPERATIONS].sort());
      expect(proton.every((e) => e.status === 'unavailable')).toBe(true);
      expect(proton.filter((e) => e.calls > 0).map((e) => e.operation)).toEqual(['GetAccountSettings']);
    }
  });

  it('leaves proton absent but keeps IAM, tags, quotas and identity; the snapshot is valid', () => {
    const account = snapshot.accounts[0];
    expect(account?.accountId).toBe('123456789012');
    expect(account?.identity?.Account).toBe('123456789012');
    expect(account?.iam?.roles.map((r) => r.RoleName)).toEqual(['AWSProtonServiceRole']);
    expect(account?.regions.map((r) => r.region)).toEqual(['eu-west-1', 'us-east-1']);
    for (const r of account?.regions ?? []) {
      expect(r.proton).toBeUndefined();
      expect(r.tagging).toEqual({ protonResources: [], provisionedResources: [] });
      expect(r.quotas).toHaveLength(5);
    }
    expect(snapshot.collectedAt).toBe(snapshot.collection.finishedAt);
    expect(() => parseSnapshot('mem.json', serializeSnapshot(snapshot))).not.toThrow();
  });
});
