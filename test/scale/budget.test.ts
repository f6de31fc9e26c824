/**
 * The request budget against a server that enforces its own rate (the emulator's token bucket,
 * as AWS throttles): under the budget nothing is throttled; without it the same collection is
 * throttled (retried by the SDK, so the snapshot is still complete). Retries spend the budget
 * too, and the progress counters see every attempt.
 */
import { describe, expect, it } from 'vitest';
import { collect } from '../../src/collect/index.ts';
import type { CollectStats } from '../../src/collect/stats.ts';
import { startEmulator } from '../../src/emulator/index.ts';
import { testEstate } from '../collect/fixtures/estate.ts';
import { credentials, fixedNow } from './helpers.ts';

async function run(maxRps: number, faults: Parameters<typeof startEmulator>[0]['faults']): Promise<{ stats: CollectStats; failed: number; served: number }> {
  const emulator = await startEmulator({ estate: testEstate({ scale: 10 }), faults });
  let stats: CollectStats | undefined;
  try {
    const snapshot = await collect({
      endpointUrl: emulator.url,
      credentials,
      regions: ['us-east-1'],
      maxRps,
      now: fixedNow,
      env: {},
      progress: { start: (s) => void (stats = s as CollectStats), stop: () => {} },
    });
    const served = Object.values(emulator.calls()).reduce((a, b) => a + b, 0);
    return { stats: stats as CollectStats, failed: snapshot.coverage.filter((e) => e.status !== 'ok').length, served };
  } finally {
    await emulator.close();
  }
}

describe('--max-rps', () => {
  it('under the server rate: no throttle, every attempt counted', async () => {
    const { stats, failed, served } = await run(20, { tps: 25 });
    expect(failed).toBe(0);
    expect(stats.throttles).toBe(0);
    expect(stats.attempts).toBe(served);
    expect(stats.attempts).toBe(stats.calls);
    expect(stats.calls).toBeGreaterThan(60);
  });

  it('without a budget the same server throttles the collection (and the SDK retries it)', async () => {
    const { stats, failed, served } = await run(0, { tps: 25 });
    expect(failed).toBe(0);
    expect(stats.throttles).toBeGreaterThan(0);
    expect(served).toBe(stats.attempts);
    expect(stats.attempts).toBe(stats.calls + stats.throttles);
  });
});
