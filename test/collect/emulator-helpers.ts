/** Shared set-up for collector tests against the built-in emulator. */
import { collect, type CollectOptions } from '../../src/collect/index.ts';
import type { Estate } from '../../src/emulator/index.ts';
import { startEmulator } from '../../src/emulator/index.ts';
import type { Snapshot } from '../../src/model/index.ts';

export const credentials = async () => ({ accessKeyId: 'AKIDTESTTESTTESTTEST', secretAccessKey: 'test-secret' });

/** A fixed clock: two runs of one estate must then be byte-identical. */
export function fixedClock(): () => Date {
  return () => new Date('2026-11-01T00:00:00.000Z');
}

export interface Run {
  snapshot: Snapshot;
  logs: string[];
  /** Calls seen by the onCall hook, 'service:Operation' with our service names. */
  calls: Record<string, number>;
  /** Calls the emulator counted, 'service:Operation' with IAM prefixes (tag, not tagging). */
  served: Record<string, number>;
}

export async function collectFrom(estate: Estate, opts: Partial<CollectOptions> & { faults?: Parameters<typeof startEmulator>[0]['faults'] } = {}): Promise<Run> {
  const { faults, ...rest } = opts;
  const emulator = await startEmulator({ estate, port: 0, ...(faults ? { faults } : {}) });
  const logs: string[] = [];
  const calls: Record<string, number> = {};
  try {
    const snapshot = await collect({
      regions: ['us-east-1'],
      endpointUrl: emulator.url,
      credentials,
      now: fixedClock(),
      log: (l) => logs.push(l),
      onCall: (service, operation) => {
        const key = `${service}:${operation}`;
        calls[key] = (calls[key] ?? 0) + 1;
      },
      env: {},
      ...rest,
    });
    return { snapshot, logs, calls, served: emulator.calls() };
  } finally {
    await emulator.close();
  }
}
