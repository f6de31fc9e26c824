/** `proton-audit merge`: its flags; the work is in actions/merge.ts, loaded when it runs. */
import type { Command } from 'commander';
import type { CommandContext } from '../shared/io.ts';
import type { MergeFlags } from '../shared/options.ts';

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('merge')
    .description('Join shard snapshots (e.g. one per CI matrix job, each `collect --accounts <shard>`) into one snapshot')
    .argument('<snapshots...>', 'shard snapshot files; their accounts must not overlap')
    .option('--output <path>', 'write the merged snapshot here instead of stdout')
    .option('--now <iso>', 'the merge time recorded as collectedAt (default: the current time)')
    .option('--sign <key.pem>', "sign the merged snapshot's digest with this Ed25519 private key (default: digest only, unsigned)")
    .action(async (files: string[], flags: MergeFlags) => (await import('../actions/merge.ts')).mergeAction(ctx, files, flags));
}
