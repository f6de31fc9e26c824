/** Writing a snapshot to --output or stdout: what `collect`, `audit`, `import` and `merge` share. */
import type { Snapshot } from '../../model/index.ts';
import { serializeSnapshot, writeSnapshot } from '../../snapshot/io.ts';
import { sha256Hex } from '../../util/canonical-json.ts';
import { describeFsError } from '../../util/fs-errors.ts';
import { UsageError } from '../../errors.ts';
import type { CliIo } from '../shared/io.ts';

/** Writes the snapshot; a path that cannot be written is a usage error, not a crash. */
export async function writeTo(path: string, snapshot: Snapshot): Promise<string> {
  try {
    return (await writeSnapshot(path, snapshot)).sha256;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    throw new UsageError(`--output ${path}: ${describeFsError(code)}`);
  }
}

/** The snapshot to `--output` (a file) or, without it or with '-', to stdout; returns its sha256. */
export async function emitSnapshot(output: string | undefined, snapshot: Snapshot, io: CliIo): Promise<string> {
  if (output && output !== '-') return writeTo(output, snapshot);
  const text = serializeSnapshot(snapshot);
  io.stdout.write(text);
  return sha256Hex(text);
}
