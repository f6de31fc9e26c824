/**
 * Entry point: builds the command tree and is the only place that exits. Typed errors become
 * one clear message and their exit code; anything else is a bug and says so, without a stack
 * unless PROTON_AUDIT_DEBUG is set.
 */
import { Command, CommanderError } from 'commander';
import { AuditorError } from '../errors.ts';
import { TOOL_VERSION } from '../version.ts';
import { registerCommands } from './commands/index.ts';

async function main(argv: string[]): Promise<number> {
  const program = new Command('proton-audit')
    .description('Policy-as-code compliance auditor for AWS Proton estates and what a retired Proton left behind.')
    .version(TOOL_VERSION)
    .showHelpAfterError()
    .exitOverride();
  let exitCode = 0;
  registerCommands(program, (code) => {
    exitCode = Math.max(exitCode, code);
  });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; usage mistakes with 1, which we map to 2.
      return err.exitCode === 0 ? 0 : 2;
    }
    throw err;
  }
  return exitCode;
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof AuditorError) {
      process.stderr.write(`proton-audit: ${err.message}\n`);
      process.exitCode = err.exitCode;
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`proton-audit: internal error: ${message}\nThis is a bug; please report it with the command you ran.\n`);
    if (process.env.PROTON_AUDIT_DEBUG && err instanceof Error) process.stderr.write(`${err.stack ?? ''}\n`);
    process.exitCode = 70;
  },
);
