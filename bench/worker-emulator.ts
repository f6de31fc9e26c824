/** Starting and driving bench/emulator-worker.ts from the benchmark's main thread. */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { FaultOptions } from '../src/emulator/index.ts';
import type { SyntheticOptions } from './synthetic-estate.ts';

export interface WorkerEmulator {
  url: string;
  calls(): Promise<Record<string, number>>;
  reset(): void;
  setFaults(faults: FaultOptions): void;
  close(): Promise<void>;
}

export async function startWorkerEmulator(options: SyntheticOptions, faults: FaultOptions): Promise<WorkerEmulator> {
  const worker = new Worker(new URL('./emulator-worker.js', import.meta.url), { workerData: { options, faults } });
  const [first] = (await once(worker, 'message')) as [{ url: string }];
  return {
    url: first.url,
    calls: async () => {
      worker.postMessage({ type: 'calls' });
      const [reply] = (await once(worker, 'message')) as [{ calls: Record<string, number> }];
      return reply.calls;
    },
    reset: () => worker.postMessage({ type: 'reset' }),
    setFaults: (f) => worker.postMessage({ type: 'faults', faults: f }),
    close: async () => {
      worker.postMessage({ type: 'close' });
      await once(worker, 'exit');
    },
  };
}
