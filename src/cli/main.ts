/** The process entry point (bin/proton-audit.js runs the compiled copy): argv and streams in, exit code out. */
import { processIo } from './shared/io.ts';
import { TOOL_VERSION } from '../version.ts';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V' || argv[0] === '-v')) {
  // Answered before the command tree (and commander) is loaded: version checks run in tight loops.
  process.stdout.write(`${TOOL_VERSION}\n`);
} else {
  const io = processIo();
  // Two small modules, loaded here (together) so that --version above does without them.
  const [{ isClaimedRejection }, { refuseProcessControls, restoreProcessControls }] = await Promise.all([import('../engine/load/claimed-rejections.ts'), import('../engine/load/process-guard.ts')]);
  // A promise nobody awaited that fails, or a throw from a callback, is a bug: say so in one line
  // and end with the internal-error code, never Node's stack trace and exit 1 (1 means findings).
  // Except a rejection a user rule's code left behind: evaluation (engine/isolation.ts) or the
  // rule's load (engine/load/module-isolation.ts) took it as the rule's error.
  const fatal = async (err: unknown, promise?: Promise<unknown>): Promise<void> => {
    const { exitCodeOf } = await import('./run.ts');
    // Asked after that await: the handler that claims a rule's rejection is registered later, so it hears it after this one.
    if (promise !== undefined && isClaimedRejection(promise)) return;
    restoreProcessControls(controls);
    process.exit(exitCodeOf(err, io));
  };
  // The CLI itself never calls process.exit (it sets exitCode, or exits just above), so for the
  // command's life exit, abort, reallyExit and kill throw: rule code the isolation does not reach
  // (a timer a rule module's top level set) cannot end the run silently; its throw is an
  // uncaught exception, exit 70.
  const controls = refuseProcessControls();
  process.on('unhandledRejection', (err, promise) => void fatal(err, promise));
  process.on('uncaughtException', (err) => void fatal(err));
  const { run } = await import('./run.ts');
  process.exitCode = await run(argv, io);
}
