/** `proton-audit scan`: its flags; the work is in actions/scan.ts, loaded when it runs. */
import type { Command } from 'commander';
import type { CommandContext } from '../shared/io.ts';
import { addEvaluateOptions, repeat, type ScanCommandFlags } from '../shared/options.ts';

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('scan')
    .description('Audit Proton template bundles, specs and sync files in a repository (offline; the pull-request gate)')
    .argument('[paths...]', 'files or directories to scan (default: the current directory)')
    .option('--base <git-ref>', 'compare with this git revision: breaking changes of each bundle, and only findings new since it fail the gate')
    .option('--snapshot <file>', 'an estate snapshot: binds specs named by proton-ops.yaml, and names deployed resources whose spec the changed schema rejects')
    .option('--bind <spec=template[:major]>', 'bind spec files (a path glob) to a template, e.g. specs/prod-*.yaml=web:2 (repeatable)', repeat, [])
    .option('--max-file-size <bytes>', 'files larger than this are listed, never read (default 5242880: 5 MB)')
    .option('--max-variations <n>', 'input variations rendered per template part (default 4)');
  addEvaluateOptions(cmd).action(async (paths: string[], flags: ScanCommandFlags) => (await import('../actions/scan.ts')).scanAction(ctx, paths, flags));
}
