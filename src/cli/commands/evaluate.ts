/** `proton-audit evaluate`: its flags; the work is in actions/evaluate.ts, loaded when it runs. */
import type { Command } from 'commander';
import type { CommandContext } from '../shared/io.ts';
import { addEvaluateOptions, type EvaluateCommandFlags } from '../shared/options.ts';

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('evaluate')
    .description('Evaluate the rules against a snapshot file (offline)')
    .requiredOption('--snapshot <file>', 'snapshot to audit (from collect, import or merge)');
  addEvaluateOptions(cmd).action(async (flags: EvaluateCommandFlags) => (await import('../actions/evaluate.ts')).evaluateAction(ctx, flags));
}
