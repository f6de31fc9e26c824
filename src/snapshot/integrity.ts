/**
 * Snapshot integrity: tell a snapshot as collected from one edited afterwards.
 *
 * - `digest`: sha256 of the snapshot's canonical JSON with the `integrity` field left out. Any
 *   edit that does not also recompute it shows (`evaluate` then reports the source as 'edited').
 * - `signature` (`collect --sign`, `audit --sign`, `merge --sign`): Ed25519 over
 *   SIGNED_PREFIX + digest + '\n'. Whoever can edit the file can recompute a digest, and can
 *   re-sign with a key of their own; only a signature by a key the evaluator was given
 *   (`--snapshot-public-key`) says who produced it.
 *
 * The full design, and what each label in a report means, is in docs/evidence.md.
 */
import type { KeyObject } from 'node:crypto';
import type { ResultIntegrity, Snapshot, SnapshotIntegrity } from '../model/index.ts';
import { canonicalJson, sha256Hex } from '../util/canonical-json.ts';
import { keyFingerprint, publicKeyFromPem, publicKeyPem, signBytes, verifyBytes } from '../util/signing.ts';

/** Domain separation: a snapshot signature can never be replayed as another kind of signature. */
export const SIGNED_PREFIX = 'proton-audit snapshot digest v1\n';

function signedBytes(digest: string): Buffer {
  return Buffer.from(`${SIGNED_PREFIX}${digest}\n`, 'utf8');
}

/** The digest of everything but the integrity block. */
export function collectionDigest(snapshot: Snapshot): string {
  const { integrity: _integrity, ...rest } = snapshot;
  return sha256Hex(canonicalJson(rest));
}

/** The snapshot with its integrity block (re)computed, signed when a private key is given. */
export function sealSnapshot(snapshot: Snapshot, signer?: KeyObject): Snapshot {
  const { integrity: _old, ...rest } = snapshot;
  const digest = collectionDigest(rest as Snapshot);
  const integrity: SnapshotIntegrity = { digest };
  if (signer) {
    integrity.signature = {
      algorithm: 'ed25519',
      value: signBytes(signedBytes(digest), signer).trim(),
      publicKey: publicKeyPem(signer),
      publicKeySha256: keyFingerprint(signer),
    };
  }
  return { ...rest, integrity } as Snapshot;
}

export interface IntegrityCheck extends ResultIntegrity {
  /** The source a report states: the recorded one when the digest holds, else 'edited' or 'unverified'. */
  source: string;
  /** One line saying what was found, for stderr and verify. */
  note: string;
}

/**
 * Checks a snapshot's integrity block; `trusted` is the public key its signature must verify
 * with (the caller refuses the snapshot when `trusted` is given and the check is not).
 */
export function checkIntegrity(snapshot: Snapshot, trusted?: KeyObject): IntegrityCheck {
  const recorded = snapshot.collection.source;
  const block = snapshot.integrity;
  if (!block) {
    // import and merge say what they are; only a claim of live collection needs the digest behind it.
    const source = recorded === 'live' ? 'unverified' : recorded;
    return { digest: 'missing', signature: 'unsigned', source, note: `the snapshot has no collection digest${recorded === 'live' ? ': its live collection cannot be told from an edit' : ''}` };
  }
  const digestOk = collectionDigest(snapshot) === block.digest;
  let signature: ResultIntegrity['signature'] = 'unsigned';
  let signerKeySha256: string | undefined;
  let trustedSigner: boolean | undefined;
  if (block.signature) {
    let embedded: KeyObject | undefined;
    try {
      embedded = publicKeyFromPem(block.signature.publicKey);
    } catch {
      embedded = undefined;
    }
    const key = trusted ?? embedded;
    const valid = key !== undefined && block.signature.algorithm === 'ed25519' && verifyBytes(signedBytes(block.digest), block.signature.value, key);
    signature = valid ? 'valid' : 'invalid';
    if (embedded) signerKeySha256 = keyFingerprint(embedded);
    // Trust is in the content: a valid signature over a digest the content no longer has is not enough.
    if (trusted) trustedSigner = digestOk && valid && signerKeySha256 === keyFingerprint(trusted);
  } else if (trusted) {
    trustedSigner = false;
  }
  const edited = !digestOk || signature === 'invalid';
  const result: IntegrityCheck = {
    digest: digestOk ? 'valid' : 'mismatch',
    signature,
    ...(signerKeySha256 ? { signerKeySha256 } : {}),
    ...(trustedSigner !== undefined ? { trusted: trustedSigner } : {}),
    source: edited ? 'edited' : recorded,
    note: !digestOk
      ? 'the snapshot was edited after it was written: its collection digest does not match'
      : signature === 'invalid'
        ? 'the snapshot signature does not verify: the snapshot or its signature was altered'
        : signature === 'valid'
          ? `collection digest valid; signed by key sha256 ${signerKeySha256 ?? '?'}${trusted ? (trustedSigner ? ' (the given key)' : ' (not the given key)') : ' (not checked against a trusted key)'}`
          : 'collection digest valid; not signed',
  };
  return result;
}
