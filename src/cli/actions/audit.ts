/**
 * `proton-audit audit`: collect, then evaluate, in one run. `--demo` starts the emulator
 * in-process with the demo estate on a free loopback port and collects from it through the real
 * SDK clients, so the whole live path runs with no AWS account.
 */
import { join } from 'node:path';
import { collect } from '../../collect/index.ts';
import { describeSnapshot } from '../../snapshot/summary.ts';
import { loadEstate, startEmulator, type RunningEmulator } from '../../emulator/index.ts';
import { packagePath } from '../../paths.ts';
import { serializeSnapshot } from '../../snapshot/io.ts';
import { sha256Hex } from '../../util/canonical-json.ts';
import { collectOptionsFrom } from '../pipeline/collection.ts';
import { failClosed } from '../pipeline/fail-closed.ts';
import { seal, signingKey, writeTo } from '../pipeline/snapshot-output.ts';
import { secretsStep } from '../pipeline/secrets.ts';
import { prepareEvaluation } from '../pipeline/evaluation.ts';
import { logTo, type CommandContext } from '../shared/io.ts';
import type { AuditFlags } from '../shared/options.ts';

export const DEMO_ESTATE = packagePath('examples', 'demo-estate.json');
export const DEMO_CONFIG = packagePath('examples', 'demo', 'proton-audit.yml');
/** The demo estate's planted ages (a 200-day-old role, a 3-day-old deployment) are relative to this. */
export const DEMO_NOW = '2026-11-23T12:00:00Z';

export async function auditAction(ctx: CommandContext, flags: AuditFlags): Promise<void> {
  const log = logTo(ctx.io);
  if (flags.demo) applyDemoDefaults(flags);
  const run = await prepareEvaluation(flags, ctx.io, { signWithoutEvidence: true, ...(flags.demo ? { failOn: 'none' } : {}) }, [flags.since, flags.lastKnown, flags.accounts]);
  const signer = await signingKey(run.signKeyPath);
  if (flags.snapshotOut) await run.guard.check(flags.snapshotOut, `--snapshot-out ${flags.snapshotOut}`);
  const options = collectOptionsFrom(flags, ctx.io, log);
  let emulator: RunningEmulator | undefined;
  try {
    if (flags.demo) {
      emulator = await startEmulator({ estate: await loadEstate(DEMO_ESTATE), port: 0 });
      log(`Demo: emulator serving examples/demo-estate.json at ${emulator.url} (Proton, Tagging, IAM, STS, Service Quotas)`);
      options.endpointUrl = emulator.url;
      // The emulator accepts any signature; fixed keys keep a developer's real credentials out of it.
      options.credentials = async () => ({ accessKeyId: 'AKIADEMOPROTONAUDIT1', secretAccessKey: 'demo-secret-not-a-real-key' });
    }
    const collected = await collect(options);
    // Secrets are replaced first; then sealed before anything reads its bytes (the sha256 in
    // every report covers the digest and signature).
    secretsStep(collected, flags, log, (options.lastKnown ?? options.since)?.snapshot);
    const snapshot = seal(collected, signer);
    const text = serializeSnapshot(snapshot);
    const sha256 = sha256Hex(text);
    for (const line of describeSnapshot(snapshot, sha256)) log(line);
    failClosed(snapshot, 'collection failed, so nothing was evaluated or written');
    let snapshotPath: string | undefined;
    if (flags.snapshotOut) {
      await writeTo(flags.snapshotOut, snapshot, '--snapshot-out', run.guard);
      snapshotPath = flags.snapshotOut;
      log(`Snapshot written to ${flags.snapshotOut}`);
    }
    const { exitCode } = await run(snapshot, sha256, snapshotPath ? { snapshotPath } : { snapshotBytes: text });
    ctx.setExit(exitCode);
  } finally {
    await emulator?.close();
  }
}

/** The demo writes every report under out/demo/ and prints the table, unless told otherwise. */
function applyDemoDefaults(flags: AuditFlags): void {
  const out = 'out/demo';
  flags.region ??= ['eu-west-1', 'us-east-1'];
  flags.now ??= DEMO_NOW;
  flags.config ??= DEMO_CONFIG;
  flags.snapshotOut ??= join(out, 'snapshot.json');
  if (!flags.format || flags.format.length === 0) {
    flags.format = ['table', `json:${join(out, 'result.json')}`, `sarif:${join(out, 'result.sarif')}`, `html:${join(out, 'report.html')}`, `markdown:${join(out, 'summary.md')}`];
  }
}
