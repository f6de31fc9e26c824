/** Ed25519 signing for evidence manifests: the primitives are shared with snapshots (util/signing.ts). */
export { KeyProblem, keyFingerprint, privateKeyFromPem, publicKeyFromPem, publicKeyPem, signBytes, verifyBytes } from '../util/signing.ts';
