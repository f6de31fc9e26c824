/**
 * `proton-audit collect`: live collection into a snapshot (stdout, or --output). The report
 * goes to stderr so stdout stays the snapshot.
 */
import { collect } from '../../collect/index.ts';
import { describeSnapshot } from '../../snapshot/summary.ts';
import { incompleteCoverage } from '../../engine/summary.ts';
import { UsageError } from '../../errors.ts';
import { collectOptionsFrom } from '../pipeline/collection.ts';
import { collectionFailure } from '../pipeline/fail-closed.ts';
import { serializeSnapshot } from '../../snapshot/io.ts';
import { sha256Hex } from '../../util/canonical-json.ts';
import { InputGuard } from '../../util/atomic-file.ts';
import { emitSnapshot, seal, signingKey } from '../pipeline/snapshot-output.ts';
import { secretsStep } from '../pipeline/secrets.ts';
import { logTo, type CommandContext } from '../shared/io.ts';
import type { CollectCommandFlags } from '../shared/options.ts';

export async function collectAction(ctx: CommandContext, flags: CollectCommandFlags): Promise<void> {
  const log = logTo(ctx.io);
  const options = collectOptionsFrom(flags, ctx.io, log);
  if (flags.keepSecrets && flags.redact) throw new UsageError('--keep-secrets and --redact are opposites: give one');
  const signer = await signingKey(flags.sign);
  // An output that would replace an input is refused before the collection, not after it.
  const guard = new InputGuard();
  await guard.add(flags.since);
  await guard.add(flags.lastKnown);
  await guard.add(flags.accounts);
  await guard.add(flags.sign);
  if (flags.output && flags.output !== '-') await guard.check(flags.output, `--output ${flags.output}`);
  let snapshot = await collect(options);
  // Secrets are replaced before anything is described, sealed or written.
  secretsStep(snapshot, flags, log, (options.lastKnown ?? options.since)?.snapshot);
  const failure = collectionFailure(snapshot);
  if (failure) {
    // Say what was seen, then fail without writing: an empty snapshot must not replace a good one.
    for (const line of describeSnapshot(snapshot, sha256Hex(serializeSnapshot(snapshot)))) log(line);
    log('No snapshot was written.');
    throw failure;
  }
  snapshot = seal(snapshot, signer);
  const sha256 = await emitSnapshot(flags.output, snapshot, ctx.io, guard);
  for (const line of describeSnapshot(snapshot, sha256)) log(line);
  if (flags.output && flags.output !== '-') log(`Snapshot written to ${flags.output}`);
  const incomplete = incompleteCoverage(snapshot.coverage);
  if (flags.strict && incomplete.length > 0) {
    log(`--strict: the collection was incomplete in ${incomplete.length} account/region pair(s); exit 3`);
    ctx.setExit(3);
    return;
  }
  ctx.setExit(0);
}
