/**
 * Joining shard snapshots (one CI job each, `collect --accounts <shard>`) into one for a single
 * evaluation. Shards must not overlap: an account in two shards would be audited twice with
 * possibly different data, so it is refused, as is the same file given twice and shards written
 * in different schema versions. Pure: the caller reads the files and supplies the clock.
 */
import { mergeCoverage } from './coverage.ts';
import { InputError, type Problem } from '../errors.ts';
import { TOOL_NAME, TOOL_VERSION } from '../version.ts';
import { READABLE_SNAPSHOT_VERSIONS, SNAPSHOT_SCHEMA_VERSION, type Snapshot } from '../model/index.ts';

export interface Shard {
  file: string;
  snapshot: Snapshot;
  sha256: string;
}

export interface Merged {
  snapshot: Snapshot;
  /** Things worth telling the user that do not stop the merge. */
  notes: string[];
}

/**
 * The `schemaVersion` each file declares, read before full validation so mixed versions get one
 * message about the set rather than a schema error per file. Every readable version merges:
 * version 1 is a subset of version 2, and the merged file is written as the current version.
 */
export function checkSchemaVersions(files: ReadonlyArray<{ file: string; schemaVersion: unknown }>): void {
  const versions = new Set(files.map((f) => JSON.stringify(f.schemaVersion ?? null)));
  if (files.every((f) => typeof f.schemaVersion === 'number' && READABLE_SNAPSHOT_VERSIONS.includes(f.schemaVersion))) return;
  const problems: Problem[] = files.map((f) => ({
    file: f.file,
    location: '$.schemaVersion',
    message: f.schemaVersion === undefined ? 'no schemaVersion' : `schemaVersion ${JSON.stringify(f.schemaVersion)}`,
  }));
  const detail =
    versions.size > 1
      ? 'shards were written in snapshot schema versions this proton-audit cannot all read'
      : `shards are in schema version ${[...versions][0]}, this proton-audit merges versions ${READABLE_SNAPSHOT_VERSIONS.join(' and ')}`;
  throw new InputError(`cannot merge: ${detail}; collect every shard with the same proton-audit version`, problems);
}

const min = (values: string[]): string => values.reduce((a, b) => (b < a ? b : a));
const max = (values: string[]): string => values.reduce((a, b) => (b > a ? b : a));

export function mergeSnapshots(shards: readonly Shard[], now: Date): Merged {
  if (shards.length === 0) throw new InputError('cannot merge', [{ file: '', location: '', message: 'no snapshot given' }]);
  checkSchemaVersions(shards.map((s) => ({ file: s.file, schemaVersion: s.snapshot.schemaVersion })));
  const problems: Problem[] = [];
  const bySha = new Map<string, string>();
  for (const s of shards) {
    const first = bySha.get(s.sha256);
    if (first !== undefined) problems.push({ file: s.file, location: '', message: `the same snapshot as ${first} (sha256 ${s.sha256.slice(0, 12)}…), given twice` });
    else bySha.set(s.sha256, s.file);
  }
  const owner = new Map<string, string>();
  for (const s of shards) {
    if (bySha.get(s.sha256) !== s.file) continue;
    s.snapshot.accounts.forEach((a, i) => {
      const first = owner.get(a.accountId);
      if (first !== undefined) {
        problems.push({ file: s.file, location: `$.accounts[${i}]`, message: `account ${a.accountId} is also in ${first}: shards must not overlap` });
      } else owner.set(a.accountId, s.file);
    });
  }
  if (problems.length > 0) throw new InputError('cannot merge', problems);

  const notes: string[] = [];
  const tools = [...new Set(shards.map((s) => s.snapshot.tool.version))].sort();
  if (tools.length > 1) notes.push(`shards were written by proton-audit ${tools.join(', ')}`);
  const endpoints: Record<string, string> = {};
  for (const s of shards) {
    for (const [service, url] of Object.entries(s.snapshot.collection.endpoints ?? {})) {
      if (endpoints[service] !== undefined && endpoints[service] !== url) notes.push(`shards used different ${service} endpoints (${endpoints[service]}, ${url}); the first is recorded`);
      else endpoints[service] = url;
    }
  }
  const redacted = shards.filter((s) => s.snapshot.collection.redacted === true).length;
  if (redacted > 0 && redacted < shards.length) notes.push(`${redacted} of ${shards.length} shards were redacted: spec contents are present for some accounts only`);

  const accounts = shards.flatMap((s) => s.snapshot.accounts).sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
  const snapshot: Snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    collectedAt: now.toISOString(),
    collection: {
      source: 'merge',
      // The span the data was collected over: the earliest shard's start to the latest's end.
      startedAt: min(shards.map((s) => s.snapshot.collection.startedAt)),
      finishedAt: max(shards.map((s) => s.snapshot.collection.finishedAt)),
      ...(Object.keys(endpoints).length > 0 ? { endpoints } : {}),
      ...(redacted === shards.length ? { redacted: true } : {}),
      shards: shards.map((s) => s.sha256).sort(),
    },
    accounts,
    coverage: mergeCoverage(shards.flatMap((s) => s.snapshot.coverage)),
  };
  return { snapshot, notes };
}
