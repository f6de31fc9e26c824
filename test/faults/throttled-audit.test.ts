/**
 * The acceptance run: an estate generated for this test alone (a seed no other test uses),
 * audited through a server that throttles every 4th call, gives exactly the findings of an
 * unthrottled audit; every call eventually succeeds. The server throttles a call's first attempt
 * only and answers its retry, so the run is the same however loaded the machine is and whatever
 * the retry budget: a rate limit (tps) or throttling every Nth request would make the number of
 * throttles a single call meets depend on timing. The budget (--max-rps 80) sets how far adaptive
 * retry may slow down.
 */
import { findingsOf } from '../../src/engine/outcomes.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticEstate } from '../../bench/synthetic-estate.ts';
import { collect } from '../../src/collect/index.ts';
import type { CollectStats } from '../../src/collect/stats.ts';
import { startEmulator } from '../../src/emulator/index.ts';
import type { FaultOptions } from '../../src/emulator/index.ts';
import type { AuditResult, Snapshot } from '../../src/model/index.ts';
import { audit, credentials, essence, fixedNow } from '../scale/helpers.ts';

const SEED = 90_417;
const estate = () => syntheticEstate({ scale: 1, seed: SEED, accounts: 2, instancesPerService: 2, regions: ['us-east-1'] });

async function run(faults: FaultOptions): Promise<{ snapshot: Snapshot; stats: CollectStats; result: AuditResult }> {
  const emulator = await startEmulator({ estate: estate(), faults });
  let stats: CollectStats | undefined;
  try {
    const snapshot = await collect({
      endpointUrl: emulator.url,
      credentials,
      org: true,
      assumeRole: 'Audit',
      regions: ['us-east-1'],
      maxRps: 80,
      now: fixedNow,
      env: {},
      progress: { start: (s) => void (stats = s as CollectStats), stop: () => {} },
    });
    return { snapshot, stats: stats as CollectStats, result: await audit(snapshot) };
  } finally {
    await emulator.close();
  }
}

describe('throttled audit of an unseen estate', () => {
  let clean: Awaited<ReturnType<typeof run>>;
  let throttled: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    clean = await run({});
    throttled = await run({ throttleFirstAttemptEvery: 4 });
  }, 120_000);

  it('was throttled, and retried every throttle to success', () => {
    // A quarter of the first attempts, each retried once (integer division; a few calls are not SDK calls).
    expect(throttled.stats.throttles).toBeGreaterThan(throttled.stats.calls / 6);
    expect(throttled.stats.failures).toBe(0);
    expect(throttled.snapshot.coverage.filter((e) => e.status !== 'ok')).toEqual([]);
  });

  it('collected the same data and made the same logical calls', () => {
    expect(throttled.snapshot.accounts).toEqual(clean.snapshot.accounts);
    expect(throttled.snapshot.coverage).toEqual(clean.snapshot.coverage);
  });

  it('produces exactly the findings of the unthrottled audit', () => {
    expect(findingsOf(clean.result).length).toBeGreaterThan(100);
    expect(findingsOf(clean.result).some((f) => f.status === 'fail')).toBe(true);
    expect(findingsOf(throttled.result).map(essence)).toEqual(findingsOf(clean.result).map(essence));
    expect(throttled.result.summary).toEqual(clean.result.summary);
  });
});
