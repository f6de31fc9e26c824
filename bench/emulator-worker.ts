/**
 * The emulator in a worker thread, so the collector under test and the server it talks to use
 * both cores instead of sharing one event loop. The worker builds the same deterministic estate
 * from its options; the parent asks for call counts and closes it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startEmulator, type FaultOptions } from '../src/emulator/index.ts';
import { syntheticEstate, type SyntheticOptions } from './synthetic-estate.ts';

const { options, faults } = workerData as { options: SyntheticOptions; faults: FaultOptions };
const emulator = await startEmulator({ estate: syntheticEstate(options), faults });
const port = parentPort;
if (!port) throw new Error('emulator-worker runs as a worker thread');
port.postMessage({ url: emulator.url });
port.on('message', (message: { type: 'calls' | 'reset' | 'faults' | 'close'; faults?: FaultOptions }) => {
  if (message.type === 'calls') port.postMessage({ calls: emulator.calls() });
  else if (message.type === 'reset') emulator.resetCalls();
  else if (message.type === 'faults') emulator.setFaults(message.faults ?? {});
  else if (message.type === 'close') void emulator.close().then(() => port.close());
});
