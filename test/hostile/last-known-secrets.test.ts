/**
 * Last-known Proton records carried from an earlier snapshot keep their secret records. The
 * earlier snapshot replaced each value by a placeholder, so the carried specs no longer hold
 * what the secret rules would find: without the records, a retired region's secrets would pass.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { hostileEstate } from '../../bench/hostile-estate.ts';
import { defaultConfig } from '../../src/config/defaults.ts';
import { BUILTIN_RULES_DIR, evaluate, loadRules, prepareFacts } from '../../src/engine/index.ts';
import { protectSecrets } from '../../src/facts/secret-records.ts';
import type { Snapshot } from '../../src/model/index.ts';
import { serializeSnapshot } from '../../src/snapshot/io.ts';
import { sha256Hex } from '../../src/util/canonical-json.ts';
import { collectFrom } from '../collect/emulator-helpers.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';

const estate = (retired: boolean) => {
  const e = hostileEstate({ hostile: true, withoutHugeLine: true, small: true });
  if (retired) for (const r of e.accounts[0]?.regions ?? []) r.protonAvailable = false;
  return e;
};

describe('secret records of last-known Proton records', () => {
  let first: Snapshot;
  let carried: Snapshot;
  let uncarried: Snapshot;
  beforeAll(async () => {
    first = protectSecrets((await collectFrom(estate(false))).snapshot, { salt: 'aa'.repeat(16) }).snapshot;
    const lastKnown = { snapshot: first, sha256: sha256Hex(serializeSnapshot(first)) };
    const collected = (await collectFrom(estate(true), { lastKnown })).snapshot;
    uncarried = protectSecrets(structuredClone(collected), { salt: 'bb'.repeat(16) }).snapshot;
    carried = protectSecrets(collected, { salt: 'bb'.repeat(16), carriedFrom: first }).snapshot;
    await prepareFacts();
  }, 180_000);

  const protonRecords = (s: Snapshot) => (s.secrets?.found ?? []).filter((r) => r.arn.includes(':proton:'));

  it('are carried with the salt they were hashed with', () => {
    expect(carried.accounts[0]?.regions[0]?.lastKnown).toBeDefined();
    const before = protonRecords(first);
    expect(before.length).toBeGreaterThan(100);
    // The carried specs hold the earlier placeholders: a fresh scan finds nothing in them.
    expect(protonRecords(uncarried)).toEqual([]);
    expect(protonRecords(carried)).toEqual(before.map((r) => ({ ...r, salt: 'aa'.repeat(16) })));
    expect(carried.secrets?.salt).toBe('bb'.repeat(16));
  });

  it('so the secret rules still fail on the last-known resources', async () => {
    const config = defaultConfig();
    const { rules } = await loadRules({ builtinDir: BUILTIN_RULES_DIR, config });
    const failing = (snapshot: Snapshot, name: string) =>
      findingsOf(evaluate({ snapshot, sha256: '0'.repeat(64), rules, config, now: new Date('2026-11-02T00:00:00Z'), toolVersion: 'test' })).filter((f) => f.ruleId === 'PA-SEC-001' && f.resource.name === name && f.status === 'fail').length;
    expect(failing(carried, 'keys')).toBe(3);
    expect(failing(carried, 'prod')).toBe(1);
    expect(failing(uncarried, 'keys')).toBe(0);
  }, 120_000);
});
