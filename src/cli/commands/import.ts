/** `proton-audit import`: its flags; the work is in actions/import.ts, loaded when it runs. */
import type { Command } from 'commander';
import type { CommandContext } from '../shared/io.ts';
import type { ImportFlags } from '../shared/options.ts';

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('import')
    .description('Build a snapshot from JSON saved with the AWS CLI (aws proton list-*/get-*, iam get-account-authorization-details, resourcegroupstaggingapi get-resources)')
    .argument('<dir>', 'directory of AWS CLI JSON outputs (searched recursively)')
    .option('--output <path>', 'write the snapshot here instead of stdout')
    .option('--account-id <id>', 'the account, when the export has no get-caller-identity.json')
    .option('--region <region>', 'region for outputs that carry none (account settings, summary, quotas)')
    .option('--keep-secrets', 'leave secret values found in specs in the snapshot (by default each is replaced by a placeholder and recorded by place, kind and salted hash)')
    .action(async (dir: string, flags: ImportFlags) => (await import('../actions/import.ts')).importAction(ctx, dir, flags));
}
