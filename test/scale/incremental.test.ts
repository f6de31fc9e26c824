/**
 * collect --since: everything is listed again, details are fetched only for what changed or is
 * new, and the result equals a full collection of the same estate. An unchanged estate costs
 * its list pages only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticEstate } from '../../bench/synthetic-estate.ts';
import { collect, type CollectOptions } from '../../src/collect/index.ts';
import { redactSnapshot } from '../../src/collect/redact.ts';
import type { Estate } from '../../src/emulator/index.ts';
import { startEmulator } from '../../src/emulator/index.ts';
import { serializeSnapshot } from '../../src/snapshot/io.ts';
import type { Snapshot } from '../../src/model/index.ts';
import { sha256Hex } from '../../src/util/canonical-json.ts';
import { credentials, fixedNow } from './helpers.ts';

interface Run {
  snapshot: Snapshot;
  served: Record<string, number>;
  logs: string[];
}

async function collectFrom(estate: Estate, extra: Partial<CollectOptions> = {}): Promise<Run> {
  const emulator = await startEmulator({ estate });
  const logs: string[] = [];
  try {
    const snapshot = await collect({ endpointUrl: emulator.url, credentials, regions: ['us-east-1', 'eu-west-1'], now: fixedNow, env: {}, log: (l) => logs.push(l), ...extra });
    return { snapshot, served: emulator.calls(), logs };
  } finally {
    await emulator.close();
  }
}

const since = (s: Snapshot): CollectOptions['since'] => ({ snapshot: s, sha256: sha256Hex(serializeSnapshot(s)) });
/** The data, without what differs between any two runs (coverage counts, collection info). */
const data = (s: Snapshot): string => serializeSnapshot({ ...s, coverage: [], collection: { source: 'live', startedAt: '', finishedAt: '' } });
const detailCalls = (served: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(served).filter(([op]) => /^proton:Get(?!AccountSettings|ResourcesSummary)|^iam:GetPolicyVersion/.test(op)));

const estate = (): Estate => syntheticEstate({ scale: 1, seed: 11, instancesPerService: 4, regions: ['us-east-1', 'eu-west-1'] });

describe('an unchanged estate', () => {
  let full: Run;
  let again: Run;
  beforeAll(async () => {
    full = await collectFrom(estate());
    again = await collectFrom(estate(), { since: since(full.snapshot) });
  });

  it('costs list pages only: no detail call at all', () => {
    expect(Object.keys(detailCalls(full.served)).length).toBeGreaterThan(5);
    expect(detailCalls(again.served)).toEqual({});
  });

  it('gives the same data, and says what it reused', () => {
    expect(data(again.snapshot)).toBe(data(full.snapshot));
    const gets = Object.values(detailCalls(full.served)).reduce((a, b) => a + b, 0);
    expect(again.snapshot.collection.incremental).toEqual({ previousSha256: sha256Hex(serializeSnapshot(full.snapshot)), reused: gets, fetched: 0 });
  });
});

describe('a changed estate', () => {
  it('fetches exactly the changed and the new resources and equals a full collection', async () => {
    const before = await collectFrom(estate());
    const changed = estate();
    const region = changed.accounts[0]?.regions[0]?.proton;
    const instance = region?.serviceInstances?.[5];
    if (!region || !instance) throw new Error('estate shape');
    instance.lastDeploymentAttemptedAt = '2026-10-30T00:00:00Z';
    instance.lastDeploymentSucceededAt = '2026-10-30T00:00:00Z';
    instance.spec = 'proton: ServiceSpec\nport: 9999\n';
    region.services?.push({ name: 'svc-new', templateName: 'web', status: 'ACTIVE', createdAt: '2026-10-30T00:00:00Z', lastModifiedAt: '2026-10-30T00:00:00Z', spec: 'proton: ServiceSpec\n' });
    const template = region.environmentTemplates?.[0];
    if (template) template.lastModifiedAt = '2026-10-29T00:00:00Z';

    const incremental = await collectFrom(changed, { since: since(before.snapshot) });
    const reference = await collectFrom(changed);
    expect(detailCalls(incremental.served)).toEqual({ 'proton:GetEnvironmentTemplate': 1, 'proton:GetService': 1, 'proton:GetServiceInstance': 1 });
    expect(incremental.snapshot.collection.incremental?.fetched).toBe(3);
    expect(data(incremental.snapshot)).toBe(data(reference.snapshot));
  });

  it('fetches again what failed last time', async () => {
    const denied = estate();
    const account = denied.accounts[0];
    if (account) account.deny = ['proton:GetEnvironment'];
    const before = await collectFrom(denied);
    expect(before.snapshot.coverage.find((e) => e.operation === 'GetEnvironment' && e.region === 'us-east-1')?.status).toBe('denied');
    const after = await collectFrom(estate(), { since: since(before.snapshot) });
    expect(detailCalls(after.served)).toEqual({ 'proton:GetEnvironment': 2 });
    expect(data(after.snapshot)).toBe(data((await collectFrom(estate())).snapshot));
  });

  it('a redacted previous snapshot cannot stand in for specs: what it dropped is fetched', async () => {
    const before = await collectFrom(estate());
    const redacted = redactSnapshot(before.snapshot).snapshot;
    const after = await collectFrom(estate(), { since: since(redacted) });
    expect(after.logs.some((l) => l.includes('the previous snapshot was redacted'))).toBe(true);
    expect(detailCalls(after.served)['proton:GetServiceInstance']).toBe(2 * 40);
    // Templates have no spec: their details are still reused.
    expect(detailCalls(after.served)['proton:GetEnvironmentTemplate']).toBeUndefined();
    expect(data(after.snapshot)).toBe(data(before.snapshot));
  });
});
