/**
 * Ed25519 signatures with node:crypto only: evidence manifests and snapshots are signed with the
 * same kind of key. The public key travels with what it signs so anyone can check integrity;
 * trusting the signer takes the key given to `verify --public-key` or `--snapshot-public-key`.
 */
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { sha256Hex } from './canonical-json.ts';

export class KeyProblem extends Error {}

export function privateKeyFromPem(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new KeyProblem('not a PEM private key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new KeyProblem(`an ${key.asymmetricKeyType ?? 'unknown'} key; signing needs an Ed25519 private key (openssl genpkey -algorithm ed25519)`);
  return key;
}

export function publicKeyFromPem(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new KeyProblem('not a PEM public key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new KeyProblem(`an ${key.asymmetricKeyType ?? 'unknown'} key; evidence is signed with Ed25519`);
  return key;
}

export function publicKeyPem(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return String(pub.export({ type: 'spki', format: 'pem' }));
}

/** sha256 of the DER SubjectPublicKeyInfo: a short, format-independent name for a key. */
export function keyFingerprint(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return sha256Hex(pub.export({ type: 'spki', format: 'der' }));
}

export function signBytes(bytes: Uint8Array, key: KeyObject): string {
  return `${sign(null, bytes, key).toString('base64')}\n`;
}

export function verifyBytes(bytes: Uint8Array, signatureText: string, key: KeyObject): boolean {
  const sig = Buffer.from(signatureText.trim(), 'base64');
  if (sig.length !== 64) return false;
  return verify(null, bytes, key, sig);
}
