/** `proton-audit collect` end to end: the real binary against the emulator. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliProcess } from '../helpers/cli.ts';
import { collectOptionsFrom } from '../../src/cli/pipeline/collection.ts';
import { processIo } from '../../src/cli/shared/io.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { UsageError } from '../../src/errors.ts';
import { parseSnapshot } from '../../src/snapshot/io.ts';
import { sha256Hex } from '../../src/util/canonical-json.ts';
import { ACCOUNT, testEstate } from '../collect/fixtures/estate.ts';

const run = promisify(execFile);

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(...cliProcess(args), {
      env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret', AWS_EC2_METADATA_DISABLED: 'true', ...env },
      maxBuffer: 32 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('proton-audit collect', () => {
  let emulator: RunningEmulator;
  const dir = mkdtempSync(join(tmpdir(), 'pa-collect-'));
  beforeAll(async () => {
    emulator = await startEmulator({ estate: testEstate(), port: 0 });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('writes the snapshot to stdout and the report to stderr', async () => {
    const r = await cli(['collect', '--endpoint-url', emulator.url, '--region', 'us-east-1,eu-west-1']);
    expect(r.code).toBe(0);
    const snapshot = parseSnapshot('stdout', r.stdout);
    expect(snapshot.accounts[0]?.accountId).toBe(ACCOUNT);
    expect(r.stderr).toContain('Proton is unavailable in eu-west-1');
    expect(r.stderr).toMatch(/Resources: .*environments 2/);
    expect(r.stderr).toMatch(/eu-west-1 proton: 21 operations unavailable/);
    expect(r.stderr).toMatch(/API calls: .*proton \d+/);
    expect(r.stderr).toContain(`sha256 ${sha256Hex(r.stdout)}`);
    expect(r.stderr).not.toContain('NodeVersionSupportWarning');
  });

  it('--output and --redact: specs dropped after the scan, the secret shown only as a preview', async () => {
    const out = join(dir, 'snap.json');
    const r = await cli(['collect', '--output', out, '--redact'], { AWS_ENDPOINT_URL: emulator.url, AWS_REGION: 'us-east-1' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const text = readFileSync(out, 'utf8');
    const snapshot = parseSnapshot(out, text);
    expect(snapshot.collection.redacted).toBe(true);
    expect(snapshot.accounts[0]?.regions.map((x) => x.region)).toEqual(['us-east-1']);
    expect(text).not.toContain('hunter2');
    expect(r.stderr).not.toContain('hunter2hunter2');
    expect(r.stderr).toMatch(/possible secret \(password\) in arn:aws:proton:us-east-1:111111111111:environment\/prod spec line 3: \S*\*\*\*\*/);
    expect(r.stderr).toContain(`sha256 ${sha256Hex(text)}`);
  });

  it('a bad flag is a usage error (exit 2) with a one-line message', async () => {
    const r = await cli(['collect', '--region', 'mars']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('proton-audit: --region: not a region name: "mars" (e.g. us-east-1, or all)');
  });
});

describe('collectOptionsFrom', () => {
  it.each([
    [{ region: ['us-east-1', 'mars'] }, /--region: not a region name: "mars"/],
    [{ endpointUrl: 'ftp://x' }, /--endpoint-url: not an http\(s\) URL/],
    [{ endpointUrl: 'not a url' }, /--endpoint-url/],
    [{ concurrency: '0' }, /--concurrency takes a whole number/],
    [{ maxAttempts: 'many' }, /--max-attempts takes a whole number/],
  ])('rejects %o', (flags, message) => {
    expect(() => collectOptionsFrom(flags, processIo(), () => {})).toThrow(UsageError);
    expect(() => collectOptionsFrom(flags, processIo(), () => {})).toThrow(message);
  });

  it('maps flags to options', () => {
    const log = (): void => {};
    const flags = { region: ['eu-west-1'], profile: 'audit', endpointUrl: 'http://127.0.0.1:4566', concurrency: '4', maxAttempts: '3', progress: false };
    expect(collectOptionsFrom(flags, processIo(), log)).toEqual({
      regions: ['eu-west-1'],
      profile: 'audit',
      endpointUrl: 'http://127.0.0.1:4566',
      accountConcurrency: 4,
      concurrency: 4,
      maxAttempts: 3,
      log,
    });
    expect(collectOptionsFrom({ progress: false }, processIo(), log)).toEqual({ accountConcurrency: 4, concurrency: 8, maxAttempts: 6, log });
  });
});
