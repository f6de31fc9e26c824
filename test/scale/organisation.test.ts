/**
 * An organisation audited in one run against the emulator: Organizations ListAccounts from the
 * management account, AssumeRole into every member (one refuses, one requires an ExternalId),
 * every enabled region per account. The account that cannot be entered stays in the snapshot,
 * in coverage, in the summary and in every report, and its rules skip, never pass.
 */
import { findingsOf } from '../../src/engine/outcomes.ts';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountIdOf, syntheticEstate } from '../../bench/synthetic-estate.ts';
import { collect, type CollectOptions } from '../../src/collect/index.ts';
import { describeSnapshot } from '../../src/snapshot/summary.ts';
import type { Estate } from '../../src/emulator/index.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import type { AuditResult, Snapshot } from '../../src/model/index.ts';
import { parseSnapshot } from '../../src/snapshot/io.ts';
import { audit, cli, credentials, fixedNow } from './helpers.ts';

const MGMT = accountIdOf(0);
const MEMBER = accountIdOf(1);
const LOCKED = accountIdOf(2);
const GUARDED = accountIdOf(3);
const EXTERNAL_ID = 'org-audit-2026';

function orgEstate(): Estate {
  const estate = syntheticEstate({ scale: 1, seed: 7, accounts: 4, unassumable: [2], instancesPerService: 3 });
  const guarded = estate.accounts[3];
  if (guarded) guarded.externalId = EXTERNAL_ID;
  const member = estate.accounts[1];
  // eu-west-1 is enabled for the member but has no Proton endpoint in the estate.
  if (member) member.enabledRegions = ['eu-west-1', 'us-east-1'];
  return estate;
}

let emulator: RunningEmulator;
const logs: string[] = [];
const base = (): CollectOptions => ({
  endpointUrl: emulator.url,
  credentials,
  assumeRole: 'ProtonAuditRole',
  externalId: EXTERNAL_ID,
  now: fixedNow,
  env: {},
  log: (l) => logs.push(l),
});

beforeAll(async () => {
  emulator = await startEmulator({ estate: orgEstate() });
});
afterAll(async () => {
  await emulator?.close();
});

describe('collect --org --assume-role --region all', () => {
  let snapshot: Snapshot;
  let result: AuditResult;
  beforeAll(async () => {
    snapshot = await collect({ ...base(), org: true, allRegions: true });
    result = await audit(snapshot);
  });

  it('holds every account of the organisation, sorted, each with its own identity', () => {
    expect(snapshot.accounts.map((a) => a.accountId)).toEqual([MGMT, MEMBER, LOCKED, GUARDED]);
    expect(snapshot.accounts.map((a) => a.name)).toEqual(['synthetic-0', 'synthetic-1', 'synthetic-2', 'synthetic-3']);
    // The caller's own account needs no role; members are read through it.
    expect(snapshot.accounts[0]?.identity?.Arn).toBe(`arn:aws:iam::${MGMT}:user/proton-audit-emulator`);
    expect(snapshot.accounts[1]?.identity?.Arn).toBe(`arn:aws:sts::${MEMBER}:assumed-role/ProtonAuditRole/proton-audit`);
    expect(snapshot.accounts[3]?.identity?.Account).toBe(GUARDED);
    expect(snapshot.accounts[1]?.regions[1]?.proton?.services.every((s) => s.arn.includes(`:${MEMBER}:`))).toBe(true);
  });

  it('uses each account’s enabled regions', () => {
    expect(snapshot.accounts[0]?.regions.map((r) => r.region)).toEqual(['us-east-1']);
    expect(snapshot.accounts[1]?.regions.map((r) => r.region)).toEqual(['eu-west-1', 'us-east-1']);
    const describe = snapshot.coverage.filter((e) => e.operation === 'DescribeRegions');
    expect(describe.map((e) => [e.accountId, e.status])).toEqual([
      [MGMT, 'ok'],
      [MEMBER, 'ok'],
      [GUARDED, 'ok'],
    ]);
  });

  it('records the account that cannot be assumed, and goes on', () => {
    const assume = snapshot.coverage.filter((e) => e.operation === 'AssumeRole');
    expect(assume.map((e) => [e.accountId, e.status])).toEqual([
      [MEMBER, 'ok'],
      [LOCKED, 'denied'],
      [GUARDED, 'ok'],
    ]);
    const locked = snapshot.accounts.find((a) => a.accountId === LOCKED);
    expect(locked?.iam).toBeUndefined();
    expect(locked?.identity).toBeUndefined();
    // Audited over the regions the others were, with nothing collected there.
    expect(locked?.regions.map((r) => [r.region, r.proton, r.tagging])).toEqual([
      ['eu-west-1', undefined, undefined],
      ['us-east-1', undefined, undefined],
    ]);
    const lockedGaps = snapshot.coverage.filter((e) => e.accountId === LOCKED && e.status !== 'ok');
    expect(lockedGaps.length).toBeGreaterThan(40);
    expect(lockedGaps.filter((e) => e.operation !== 'AssumeRole').every((e) => e.errors?.[0]?.code === 'AssumeRoleFailed' && e.calls === 0)).toBe(true);
    expect(logs.some((l) => l.startsWith(`account ${LOCKED} (synthetic-2): not collected: could not assume arn:aws:iam::${LOCKED}:role/ProtonAuditRole`))).toBe(true);
    expect(snapshot.coverage.find((e) => e.operation === 'ListAccounts')).toMatchObject({ accountId: MGMT, status: 'ok', calls: 1 });
  });

  it('records the region without Proton in the account that has it enabled', () => {
    const probe = snapshot.coverage.find((e) => e.accountId === MEMBER && e.region === 'eu-west-1' && e.operation === 'GetAccountSettings');
    expect(probe?.status).toBe('unavailable');
  });

  it('the summary names the account that was not collected and the incomplete region', () => {
    const lines = describeSnapshot(snapshot);
    expect(lines).toContain('Accounts not collected (1):');
    expect(lines.some((l) => l.startsWith(`  ${LOCKED} (synthetic-2): could not assume`))).toBe(true);
    expect(lines.some((l) => l.includes(`${MEMBER} eu-west-1 proton`))).toBe(true);
  });

  it('rules over the unassumable account skip as not collected; none passes there', () => {
    const there = findingsOf(result).filter((f) => f.resource.accountId === LOCKED);
    expect(there.length).toBeGreaterThan(0);
    expect(there.filter((f) => f.status !== 'skip')).toEqual([]);
    expect(there.every((f) => f.notCollected === true)).toBe(true);
    expect(result.summary.incomplete.map((i) => `${i.accountId} ${i.region}`)).toEqual(
      expect.arrayContaining([`${LOCKED} global`, `${LOCKED} eu-west-1`, `${LOCKED} us-east-1`]),
    );
    // A region whose Proton endpoint does not answer is retired, not a gap (snapshot/health.ts).
    expect(result.summary.incomplete.map((i) => `${i.accountId} ${i.region}`)).not.toContain(`${MEMBER} eu-west-1`);
    // The reachable accounts are audited for real.
    expect(findingsOf(result).some((f) => f.resource.accountId === MEMBER && f.status === 'fail')).toBe(true);
    expect(findingsOf(result).some((f) => f.resource.accountId === GUARDED && f.status === 'pass')).toBe(true);
  });

  it('a wrong ExternalId makes the guarded account unassumable (the member requires none)', async () => {
    const s = await collect({ ...base(), externalId: 'not-the-id', accounts: [{ accountId: GUARDED }, { accountId: MEMBER }], regions: ['us-east-1'] });
    const assume = s.coverage.filter((e) => e.operation === 'AssumeRole').map((e) => [e.accountId, e.status]);
    expect(assume).toEqual([
      [MEMBER, 'ok'],
      [GUARDED, 'denied'],
    ]);
  });
});

