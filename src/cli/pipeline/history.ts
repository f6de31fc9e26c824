/**
 * `--history`: earlier results (files, or directories of *.json / *.jsonl results) become one
 * trend point each: when the run was evaluated and its open failing findings by severity. Only
 * the top-level members that hold them are read (schemaVersion, tool, evaluatedAt, summary);
 * findings, rules and resources stream past unparsed, so a large result costs a read, not its
 * size in memory. Schema versions 1 and 2 (JSON, or JSON Lines whose first line is the result
 * header) keep these members at the top level.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { InputError, type Problem } from '../../errors.ts';
import { SEVERITIES, type Severity } from '../../model/index.ts';
import { trendPointFromCounts, type TrendPoint } from '../../compliance/index.ts';
import { describeFsError } from '../../util/fs-errors.ts';
import { JsonScanError, pickTopLevel } from '../../util/json-top-level.ts';

const READABLE_VERSIONS = [1, 2];

type Read = { point: TrendPoint } | { problem: string };

/** One earlier result's point, or why it is not a proton-audit result. */
export async function readHistoryPoint(file: string): Promise<Read> {
  let picked: Record<string, unknown>;
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 });
  try {
    picked = await pickTopLevel(stream as AsyncIterable<string>, ['schemaVersion', 'tool', 'evaluatedAt', 'collectedAt', 'summary']);
  } catch (err) {
    if (err instanceof JsonScanError) return { problem: `is not a proton-audit result (${err.message})` };
    const code = (err as NodeJS.ErrnoException).code;
    return { problem: code ? describeFsError(code) : `cannot be read (${(err as Error).message})` };
  } finally {
    stream.destroy();
  }
  const tool = picked.tool as { name?: unknown } | undefined;
  if (tool?.name !== 'proton-audit') return { problem: 'is not a proton-audit result (no tool.name "proton-audit")' };
  if (!READABLE_VERSIONS.includes(picked.schemaVersion as number)) return { problem: `has result schemaVersion ${JSON.stringify(picked.schemaVersion)}; this version reads ${READABLE_VERSIONS.join(' and ')}` };
  const evaluatedAt = picked.evaluatedAt;
  if (evaluatedAt === undefined && picked.collectedAt !== undefined) return { problem: 'is not a proton-audit result (it is a snapshot: evaluate it first)' };
  if (typeof evaluatedAt !== 'string' || Number.isNaN(Date.parse(evaluatedAt))) return { problem: 'is not a proton-audit result (no valid evaluatedAt)' };
  const failing = (picked.summary as { failingBySeverity?: unknown } | undefined)?.failingBySeverity;
  if (failing === null || typeof failing !== 'object') return { problem: 'is not a proton-audit result (no summary.failingBySeverity)' };
  const counts: Partial<Record<Severity, number>> = {};
  for (const s of SEVERITIES) {
    const n = (failing as Record<string, unknown>)[s];
    if (n !== undefined && (typeof n !== 'number' || !Number.isInteger(n) || n < 0)) return { problem: `summary.failingBySeverity.${s} is not a count` };
    if (typeof n === 'number') counts[s] = n;
  }
  return { point: trendPointFromCounts(evaluatedAt, counts, basename(file)) };
}

const RESULT_FILE = /\.jsonl?$/i;

/**
 * Reads every --history path. A file must be a result; in a directory, *.json and *.jsonl files
 * that are not results (a snapshot kept next to them) are skipped with a note. Problems are
 * reported together (exit 2).
 */
export async function readHistory(paths: readonly string[], note: (message: string) => void): Promise<TrendPoint[]> {
  const points: TrendPoint[] = [];
  const problems: Problem[] = [];
  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = (await stat(path)).isDirectory();
    } catch (err) {
      problems.push({ file: path, location: '', message: describeFsError((err as NodeJS.ErrnoException).code ?? 'EIO') });
      continue;
    }
    if (!isDir) {
      const read = await readHistoryPoint(path);
      if ('point' in read) points.push(read.point);
      else problems.push({ file: path, location: '', message: read.problem });
      continue;
    }
    let names: string[];
    try {
      names = (await readdir(path, { withFileTypes: true })).filter((e) => e.isFile() && RESULT_FILE.test(e.name)).map((e) => e.name).sort();
    } catch (err) {
      problems.push({ file: path, location: '', message: describeFsError((err as NodeJS.ErrnoException).code ?? 'EIO') });
      continue;
    }
    let found = 0;
    for (const name of names) {
      const file = join(path, name);
      const read = await readHistoryPoint(file);
      if ('point' in read) {
        points.push(read.point);
        found++;
      } else note(`--history: skipped ${file}: ${read.problem}`);
    }
    if (found === 0) problems.push({ file: path, location: '', message: 'holds no proton-audit result (*.json or *.jsonl)' });
  }
  if (problems.length > 0) throw new InputError('cannot read --history', problems);
  return points;
}

/** The files --history would read (a directory's results), for the input guard; unreadable paths are readHistory's to report. */
export async function historyFiles(paths: readonly string[] | undefined): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths ?? []) {
    try {
      if (!(await stat(path)).isDirectory()) {
        files.push(path);
        continue;
      }
      const names = (await readdir(path, { withFileTypes: true })).filter((e) => e.isFile() && RESULT_FILE.test(e.name)).map((e) => e.name);
      files.push(...names.map((n) => join(path, n)));
    } catch {
      // Reported when the history is read.
    }
  }
  return files;
}
