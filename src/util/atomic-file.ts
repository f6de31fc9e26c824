/**
 * Every file proton-audit writes goes through here: a temporary file in the target's own folder,
 * written, fsynced and renamed over the target, so a reader (or a run killed half-way) sees the old
 * file or the new one, never a torn one. Missing parent folders are created. The rename replaces a
 * symbolic link at the target instead of writing through it. Failures are OutputErrors (exit 2)
 * that name the path and say why, never a stack trace.
 */
import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { OutputError } from '../errors.ts';
import { describeWriteError, isFsError } from './fs-errors.ts';

export interface AtomicOptions {
  /** How the path is named in messages, e.g. '--format json:out/r.json'. Default: the path. */
  label?: string;
  /** Files this write must never replace (the run's inputs): compared by device and inode. */
  guard?: InputGuard;
}

function failure(label: string, err: unknown): OutputError {
  if (err instanceof OutputError) return err;
  const code = isFsError(err) ? err.code : 'EIO';
  return new OutputError(`cannot write ${label}: ${describeWriteError(code)}`);
}

/** Creates `dir` and its parents; a file in the way is a clear OutputError. */
export async function ensureDir(dir: string, label: string = dir): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    // mkdir -p over a file on the path answers EEXIST (or ENOTDIR further down).
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') throw new OutputError(`cannot write ${label}: ${describeWriteError('ENOTDIR')}`);
    throw failure(label, err);
  }
  let st;
  try {
    st = await stat(dir);
  } catch (err) {
    throw failure(label, err);
  }
  if (!st.isDirectory()) throw new OutputError(`cannot write ${label}: ${dir} is a file, not a folder`);
}

/**
 * A file being written: chunks go to a temporary file beside the target; `commit` makes it the
 * target in one rename, `abort` removes it. For outputs rendered in pieces (streamed results).
 */
export class AtomicFile {
  private bytes = 0;
  private done = false;

  private constructor(
    readonly path: string,
    private readonly temp: string,
    private readonly handle: FileHandle,
    private readonly label: string,
  ) {}

  static async open(path: string, opts: AtomicOptions = {}): Promise<AtomicFile> {
    const label = opts.label ?? path;
    const target = resolve(path);
    if (opts.guard) await opts.guard.check(target, label);
    await ensureDir(dirname(target), label);
    try {
      const existing = await lstat(target);
      if (existing.isDirectory()) throw new OutputError(`cannot write ${label}: is a directory, not a file`);
    } catch (err) {
      if (err instanceof OutputError) throw err;
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw failure(label, err);
    }
    // Same folder, so the rename never crosses a file system; 'wx' never opens an existing file
    // (nor follows a symbolic link planted at the temporary name).
    const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    let handle: FileHandle;
    try {
      handle = await open(temp, 'wx', 0o644);
    } catch (err) {
      throw failure(label, err);
    }
    return new AtomicFile(target, temp, handle, label);
  }

  get size(): number {
    return this.bytes;
  }

  async write(chunk: string | Uint8Array): Promise<void> {
    const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    try {
      let offset = 0;
      while (offset < data.length) {
        const { bytesWritten } = await this.handle.write(data, offset, data.length - offset);
        offset += bytesWritten;
      }
      this.bytes += data.length;
    } catch (err) {
      await this.abort();
      throw failure(this.label, err);
    }
  }

  async commit(): Promise<void> {
    if (this.done) return;
    try {
      await this.handle.sync();
      await this.handle.close();
      this.done = true;
      await rename(this.temp, this.path);
    } catch (err) {
      await this.abort();
      throw failure(this.label, err);
    }
    await syncDir(dirname(this.path));
  }

  async abort(): Promise<void> {
    if (!this.done) {
      this.done = true;
      await this.handle.close().catch(() => undefined);
    }
    await unlink(this.temp).catch(() => undefined);
  }
}

/** The rename itself is durable only once the folder is synced; not every platform allows it. */
async function syncDir(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Best effort: the data itself was synced before the rename.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Writes `data` to `path` atomically (see the module comment). */
export async function writeFileAtomic(path: string, data: string | Uint8Array, opts: AtomicOptions = {}): Promise<void> {
  const file = await AtomicFile.open(path, opts);
  await file.write(data);
  await file.commit();
}

/** Pieces are gathered up to this size before a write call: reports render in many small chunks. */
const FLUSH_BYTES = 1 << 20;

/**
 * Writes chunks as they come (a report of any size is never one string) to a temporary file beside
 * `path`, hashing on the way, and renames it over `path` once all are written. A chunk source that
 * throws (a renderer's bug) leaves the old file untouched and the temporary file removed.
 */
export async function writeChunksAtomic(path: string, chunks: Iterable<string | Uint8Array>, opts: AtomicOptions = {}): Promise<{ sha256: string; bytes: number }> {
  const file = await AtomicFile.open(path, opts);
  const hash = createHash('sha256');
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  try {
    for (const chunk of chunks) {
      const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      hash.update(data);
      pending.push(Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      pendingBytes += data.length;
      if (pendingBytes >= FLUSH_BYTES) {
        await file.write(Buffer.concat(pending, pendingBytes));
        pending = [];
        pendingBytes = 0;
      }
    }
    if (pendingBytes > 0) await file.write(Buffer.concat(pending, pendingBytes));
  } catch (err) {
    await file.abort();
    throw err;
  }
  await file.commit();
  return { sha256: hash.digest('hex'), bytes: file.size };
}

/**
 * The files a run reads (snapshot, baseline, config, keys): an output that is one of them, by
 * device and inode so links and `./` spellings are caught too, is refused before anything is
 * written.
 */
export class InputGuard {
  private readonly inputs: Array<{ path: string; dev: number; ino: number }> = [];

  async add(path: string | undefined): Promise<void> {
    if (path === undefined || path === '-') return;
    try {
      const st = await stat(path);
      if (st.isFile()) this.inputs.push({ path, dev: st.dev, ino: st.ino });
    } catch {
      // An input that cannot be read is its loader's to report.
    }
  }

  /** The input `path` is, if it is one. */
  async inputAt(path: string): Promise<string | undefined> {
    let st;
    try {
      st = await stat(path);
    } catch {
      return undefined;
    }
    return this.inputs.find((i) => i.dev === st.dev && i.ino === st.ino)?.path;
  }

  async check(path: string, label: string): Promise<void> {
    const input = await this.inputAt(path);
    if (input !== undefined) throw new OutputError(`${label} would overwrite the input ${input}; write the output elsewhere`);
  }
}
