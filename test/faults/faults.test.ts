/**
 * Collection under the emulator's faults, then the full rule pack. Whatever the fault, the run
 * completes, every gap is in coverage, every finding equals the clean run's or is a skip for
 * data not collected (never a pass or fail the clean run lacks), and `collect --strict` exits 3
 * exactly when something is missing.
 */
import { findingsOf } from '../../src/engine/outcomes.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountIdOf, syntheticEstate } from '../../bench/synthetic-estate.ts';
import { collect, type CollectOptions } from '../../src/collect/index.ts';
import type { Estate, FaultOptions } from '../../src/emulator/index.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import type { AuditResult, Snapshot } from '../../src/model/index.ts';
import { audit, cli, credentials, fixedNow } from '../scale/helpers.ts';
import { expectCleanOrSkipped } from './compare.ts';

const SEED = 31_337;
const estate = (mutate?: (e: Estate) => void): Estate => {
  const e = syntheticEstate({ scale: 1, seed: SEED, accounts: 2, instancesPerService: 2, regions: ['us-east-1'] });
  mutate?.(e);
  return e;
};

interface Outcome {
  snapshot: Snapshot;
  result: AuditResult;
  logs: string[];
}

async function run(e: Estate, faults: FaultOptions = {}, extra: Partial<CollectOptions> = {}): Promise<Outcome> {
  const emulator = await startEmulator({ estate: e, faults });
  const logs: string[] = [];
  try {
    const snapshot = await collect({
      endpointUrl: emulator.url,
      credentials,
      org: true,
      assumeRole: 'Audit',
      regions: ['us-east-1'],
      requestTimeoutMs: 500,
      now: fixedNow,
      env: {},
      log: (l) => logs.push(l),
      ...extra,
    });
    return { snapshot, result: await audit(snapshot), logs };
  } finally {
    await emulator.close();
  }
}

const gaps = (s: Snapshot) => s.coverage.filter((e) => e.status !== 'ok' || (e.failedResources?.length ?? 0) > 0);

let clean: Outcome;
beforeAll(async () => {
  clean = await run(estate());
  expect(gaps(clean.snapshot)).toEqual([]);
});

describe('transient faults are retried to the clean result', () => {
  it.each<[string, FaultOptions]>([
    ['server errors (every 5th request)', { serverErrorEvery: 5 }],
    ['dropped connections (every 6th request)', { dropEvery: 6 }],
    ['timeouts (every 9th request)', { timeoutEvery: 9 }],
    ['truncated bodies (every 7th request)', { truncateEvery: 7 }],
  ])('%s', async (_name, faults) => {
    const faulty = await run(estate(), faults);
    const diff = expectCleanOrSkipped(clean.result, faulty.result);
    // The SDK retries each of these; nothing should be lost.
    expect(gaps(faulty.snapshot)).toEqual([]);
    expect(diff).toEqual({ skipped: 0, unseen: 0, byDesign: 0 });
  });
});

describe('faults that outlast the retries', () => {
  it('malformed answers (every 6th request): recorded as errors; the rest matches the clean run', async () => {
    const faulty = await run(estate(), { malformedEvery: 6 });
    const recorded = gaps(faulty.snapshot);
    expect(recorded.length).toBeGreaterThan(0);
    for (const e of recorded) expect(['error', 'unavailable', 'ok']).toContain(e.status);
    const diff = expectCleanOrSkipped(clean.result, faulty.result);
    expect(diff.skipped + diff.unseen).toBeGreaterThan(0);
  });

  it('a storm of everything at once still completes, and never passes what it could not see', async () => {
    const faulty = await run(estate(), { serverErrorEvery: 11, dropEvery: 13, timeoutEvery: 17, truncateEvery: 19, malformedEvery: 23, throttleEvery: 29 }, { maxRps: 200 });
    expect(faulty.snapshot.accounts).toHaveLength(2);
    expectCleanOrSkipped(clean.result, faulty.result);
  });

  it('every request of a region dropped: the whole region is recorded, the other account is untouched', async () => {
    const e = estate((x) => {
      const a = x.accounts[1];
      if (a) a.regions = a.regions.map((r) => ({ ...r, protonAvailable: false }));
    });
    const faulty = await run(e);
    const member = accountIdOf(1);
    const proton = faulty.snapshot.coverage.filter((c) => c.accountId === member && c.service === 'proton');
    expect(proton.every((c) => c.status === 'unavailable')).toBe(true);
    expect(faulty.logs.some((l) => l.includes('Proton is unavailable in us-east-1'))).toBe(true);
    const diff = expectCleanOrSkipped(clean.result, faulty.result);
    expect(diff.unseen).toBeGreaterThan(0);
    expect(findingsOf(faulty.result).filter((f) => f.resource.accountId === accountIdOf(0)).length).toBe(
      findingsOf(clean.result).filter((f) => f.resource.accountId === accountIdOf(0)).length,
    );
  });
});

