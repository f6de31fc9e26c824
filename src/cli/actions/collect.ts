/**
 * `proton-audit collect`: live collection into a snapshot (stdout, or --output). The report
 * goes to stderr so stdout stays the snapshot.
 */
import { collect } from '../../collect/index.ts';
import { describeSnapshot } from '../../snapshot/summary.ts';
import { incompleteCoverage } from '../../engine/summary.ts';
import { UsageError } from '../../errors.ts';
import { collectOptionsFrom } from '../pipeline/collection.ts';
import { emitSnapshot } from '../pipeline/snapshot-output.ts';
import { secretsStep } from '../pipeline/secrets.ts';
import { logTo, type CommandContext } from '../shared/io.ts';
import type { CollectCommandFlags } from '../shared/options.ts';

export async function collectAction(ctx: CommandContext, flags: CollectCommandFlags): Promise<void> {
  const log = logTo(ctx.io);
  const options = collectOptionsFrom(flags, ctx.io, log);
  if (flags.keepSecrets && flags.redact) throw new UsageError('--keep-secrets and --redact are opposites: give one');
  const snapshot = await collect(options);
  secretsStep(snapshot, flags, log, (options.lastKnown ?? options.since)?.snapshot);
  const sha256 = await emitSnapshot(flags.output, snapshot, ctx.io);
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
