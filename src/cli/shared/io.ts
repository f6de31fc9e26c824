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

/** A line to stderr. */
export function logTo(io: CliIo, prefix = ''): (line: string) => void {
  return (line) => {
    io.stderr.write(`${prefix}${line}\n`);
  };
}
