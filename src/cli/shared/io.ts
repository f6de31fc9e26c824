import { scrubShapes } from '../../util/secret-shapes.ts';
import { stderrSafe } from '../../util/text.ts';

/**
 * What a command may touch of the process: its output streams and environment. `run` takes these
 * as an argument, so tests drive the CLI in-process and capture what it writes.
 */
export interface OutStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
  env: Readonly<Record<string, string | undefined>>;
}

/** What a command's action gets: the io, and where to report its exit code. */
export interface CommandContext {
  io: CliIo;
  /** The run's exit code is the highest any command reported. */
  setExit(code: number): void;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** Text for stderr: secret-shaped text scrubbed, terminal control sequences shown inert. */
export function forStderr(text: string): string {
  return stderrSafe(scrubShapes(text));
}

/** A line to stderr, through forStderr. */
export function logTo(io: CliIo, prefix = ''): (line: string) => void {
  return (line) => {
    io.stderr.write(`${forStderr(`${prefix}${line}`)}\n`);
  };
}
