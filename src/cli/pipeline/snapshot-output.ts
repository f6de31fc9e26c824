/** Writing a snapshot to a file or stdout: what `collect`, `audit`, `import` and `merge` share. */
import type { Snapshot } from '../../model/index.ts';
import { serializeSnapshot, writeSnapshot } from '../../snapshot/io.ts';
import { sha256Hex } from '../../util/canonical-json.ts';
import type { InputGuard } from '../../util/atomic-file.ts';
import type { CliIo } from '../shared/io.ts';
import type { KeyObject } from 'node:crypto';
import { sealSnapshot } from '../../snapshot/integrity.ts';
import { loadSigningKey } from '../../evidence/write.ts';

/**
 * Writes the snapshot atomically, parent folders created; `flag` names the option in messages
 * (e.g. '--snapshot-out'). A path that cannot be written is an OutputError (exit 2).
 */
export async function writeTo(path: string, snapshot: Snapshot, flag = '--output', guard?: InputGuard): Promise<string> {
  return (await writeSnapshot(path, snapshot, { label: `${flag} ${path}`, ...(guard ? { guard } : {}) })).sha256;
}

/** The snapshot to `--output` (a file) or, without it or with '-', to stdout; returns its sha256. */
export async function emitSnapshot(output: string | undefined, snapshot: Snapshot, io: CliIo, guard?: InputGuard): Promise<string> {
  if (output && output !== '-') return writeTo(output, snapshot, '--output', guard);
  const text = serializeSnapshot(snapshot);
  io.stdout.write(text);
  return sha256Hex(text);
}

/**
 * The snapshot with its collection digest, signed with the Ed25519 key at `signKeyPath` when one
 * is given (snapshot/integrity.ts). Commands load the key with `signingKey` before their slow work.
 */
export function seal(snapshot: Snapshot, signer?: KeyObject): Snapshot {
  return sealSnapshot(snapshot, signer);
}

/** The private key for --sign, read and checked up front (an InputError names the file). */
export async function signingKey(path: string | undefined): Promise<KeyObject | undefined> {
  return path === undefined ? undefined : loadSigningKey(path);
}
