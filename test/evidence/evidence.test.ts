import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cliProcess, runCli } from '../helpers/cli.ts';
import type { AuditResult } from '../../src/model/index.ts';
import { InputError } from '../../src/errors.ts';
import { MANIFEST_FILE, SIGNATURE_FILE, verifyEvidence, writeEvidence } from '../../src/evidence/index.ts';
import type { EvidenceManifest } from '../../src/evidence/index.ts';
import { serializeSnapshot } from '../../src/snapshot/io.ts';
import { sealSnapshot } from '../../src/snapshot/integrity.ts';
import { sha256Hex } from '../../src/util/canonical-json.ts';
import { estate, tempDir } from '../diff/fixtures.ts';
import { buildResult } from '../helpers/build-result.ts';

const run = promisify(execFile);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(...cliProcess(args));
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

interface Inputs {
  dir: string;
  snapshotPath: string;
  configPath: string;
  result: AuditResult;
}

function inputs(): Inputs {
  const dir = tempDir('pa-evidence-');
  // Sealed, as collect writes it: the bundle's source check recomputes the collection digest.
  const snapshotText = serializeSnapshot(sealSnapshot(estate()));
  const snapshotPath = join(dir, 'in-snapshot.json');
  writeFileSync(snapshotPath, snapshotText);
  const configPath = join(dir, '.proton-audit.yml');
  writeFileSync(configPath, 'failOn: high\n');
  const result = buildResult({ attacker: true, baseline: true });
  result.snapshot.sha256 = sha256Hex(snapshotText);
  return { dir, snapshotPath, configPath, result };
}

