/**
 * Secrets never leave, end to end through the CLI processes: collect the hostile estate from the
 * emulator, evaluate it with every format and an evidence bundle, and grep every file written and
 * every byte of stderr for each planted secret value — while the secret rules still fail on
 * every one (the gate sees them). Terminal escape sequences from a role ARN never reach stderr.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileEstate, plantedValues } from '../../bench/hostile-estate.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import type { AuditResult, Snapshot } from '../../src/model/index.ts';
import { cliProcess } from '../helpers/cli.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';

const run = promisify(execFile);

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(...cliProcess(args), {
      env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret', AWS_EC2_METADATA_DISABLED: 'true', ...env },
      maxBuffer: 256 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('planted secrets', () => {
  let emulator: RunningEmulator;
  const dir = mkdtempSync(join(tmpdir(), 'pa-hostile-'));
  let collected: { code: number; stderr: string };
  let evaluated: { code: number; stderr: string; stdout: string };
  beforeAll(async () => {
    emulator = await startEmulator({ estate: hostileEstate({ hostile: true, withoutHugeLine: true, small: true }), port: 0 });
    collected = await cli(['collect', '--output', join(dir, 'snapshot.json'), '--no-progress'], { AWS_ENDPOINT_URL: emulator.url, AWS_REGION: 'us-east-1' });
    const formats = ['json', 'jsonl', 'sarif', 'markdown', 'html', 'csv', 'ocsf'].flatMap((f) => ['--format', `${f}:${join(dir, `result.${f}`)}`]);
    evaluated = await cli(['evaluate', '--snapshot', join(dir, 'snapshot.json'), '--now', '2026-11-02T00:00:00Z', '--fail-on', 'none', '--format', 'table', ...formats, '--evidence', join(dir, 'evidence')]);
  }, 600_000);
  afterAll(async () => {
    await emulator?.close();
  });

  it('appear in no file collect or evaluate wrote, nor in stdout or stderr', () => {
    expect(collected.code).toBe(0);
    expect(evaluated.code).toBe(0);
    const files = filesUnder(dir);
    expect(files.length).toBeGreaterThan(6);
    for (const file of files) {
      const text = readFileSync(file, 'latin1');
      for (const secret of plantedValues()) expect(text.includes(secret), `${secret} in ${file}`).toBe(false);
    }
    for (const stream of [collected.stderr, evaluated.stderr, evaluated.stdout]) {
      for (const secret of plantedValues()) expect(stream).not.toContain(secret);
    }
  });

  it('are each still reported: the secret rules fail on every one (a flooded field once, counting them all)', () => {
    const snapshot = JSON.parse(readFileSync(join(dir, 'snapshot.json'), 'utf8')) as Snapshot;
    expect(snapshot.secrets?.values).toBe('replaced');
    const kinds = (arnPart: string) => (snapshot.secrets?.found ?? []).filter((r) => r.arn.endsWith(arnPart)).map((r) => r.kind).sort();
    expect(kinds('environment/keys')).toEqual(['aws-access-key-id', 'aws-secret-access-key', 'private-key']);
    expect(kinds('environment/prod')).toEqual(['password']);
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as AuditResult;
    const failing = (name: string) => findingsOf(result).filter((f) => f.ruleId === 'PA-SEC-001' && f.resource.name === name && f.status === 'fail').length;
    expect(failing('keys')).toBe(3);
    expect(failing('prod')).toBe(1);
    // A spec of random tokens: every one recorded in the snapshot, and reported as one finding that
    // counts them all and spans their lines (more than 50 high-entropy values in one field).
    const tokens = (snapshot.secrets?.found ?? []).filter((r) => r.arn.endsWith('environment/tokens-0'));
    expect(tokens.length).toBeGreaterThan(500);
    expect(tokens.every((r) => r.kind === 'high-entropy')).toBe(true);
    const flood = findingsOf(result).filter((f) => f.ruleId === 'PA-SEC-001' && f.resource.name === 'tokens-0' && f.status === 'fail');
    expect(flood.map((f) => [f.evidence?.count, f.evidence?.line, f.evidence?.lastLine])).toEqual([[tokens.length, Math.min(...tokens.map((r) => r.line)), Math.max(...tokens.map((r) => r.line))]]);
    expect(flood[0]?.message).toContain(`${tokens.length} likely high-entropy values in its spec`);
    // The stack output (PA-STK-007): recorded and replaced like a spec's, and still failing.
    const stack = (snapshot.secrets?.found ?? []).filter((r) => r.arn.includes(':stack/AWSProton-keys-cloudformation-h1/'));
    expect(stack.map((r) => [r.field, r.key, r.kind])).toEqual([['Outputs', 'DbPassword', 'password']]);
    const outputs = snapshot.accounts[0]?.regions.find((r) => r.region === 'us-east-1')?.cloudformation?.stacks[0]?.Outputs ?? [];
    expect(outputs.find((o) => o.OutputKey === 'DbPassword')?.OutputValue).toMatch(/^<redacted:password:[0-9a-f]{8}>$/);
    expect(outputs.find((o) => o.OutputKey === 'DbEndpoint')?.OutputValue).toContain('rds.amazonaws.com');
    expect(findingsOf(result).filter((f) => f.ruleId === 'PA-STK-007' && f.resource.name === 'AWSProton-keys-cloudformation-h1' && f.status === 'fail')).toHaveLength(1);
  });

  it('the password repeated in another resource status message is scrubbed there too', () => {
    const text = readFileSync(join(dir, 'snapshot.json'), 'utf8');
    expect(text).toMatch(/connection refused for password <redacted:password:[0-9a-f]{8}>/);
  });

  it('terminal escape sequences from a role ARN reach stderr only escaped', () => {
    expect(collected.stderr).not.toMatch(/\u001b/);
    expect(collected.stderr).toContain('\\u001b]0;owned');
  });
});
