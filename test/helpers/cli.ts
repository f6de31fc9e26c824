/**
 * Running the CLI from tests. In-process (`runCli`): `run(argv, io)` with captured streams, fast
 * and from source. As a process (`cliProcess`): the source entry src/cli/main.ts under tsx, for
 * what only a process shows (environment, signals, concurrent runs in their own directories).
 * The compiled package (bin/ → dist/) has its own test, test/cli/package.test.ts.
 */
import { fileURLToPath } from 'node:url';
import { run } from '../../src/cli/run.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `proton-audit <args>` in this process; env adds to (not replaces) the process environment. */
export async function runCli(args: readonly string[], opts: { env?: Record<string, string | undefined> } = {}): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: { ...process.env, ...opts.env },
  });
  return { code, stdout, stderr };
}

/** node arguments that run `proton-audit <args>` from source in a child process. */
export function cliProcess(args: readonly string[]): [string, string[]] {
  return [process.execPath, ['--import', TSX, MAIN, ...args]];
}
