/**
 * Writing text that arrives in chunks (a report of any size) to a file, hashing as it goes, so no
 * report has to be one string; and hashing a file the same way.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { writeChunksAtomic, type AtomicOptions } from './atomic-file.ts';

export interface WrittenFile {
  sha256: string;
  bytes: number;
}

/** Writes the chunks atomically (util/atomic-file.ts: temporary file, fsync, rename), hashing as it goes. */
export async function writeChunks(path: string, chunks: Iterable<string | Uint8Array>, opts: AtomicOptions = {}): Promise<WrittenFile> {
  return writeChunksAtomic(path, chunks, opts);
}

/** sha256 and size of a file, read in chunks; `each` sees every chunk (e.g. to parse it on the way). */
export async function hashFile(path: string, each?: (chunk: Buffer) => void): Promise<WrittenFile> {
  const hash = createHash('sha256');
  let bytes = 0;
  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
      each?.(chunk);
    }
  } finally {
    input.destroy();
  }
  return { sha256: hash.digest('hex'), bytes };
}
