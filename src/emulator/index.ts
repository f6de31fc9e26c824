/**
 * The built-in AWS emulator: serves an estate file over the Proton, Tagging, IAM, STS, Service
 * Quotas and Organizations read APIs on loopback. See docs/estate-format.md.
 */
export type { FaultOptions } from './faults.ts';
export type { EmulatorOptions, RunningEmulator } from './server.ts';
export { startEmulator } from './server.ts';
export { loadEstate } from './load.ts';
export type { Estate } from './estate.ts';
