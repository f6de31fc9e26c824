/** Evidence bundles: write (with an optional Ed25519 signature) and verify. */
export { loadSigningKey, writeEvidence } from './write.ts';
export type { EvidenceInput, EvidenceWritten } from './write.ts';
export { formatVerifyReport, verifyEvidence } from './verify.ts';
export type { VerifyCheck, VerifyReport } from './verify.ts';
export { MANIFEST_FILE, OUTPUT_FILES, SIGNATURE_FILE, SNAPSHOT_FILE } from './manifest.ts';
export type { EvidenceManifest } from './manifest.ts';
