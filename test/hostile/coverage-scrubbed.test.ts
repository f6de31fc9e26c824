/**
 * Coverage text carries what AWS said: an error code and message per failed operation. A known
 * secret repeated there (an error echoing a parameter, a hostile endpoint) must be scrubbed like
 * every other output text — in the result's coverage section and in the skip reasons a gap gives
 * every rule — whether or not the snapshot kept the values (--keep-secrets).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { snapshotOfEstate } from '../../bench/estate-snapshot.ts';
import { hostileEstate, PLANTED } from '../../bench/hostile-estate.ts';
import { defaultConfig } from '../../src/config/defaults.ts';
import { BUILTIN_RULES_DIR, evaluate, loadRules, prepareFacts } from '../../src/engine/index.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';
import { protectSecrets } from '../../src/facts/secret-records.ts';
import type { AuditResult, Snapshot } from '../../src/model/index.ts';

const now = new Date('2026-11-02T00:00:00Z');

function snapshotWithLeakyCoverage(keep: boolean): Snapshot {
  const snapshot = snapshotOfEstate(hostileEstate({ hostile: true, withoutHugeLine: true, small: true }), '2026-11-01T00:00:00Z');
  // The password is in prod's spec (a scan finds it); AWS repeats it in an error code and message.
  snapshot.coverage.push({
    accountId: snapshot.accounts[0]?.accountId ?? '',
    region: 'us-east-1',
    service: 'tagging',
    operation: 'GetResources',
    status: 'error',
    calls: 1,
    failures: 1,
    errors: [{ code: `Invalid${PLANTED.dbPassword}`, message: `parameter ${PLANTED.dbPassword} is not valid`, count: 1 }],
  });
  return keep ? protectSecrets(snapshot, { keep: true, salt: 'cc'.repeat(16) }).snapshot : snapshot;
}

describe('coverage text with a known secret', () => {
  let evaluateOf: (snapshot: Snapshot) => AuditResult;
  beforeAll(async () => {
    await prepareFacts();
    const config = defaultConfig();
    const { rules } = await loadRules({ builtinDir: BUILTIN_RULES_DIR, config });
    evaluateOf = (snapshot) => evaluate({ snapshot, sha256: '0'.repeat(64), rules, config, now, toolVersion: 'test' });
  }, 120_000);

  for (const keep of [true, false]) {
    it(`is scrubbed from the result's coverage and skip reasons (${keep ? 'values kept' : 'snapshot without a secrets section'})`, () => {
      const result = evaluateOf(snapshotWithLeakyCoverage(keep));
      // The gap is reported (tag rules skip with the reason) and the password still fails PA-SEC-001.
      const skipped = findingsOf(result).filter((f) => f.status === 'skip' && f.skipReason?.includes('GetResources'));
      expect(skipped.length).toBeGreaterThan(0);
      expect(findingsOf(result).some((f) => f.ruleId === 'PA-SEC-001' && f.resource.name === 'prod' && f.status === 'fail')).toBe(true);
      const entry = result.coverage.find((e) => e.operation === 'GetResources' && e.status === 'error');
      expect(entry?.errors?.[0]?.message).toMatch(/^parameter \S+ is not valid$/);
      expect(JSON.stringify(result).includes(PLANTED.dbPassword)).toBe(false);
    });
  }

  it('leaves the snapshot it was given unchanged', () => {
    const snapshot = snapshotWithLeakyCoverage(true);
    const before = JSON.stringify(snapshot.coverage);
    evaluateOf(snapshot);
    expect(JSON.stringify(snapshot.coverage)).toBe(before);
  });
});
