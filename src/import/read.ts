/**
 * Reading an export directory: every file under it, decoded (UTF-8, with or without BOM, or the
 * UTF-16 that PowerShell's `>` writes) and parsed. A .json file that does not parse is a problem
 * (the import stops, naming file and line); anything else that is not JSON is just unused.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { InputError, type Problem } from '../errors.ts';
import { describeFsError } from '../util/fs-errors.ts';
import { parseJsonWithLocation } from '../util/json-position.ts';

export interface ExportFile {
  /** Path relative to the export directory, with forward slashes. */
  file: string;
  value: unknown;
}

export interface ExportDir {
  files: ExportFile[];
  unused: Array<{ file: string; reason: string }>;
  problems: Problem[];
}

/** AWS CLI output of a large account is big, but not this big. */
const MAX_BYTES = 256 * 1024 * 1024;

export function decodeText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full)));
    else if (e.isFile()) out.push(full);
  }
  return out;
}

export async function readExportDir(dir: string): Promise<ExportDir> {
  try {
    const s = await stat(dir);
    if (!s.isDirectory()) throw new InputError(`cannot import ${dir}`, [{ file: dir, location: '', message: 'not a directory (import reads a directory of AWS CLI JSON outputs)' }]);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    throw new InputError(`cannot import ${dir}`, [{ file: dir, location: '', message: describeFsError(code) }]);
  }
  const paths = (await walk(dir)).sort();
  const out: ExportDir = { files: [], unused: [], problems: [] };
  for (const path of paths) {
    const file = relative(dir, path).split(sep).join('/');
    const isJsonName = /\.json$/i.test(file);
    let bytes: Buffer;
    try {
      const s = await stat(path);
      if (s.size > MAX_BYTES) {
        out.unused.push({ file, reason: `larger than ${MAX_BYTES / 1024 / 1024} MB` });
        continue;
      }
      bytes = await readFile(path);
    } catch (err) {
      out.unused.push({ file, reason: describeFsError((err as NodeJS.ErrnoException).code ?? 'EIO') });
      continue;
    }
    const text = decodeText(bytes);
    const parsed = parseJsonWithLocation(text);
    if (parsed.ok) out.files.push({ file, value: parsed.value });
    else if (isJsonName) {
      const location = parsed.location;
      out.problems.push({ file, location, message: parsed.message });
    }
    else out.unused.push({ file, reason: 'not JSON' });
  }
  return out;
}
