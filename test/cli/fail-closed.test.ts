/**
 * The gate fails closed: a collection that failed as a whole is exit 3 with its cause, never an
 * empty pass, and writes nothing; a retired Proton is the normal state and fails nothing; a
 * partial collection is reported as incomplete everywhere and fails only with --strict.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountIdOf, syntheticEstate } from '../../bench/synthetic-estate.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { cliProcess } from '../helpers/cli.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';
import type { AuditResult } from '../../src/model/index.ts';
import { testEstate } from '../collect/fixtures/estate.ts';

const exec = promisify(execFile);
const NOW = '2026-11-01T00:00:00Z';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI as a process, with only the environment given (no credentials unless passed). */
async function cli(args: string[], env: Record<string, string>, cwd: string): Promise<Outcome> {
  try {
    const { stdout, stderr } = await exec(...cliProcess(args), {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: cwd,
        // No shared config or credentials file, no instance metadata: the SDK chain ends at once.
        AWS_CONFIG_FILE: join(cwd, 'no-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(cwd, 'no-credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
        ...env,
      },
      maxBuffer: 32 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** A loopback port with nothing listening: connections are refused at once. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// Whole CLI runs as processes on a shared two-core machine: time is not what is tested.
const SLOW = 600_000;

const CREDS = { AWS_ACCESS_KEY_ID: 'AKIDTESTFAILCLOSED', AWS_SECRET_ACCESS_KEY: 'test-secret' };

describe('no credentials', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pa-nocreds-'));
  let endpoint: string;
  beforeAll(async () => {
    endpoint = `http://127.0.0.1:${await deadPort()}`;
  });

  it('audit exits 3 naming the cause, and writes neither snapshot nor report', { timeout: SLOW }, async () => {
    const r = await cli(
      ['audit', '--region', 'us-east-1', '--max-attempts', '1', '--no-progress', '--now', NOW, '--format', 'table', '--format', 'json:out/result.json', '--snapshot-out', 'out/snapshot.json'],
      { AWS_ENDPOINT_URL: endpoint },
      dir,
    );
    expect(r.code).toBe(3);
    const last = r.stderr.trim().split('\n').at(-1) ?? '';
    expect(last).toMatch(/^proton-audit: collection failed, so nothing was evaluated or written: nothing was collected from the account: no AWS credentials were found/);
    expect(r.stdout).not.toContain('No open failing findings');
    expect(existsSync(join(dir, 'out/result.json'))).toBe(false);
    expect(existsSync(join(dir, 'out/snapshot.json'))).toBe(false);
  });

  it('collect exits 3 and leaves an earlier snapshot at --output as it was', { timeout: SLOW }, async () => {
    const previous = join(dir, 'good.json');
    writeFileSync(previous, '{"an": "earlier, good snapshot"}');
    const r = await cli(['collect', '--region', 'us-east-1', '--max-attempts', '1', '--no-progress', '--output', previous], { AWS_ENDPOINT_URL: endpoint }, dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('No snapshot was written.');
    expect(r.stderr).toMatch(/proton-audit: collection failed: nothing was collected from the account: no AWS credentials were found/);
    expect(readFileSync(previous, 'utf8')).toBe('{"an": "earlier, good snapshot"}');
  });
});

describe('against the emulator', () => {
  let emulator: RunningEmulator;
  let throttling: RunningEmulator;
  let denying: RunningEmulator;
  let retired: RunningEmulator;
  let stacksDenied: RunningEmulator;
  const dir = mkdtempSync(join(tmpdir(), 'pa-failclosed-'));
  beforeAll(async () => {
    emulator = await startEmulator({ estate: testEstate(), port: 0 });
    // Every request throttled: pointed at by AWS_ENDPOINT_URL_PROTON only.
    throttling = await startEmulator({ estate: testEstate(), port: 0, faults: { throttleEvery: 1 } });
    denying = await startEmulator({ estate: testEstate({ deny: ['proton:*'] }), port: 0 });
    // After the retirement: Proton's endpoint drops every connection in every region.
    const gone = testEstate();
    for (const r of gone.accounts.flatMap((a) => a.regions)) r.protonAvailable = false;
    retired = await startEmulator({ estate: gone, port: 0 });
    const goneDenied = testEstate({ deny: ['cloudformation:*'] });
    for (const r of goneDenied.accounts.flatMap((a) => a.regions)) r.protonAvailable = false;
    stacksDenied = await startEmulator({ estate: goneDenied, port: 0 });
  });
  afterAll(async () => {
    await Promise.all([emulator?.close(), throttling?.close(), denying?.close(), retired?.close(), stacksDenied?.close()]);
  });

  it('every Proton call throttled is a failed collection (exit 3), not a pass on IAM and tags alone', { timeout: SLOW }, async () => {
    const r = await cli(
      ['audit', '--region', 'us-east-1', '--max-attempts', '1', '--no-progress', '--now', NOW, '--fail-on', 'critical', '--format', 'json:throttled.json'],
      { ...CREDS, AWS_ENDPOINT_URL: emulator.url, AWS_ENDPOINT_URL_PROTON: throttling.url },
      dir,
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/collection failed, so nothing was evaluated or written: every Proton call failed \(\d+ calls\): Throttling/);
    expect(existsSync(join(dir, 'throttled.json'))).toBe(false);
  });

  it('every Proton call denied is a failed collection too', { timeout: SLOW }, async () => {
    const r = await cli(['audit', '--region', 'us-east-1', '--no-progress', '--now', NOW, '--format', 'json'], { ...CREDS, AWS_ENDPOINT_URL: denying.url }, dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/every Proton call failed \(\d+ calls\): AccessDeniedException/);
  });

  it('a retired Proton (its endpoint does not answer) fails nothing: IAM and tags are audited, the reports say Proton is retired', { timeout: SLOW }, async () => {
    const r = await cli(
      ['audit', '--region', 'eu-west-1', '--no-progress', '--now', NOW, '--fail-on', 'none', '--strict', '--format', 'json', '--format', 'markdown:retired.md'],
      { ...CREDS, AWS_ENDPOINT_URL: emulator.url },
      dir,
    );
    expect(r.stderr).toContain('Proton is unavailable in eu-west-1');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { summary: { incomplete: unknown[] } };
    expect(result.summary.incomplete).toEqual([]);
    const md = readFileSync(join(dir, 'retired.md'), 'utf8');
    expect(md).not.toContain('collection incomplete');
    expect(md).toMatch(/Proton did not answer \(AWS retired it on 2026-10-07\) in 111111111111 eu-west-1/);
  });

  it('a retired Proton with its last-known records carried (--last-known) fails nothing: the records are audited as of their time', { timeout: SLOW }, async () => {
    const before = await cli(['collect', '--region', 'us-east-1', '--no-progress', '--output', 'before.json'], { ...CREDS, AWS_ENDPOINT_URL: emulator.url }, dir);
    expect(before.code).toBe(0);
    const r = await cli(
      ['audit', '--region', 'us-east-1', '--no-progress', '--now', NOW, '--fail-on', 'none', '--last-known', 'before.json', '--format', 'json', '--snapshot-out', 'after.json'],
      { ...CREDS, AWS_ENDPOINT_URL: retired.url },
      dir,
    );
    expect(r.stderr).toContain('Proton is unavailable in us-east-1');
    expect(r.stderr).toContain('are last-known, not collected now');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as AuditResult;
    expect(result.snapshot.lastKnown?.map((p) => p.region)).toEqual(['us-east-1']);
    expect(findingsOf(result).some((f) => f.lastKnown)).toBe(true);
    // Carried, not collected: --strict still counts it as a gap.
    const strict = await cli(['collect', '--region', 'us-east-1', '--no-progress', '--strict', '--last-known', 'before.json', '--output', 'strict.json'], { ...CREDS, AWS_ENDPOINT_URL: retired.url }, dir);
    expect(strict.code).toBe(3);
    expect(strict.stderr).toContain('--strict: the collection was incomplete');
  });

  it('after the retirement, every CloudFormation call denied is a failed collection: the stacks Proton left would go unseen', { timeout: SLOW }, async () => {
    const r = await cli(['audit', '--region', 'us-east-1', '--no-progress', '--now', NOW, '--format', 'json:stacks.json'], { ...CREDS, AWS_ENDPOINT_URL: stacksDenied.url }, dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/every CloudFormation call failed \(\d+ calls?\): AccessDenied/);
    expect(existsSync(join(dir, 'stacks.json'))).toBe(false);
  });

  it('an evaluate of a snapshot recording a failed collection exits 3 as well', { timeout: SLOW }, async () => {
    // A snapshot written by another tool or an older version: IAM and tags failed everywhere.
    const ok = await cli(['collect', '--region', 'us-east-1', '--no-progress', '--output', 'snap.json'], { ...CREDS, AWS_ENDPOINT_URL: emulator.url }, dir);
    expect(ok.code).toBe(0);
    const snapshot = JSON.parse(readFileSync(join(dir, 'snap.json'), 'utf8')) as { accounts: Array<{ iam?: unknown; identity?: unknown; regions: Array<{ tagging?: unknown }> }>; coverage: Array<{ service: string; status: string; calls: number; failures: number; errors?: unknown[] }> };
    for (const a of snapshot.accounts) {
      delete a.iam;
      delete a.identity;
      for (const r of a.regions) delete r.tagging;
    }
    for (const e of snapshot.coverage) {
      if (e.service !== 'iam' && e.service !== 'tagging') continue;
      Object.assign(e, { status: 'error', failures: e.calls, errors: [{ code: 'ExpiredToken', message: 'The security token included in the request is expired', count: e.calls }] });
    }
    writeFileSync(join(dir, 'failed.json'), JSON.stringify(snapshot));
    const r = await cli(['evaluate', '--snapshot', 'failed.json', '--now', NOW, '--format', 'json:never.json'], {}, dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/failed\.json records a failed collection, so nothing was evaluated: every IAM call failed \(\d+ calls?\): the AWS credentials have expired \(ExpiredToken/);
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
  });
});

describe('organisation shards', () => {
  let emulator: RunningEmulator;
  const dir = mkdtempSync(join(tmpdir(), 'pa-shards-'));
  const LOCKED = accountIdOf(2);
  const MEMBER = accountIdOf(1);
  beforeAll(async () => {
    emulator = await startEmulator({ estate: syntheticEstate({ scale: 1, seed: 7, accounts: 3, unassumable: [2], instancesPerService: 1 }), port: 0 });
    writeFileSync(join(dir, 'locked.csv'), `id,name\n${LOCKED},locked\n`);
    writeFileSync(join(dir, 'mixed.csv'), `id,name\n${MEMBER},member\n${LOCKED},locked\n`);
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('a shard whose only role cannot be assumed is a failed collection (exit 3)', { timeout: SLOW }, async () => {
    const r = await cli(['collect', '--accounts', 'locked.csv', '--assume-role', 'ProtonAuditRole', '--region', 'us-east-1', '--no-progress', '--output', 'locked.json'], { ...CREDS, AWS_ENDPOINT_URL: emulator.url }, dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/collection failed: nothing was collected from the account: the audit role could not be assumed in any account \(AssumeRoleFailed/);
    expect(existsSync(join(dir, 'locked.json'))).toBe(false);
  });

  it('one account entered and one not: the run is incomplete, says so in every report, and fails only with --strict', { timeout: SLOW }, async () => {
    const args = ['audit', '--accounts', 'mixed.csv', '--assume-role', 'ProtonAuditRole', '--region', 'us-east-1', '--no-progress', '--now', NOW, '--fail-on', 'none', '--format', 'table', '--format', 'markdown:mixed.md', '--format', 'sarif:mixed.sarif'];
    const r = await cli(args, { ...CREDS, AWS_ENDPOINT_URL: emulator.url }, dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Collection incomplete');
    expect(r.stderr).toContain(`incomplete collection: account ${LOCKED}`);
    expect(readFileSync(join(dir, 'mixed.md'), 'utf8')).toMatch(/^## ℹ️ proton-audit: report only \(--fail-on none\) · \d+ open failing findings? · ⚠️ collection incomplete/);
    expect(JSON.parse(readFileSync(join(dir, 'mixed.sarif'), 'utf8')).runs[0].properties.incompleteCollection).toBe(true);
    const strict = await cli([...args, '--strict'], { ...CREDS, AWS_ENDPOINT_URL: emulator.url }, dir);
    expect(strict.code).toBe(3);
  });
});
