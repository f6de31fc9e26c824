/**
 * `proton-audit evaluate`: audits a snapshot file offline — no AWS call. Same rules, config,
 * clock, report and gate flags as `audit`.
 */
import { readSnapshot } from '../../snapshot/io.ts';
import { prepareEvaluation } from '../pipeline/evaluation.ts';
import { failClosed } from '../pipeline/fail-closed.ts';
import type { CommandContext } from '../shared/io.ts';
import type { EvaluateCommandFlags } from '../shared/options.ts';

export async function evaluateAction(ctx: CommandContext, flags: EvaluateCommandFlags): Promise<void> {
  const run = await prepareEvaluation(flags, ctx.io, {}, [flags.snapshot]);
  const { snapshot, sha256 } = await readSnapshot(flags.snapshot);
  failClosed(snapshot, `${flags.snapshot} records a failed collection, so nothing was evaluated`);
  const { exitCode } = await run(snapshot, sha256, { snapshotPath: flags.snapshot });
  ctx.setExit(exitCode);
}
