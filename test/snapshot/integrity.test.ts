/**
 * Snapshot integrity: the collection digest tells an edited snapshot from a collected one, a
 * signature by a trusted key says who collected it, and neither an edit nor a merge nor an
 * evidence bundle passes an edited snapshot off as live.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/model/index.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { checkIntegrity, collectionDigest, sealSnapshot } from '../../src/snapshot/integrity.ts';
import { serializeSnapshot } from '../../src/snapshot/io.ts';
import { estate, tempDir } from '../diff/fixtures.ts';
import { cliProcess, runCli } from '../helpers/cli.ts';
import { testEstate } from '../collect/fixtures/estate.ts';

const exec = promisify(execFile);
const NOW = '2026-11-01T00:00:00Z';
// A collect process and whole evaluations on a shared two-core machine: time is not what is tested.
const SLOW = 600_000;

function keyPair(dir: string, name: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const priv = join(dir, `${name}.pem`);
  const pub = join(dir, `${name}.pub.pem`);
  writeFileSync(priv, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
  return { priv, pub, privateKey, publicKey };
}

describe('collection digest and signature', () => {
  const dir = tempDir('pa-integrity-');
  const signer = keyPair(dir, 'signer');
  const other = keyPair(dir, 'other');
  const live: Snapshot = { ...estate(), collection: { ...estate().collection, source: 'live' } };

  it('a sealed snapshot checks out; an edit makes it "edited"; a live one without digest is "unverified"', () => {
    const sealed = sealSnapshot(live);
    expect(sealed.integrity?.digest).toBe(collectionDigest(live));
    expect(checkIntegrity(sealed)).toMatchObject({ digest: 'valid', signature: 'unsigned', source: 'live' });
    const edited = JSON.parse(serializeSnapshot(sealed)) as Snapshot;
    edited.accounts[0]?.regions.pop();
    expect(checkIntegrity(edited)).toMatchObject({ digest: 'mismatch', source: 'edited' });
    const { integrity: _gone, ...stripped } = sealed;
    expect(checkIntegrity(stripped as Snapshot)).toMatchObject({ digest: 'missing', source: 'unverified' });
    // import and merge make no claim of a live collection.
    expect(checkIntegrity({ ...(stripped as Snapshot), collection: { ...live.collection, source: 'import' } }).source).toBe('import');
  });

  it('a signature names its key; only the trusted key makes it trusted; a forged or re-signed snapshot is caught', () => {
    const signed = sealSnapshot(live, signer.privateKey);
    expect(checkIntegrity(signed)).toMatchObject({ digest: 'valid', signature: 'valid', source: 'live' });
    expect(checkIntegrity(signed, signer.publicKey)).toMatchObject({ signature: 'valid', trusted: true });
    expect(checkIntegrity(signed, other.publicKey)).toMatchObject({ trusted: false });
    // An attacker edits, recomputes the digest and re-signs with their own key: integrity holds, trust does not.
    const edited = JSON.parse(serializeSnapshot(signed)) as Snapshot;
    edited.accounts[0]?.regions.pop();
    const resigned = sealSnapshot(edited, other.privateKey);
    expect(checkIntegrity(resigned).source).toBe('live');
    expect(checkIntegrity(resigned, signer.publicKey)).toMatchObject({ trusted: false });
    // Or keeps the old signature over a new digest: the signature no longer verifies.
    const forged = { ...sealSnapshot(edited), integrity: { ...(sealSnapshot(edited).integrity as NonNullable<Snapshot['integrity']>), signature: signed.integrity?.signature } };
    expect(checkIntegrity(forged as Snapshot)).toMatchObject({ digest: 'valid', signature: 'invalid', source: 'edited' });
  });
});

describe('collect --sign, evaluate, merge, evidence and verify', () => {
  let emulator: RunningEmulator;
  let retired: RunningEmulator;
  const dir = tempDir('pa-integrity-cli-');
  const signer = keyPair(dir, 'signer');
  beforeAll(async () => {
    emulator = await startEmulator({ estate: testEstate(), port: 0 });
    // The same estate after the retirement: Proton's endpoint drops every connection.
    const gone = testEstate();
    for (const r of gone.accounts.flatMap((a) => a.regions)) r.protonAvailable = false;
    retired = await startEmulator({ estate: gone, port: 0 });
    await exec(...cliProcess(['collect', '--region', 'us-east-1', '--no-progress', '--sign', signer.priv, '--output', join(dir, 'signed.json')]), {
      env: { PATH: process.env.PATH ?? '', HOME: dir, AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret', AWS_EC2_METADATA_DISABLED: 'true', AWS_ENDPOINT_URL: emulator.url },
    });
  }, SLOW);
  afterAll(async () => {
    await Promise.all([emulator?.close(), retired?.close()]);
  });

  const read = (name: string): Snapshot => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Snapshot;

  it('collect --sign writes the digest and the signature; evaluate with the public key reports it live and trusted', { timeout: SLOW }, async () => {
    const snap = read('signed.json');
    expect(snap.integrity?.digest).toBe(collectionDigest(snap));
    expect(snap.integrity?.signature?.algorithm).toBe('ed25519');
    const r = await runCli(['evaluate', '--snapshot', join(dir, 'signed.json'), '--snapshot-public-key', signer.pub, '--now', NOW, '--fail-on', 'none', '--format', 'json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { snapshot: { source: string; integrity: unknown } };
    expect(result.snapshot.source).toBe('live');
    expect(result.snapshot.integrity).toMatchObject({ digest: 'valid', signature: 'valid', trusted: true });
  });

  it('a hand-edited snapshot is evaluated as "edited", refused under --snapshot-public-key, refused by merge, and its evidence says so', { timeout: SLOW }, async () => {
    const snap = read('signed.json');
    // Remove what an attacker would want unseen: a role's attached policies.
    const role = snap.accounts[0]?.iam?.roles.find((r) => (r.AttachedManagedPolicies ?? []).length > 0);
    expect(role).toBeDefined();
    if (role) role.AttachedManagedPolicies = [];
    writeFileSync(join(dir, 'edited.json'), serializeSnapshot(snap));

    const r = await runCli(['evaluate', '--snapshot', join(dir, 'edited.json'), '--now', NOW, '--fail-on', 'none', '--format', 'json', '--format', `markdown:${join(dir, 'edited.md')}`, '--evidence', join(dir, 'ev')], { env: {} });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("snapshot: the snapshot was edited after it was written: its collection digest does not match; reported as source 'edited'");
    expect((JSON.parse(r.stdout) as { snapshot: { source: string } }).snapshot.source).toBe('edited');
    const manifest = JSON.parse(readFileSync(join(dir, 'ev', 'manifest.json'), 'utf8')) as { snapshot: { source: string; integrity: { digest: string } } };
    expect(manifest.snapshot).toMatchObject({ source: 'edited', integrity: { digest: 'mismatch' } });
    const verified = await runCli(['verify', join(dir, 'ev'), '--no-signature-check']);
    expect(verified.stdout).toContain("ok    snapshot.json: source 'edited': the snapshot was changed after collection, and the report says so");

    const pinned = await runCli(['evaluate', '--snapshot', join(dir, 'edited.json'), '--snapshot-public-key', signer.pub, '--now', NOW, '--format', 'json']);
    expect(pinned.code).toBe(2);
    expect(pinned.stderr).toMatch(/cannot trust snapshot .*edited\.json[\s\S]*not signed by --snapshot-public-key/);

    const merged = await runCli(['merge', join(dir, 'edited.json'), '--output', join(dir, 'merged.json')]);
    expect(merged.code).toBe(2);
    expect(merged.stderr).toMatch(/edited\.json at \$\.integrity: the snapshot was edited after it was written/);
  });

  it('a bundle whose manifest calls an edited snapshot live fails verify', { timeout: SLOW }, async () => {
    const r = await runCli(['evaluate', '--snapshot', join(dir, 'signed.json'), '--now', NOW, '--fail-on', 'none', '--format', `json:${join(dir, 'r.json')}`, '--evidence', join(dir, 'ev2')]);
    expect(r.code).toBe(0);
    // Swap in the edited snapshot and fix every hash, as someone without the signing key could.
    const { sha256Hex } = await import('../../src/util/canonical-json.ts');
    const edited = readFileSync(join(dir, 'edited.json'));
    writeFileSync(join(dir, 'ev2', 'snapshot.json'), edited);
    const manifestPath = join(dir, 'ev2', 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { snapshot: { sha256: string; bytes: number } };
    manifest.snapshot.sha256 = sha256Hex(edited);
    manifest.snapshot.bytes = edited.length;
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const v = await runCli(['verify', join(dir, 'ev2'), '--no-signature-check']);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/FAIL {2}snapshot\.json: the collection digest does not match, yet the manifest calls the source 'live'/);
  });

  it('a schema-2 snapshot carrying last-known Proton records is sealed over them too; an edit of a carried record is "edited"; an edited snapshot is never carried', { timeout: SLOW }, async () => {
    const env = { PATH: process.env.PATH ?? '', HOME: dir, AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret', AWS_EC2_METADATA_DISABLED: 'true', AWS_ENDPOINT_URL: retired.url };
    await exec(...cliProcess(['collect', '--region', 'us-east-1', '--no-progress', '--last-known', join(dir, 'signed.json'), '--sign', signer.priv, '--output', join(dir, 'carried.json')]), { env });
    const carried = read('carried.json');
    expect(carried.schemaVersion).toBe(2);
    const region = carried.accounts[0]?.regions.find((r) => r.region === 'us-east-1');
    expect(region?.lastKnown?.source).toBe('live');
    expect(region?.proton?.environments.length).toBeGreaterThan(0);
    expect(carried.coverage.some((e) => e.service === 'proton' && e.status === 'last-known')).toBe(true);
    expect(carried.integrity?.digest).toBe(collectionDigest(carried));
    expect(checkIntegrity(carried)).toMatchObject({ digest: 'valid', signature: 'valid', source: 'live' });

    // Edits to what was carried, or to when it was collected, break the digest like any other edit.
    const asOf = structuredClone(carried);
    const r0 = asOf.accounts[0]?.regions.find((r) => r.region === 'us-east-1');
    if (r0?.lastKnown) r0.lastKnown.collectedAt = '2026-12-01T00:00:00.000Z';
    expect(checkIntegrity(asOf)).toMatchObject({ digest: 'mismatch', source: 'edited' });
    const record = structuredClone(carried);
    record.accounts[0]?.regions.find((r) => r.region === 'us-east-1')?.proton?.environments.pop();
    expect(checkIntegrity(record)).toMatchObject({ digest: 'mismatch', source: 'edited' });
    writeFileSync(join(dir, 'carried-edited.json'), serializeSnapshot(record));
    const r = await runCli(['evaluate', '--snapshot', join(dir, 'carried-edited.json'), '--now', NOW, '--fail-on', 'none', '--format', 'json']);
    expect((JSON.parse(r.stdout) as { snapshot: { source: string } }).snapshot.source).toBe('edited');

    // An edited snapshot given as --last-known (or --since) would come out sealed as collected: refused.
    for (const flag of ['--last-known', '--since']) {
      const again = await runCli(['collect', '--endpoint-url', retired.url, '--region', 'us-east-1', '--no-progress', flag, join(dir, 'edited.json'), '--output', join(dir, 'never.json')], { env: { AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret' } });
      expect(again.code, flag).toBe(2);
      expect(again.stderr).toMatch(new RegExp(`cannot carry records from .*edited\\.json[\\s\\S]*${flag}: the snapshot was edited after it was written`));
    }
  });
});
