/**
 * Checking an evidence bundle: every file against its manifest hash, the result against the
 * snapshot it claims, and the manifest against its signature. Each check says which file and,
 * for a mismatch, the expected and actual hash. An unreadable manifest is an input error (exit
 * 2); a failed check is a verification failure (exit 1).
 */
import { lstat, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import type { Problem } from '../errors.ts';
import { describeFsError } from '../util/fs-errors.ts';
import { parseJsonWithLocation } from '../util/json-position.ts';
import { JsonObjectStream } from '../util/json-stream.ts';
import { hashFile } from '../util/write-chunks.ts';
import { sha256Hex } from '../util/canonical-json.ts';
import { StringDecoder } from 'node:string_decoder';
import { MANIFEST_FILE, OUTPUT_FILES, SIGNATURE_FILE, SNAPSHOT_FILE } from './manifest.ts';
import type { EvidenceManifest, FileHash } from './manifest.ts';
import { KeyProblem, keyFingerprint, publicKeyFromPem, verifyBytes } from './sign.ts';
import { collectionDigest } from '../snapshot/integrity.ts';
import type { Snapshot } from '../model/index.ts';

export interface VerifyCheck {
  /** File name within the bundle, or 'signature'. */
  file: string;
  ok: boolean;
  message: string;
  expected?: string;
  actual?: string;
}

export interface VerifyReport {
  dir: string;
  ok: boolean;
  checks: VerifyCheck[];
  /** Files in the directory the manifest does not mention (reported, not a failure). */
  unlisted: string[];
  /** 'not checked': the caller asked for hashes only (`verify --no-signature-check`). */
  signature: 'valid' | 'invalid' | 'unsigned' | 'not checked';
}

/** A bundle file that is a symbolic link is not read: it could point anywhere. */
class LinkedFile extends Error {}

const HEX64 = /^[0-9a-f]{64}$/;

/** A safe bundle-relative file name: no directories, no traversal. */
function plainName(name: unknown): name is string {
  return typeof name === 'string' && /^[A-Za-z0-9._-]+$/.test(name) && name !== '.' && name !== '..';
}

function manifestProblems(file: string, m: unknown): Problem[] {
  const problems: Problem[] = [];
  const at = (location: string, message: string) => problems.push({ file, location, message });
  if (m === null || typeof m !== 'object' || Array.isArray(m)) {
    at('$', 'a manifest is a JSON object');
    return problems;
  }
  const v = m as Partial<Record<keyof EvidenceManifest, unknown>>;
  if (v.kind !== 'proton-audit-evidence') at('$.kind', "not a proton-audit evidence manifest (kind must be 'proton-audit-evidence')");
  if (v.schemaVersion !== 1) at('$.schemaVersion', 'this proton-audit reads evidence schemaVersion 1');
  const checkHash = (h: unknown, location: string) => {
    const f = h as Partial<FileHash> | null;
    if (!f || typeof f !== 'object') return at(location, 'missing file entry');
    if (!plainName(f.file)) at(`${location}.file`, 'must be a plain file name inside the bundle');
    if (typeof f.sha256 !== 'string' || !HEX64.test(f.sha256)) at(`${location}.sha256`, 'must be 64 lowercase hex characters');
  };
  checkHash(v.snapshot, '$.snapshot');
  if (!Array.isArray(v.outputs)) at('$.outputs', 'must be an array of file hashes');
  else v.outputs.forEach((o, i) => checkHash(o, `$.outputs[${i}]`));
  if (v.signature !== null && v.signature !== undefined) {
    const s = v.signature as Partial<NonNullable<EvidenceManifest['signature']>>;
    if (s.algorithm !== 'ed25519') at('$.signature.algorithm', "only 'ed25519' is supported");
    if (typeof s.publicKey !== 'string') at('$.signature.publicKey', 'missing the PEM public key');
    if (s.file !== SIGNATURE_FILE) at('$.signature.file', `must be ${SIGNATURE_FILE}`);
  }
  return problems;
}

async function isLink(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isSymbolicLink();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

async function readMaybe(path: string): Promise<Buffer | undefined> {
  try {
    if ((await lstat(path)).isSymbolicLink()) throw new LinkedFile(path);
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export interface VerifyOptions {
  /** The signer's public key: the bundle must be signed, by this key. */
  publicKeyPem?: string;
  publicKeyPath?: string;
  /** Hashes only; the report says the signature was not checked. */
  skipSignature?: boolean;
}

export async function verifyEvidence(dir: string, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const manifestPath = join(dir, MANIFEST_FILE);
  let manifestBytes: Buffer;
  try {
    manifestBytes = await readFile(manifestPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    throw new InputError(`cannot verify ${dir}`, [{ file: manifestPath, location: '', message: code === 'ENOENT' ? `no ${MANIFEST_FILE}: not an evidence bundle` : describeFsError(code) }]);
  }
  const parsed = parseJsonWithLocation(manifestBytes.toString('utf8'));
  if (!parsed.ok) throw new InputError(`cannot verify ${dir}`, [{ file: manifestPath, location: parsed.location, message: parsed.message }]);
  const problems = manifestProblems(manifestPath, parsed.value);
  if (problems.length) throw new InputError(`cannot verify ${dir}`, problems);
  const manifest = parsed.value as EvidenceManifest;

  let pinned: ReturnType<typeof publicKeyFromPem> | undefined;
  if (opts.publicKeyPem !== undefined) {
    try {
      pinned = publicKeyFromPem(opts.publicKeyPem);
    } catch (err) {
      if (err instanceof KeyProblem) throw new InputError('cannot use the public key', [{ file: opts.publicKeyPath ?? '--public-key', location: '', message: err.message }]);
      throw err;
    }
  }

  const checks: VerifyCheck[] = [];
  const files: FileHash[] = [manifest.snapshot, ...manifest.outputs];
  // Files are hashed as they are read, never held whole; the result's named snapshot is read on the way.
  const hashes = new Map<string, string>();
  let claimed: unknown;
  let snapBytes: Buffer | undefined;
  for (const entry of files) {
    const path = join(dir, entry.file);
    const isResult = entry.file === OUTPUT_FILES.json;
    const reader = isResult ? snapshotClaimReader((v) => (claimed = v)) : undefined;
    let read: { sha256: string; bytes: number } | undefined;
    try {
      if (await isLink(path)) throw new LinkedFile(path);
      if (entry === manifest.snapshot) {
        // The snapshot is read whole: its collection digest is recomputed from its records.
        const bytes = await readMaybe(path);
        if (bytes !== undefined) {
          snapBytes = bytes;
          read = { sha256: sha256Hex(bytes), bytes: bytes.length };
        }
      } else {
        read = await hashFile(path, reader ? (chunk) => reader.feed(chunk) : undefined);
      }
    } catch (err) {
      if (err instanceof LinkedFile) {
        checks.push({ file: entry.file, ok: false, message: 'is a symbolic link; a bundle holds plain files', expected: entry.sha256 });
        continue;
      }
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (read === undefined) {
      checks.push({ file: entry.file, ok: false, message: 'missing', expected: entry.sha256 });
      continue;
    }
    reader?.end();
    hashes.set(entry.file, read.sha256);
    const actual = read.sha256;
    // The size is reported only when it differs: a one-byte edit keeps it and changes only the hash.
    const size = typeof entry.bytes === 'number' && entry.bytes !== read.bytes ? `; ${read.bytes} bytes, the manifest says ${entry.bytes}` : '';
    if (actual !== entry.sha256) checks.push({ file: entry.file, ok: false, message: `sha256 mismatch${size}`, expected: entry.sha256, actual });
    else if (size) checks.push({ file: entry.file, ok: false, message: `the manifest's size is wrong${size}`, expected: entry.sha256, actual });
    else checks.push({ file: entry.file, ok: true, message: `sha256 ${actual}`, expected: entry.sha256, actual });
  }
  for (const required of [SNAPSHOT_FILE, ...Object.values(OUTPUT_FILES)]) {
    if (!files.some((f) => f.file === required)) checks.push({ file: required, ok: false, message: 'not listed in the manifest' });
  }

  // The result must name the snapshot beside it, or the bundle proves nothing about the estate.
  const resultHash = hashes.get(OUTPUT_FILES.json);
  const snapHash = hashes.get(manifest.snapshot.file);
  if (resultHash !== undefined && snapHash !== undefined) {
    const actual = snapHash;
    checks.push(
      claimed === actual
        ? { file: OUTPUT_FILES.json, ok: true, message: `evaluated from ${manifest.snapshot.file}`, expected: actual, actual }
        : { file: OUTPUT_FILES.json, ok: false, message: `names snapshot ${typeof claimed === 'string' ? claimed : '(none)'}, not ${manifest.snapshot.file}`, expected: actual, actual: typeof claimed === 'string' ? claimed : undefined },
    );
  }

  if (snapBytes) checks.push(snapshotSourceCheck(manifest, snapBytes));

  let signature: VerifyReport['signature'] = 'unsigned';
  if (opts.skipSignature) {
    signature = 'not checked';
  } else if (manifest.signature) {
    const sigBytes = await readMaybe(join(dir, SIGNATURE_FILE)).catch((err: unknown) => {
      if (err instanceof LinkedFile) return undefined;
      throw err;
    });
    let embedded: ReturnType<typeof publicKeyFromPem> | undefined;
    try {
      embedded = publicKeyFromPem(manifest.signature.publicKey);
    } catch {
      embedded = undefined;
    }
    const key = pinned ?? embedded;
    if (sigBytes === undefined) {
      signature = 'invalid';
      checks.push({ file: SIGNATURE_FILE, ok: false, message: 'the manifest says it is signed but the signature file is missing' });
    } else if (!key) {
      signature = 'invalid';
      checks.push({ file: SIGNATURE_FILE, ok: false, message: 'the embedded public key is not a valid Ed25519 key' });
    } else if (!verifyBytes(manifestBytes, sigBytes.toString('utf8'), key)) {
      signature = 'invalid';
      checks.push({ file: SIGNATURE_FILE, ok: false, message: pinned ? 'signature does not verify with the given public key' : 'signature does not verify: manifest.json or manifest.sig was altered' });
    } else {
      signature = 'valid';
      const fp = keyFingerprint(key);
      const claimed = manifest.signature.publicKeySha256;
      if (pinned && embedded && keyFingerprint(embedded) !== fp) {
        checks.push({ file: SIGNATURE_FILE, ok: false, message: 'valid for the given key, but the manifest names a different public key', expected: fp, actual: keyFingerprint(embedded) });
      } else {
        checks.push({ file: SIGNATURE_FILE, ok: true, message: `Ed25519 signature valid, key sha256 ${fp}${pinned ? ' (the given public key)' : ' (the embedded key; pass --public-key to pin the signer)'}`, expected: claimed, actual: fp });
      }
    }
  } else if (pinned) {
    checks.push({ file: SIGNATURE_FILE, ok: false, message: 'a public key was given but the bundle is not signed' });
  }

  const listed = new Set([MANIFEST_FILE, SIGNATURE_FILE, ...files.map((f) => f.file)]);
  const unlisted = (await readdir(dir)).filter((f) => !listed.has(f)).sort();
  return { dir, ok: checks.every((c) => c.ok), checks, unlisted, signature };
}

/**
 * The snapshot's collection digest, recomputed: a bundle may call its snapshot live (or import,
 * merge) only when the digest holds; an honest 'edited' or 'unverified' passes and says so.
 */
function snapshotSourceCheck(manifest: EvidenceManifest, bytes: Buffer): VerifyCheck {
  const file = manifest.snapshot.file;
  const claimed = manifest.snapshot.source;
  const parsed = parseJsonWithLocation(bytes.toString('utf8'));
  const snapshot = parsed.ok && parsed.value !== null && typeof parsed.value === 'object' ? (parsed.value as Snapshot) : undefined;
  const recorded = snapshot?.integrity?.digest;
  if (!snapshot || recorded === undefined) {
    const honest = claimed !== 'live';
    return { file, ok: honest, message: honest ? `source '${claimed}': no collection digest` : `no collection digest, yet the manifest calls the source 'live'` };
  }
  const actual = collectionDigest(snapshot);
  if (actual === recorded) return { file, ok: true, message: `source '${claimed}': collection digest valid`, expected: recorded, actual };
  const honest = claimed === 'edited';
  return { file, ok: honest, message: honest ? "source 'edited': the snapshot was changed after collection, and the report says so" : `the collection digest does not match, yet the manifest calls the source '${claimed}'`, expected: recorded, actual };
}

/**
 * Finds `snapshot.sha256` in a result file as its chunks go by (v1 or v2 JSON, or the first line
 * of JSON Lines); anything unreadable simply claims nothing, which the check reports.
 */
function snapshotClaimReader(found: (sha256: unknown) => void): { feed(chunk: Buffer): void; end(): void } {
  const decoder = new StringDecoder('utf8');
  let broken = false;
  let first = true;
  let jsonl = false;
  let head = '';
  const stream = new JsonObjectStream(new Set(['outcomes', 'resources', 'findings']), {
    member(key, text) {
      if (key !== 'snapshot') return;
      try {
        found((JSON.parse(text) as { sha256?: unknown } | null)?.sha256);
      } catch {
        found(undefined);
      }
    },
    element() {},
  });
  return {
    feed(chunk) {
      if (broken) return;
      let text = decoder.write(chunk);
      if (first) {
        first = false;
        // JSON Lines: the claim is on the first line.
        jsonl = /^\s*\{"line":"result"/.test(text);
      }
      if (jsonl) {
        if (head.includes('\n')) return;
        head += text;
        const nl = head.indexOf('\n');
        if (nl >= 0) {
          try {
            found((JSON.parse(head.slice(0, nl)) as { snapshot?: { sha256?: unknown } }).snapshot?.sha256);
          } catch {
            found(undefined);
          }
        }
        return;
      }
      try {
        stream.feed(text);
      } catch {
        broken = true;
      }
      text = '';
    },
    end() {},
  };
}

/** Human-readable lines for the CLI. */
export function formatVerifyReport(report: VerifyReport): string {
  const lines = report.checks.map((c) => {
    if (c.ok) return `ok    ${c.file}: ${c.message}`;
    const detail = c.expected || c.actual ? ` (expected ${c.expected ?? '-'}, actual ${c.actual ?? '-'})` : '';
    return `FAIL  ${c.file}: ${c.message}${detail}`;
  });
  if (report.signature === 'unsigned') lines.push('note  the bundle is not signed: hashes show integrity only against the manifest itself');
  if (report.signature === 'not checked') lines.push('note  signature NOT checked (--no-signature-check): the hashes show the files match the manifest, not who wrote it');
  for (const f of report.unlisted) lines.push(`note  ${f} is not listed in the manifest`);
  const failed = report.checks.filter((c) => !c.ok).length;
  lines.push(report.ok ? `verified: ${report.checks.length} checks passed` : `verification failed: ${failed} of ${report.checks.length} checks failed`);
  return `${lines.join('\n')}\n`;
}
