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
  // Except a rejection a user rule's promise left behind: evaluation took it as that rule's error
  // outcome (engine/isolation.ts; its handler has run by the time the import below resolves).
  const fatal = async (err: unknown, promise?: Promise<unknown>): Promise<void> => {
    if (promise !== undefined) {
      const { isRuleRejection } = await import('../engine/isolation.ts');
      if (isRuleRejection(promise)) return;
    }
    const { exitCodeOf } = await import('./run.ts');
    process.exit(exitCodeOf(err, io));
  };
  process.on('unhandledRejection', (err, promise) => void fatal(err, promise));
  process.on('uncaughtException', (err) => void fatal(err));
  const { run } = await import('./run.ts');
  process.exitCode = await run(argv, io);
}
