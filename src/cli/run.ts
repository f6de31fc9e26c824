/**
 * The CLI as a function: `run(argv, io)` parses the arguments, runs one command and returns the
 * exit code. It is the one place errors become exit codes; only bin/ and cli/main.ts touch
 * process.exitCode. Typed errors become one clear message and their code; anything else is a
 * bug and says so, without a stack unless PROTON_AUDIT_DEBUG is set.
 */
import { Command, CommanderError } from 'commander';
import { AuditorError } from '../errors.ts';
import { describeWriteError, isFsError } from '../util/fs-errors.ts';
import { TOOL_VERSION } from '../version.ts';
import { registerCommands } from './commands/index.ts';
import { forStderr, type CliIo } from './shared/io.ts';

/** Exit code of an unexpected error: EX_SOFTWARE. */
export const INTERNAL_ERROR_EXIT = 70;

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const program = new Command('proton-audit')
    .description('Policy-as-code compliance auditor for AWS Proton estates and what a retired Proton left behind.')
    .version(TOOL_VERSION, '-v, --version', 'print the version')
    // Commander's own usage messages are printed by exitCodeOf, as one line naming --help.
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s), outputError: () => undefined })
    .showHelpAfterError(false)
    .exitOverride();
  program.addHelpText('after', '\nExit codes: 0 pass, 1 failing findings at or above --fail-on, 2 usage, input or output error, 3 collection failed (or incomplete, with --strict).');
  let exitCode = 0;
  registerCommands(program, {
    io,
    setExit(code) {
      exitCode = Math.max(exitCode, code);
    },
  });
  try {
    // -V too, as main.ts answers it (commander takes one short flag per option).
    await program.parseAsync(argv.length === 1 && argv[0] === '-V' ? ['--version'] : [...argv], { from: 'user' });
  } catch (err) {
    return exitCodeOf(err, io, commandOf(program, argv));
  }
  return exitCode;
}

/** The command line's command ('evaluate', 'rules list'), for pointing at its --help. */
function commandOf(program: Command, argv: readonly string[]): string {
  const words: string[] = [];
  let cmd: Command | undefined = program;
  for (const arg of argv) {
    const sub: Command | undefined = cmd?.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (!sub) break;
    words.push(sub.name());
    cmd = sub;
  }
  return ['proton-audit', ...words].join(' ');
}

/** The exit code an error ends the run with, after saying what went wrong on stderr. */
export function exitCodeOf(err: unknown, io: CliIo, command = 'proton-audit'): number {
  if (err instanceof CommanderError) {
    // --help and --version end here with code 0; a usage mistake is one line and a pointer to --help.
    if (err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
    // A command group without its command (`proton-audit`, `proton-audit rules`) has shown its help.
    if (err.code === 'commander.help') return 2;
    const message = err.message.replace(/^error:\s*/, '').replace(/\s*\n\s*/g, ' ').trim();
    io.stderr.write(`${command}: ${message} (see ${command} --help)\n`);
    return 2;
  }
  if (err instanceof AuditorError) {
    io.stderr.write(`proton-audit: ${forStderr(err.message)}\n`);
    return err.exitCode;
  }
  // A file-system error that no caller turned into an OutputError or InputError is still the
  // user's to fix (a folder, a disk, a permission), not a bug.
  if (isFsError(err)) {
    io.stderr.write(`proton-audit: cannot ${err.syscall}${err.path ? ` ${forStderr(err.path)}` : ''}: ${describeWriteError(err.code)}\n`);
    return 2;
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
