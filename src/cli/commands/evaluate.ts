/**
 * `proton-audit evaluate`: audits a snapshot file offline — no AWS call. Same rules, config,
 * clock, report and gate flags as `audit`.
 */
import type { Command } from 'commander';
import { readSnapshot } from '../../snapshot/io.ts';
import { addEvaluateOptions, prepareEvaluation, type EvaluateFlags } from '../audit-pipeline.ts';
import type { SetExit } from './index.ts';

interface Flags extends EvaluateFlags {
  snapshot: string;
}

export function register(program: Command, setExit: SetExit): void {
  const cmd = program
    .command('evaluate')
    .description('Evaluate the rules against a snapshot file (offline)')
    .requiredOption('--snapshot <file>', 'snapshot to audit (from collect, import or merge)');
  addEvaluateOptions(cmd).action(async (flags: Flags) => {
    const run = await prepareEvaluation(flags);
    const { snapshot, sha256 } = await readSnapshot(flags.snapshot);
    const { exitCode } = await run(snapshot, sha256, { snapshotPath: flags.snapshot });
    setExit(exitCode);
  });
}
