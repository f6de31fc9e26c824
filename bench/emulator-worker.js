// Worker entry: Node 20 resolves a worker's entry before --import hooks apply, so the TypeScript
// worker is loaded through tsx's API, as bin/proton-audit.js loads the CLI.
import { register } from 'tsx/esm/api';

register();
await import('./emulator-worker.ts');
