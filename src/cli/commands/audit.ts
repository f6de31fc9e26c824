/** `proton-audit audit`: its flags; the work is in actions/audit.ts, loaded when it runs. */
import type { Command } from 'commander';
import type { CommandContext } from '../shared/io.ts';
import { addCollectOptions, addEvaluateOptions, type AuditFlags } from '../shared/options.ts';

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('audit')
    .description('Collect (read-only) and evaluate in one run; --demo audits the bundled demo estate through the built-in emulator');
  addCollectOptions(cmd);
  addEvaluateOptions(cmd)
    .option('--snapshot-out <path>', 'also write the collected snapshot here (parent folders are created; --sign signs it too)')
    .option('--demo', 'start the emulator with examples/demo-estate.json and audit it (writes out/demo/)')
    .action(async (flags: AuditFlags) => (await import('../actions/audit.ts')).auditAction(ctx, flags));
}
