/**
 * The README's commands work when pasted, in order, in a fresh directory: the "Auditing a real
 * account" block and its two-step commands, and "The emulator" block, run by bash against the
 * built-in emulator serving the demo estate (AWS_ENDPOINT_URL and test credentials, as a reader
 * trying the tool without an account would set them). `proton-audit` is the compiled package's
 * bin, on PATH.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEstate, startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { ROOT } from '../helpers/cli.ts';
import { tempDir } from '../diff/fixtures.ts';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
// A whole audit of the demo estate per test, on a shared two-core machine: time is not what is tested.
const SLOW = 600_000;

/** The text of the section under a `## ` heading, up to the next one. */
function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README has no section '## ${title}'`);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

function shellBlocks(text: string): string[] {
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

/** Inline `proton-audit ...` commands in prose, without placeholders like <dir>. */
function inlineCommands(text: string): string[] {
  return [...text.matchAll(/`(proton-audit [^`]+)`/g)].map((m) => m[1] ?? '').filter((c) => !/[<>]/.test(c));
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-c', script], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

let emulator: RunningEmulator;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  emulator = await startEmulator({ estate: await loadEstate(join(ROOT, 'examples/demo-estate.json')), port: 0 });
  const bin = tempDir('pa-readme-bin-');
  writeFileSync(join(bin, 'proton-audit'), `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bin/proton-audit.js')}" "$@"\n`);
  chmodSync(join(bin, 'proton-audit'), 0o755);
  env = {
    PATH: [bin, process.env.PATH ?? ''].join(delimiter),
    HOME: bin,
    AWS_ENDPOINT_URL: emulator.url,
    AWS_ACCESS_KEY_ID: 'AKIDREADMEREADME',
    AWS_SECRET_ACCESS_KEY: 'readme-secret',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(bin, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(bin, 'no-credentials'),
  };
});
afterAll(async () => {
  await emulator?.close();
});

describe('README, "Auditing a real account"', () => {
  const text = section('Auditing a real account');

  it('the audit block runs as pasted: it creates out/, writes every file it names and gates on high', { timeout: SLOW }, async () => {
    const blocks = shellBlocks(text);
    expect(blocks).toHaveLength(1);
    const block = blocks[0] ?? '';
    const dir = tempDir('pa-readme-');
    const r = await bash(block, dir, env);
    // The demo estate holds findings at high and above: the gate fails, which is exit 1, not an error.
    expect(r.stderr).not.toMatch(/internal error|no such file|proton-audit: cannot/);
    expect(r.code, r.stderr).toBe(1);
    const named = [...block.matchAll(/(?:sarif|html|json|markdown):(\S+)|--snapshot-out (\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
    expect(named.length).toBeGreaterThanOrEqual(3);
    for (const file of named) expect(existsSync(join(dir, file)), file).toBe(true);
    expect(r.stdout).toContain('Summary:');
  });

  it('the two-step commands run in order: collect, then evaluate the snapshot', { timeout: SLOW }, async () => {
    const commands = inlineCommands(text);
    expect(commands.map((c) => c.split(' ')[1])).toEqual(['collect', 'evaluate']);
    const dir = tempDir('pa-readme-');
    const collect = await bash(commands[0] ?? '', dir, env);
    expect(collect.code, collect.stderr).toBe(0);
    const evaluate = await bash(commands[1] ?? '', dir, env);
    expect(evaluate.code, evaluate.stderr).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')).snapshot.source).toBe('live');
  });
});

describe('README, "The emulator"', () => {
  it('the collect block runs against a running emulator (its port substituted)', { timeout: SLOW }, async () => {
    const blocks = shellBlocks(section('The emulator'));
    expect(blocks).toHaveLength(1);
    const block = (blocks[0] ?? '').replace(/http:\/\/127\.0\.0\.1:4566/g, emulator.url);
    const dir = tempDir('pa-readme-');
    mkdirSync(join(dir, 'sub'));
    const r = await bash(block, join(dir, 'sub'), { ...env, AWS_ENDPOINT_URL: undefined });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'sub', 'snap.json'), 'utf8')).integrity.digest).toMatch(/^[0-9a-f]{64}$/);
  });
});
