/** `proton-audit rules list|show|test|docs`: their flags; the work is in actions/rules.ts, loaded when one runs. */
import type { Command } from 'commander';
import type { CommandContext } from '../shared/io.ts';
import { addCatalogOptions, type CatalogFlags } from '../shared/options.ts';

const actions = () => import('../actions/rules.ts');

export function register(program: Command, ctx: CommandContext): void {
  const rules = program.command('rules').description('List, show, test and document rules.');

  addCatalogOptions(rules.command('list').description('List the loaded rules and the compliance frameworks that map them.'))
    .option('--format <format>', 'table or json', 'table')
    .option('--compliance <framework>', "list only this framework's rules, with its requirements (e.g. nist-800-53, soc2)")
    .action(async (opts: CatalogFlags & { format: string; compliance?: string }) => (await actions()).listAction(ctx, opts));

  addCatalogOptions(rules.command('show').description("Show one rule's metadata and logic.").argument('<id>', 'rule id, e.g. PA-IAM-001')).action(
    async (id: string, opts: CatalogFlags) => (await actions()).showAction(ctx, id, opts),
  );

  rules
    .command('test')
    .description("Run every rule's cases (built-in rules, or the pack in [dir]); exit 1 if a case fails.")
    .argument('[dir]', 'rule pack directory (default: the built-in rules)')
    .option('--verbose', 'also list passing cases')
    .action(async (dir: string | undefined, opts: { verbose?: boolean }) => (await actions()).testAction(ctx, dir, opts));

  rules
    .command('docs')
    .description('Write the Markdown rule reference (one page per rule and an index) for the built-in rules.')
    .requiredOption('--out <dir>', 'output directory, e.g. docs/rules')
    .action(async (opts: { out: string }) => (await actions()).docsAction(ctx, opts));
}