describe('AccessDenied on a subset', () => {
  it.each<[string, string[]]>([
    ['operations: instance details, policy holders, tags', ['proton:GetServiceInstance', 'iam:ListEntitiesForPolicy', 'tag:GetResources']],
    ['listings: environments and templates', ['proton:ListEnvironments', 'proton:ListServiceTemplates']],
    ['all of IAM', ['iam:*']],
  ])('%s', async (_name, deny) => {
    const faulty = await run(
      estate((x) => {
        const a = x.accounts[1];
        if (a) a.deny = deny;
      }),
    );
    const member = accountIdOf(1);
    const denied = faulty.snapshot.coverage.filter((e) => e.status === 'denied');
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((e) => e.accountId === member)).toBe(true);
    const diff = expectCleanOrSkipped(clean.result, faulty.result);
    expect(diff.skipped + diff.unseen).toBeGreaterThan(0);
  });
});

describe('an account that cannot be assumed', () => {
  let faulty: Outcome;
  beforeAll(async () => {
    faulty = await run(
      estate((x) => {
        const a = x.accounts[1];
        if (a) a.assumable = false;
      }),
    );
  });

  it('is named in coverage, and its rules skip', () => {
    const member = accountIdOf(1);
    expect(faulty.snapshot.coverage.find((e) => e.accountId === member && e.operation === 'AssumeRole')?.status).toBe('denied');
    expect(findingsOf(faulty.result).filter((f) => f.resource.accountId === member).every((f) => f.status === 'skip' && f.notCollected)).toBe(true);
    expectCleanOrSkipped(clean.result, faulty.result);
  });
});

describe('collect --strict', () => {
  let emulator: RunningEmulator;
  const dir = mkdtempSync(join(tmpdir(), 'pa-strict-'));
  beforeAll(async () => {
    emulator = await startEmulator({ estate: estate((x) => void (x.accounts[1] && (x.accounts[1].deny = ['proton:ListComponents']))) });
    writeFileSync(join(dir, 'one.txt'), `${accountIdOf(0)}\n`);
    writeFileSync(join(dir, 'both.txt'), `${accountIdOf(0)}\n${accountIdOf(1)}\n`);
  });
  afterAll(async () => {
    await emulator?.close();
  });

  const args = (file: string, strict: boolean) => ['collect', '--accounts', join(dir, file), '--assume-role', 'Audit', '--endpoint-url', emulator.url, '--output', join(dir, `${file}.json`), ...(strict ? ['--strict'] : [])];

  it('exits 3 when something was not collected, still writing the snapshot', async () => {
    const r = await cli(args('both.txt', true));
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('--strict: the collection was incomplete in 1 account/region pair(s); exit 3');
    expect(r.stderr).toContain(`${accountIdOf(1)} us-east-1 proton:ListComponents denied`);
  });

  it('exits 0 without --strict, and with it when nothing is missing', async () => {
    expect((await cli(args('both.txt', false))).code).toBe(0);
    expect((await cli(args('one.txt', true))).code).toBe(0);
  });
});