function keys(dir: string): { priv: string; pub: string } {
  mkdirSync(dir, { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const priv = join(dir, 'signer.pem');
  const pub = join(dir, 'signer.pub.pem');
  writeFileSync(priv, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
  return { priv, pub };
}

const ruleFiles = [
  { path: 'rules/iam/admin/rule.yaml', sha256: 'a'.repeat(64) },
  { path: 'rules/trust/deputy/rule.yaml', sha256: 'b'.repeat(64) },
];

describe('evidence bundle', () => {
  it('writes every artefact and a manifest hashing each, which verifies', async () => {
    const i = inputs();
    const out = join(i.dir, 'bundle');
    const written = await writeEvidence(out, { snapshotPath: i.snapshotPath, result: i.result, ruleFiles, configPath: i.configPath });
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'report.html', 'result.json', 'result.sarif', 'snapshot.json', 'summary.md']);
    const m = JSON.parse(readFileSync(join(out, MANIFEST_FILE), 'utf8')) as EvidenceManifest;
    expect(m.snapshot.sha256).toBe(i.result.snapshot.sha256);
    expect(readFileSync(join(out, 'snapshot.json'), 'utf8')).toBe(readFileSync(i.snapshotPath, 'utf8'));
    expect(m.outputs.map((o) => o.file)).toEqual(['report.html', 'result.json', 'result.sarif', 'summary.md']);
    for (const o of m.outputs) expect(o.sha256).toBe(sha256Hex(readFileSync(join(out, o.file))));
    expect(m.config).toEqual({ path: i.configPath, sha256: sha256Hex('failOn: high\n') });
    expect(m.ruleFiles).toEqual(ruleFiles);
    expect(m.rulePacks).toEqual([expect.objectContaining({ pack: 'builtin', version: i.result.tool.version, rules: i.result.rules.length })]);
    expect(m.snapshot.collectionWindow).toEqual({ startedAt: '2026-10-01T10:59:00.000Z', finishedAt: '2026-10-01T11:00:00.000Z' });
    expect(m.callerIdentity.accounts).toEqual([{ accountId: '111122223333', arn: 'arn:aws:sts::111122223333:assumed-role/Auditor/ci' }]);
    expect(m.coverageGaps).toHaveLength(2);
    expect(m.waiversApplied.reduce((n, w) => n + w.findings, 0)).toBe(i.result.summary.waived);
    expect(m.expiredWaivers).toHaveLength(1);
    expect(m.dependencies['@aws-sdk/client-proton']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(m.signature).toBeNull();
    expect(written.signed).toBe(false);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('Evidence manifest');
    const report = await verifyEvidence(out);
    expect(report.ok).toBe(true);
    expect(report.signature).toBe('unsigned');
  });

  it('gives byte-identical files for the same inputs', async () => {
    const i = inputs();
    await writeEvidence(join(i.dir, 'one'), { snapshotPath: i.snapshotPath, result: i.result, ruleFiles });
    await writeEvidence(join(i.dir, 'two'), { snapshotPath: i.snapshotPath, result: i.result, ruleFiles: [...ruleFiles].reverse() });
    for (const f of readdirSync(join(i.dir, 'one'))) expect(readFileSync(join(i.dir, 'two', f)), f).toEqual(readFileSync(join(i.dir, 'one', f)));
  });

  it.each(['snapshot.json', 'result.json', 'result.sarif', 'report.html', 'summary.md'])('one byte changed in %s: verify names the file with both hashes', async (file) => {
    const i = inputs();
    const out = join(i.dir, 'bundle');
    await writeEvidence(out, { snapshotPath: i.snapshotPath, result: i.result, ruleFiles });
    const path = join(out, file);
    const bytes = readFileSync(path);
    const expected = sha256Hex(bytes);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] ?? 0) ^ 0x01;
    writeFileSync(path, bytes);
    const report = await verifyEvidence(out);
    expect(report.ok).toBe(false);
    const failed = report.checks.filter((c) => !c.ok);
    expect(failed[0]).toMatchObject({ file, expected, actual: sha256Hex(bytes) });
    // A changed snapshot also breaks the result's claim to have been evaluated from it.
    const others = failed.filter((c) => c.file !== file);
    expect(others).toEqual(file === 'snapshot.json' ? [expect.objectContaining({ file: 'result.json', message: expect.stringContaining('names snapshot') })] : []);
  });

  it('a missing file fails verification by name', async () => {
    const i = inputs();
    const out = join(i.dir, 'bundle');
    await writeEvidence(out, { snapshotPath: i.snapshotPath, result: i.result, ruleFiles });
    rmSync(join(out, 'result.sarif'));
    const report = await verifyEvidence(out);
    expect(report.checks.filter((c) => !c.ok)).toEqual([expect.objectContaining({ file: 'result.sarif', message: 'missing' })]);
  });

  it('signs the manifest with Ed25519 and detects a bad signature, a tampered manifest and a wrong key', async () => {
    const i = inputs();
    const k = keys(i.dir);
    const out = join(i.dir, 'bundle');
    await writeEvidence(out, { snapshotPath: i.snapshotPath, result: i.result, ruleFiles, signKeyPath: k.priv });
    expect(readdirSync(out)).toContain(SIGNATURE_FILE);
    const pub = readFileSync(k.pub, 'utf8');
    expect((await verifyEvidence(out)).signature).toBe('valid');
    expect((await verifyEvidence(out, { publicKeyPem: pub })).ok).toBe(true);

    const other = keys(tempDir('pa-other-key-'));
    const wrong = await verifyEvidence(out, { publicKeyPem: readFileSync(other.pub, 'utf8') });
    expect(wrong.ok).toBe(false);
    expect(wrong.checks.find((c) => !c.ok)?.message).toContain('does not verify with the given public key');

    const sigPath = join(out, SIGNATURE_FILE);
    const sig = Buffer.from(readFileSync(sigPath, 'utf8').trim(), 'base64');
    sig[0] = (sig[0] ?? 0) ^ 0x01;
    writeFileSync(sigPath, `${sig.toString('base64')}\n`);
    const bad = await verifyEvidence(out);
    expect(bad.ok).toBe(false);
    expect(bad.signature).toBe('invalid');
    expect(bad.checks.find((c) => !c.ok)?.file).toBe(SIGNATURE_FILE);

    // Re-sign properly, then alter the manifest to cover a tampered report: the hashes agree, the signature does not.
    await writeEvidence(out, { snapshotPath: i.snapshotPath, result: i.result, ruleFiles, signKeyPath: k.priv });
    writeFileSync(join(out, 'summary.md'), 'all clear\n');
    const m = JSON.parse(readFileSync(join(out, MANIFEST_FILE), 'utf8')) as EvidenceManifest;
    const md = m.outputs.find((o) => o.file === 'summary.md');
    if (!md) throw new Error('no summary.md entry');
    md.sha256 = sha256Hex('all clear\n');
    md.bytes = 10;
    writeFileSync(join(out, MANIFEST_FILE), JSON.stringify(m, null, 2));
    const forged = await verifyEvidence(out);
    expect(forged.checks.filter((c) => !c.ok).map((c) => c.file)).toEqual([SIGNATURE_FILE]);
  });

  it('an unsigned bundle fails when a public key is required', async () => {
    const i = inputs();
    const k = keys(i.dir);
    const out = join(i.dir, 'bundle');
    await writeEvidence(out, { snapshotPath: i.snapshotPath, result: i.result, ruleFiles, signKeyPath: k.priv });
    await writeEvidence(out, { snapshotPath: i.snapshotPath, result: i.result, ruleFiles });
    expect(readdirSync(out)).not.toContain(SIGNATURE_FILE);
    const report = await verifyEvidence(out, { publicKeyPem: readFileSync(k.pub, 'utf8') });
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => !c.ok)?.message).toContain('not signed');
  });

  it('refuses a result evaluated from another snapshot, and a non-Ed25519 key', async () => {
    const i = inputs();
    const other = { ...i.result, snapshot: { ...i.result.snapshot, sha256: 'c'.repeat(64) } };
    await expect(writeEvidence(join(i.dir, 'x'), { snapshotPath: i.snapshotPath, result: other, ruleFiles })).rejects.toThrow(/is not the snapshot the result was evaluated from/);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const rsa = join(i.dir, 'rsa.pem');
    writeFileSync(rsa, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await expect(writeEvidence(join(i.dir, 'y'), { snapshotPath: i.snapshotPath, result: i.result, ruleFiles, signKeyPath: rsa })).rejects.toThrow(InputError);
  });

  it('an unreadable bundle is an InputError', async () => {
    const dir = tempDir('pa-not-bundle-');
    await expect(verifyEvidence(dir)).rejects.toThrow(/not an evidence bundle/);
    writeFileSync(join(dir, MANIFEST_FILE), '{"kind": "something-else"}');
    await expect(verifyEvidence(dir)).rejects.toThrow(InputError);
    writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify({ kind: 'proton-audit-evidence', schemaVersion: 1, snapshot: { file: '../etc/passwd', sha256: 'a'.repeat(64) }, outputs: [] }));
    await expect(verifyEvidence(dir)).rejects.toThrow(/plain file name/);
  });
});

