/**
 * Sharding: each CI job collects its own accounts, `merge` joins the shards, and one evaluation
 * of the merged snapshot equals the evaluation of a single organisation run. Overlapping shards,
 * a shard given twice and mixed schema versions are refused with a clear message (exit 2).
 */
import { findingsOf } from '../../src/engine/outcomes.ts';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountIdOf, syntheticEstate } from '../../bench/synthetic-estate.ts';
import { collect, type CollectOptions } from '../../src/collect/index.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { parseSnapshot, serializeSnapshot } from '../../src/snapshot/io.ts';
import { mergeSnapshots } from '../../src/snapshot/merge.ts';
import type { Snapshot } from '../../src/model/index.ts';
import { sha256Hex } from '../../src/util/canonical-json.ts';
import { audit, cli, credentials, essence, fixedNow } from './helpers.ts';

const ids = [0, 1, 2, 3].map(accountIdOf);
const dir = mkdtempSync(join(tmpdir(), 'pa-merge-'));
let emulator: RunningEmulator;
let whole: Snapshot;
const shardFiles: string[] = [];

const options = (accounts: string[]): CollectOptions => ({
  endpointUrl: emulator.url,
  credentials,
  assumeRole: 'Audit',
  accounts: accounts.map((accountId) => ({ accountId })),
  regions: ['us-east-1'],
  now: fixedNow,
  env: {},
});

beforeAll(async () => {
  emulator = await startEmulator({ estate: syntheticEstate({ scale: 1, seed: 23, accounts: 4, unassumable: [2], instancesPerService: 2 }) });
  whole = await collect(options(ids));
  const shards = await Promise.all([collect(options([ids[0] as string, ids[2] as string])), collect(options([ids[1] as string, ids[3] as string]))]);
  shards.forEach((s, i) => {
    const file = join(dir, `shard-${i}.json`);
    writeFileSync(file, serializeSnapshot(s));
    shardFiles.push(file);
  });
});
afterAll(async () => {
  await emulator?.close();
});

describe('proton-audit merge', () => {
  let merged: Snapshot;
  let stderr: string;
  beforeAll(async () => {
    const out = join(dir, 'merged.json');
    const r = await cli(['merge', ...shardFiles, '--output', out, '--now', '2026-11-01T01:00:00Z']);
    expect(r.code).toBe(0);
    stderr = r.stderr;
    merged = parseSnapshot(out, (await import('node:fs')).readFileSync(out, 'utf8'));
  });

  it('holds every account and all their coverage, as one organisation run does', () => {
    expect(merged.accounts).toEqual(whole.accounts);
    expect(merged.coverage).toEqual(whole.coverage);
    expect(merged.collection.source).toBe('merge');
    expect(merged.collection.shards).toHaveLength(2);
    expect(merged.collectedAt).toBe('2026-11-01T01:00:00.000Z');
    expect(stderr).toContain('Merged 2 shard(s): 4 account(s)');
    expect(stderr).toContain(`${ids[2]}: could not assume`);
  });

  it('evaluates to exactly the findings of the single run', async () => {
    const [a, b] = await Promise.all([audit(merged), audit(whole)]);
    expect(findingsOf(a).map(essence)).toEqual(findingsOf(b).map(essence));
    expect(a.summary.incomplete).toEqual(b.summary.incomplete);
  });

  it('refuses overlapping shards, naming the account and both files', async () => {
    const overlap = join(dir, 'overlap.json');
    writeFileSync(overlap, serializeSnapshot(await collect(options([ids[1] as string]))));
    const r = await cli(['merge', ...shardFiles, overlap]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${overlap} at $.accounts[0]: account ${ids[1]} is also in ${shardFiles[1]}: shards must not overlap`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses the same shard twice', async () => {
    const r = await cli(['merge', shardFiles[0] as string, shardFiles[0] as string]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the same snapshot as .*shard-0\.json .*given twice/);
  });

  it('refuses shards in a schema version it cannot read, with one message about the set', async () => {
    const future = join(dir, 'future.json');
    writeFileSync(future, JSON.stringify({ ...JSON.parse(serializeSnapshot(whole)), schemaVersion: 3 }));
    const r = await cli(['merge', shardFiles[0] as string, future]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot merge: shards were written in snapshot schema versions this proton-audit cannot all read');
    expect(r.stderr).toContain(`${future} at $.schemaVersion: schemaVersion 3`);
    expect(r.stderr).toContain(`${shardFiles[0]} at $.schemaVersion: schemaVersion 2`);
  });

  it('merges a version 1 shard with a version 2 one (version 1 is a subset) and writes version 2', async () => {
    const old = join(dir, 'old.json');
    writeFileSync(old, JSON.stringify({ ...JSON.parse(readFileSync(shardFiles[1] as string, 'utf8')), schemaVersion: 1 }));
    const out = join(dir, 'mixed.json');
    const r = await cli(['merge', shardFiles[0] as string, old, '--output', out]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).schemaVersion).toBe(2);
  });

  it('a corrupt or missing shard is an input error naming it', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, serializeSnapshot(whole).slice(0, 500));
    const r = await cli(['merge', shardFiles[0] as string, broken, join(dir, 'absent.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'absent.json')}: no such file`);
    const r2 = await cli(['merge', shardFiles[0] as string, broken]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/broken\.json at line \d+, column \d+: /);
  });
});

describe('mergeSnapshots', () => {
  it('keeps the collection span of its shards and is independent of shard order', () => {
    const a = { ...whole, accounts: whole.accounts.slice(0, 2), collection: { ...whole.collection, startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T01:00:00Z' } };
    const b = { ...whole, accounts: whole.accounts.slice(2), coverage: [], collection: { ...whole.collection, startedAt: '2026-01-01T00:30:00Z', finishedAt: '2026-01-01T02:00:00Z' } };
    const shard = (s: Snapshot, file: string) => ({ file, snapshot: s, sha256: sha256Hex(serializeSnapshot(s)) });
    const one = mergeSnapshots([shard(a, 'a'), shard(b, 'b')], new Date(0)).snapshot;
    const two = mergeSnapshots([shard(b, 'b'), shard(a, 'a')], new Date(0)).snapshot;
    expect(serializeSnapshot(one)).toBe(serializeSnapshot(two));
    expect([one.collection.startedAt, one.collection.finishedAt]).toEqual(['2026-01-01T00:00:00Z', '2026-01-01T02:00:00Z']);
  });
});
