/**
 * `proton-audit merge <snapshot>...`: joins shard snapshots (one per CI matrix job) into one for
 * a single evaluation (docs/sharding.md). Overlapping shards, the same shard twice and mixed
 * schema versions are refused with every problem named.
 */
import { readFile } from 'node:fs/promises';
import { describeSnapshot } from '../../snapshot/summary.ts';
import { InputError, type Problem } from '../../errors.ts';
import { describeFsError, parseSnapshot } from '../../snapshot/io.ts';
import { checkSchemaVersions, mergeSnapshots, type Shard } from '../../snapshot/merge.ts';
import { sha256Hex } from '../../util/canonical-json.ts';
import { emitSnapshot, seal, signingKey } from '../pipeline/snapshot-output.ts';
import { checkIntegrity } from '../../snapshot/integrity.ts';
import { InputGuard } from '../../util/atomic-file.ts';
import { logTo, type CommandContext } from '../shared/io.ts';
import { parseNow, type MergeFlags } from '../shared/options.ts';

/** The declared schemaVersion of a file, if it is a JSON object at all (full checks come after). */
function declaredVersion(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>).schemaVersion : undefined;
  } catch {
    return undefined;
  }
}

export async function readShards(files: readonly string[]): Promise<Shard[]> {
  const problems: Problem[] = [];
  const texts: Array<{ file: string; bytes: Buffer }> = [];
  for (const file of files) {
    try {
      texts.push({ file, bytes: await readFile(file) });
    } catch (err) {
      problems.push({ file, location: '', message: describeFsError((err as NodeJS.ErrnoException).code ?? 'EIO') });
    }
  }
  if (problems.length > 0) throw new InputError('cannot merge', problems);
  const declared = texts.map((t) => ({ file: t.file, schemaVersion: declaredVersion(t.bytes.toString('utf8')) }));
  // Only when every file declares one: a file that is not a snapshot gets the loader's own message.
  if (declared.every((d) => d.schemaVersion !== undefined)) checkSchemaVersions(declared);
  return texts.map((t) => ({ file: t.file, snapshot: parseSnapshot(t.file, t.bytes.toString('utf8')), sha256: sha256Hex(t.bytes) }));
}

export async function mergeAction(ctx: CommandContext, files: string[], flags: MergeFlags): Promise<void> {
  const log = logTo(ctx.io);
  const guard = new InputGuard();
  for (const file of files) await guard.add(file);
  if (flags.output && flags.output !== '-') await guard.check(flags.output, `--output ${flags.output}`);
  const signer = await signingKey(flags.sign);
  const shards = await readShards(files);
  // A merge must not launder an edited shard into a clean-looking snapshot.
  const edited: Problem[] = [];
  for (const shard of shards) {
    const check = checkIntegrity(shard.snapshot);
    if (check.source === 'edited') edited.push({ file: shard.file, location: '$.integrity', message: check.note });
    else if (check.digest === 'missing') log(`note: ${shard.file} has no collection digest (written by an older proton-audit?); it cannot be told from an edited one`);
  }
  if (edited.length > 0) throw new InputError('cannot merge', edited);
  const merged = mergeSnapshots(shards, parseNow(flags.now));
  const { notes } = merged;
  const snapshot = seal(merged.snapshot, signer);
  for (const note of notes) log(`note: ${note}`);
  const sha256 = await emitSnapshot(flags.output, snapshot, ctx.io, guard);
  log(`Merged ${shards.length} shard(s): ${snapshot.accounts.length} account(s)`);
  for (const line of describeSnapshot(snapshot, sha256)) log(line);
  if (flags.output && flags.output !== '-') log(`Snapshot written to ${flags.output}`);
  ctx.setExit(0);
}
