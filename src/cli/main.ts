/** The process entry point (bin/proton-audit.js runs the compiled copy): argv and streams in, exit code out. */
import { processIo } from './shared/io.ts';
import { TOOL_VERSION } from '../version.ts';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V' || argv[0] === '-v')) {
  // Answered before the command tree (and commander) is loaded: version checks run in tight loops.
  process.stdout.write(`${TOOL_VERSION}\n`);
} else {
  const io = processIo();
  // A promise nobody awaited that fails, or a throw from a callback, is a bug: say so in one line
  // and end with the internal-error code, never Node's stack trace and exit 1 (1 means findings).
  const fatal = async (err: unknown): Promise<void> => {
    const { exitCodeOf } = await import('./run.ts');
    process.exit(exitCodeOf(err, io));
  };
  process.on('unhandledRejection', (err) => void fatal(err));
  process.on('uncaughtException', (err) => void fatal(err));
  const { run } = await import('./run.ts');
  process.exitCode = await run(argv, io);
}
