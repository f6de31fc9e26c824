/**
 * The CLI as a function: `run(argv, io)` parses the arguments, runs one command and returns the
 * exit code. It is the one place errors become exit codes; only bin/ and cli/main.ts touch
 * process.exitCode. Typed errors become one clear message and their code; anything else is a
 * bug and says so, without a stack unless PROTON_AUDIT_DEBUG is set.
 */
import { Command, CommanderError } from 'commander';
import { AuditorError } from '../errors.ts';
import { TOOL_VERSION } from '../version.ts';
import { registerCommands } from './commands/index.ts';
import { forStderr, type CliIo } from './shared/io.ts';

/** Exit code of an unexpected error: EX_SOFTWARE. */
export const INTERNAL_ERROR_EXIT = 70;

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const program = new Command('proton-audit')
    .description('Policy-as-code compliance auditor for AWS Proton estates and what a retired Proton left behind.')
    .version(TOOL_VERSION)
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) })
    .showHelpAfterError()
    .exitOverride();
  let exitCode = 0;
  registerCommands(program, {
    io,
    setExit(code) {
      exitCode = Math.max(exitCode, code);
    },
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    return exitCodeOf(err, io);
  }
  return exitCode;
}

/** The exit code an error ends the run with, after saying what went wrong on stderr. */
export function exitCodeOf(err: unknown, io: CliIo): number {
  // --help and --version end here with code 0; usage mistakes (already printed) with 1, which is 2 here.
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
  if (err instanceof AuditorError) {
    io.stderr.write(`proton-audit: ${forStderr(err.message)}\n`);
    return err.exitCode;
  }
  io.stderr.write(`proton-audit: internal error: ${internalMessage(err)}\nThis is a bug; please report it with the command you ran.\n`);
  if (io.env.PROTON_AUDIT_DEBUG && err instanceof Error) io.stderr.write(`${err.stack ?? ''}\n`);
  return INTERNAL_ERROR_EXIT;
}

/** One line saying what an unexpected error was, whatever was thrown (a string, an object, null). */
export function internalMessage(err: unknown): string {
  let message: string;
  try {
    message = err instanceof Error ? err.message : typeof err === 'string' ? err : JSON.stringify(err) ?? String(err);
  } catch {
    message = Object.prototype.toString.call(err);
  }
  return forStderr(message.split('\n')[0] ?? '').slice(0, 500);
}