describe('collect --accounts <csv>', () => {
  it('collects exactly the listed accounts under the listed names', async () => {
    const s = await collect({ ...base(), accounts: [{ accountId: MEMBER, name: 'payments-prod' }, { accountId: GUARDED }], regions: ['us-east-1'] });
    expect(s.accounts.map((a) => [a.accountId, a.name])).toEqual([
      [MEMBER, 'payments-prod'],
      [GUARDED, undefined],
    ]);
    // The caller's account is not listed, so nothing of it is recorded.
    expect(s.coverage.some((e) => e.accountId === MGMT)).toBe(false);
    expect(s.coverage.every((e) => e.status === 'ok')).toBe(true);
  });
});

describe('the CLI audits the organisation in one run and every report names the missing account', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pa-org-'));
  let run: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    writeFileSync(join(dir, 'accounts.csv'), `Account ID,Account Name\n${MGMT},management\n${MEMBER},member\n${LOCKED},"locked, unassumable"\n`);
    run = await cli(
      [
        'audit',
        '--accounts', join(dir, 'accounts.csv'),
        '--assume-role', 'ProtonAuditRole',
        '--endpoint-url', emulator.url,
        '--region', 'us-east-1',
        '--now', '2026-11-02T00:00:00Z',
        '--strict',
        '--format', `json:${join(dir, 'result.json')}`,
        '--format', `sarif:${join(dir, 'result.sarif')}`,
        '--format', `markdown:${join(dir, 'summary.md')}`,
        '--format', `html:${join(dir, 'report.html')}`,
        '--format', 'table',
        '--snapshot-out', join(dir, 'snapshot.json'),
      ],
    );
  });

  it('completes, and --strict turns the incomplete collection into exit 3', () => {
    expect(run.stderr).not.toMatch(/internal error|at .*\.ts:\d+/);
    expect(run.code).toBe(3);
    const snapshot = parseSnapshot('snapshot.json', readFileSync(join(dir, 'snapshot.json'), 'utf8'));
    expect(snapshot.accounts.map((a) => a.name)).toEqual(['management', 'member', 'locked, unassumable']);
  });

  it('stderr names it', () => {
    expect(run.stderr).toContain(`${LOCKED} (locked, unassumable): could not assume arn:aws:iam::${LOCKED}:role/ProtonAuditRole`);
  });

  it.each(['result.json', 'result.sarif', 'summary.md', 'report.html'])('%s names it', (file) => {
    expect(readFileSync(join(dir, file), 'utf8')).toContain(LOCKED);
  });

  it('the table on stdout names it', () => {
    expect(run.stdout).toContain(LOCKED);
  });
});