describe('proton-audit verify (CLI)', () => {
  it('exits 0 when good, 1 naming the file when a check fails, 2 when unreadable', async () => {
    const i = inputs();
    const k = keys(i.dir);
    const out = join(i.dir, 'bundle');
    await writeEvidence(out, { snapshotPath: i.snapshotPath, result: i.result, ruleFiles, signKeyPath: k.priv });
    const good = await runCli(['verify', out, '--public-key', k.pub]);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('verified:');
    expect(good.stdout).toContain('Ed25519 signature valid');
    writeFileSync(join(out, 'report.html'), 'tampered');
    const bad = await runCli(['verify', out, '--public-key', k.pub]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/FAIL {2}report\.html: sha256 mismatch\b.*expected [0-9a-f]{64}, actual [0-9a-f]{64}/);
    const json = await runCli(['verify', out, '--format', 'json', '--public-key', k.pub]);
    expect((JSON.parse(json.stdout) as { ok: boolean }).ok).toBe(false);
    const missing = await runCli(['verify', join(i.dir, 'nope'), '--no-signature-check']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('not an evidence bundle');
    expect((await runCli(['verify', out, '--public-key', i.configPath])).code).toBe(2);
    expect((await runCli(['verify', out, '--format', 'xml'])).code).toBe(2);
  });

  it('runs from the real binary with the documented exit codes', async () => {
    const i = inputs();
    const out = join(i.dir, 'bundle');
    await writeEvidence(out, { snapshotPath: i.snapshotPath, result: i.result, ruleFiles });
    const hashesOnly = await cli(['verify', out, '--no-signature-check']);
    expect(hashesOnly.code).toBe(0);
    expect(hashesOnly.stdout).toContain('signature NOT checked (--no-signature-check)');
    writeFileSync(join(out, 'summary.md'), 'x');
    const bad = await cli(['verify', out, '--no-signature-check']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('FAIL  summary.md');
  });

  it('trusts only the signer\'s key: a bundle re-signed with another key, or with its signature stripped, fails; without a key verify refuses', async () => {
    const i = inputs();
    const k = keys(i.dir);
    const attacker = keys(join(i.dir, 'attacker'));
    const out = join(i.dir, 'resigned');
    await writeEvidence(out, { snapshotPath: i.snapshotPath, result: i.result, ruleFiles, signKeyPath: attacker.priv });
    const resigned = await runCli(['verify', out, '--public-key', k.pub]);
    expect(resigned.code).toBe(1);
    expect(resigned.stdout).toMatch(/FAIL {2}manifest\.sig: signature does not verify with the given public key/);
    const stripped = join(i.dir, 'stripped');
    await writeEvidence(stripped, { snapshotPath: i.snapshotPath, result: i.result, ruleFiles });
    const unsigned = await runCli(['verify', stripped, '--public-key', k.pub]);
    expect(unsigned.code).toBe(1);
    expect(unsigned.stdout).toContain('a public key was given but the bundle is not signed');
    const keyless = await runCli(['verify', out]);
    expect(keyless.code).toBe(2);
    expect(keyless.stderr).toBe("proton-audit: verify needs --public-key <pem>, the signer's Ed25519 public key, or --no-signature-check to check the hashes only\n");
  });

  it('does not read a bundle file that is a symbolic link', async () => {
    const i = inputs();
    const k = keys(i.dir);
    const out = join(i.dir, 'linked');
    await writeEvidence(out, { snapshotPath: i.snapshotPath, result: i.result, ruleFiles, signKeyPath: k.priv });
    const copy = join(i.dir, 'summary-copy.md');
    writeFileSync(copy, readFileSync(join(out, 'summary.md')));
    rmSync(join(out, 'summary.md'));
    symlinkSync(copy, join(out, 'summary.md'));
    const r = await runCli(['verify', out, '--public-key', k.pub]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL  summary.md: is a symbolic link; a bundle holds plain files');
  });
});
