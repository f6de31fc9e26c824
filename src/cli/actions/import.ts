/**
 * `proton-audit import <dir>`: a snapshot from AWS CLI JSON outputs (docs/import.md). The
 * snapshot goes to stdout or --output; unused files, notes and the summary go to stderr.
 */
import { describeSnapshot } from '../../snapshot/summary.ts';
import { UsageError } from '../../errors.ts';
import { importDirectory } from '../../import/index.ts';
import { boundedLine } from '../../util/text.ts';
import { emitSnapshot, seal } from '../pipeline/snapshot-output.ts';
import { secretsStep } from '../pipeline/secrets.ts';
import { logTo, type CommandContext } from '../shared/io.ts';
import type { ImportFlags } from '../shared/options.ts';

export async function importAction(ctx: CommandContext, dir: string, flags: ImportFlags): Promise<void> {
  if (flags.accountId !== undefined && !/^\d{12}$/.test(flags.accountId)) throw new UsageError(`--account-id: not a 12-digit account id: ${JSON.stringify(flags.accountId)}`);
  if (flags.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(flags.region)) throw new UsageError(`--region: not a region name: ${JSON.stringify(flags.region)}`);
  const log = logTo(ctx.io);
  const { snapshot, notes } = await importDirectory(dir, {
    ...(flags.accountId ? { accountId: flags.accountId } : {}),
    ...(flags.region ? { region: flags.region } : {}),
  });
  secretsStep(snapshot, flags, log);
  const files = snapshot.collection.files;
  log(`Imported ${files?.used.length ?? 0} file(s) from ${dir}`);
  for (const u of files?.unused ?? []) log(`  not used: ${boundedLine(u.file, 300)}: ${boundedLine(u.reason, 300)}`);
  for (const n of notes) log(`Note: ${boundedLine(n, 1000)}`);
  const sha256 = await emitSnapshot(flags.output, seal(snapshot), ctx.io);
  for (const line of describeSnapshot(snapshot, sha256)) log(line);
  ctx.setExit(0);
}
