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

/**
 * A process stream that a closed reader cannot crash: `proton-audit ... | head` closes the pipe
 * (EPIPE), `>&-` closes stdout (EBADF). The rest of the output is dropped quietly and the command
 * finishes with its own exit code (the gate's verdict does not depend on who reads stdout).
 */
export function guardedStream(stream: NodeJS.WriteStream): OutStream {
  let closed = false;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'EBADF' || err.code === 'ERR_STREAM_DESTROYED') {
      closed = true;
      return;
    }
    // Anything else on a standard stream cannot be reported on it either; stop writing to it.
    closed = true;
  });
  return {
    write(chunk: string) {
      if (closed) return false;
      try {
        return stream.write(chunk);
      } catch {
        closed = true;
        return false;
      }
    },
    get isTTY() {
      return stream.isTTY === true;
    },
    get columns() {
      return stream.columns;
    },
  };
}

export function processIo(): CliIo {
  return { stdout: guardedStream(process.stdout), stderr: guardedStream(process.stderr), env: process.env };
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
