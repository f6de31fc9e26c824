/**
 * The README's commands work when pasted, in order, in a fresh directory, run by bash against the
 * built-in emulator (AWS_ENDPOINT_URL and test credentials, as a reader trying the tool without an
 * account would set them): every ```sh block, or — listed in SH_BLOCKS with the reason — the test
 * that runs it elsewhere; a new block fails the inventory test until it is placed. The inline
 * commands of "Auditing a real account" and of the retirement workflow run too. `proton-audit` is
 * the compiled package's bin, on PATH.
 */
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEstate, startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { ROOT } from '../helpers/cli.ts';
import { accountIdOf, syntheticEstate } from '../../bench/synthetic-estate.ts';
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

/**
 * Every section holding a ```sh block, and where its commands run: 'here', or why not here.
 * The inventory test fails when a block appears in a section not listed.
 */
const SH_BLOCKS: Record<string, string> = {
  'Quick start': 'here, in part: `npm test` is this suite itself; `npm run demo` would write out/demo/ into the checkout, so what it runs after its dependency check (`proton-audit audit --demo`) runs here in a fresh folder',
  'The pull-request gate on template bundles and specs': 'here, but for `npm run build`: `npm test` built dist/ before this suite, and rebuilding it would pull it from under the tests running beside this one',
  'Auditing a real account': 'here',
  'Organisations, scale and measured figures': 'here',
  Installing: 'not here: `npm install --global` would change the machine; test/cli/install.test.ts runs the same npm pack and installs the tarball into a temporary prefix without dev dependencies',
  'The emulator': 'here',
};

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
let bin: string;
beforeAll(async () => {
  emulator = await startEmulator({ estate: await loadEstate(join(ROOT, 'examples/demo-estate.json')), port: 0 });
  bin = tempDir('pa-readme-bin-');
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

describe('README, every shell block', () => {
  it('is run by this file or named in SH_BLOCKS with the test that runs it', () => {
    const sections = [...README.matchAll(/\n## ([^\n]+)\n/g)].map((m) => m[1] ?? '');
    const withBlocks = sections.filter((title) => shellBlocks(section(title)).length > 0);
    expect(withBlocks.sort()).toEqual(Object.keys(SH_BLOCKS).sort());
  });
});

describe('README, "Quick start"', () => {
  it('the demo audits the demo estate, exits 0 and writes out/demo/ as the README lists', { timeout: SLOW }, async () => {
    const block = shellBlocks(section('Quick start'))[0] ?? '';
    expect(block.split('\n').filter((l) => l.trim() !== '').map((l) => l.split('#')[0]?.trim())).toEqual(['npm run demo', 'npm test']);
    const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.demo ?? '';
    expect(script).toBe('node scripts/ensure-deps.mjs && node bin/proton-audit.js audit --demo');
    const dir = tempDir('pa-readme-demo-');
    const r = await bash('proton-audit audit --demo', dir, { ...env, AWS_ENDPOINT_URL: undefined });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Summary:');
    const listed = [...section('Quick start').matchAll(/`([a-z]+\.(?:json|sarif|html|md))`/g)].map((m) => m[1] ?? '');
    expect(listed.sort()).toEqual(['report.html', 'result.json', 'result.sarif', 'snapshot.json', 'summary.md']);
    for (const file of listed) expect(existsSync(join(dir, 'out', 'demo', file)), file).toBe(true);
  });
});

describe('README, "The pull-request gate on template bundles and specs"', () => {
  const lines = (shellBlocks(section('The pull-request gate on template bundles and specs'))[0] ?? '').split('\n').filter((l) => l.trim() !== '');

  it('the scan of the fixture repository runs as pasted from the checkout and fails the gate on its planted problems', { timeout: SLOW }, async () => {
    expect(lines.map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toEqual(['npm run build', 'node bin/proton-audit.js scan', 'node bin/proton-audit.js scan']);
    const r = await bash(lines[1] ?? '', ROOT, env);
    expect(r.stderr).toMatch(/scanned 7 bundles and 3 spec files/);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('Summary:');
  });

  it('the --base scan runs as pasted in a template repository whose origin/main it is compared with', { timeout: SLOW }, async () => {
    // A reader's repository: bundles under templates/, specs under specs/, origin/main fetched.
    const repo = tempDir('pa-readme-scan-');
    const fixture = join(ROOT, 'test/scan/fixtures/template-repo');
    cpSync(join(fixture, 'environment-templates'), join(repo, 'templates', 'environment-templates'), { recursive: true });
    cpSync(join(fixture, 'service-templates'), join(repo, 'templates', 'service-templates'), { recursive: true });
    cpSync(join(fixture, 'specs'), join(repo, 'specs'), { recursive: true });
    mkdirSync(join(repo, 'bin'));
    symlinkSync(join(ROOT, 'bin', 'proton-audit.js'), join(repo, 'bin', 'proton-audit.js'));
    const git = 'git -c user.name=readme -c user.email=readme@example.invalid -c init.defaultBranch=main';
    const setup = await bash(`${git} init -q . && ${git} add templates specs && ${git} commit -qm base && git update-ref refs/remotes/origin/main HEAD && echo '# changed in the pull request' >> specs/web-prod.yaml`, repo, env);
    expect(setup.code, setup.stderr).toBe(0);
    const r = await bash(lines[2] ?? '', repo, env);
    expect(r.stderr).not.toMatch(/internal error|proton-audit: cannot/);
    expect([0, 1], r.stderr).toContain(r.code);
    expect(r.stderr).toMatch(/against origin\/main \([0-9a-f]{12}\)/);
    const sarif = JSON.parse(readFileSync(join(repo, 'scan.sarif'), 'utf8')) as { version: string };
    expect(sarif.version).toBe('2.1.0');
  });
});

describe('README, "After the retirement (2026-10-07): the workflow"', () => {
  let retired: RunningEmulator;
  beforeAll(async () => {
    const estate = await loadEstate(join(ROOT, 'examples/demo-estate.json'));
    for (const r of estate.accounts.flatMap((a) => a.regions)) r.protonAvailable = false;
    retired = await startEmulator({ estate, port: 0 });
  });
  afterAll(async () => {
    await retired?.close();
  });

  it('step 2 runs with its placeholders filled: a snapshot taken while Proton answered, then the audit after the retirement carries it, marked last-known', { timeout: SLOW }, async () => {
    const text = section('After the retirement (2026-10-07): the workflow');
    const audit = [...text.matchAll(/`(proton-audit audit [^`]+)`/g)].map((m) => m[1] ?? '');
    expect(audit).toEqual(['proton-audit audit --region … --last-known <that snapshot>']);
    const dir = tempDir('pa-readme-');
    // Step 1: the last snapshot taken while Proton answered (the emulator before the retirement).
    const before = await bash('proton-audit collect --region us-east-1 --output proton-before.json', dir, env);
    expect(before.code, before.stderr).toBe(0);
    const command = (audit[0] ?? '').replace('…', 'us-east-1').replace('<that snapshot>', 'proton-before.json');
    const r = await bash(command, dir, { ...env, AWS_ENDPOINT_URL: retired.url });
    // Not a failed collection (3): the demo's planted problems fail the gate (1).
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('Proton is unavailable in us-east-1');
    expect(r.stderr).toContain('are last-known, not collected now');
    expect(r.stdout).toContain('LAST-KNOWN');
  });
});

describe('README, "Organisations, scale and measured figures"', () => {
  let org: RunningEmulator;
  beforeAll(async () => {
    org = await startEmulator({ estate: syntheticEstate({ scale: 1, seed: 11, accounts: 3, instancesPerService: 1 }), port: 0 });
  });
  afterAll(async () => {
    await org?.close();
  });

  it('the block runs as pasted against an emulated organisation, given the shard files it names', { timeout: SLOW }, async () => {
    const block = shellBlocks(section('Organisations, scale and measured figures'))[0] ?? '';
    const dir = tempDir('pa-readme-org-');
    const orgEnv = { ...env, AWS_ENDPOINT_URL: org.url, ID: 'readme-external-id' };
    // What the block takes as given: the first shard's account list, and the second shard's
    // snapshot (collected by the other CI matrix job).
    writeFileSync(join(dir, 'shard-1.csv'), `id,name\n${accountIdOf(1)},one\n`);
    writeFileSync(join(dir, 'shard-2.csv'), `id,name\n${accountIdOf(2)},two\n`);
    const other = await bash('proton-audit collect --accounts shard-2.csv --assume-role audit/ProtonAudit --region all --no-progress --output s2.json', dir, orgEnv);
    expect(other.code, other.stderr).toBe(0);
    const r = await bash(`set -e\n${block}`, dir, orgEnv);
    expect(r.stderr).not.toMatch(/internal error|proton-audit: cannot/);
    expect(r.code, r.stderr).toBe(0);
    const merged = JSON.parse(readFileSync(join(dir, 'org.json'), 'utf8')) as { accounts: Array<{ accountId: string }> };
    expect(merged.accounts.map((a) => a.accountId).sort()).toEqual([accountIdOf(1), accountIdOf(2)]);
    const next = JSON.parse(readFileSync(join(dir, 'next.json'), 'utf8')) as { accounts: unknown[] };
    expect(next.accounts).toHaveLength(3);
  });
});
