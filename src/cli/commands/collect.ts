/** `proton-audit collect`: its flags; the work is in actions/collect.ts, loaded when it runs. */
import type { Command } from 'commander';
import type { CommandContext } from '../shared/io.ts';
import { addCollectOptions, type CollectCommandFlags } from '../shared/options.ts';

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('collect')
    .description('Collect Proton resources, their tags, IAM roles and policies, and quotas into a snapshot (read-only API calls)');
  addCollectOptions(cmd)
    .option('--output <path>', 'write the snapshot here instead of stdout')
    .option('--redact', 'drop spec and schema contents from the snapshot after scanning them (what the scan found is kept as records)')
    .option('--strict', 'exit 3 when the collection was incomplete (any coverage gap); the snapshot is still written')
    .option('--sign <key.pem>', "sign the snapshot's collection digest with this Ed25519 private key (default: digest only, unsigned)")
    .action(async (flags: CollectCommandFlags) => (await import('../actions/collect.ts')).collectAction(ctx, flags));
}
