/**
 * Writing text that arrives in chunks (a report of any size) to a file, waiting whenever the
 * stream asks to and hashing as it goes, so no report has to be one string.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname } from 'node:path';

export interface WrittenFile {
  sha256: string;
  bytes: number;
}

export async function writeChunks(path: string, chunks: Iterable<string | Uint8Array>): Promise<WrittenFile> {
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  const hash = createHash('sha256');
  let bytes = 0;
  for (const chunk of chunks) {
    hash.update(chunk);
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk, 'utf8') : chunk.length;
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
  }
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
  return { sha256: hash.digest('hex'), bytes };
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
