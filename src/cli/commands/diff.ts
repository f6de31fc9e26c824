/** `proton-audit diff`: its flags; the work is in actions/diff.ts, loaded when it runs. */
import type { Command } from 'commander';
import { DIFF_FORMATS } from '../../diff/formats.ts';
import type { CommandContext } from '../shared/io.ts';
import type { DiffFlags } from '../shared/options.ts';

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('diff')
    .description('Compare two audit results (new, resolved, changed findings) or two snapshots (resources, versions, role policies, tags).')
    .argument('<old>', 'the earlier result or snapshot (JSON)')
    .argument('<new>', 'the later result or snapshot (JSON)')
    .option('--format <format>', `output format: ${DIFF_FORMATS.join(', ')}`, 'table')
    .option('--output <path>', 'write to this file instead of standard output')
    .action(async (oldPath: string, newPath: string, flags: DiffFlags) => (await import('../actions/diff.ts')).diffAction(ctx, oldPath, newPath, flags));
}
