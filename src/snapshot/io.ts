/**
 * Reading and writing snapshots. Writing is canonical (sorted keys) so the sha256 is a stable
 * evidence anchor; reading validates against the published schema and reports every problem
 * with file and JSON path.
 */
import { readFile } from 'node:fs/promises';
import { Ajv, type ValidateFunction } from 'ajv';
import schema from '../../schemas/snapshot.schema.json' with { type: 'json' };
import { InputError, type Problem } from '../errors.ts';
import { canonicalJson, sha256Hex } from '../util/canonical-json.ts';
import { parseJsonWithLocation } from '../util/json-position.ts';
import { describeFsError } from '../util/fs-errors.ts';
import { ajvProblems } from '../util/schema-problems.ts';
import { isZonedInstant } from '../util/instant.ts';
import { writeFileAtomic, type AtomicOptions } from '../util/atomic-file.ts';

export { describeFsError };
import { READABLE_SNAPSHOT_VERSIONS, SNAPSHOT_SCHEMA_VERSION, type Snapshot } from '../model/index.ts';

let compiled: ValidateFunction<Snapshot> | undefined;
/** Compiled on first use: commands that never read a snapshot do not pay for it. */
function validator(): ValidateFunction<Snapshot> {
  compiled ??= new Ajv({ allErrors: true, strict: false }).compile<Snapshot>(schema);
  return compiled;
}

export function serializeSnapshot(snapshot: Snapshot): string {
  return canonicalJson(snapshot);
}

/** Writes the snapshot atomically (parent folders created); see util/atomic-file.ts. */
export async function writeSnapshot(path: string, snapshot: Snapshot, opts: AtomicOptions = {}): Promise<{ sha256: string; bytes: number }> {
  const text = serializeSnapshot(snapshot);
  await writeFileAtomic(path, text, opts);
  return { sha256: sha256Hex(text), bytes: Buffer.byteLength(text) };
}

/** Validates parsed JSON as a snapshot; throws InputError listing every problem. */
export function parseSnapshot(file: string, text: string): Snapshot {
  const parsed = parseJsonWithLocation(text);
  if (!parsed.ok) throw new InputError(`cannot read snapshot ${file}`, [{ file, location: parsed.location, message: parsed.message }]);
  const value = parsed.value;
  const problems: Problem[] = [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ file, location: '$', message: 'a snapshot is a JSON object' });
  } else {
    const version = (value as Record<string, unknown>).schemaVersion;
    if (typeof version !== 'number' || !READABLE_SNAPSHOT_VERSIONS.includes(version)) {
      const seen = version === undefined ? 'no schemaVersion' : `schemaVersion ${JSON.stringify(version)}`;
      problems.push({
        file,
        location: '$.schemaVersion',
        message: `${seen}; this proton-audit reads schemaVersion ${READABLE_SNAPSHOT_VERSIONS.join(' and ')} and writes ${SNAPSHOT_SCHEMA_VERSION} (is this a snapshot, or from another version of the tool?)`,
      });
    } else {
      const validate = validator();
      if (!validate(value)) problems.push(...ajvProblems(file, validate.errors));
      else problems.push(...zonelessTimes(file, value));
    }
  }
  if (problems.length > 0) throw new InputError(`cannot use snapshot ${file}`, problems);
  return value as Snapshot;
}

/**
 * Every time in the snapshot (a string under a key ending in At or Date) carries a zone and names
 * a real date: read without one, it would be the machine's local time and findings would differ
 * by TZ. Reported with its JSON path, up to 20 of them.
 */
function zonelessTimes(file: string, value: unknown): Problem[] {
  const problems: Problem[] = [];
  // The JSON path is kept as a stack of keys and indexes and spelled out only for a problem:
  // a large snapshot has millions of values and almost never a bad time.
  const at: Array<string | number> = [];
  const pathOf = (): string => {
    let path = '$';
    for (const seg of at) path += typeof seg === 'number' ? `[${seg}]` : `.${seg}`;
    return path;
  };
  const walk = (v: unknown, key: string): void => {
    if (problems.length >= 20) return;
    if (typeof v === 'string') {
      if (!(key.endsWith('At') || key.endsWith('Date')) || !DATE_PREFIX.test(v)) return;
      const zoned = isZonedInstant(v);
      if (zoned === undefined) problems.push({ file, location: pathOf(), message: `'${v.slice(0, 40)}' is not a valid time (a date or time that does not exist?)` });
      else if (!zoned) problems.push({ file, location: pathOf(), message: `'${v.slice(0, 40)}' has no time zone; snapshot times carry one (Z or an offset), so they never depend on the reader's TZ` });
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (x === null || (typeof x !== 'object' && typeof x !== 'string')) continue;
        at.push(i);
        walk(x, key);
        at.pop();
      }
      return;
    }
    // Entries, not keys then a lookup: a "__proto__" key of parsed JSON is an own value that a lookup would miss.
    for (const [k, x] of Object.entries(v)) {
      if (x === null || (typeof x !== 'object' && typeof x !== 'string')) continue;
      at.push(k);
      walk(x, k);
      at.pop();
    }
  };
  walk(value, '');
  return problems;
}

const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}/;

export async function readSnapshot(path: string): Promise<{ snapshot: Snapshot; sha256: string }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    throw new InputError(`cannot read snapshot ${path}`, [{ file: path, location: '', message: describeFsError(code) }]);
  }
  const snapshot = parseSnapshot(path, bytes.toString('utf8'));
  return { snapshot, sha256: sha256Hex(bytes) };
}
