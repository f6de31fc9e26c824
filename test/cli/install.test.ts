/**
 * Installable as documented: `npm pack` gives a package that installs without dev dependencies
 * and runs from another directory, and the composite GitHub Action (action.yml) installs and runs
 * it, exercised by running the action's own `run:` steps locally with its inputs substituted, the
 * way the runner does (GITHUB_PATH, GITHUB_OUTPUT, RUNNER_TEMP, bash -eo pipefail).
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../helpers/cli.ts';
import { tempDir } from '../diff/fixtures.ts';

const exec = promisify(execFile);
const EXPORT = join(ROOT, 'test/import/fixtures/export');
const NOW = '2026-06-01T00:00:00Z';
// Installing from the npm cache on a loaded two-core machine takes a minute or more.
const SLOW = 600_000;
const RULES = readdirSync(join(ROOT, 'rules'), { recursive: true, encoding: 'utf8' }).filter((f) => /rule\.(yaml|ts)$/.test(f)).length;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function sh(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

let work: string;
let tarball: string;
beforeAll(async () => {
  work = tempDir('pa-install-');
  // dist/ is built by `npm test` before the suite; --ignore-scripts keeps the pack from rebuilding
  // it under the feet of other tests (prepack would).
  await exec('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT });
  const packed = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!packed) throw new Error('npm pack wrote no tarball');
  tarball = join(work, packed);
}, SLOW);

describe('npm pack', () => {
  it(
    'installs into a fresh prefix without dev dependencies and runs from another directory',
    async () => {
      const prefix = join(work, 'prefix');
      mkdirSync(prefix);
      const installed = await sh('npm', ['install', '--prefix', prefix, '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: work });
      expect(installed.code, installed.stderr).toBe(0);
      // The licence the README names ships with the package.
      expect(readFileSync(join(prefix, 'node_modules', 'proton-audit', 'LICENSE'), 'utf8')).toBe(readFileSync(join(ROOT, 'LICENSE'), 'utf8'));
      expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
      const modules = readdirSync(join(prefix, 'node_modules'));
      for (const dev of ['vitest', 'typescript', 'fast-check', 'playwright-core']) expect(modules).not.toContain(dev);
      const bin = join(prefix, 'node_modules', '.bin', 'proton-audit');
      const elsewhere = join(work, 'elsewhere');
      mkdirSync(elsewhere);
      expect((await sh(bin, ['--version'], { cwd: elsewhere })).stdout).toBe('0.1.0\n');
      expect((await sh(bin, ['-v'], { cwd: elsewhere })).stdout).toBe('0.1.0\n');
      const listed = await sh(bin, ['rules', 'list'], { cwd: elsewhere });
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain(`\n${RULES} rules\n`);
      const imported = await sh(bin, ['import', EXPORT, '--output', 'snap.json'], { cwd: elsewhere });
      expect(imported.code, imported.stderr).toBe(0);
      const evaluated = await sh(bin, ['evaluate', '--snapshot', 'snap.json', '--now', NOW, '--fail-on', 'none', '--output-dir', 'out'], { cwd: elsewhere });
      expect(evaluated.code, evaluated.stderr).toBe(0);
      expect(readdirSync(join(elsewhere, 'out')).sort()).toEqual(['report.html', 'result.json', 'result.sarif', 'summary.md']);
      expect((JSON.parse(readFileSync(join(elsewhere, 'out', 'result.json'), 'utf8')) as { outcomes: unknown[] }).outcomes.length).toBeGreaterThan(0);
      // scan needs its own runtime data (the Terraform parser's WASM, the IAM reference): it must ship too.
      const repo = join(elsewhere, 'templates-repo');
      cpSync(join(ROOT, 'test/scan/fixtures/template-repo'), repo, { recursive: true });
      const scanned = await sh(bin, ['scan', '--now', NOW, '--fail-on', 'none', '--format', 'table', '--format', 'sarif:out/scan.sarif'], { cwd: repo });
      expect(scanned.code, scanned.stderr).toBe(0);
      expect(scanned.stderr).toMatch(/scanned [1-9]\d* bundles and [1-9]\d* spec files/);
      const sarif = JSON.parse(readFileSync(join(repo, 'out', 'scan.sarif'), 'utf8')) as { runs: Array<{ results: Array<{ locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string } } }> }> }> };
      const results = sarif.runs[0]?.results ?? [];
      expect(results.length).toBeGreaterThan(0);
      // Locations relative to the scanned repository, where the installed CLI ran.
      expect(results.some((r) => /^(environment-templates|service-templates|specs|components|legacy-templates)\//.test(r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? ''))).toBe(true);
    },
    SLOW,
  );
});

// ---------------------------------------------------------------- the GitHub Action, run locally

interface ActionStep {
  id?: string;
  name?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

interface Action {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const ACTION = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;

/** `${{ inputs.x }}`, `${{ github.action_path }}` and `${{ steps.id.outputs.x }}`, as the runner substitutes them. */
function substitute(text: string, ctx: { inputs: Record<string, string>; steps: Record<string, Record<string, string>> }): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    const input = /^inputs\.([\w-]+)$/.exec(expr);
    if (input) return ctx.inputs[input[1] ?? ''] ?? '';
    if (expr === 'github.action_path') return ROOT;
    const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
    if (output) return ctx.steps[output[1] ?? '']?.[output[2] ?? ''] ?? '';
    throw new Error(`action.yml uses an expression this test does not provide: ${expr}`);
  });
}

interface ActionRun {
  /** Exit code of the first failing step, else 0. */
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

/** Runs the composite action's steps in order, in `workspace`, the way the runner would. */
async function runAction(given: Record<string, string>, workspace: string): Promise<ActionRun> {
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(ACTION.inputs)) {
    const value = given[name] ?? spec.default;
    if (value === undefined && spec.required) throw new Error(`input ${name} is required`);
    inputs[name] = value ?? '';
  }
  const runnerTemp = join(workspace, '.runner-temp');
  mkdirSync(runnerTemp, { recursive: true });
  const pathFile = join(runnerTemp, 'github_path');
  writeFileSync(pathFile, '');
  const steps: Record<string, Record<string, string>> = {};
  let stdout = '';
  let stderr = '';
  for (const step of ACTION.runs.steps) {
    expect(step.shell).toBe('bash');
    const outputFile = join(runnerTemp, `output-${step.id ?? 'step'}`);
    writeFileSync(outputFile, '');
    const added = readFileSync(pathFile, 'utf8').split('\n').filter(Boolean).reverse();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: [...added, process.env.PATH ?? ''].join(delimiter),
      RUNNER_TEMP: runnerTemp,
      GITHUB_PATH: pathFile,
      GITHUB_OUTPUT: outputFile,
      GITHUB_WORKSPACE: workspace,
    };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = substitute(v, { inputs, steps });
    const cwd = join(workspace, substitute(step['working-directory'] ?? '.', { inputs, steps }));
    // GitHub runs `shell: bash` as bash --noprofile --norc -eo pipefail {0}.
    const script = join(runnerTemp, `step-${step.id ?? 'step'}.sh`);
    writeFileSync(script, substitute(step.run ?? '', { inputs, steps }));
    const r = await sh('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env });
    stdout += r.stdout;
    stderr += r.stderr;
    const outputs = Object.fromEntries(
      readFileSync(outputFile, 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    if (step.id) steps[step.id] = outputs;
    if (r.code !== 0) return { code: r.code, stdout, stderr, outputs: actionOutputs(inputs, steps) };
  }
  return { code: 0, stdout, stderr, outputs: actionOutputs(inputs, steps) };
}

function actionOutputs(inputs: Record<string, string>, steps: Record<string, Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(ACTION.outputs).map(([name, o]) => [name, substitute(o.value, { inputs, steps })]));
}

describe('the composite GitHub Action (action.yml)', () => {
  it('declares the command, args and version inputs and the exit-code output', () => {
    expect(ACTION.runs.using).toBe('composite');
    expect(Object.keys(ACTION.inputs)).toEqual(expect.arrayContaining(['command', 'args', 'version']));
    expect(ACTION.outputs['exit-code']).toBeDefined();
    // Never a registry install of the unpublished package.
    for (const step of ACTION.runs.steps) expect(step.run ?? '').not.toMatch(/npm (install|i) (-g |--global )?proton-audit@/);
  });

  it(
    "from the action's own checkout: runs a command with quoted arguments and reports the gate's exit code",
    async () => {
      const ws = tempDir('pa-action-');
      expect((await exec(process.execPath, [join(ROOT, 'bin/proton-audit.js'), 'import', EXPORT, '--output', join(ws, 'snap.json')])).stderr).toContain('Imported');
      const listed = await runAction({ command: 'rules', args: 'list --format json' }, ws);
      expect(listed.code, listed.stderr).toBe(0);
      expect(listed.stdout).toMatch(/^0\.1\.0\n/);
      expect((JSON.parse(listed.stdout.slice(listed.stdout.indexOf('['))) as unknown[]).length).toBe(RULES);
      const gated = await runAction({ command: 'evaluate', args: `--snapshot snap.json --now ${NOW} --fail-on low --output-dir "reports dir" --format markdown` }, ws);
      expect(gated.code, gated.stderr).toBe(1);
      expect(gated.outputs['exit-code']).toBe('1');
      expect(existsSync(join(ws, 'reports dir', 'summary.md'))).toBe(true);
      // The template gate's command (docs/github-actions/template-gate.yml): scan, SARIF into a new folder.
      cpSync(join(ROOT, 'test/scan/fixtures/template-repo'), join(ws, 'repo'), { recursive: true });
      const scanned = await runAction({ command: 'scan', args: `specs service-templates --now ${NOW} --fail-on high --format table --format sarif:out/proton-audit-scan.sarif`, 'working-directory': 'repo' }, ws);
      expect(scanned.code, scanned.stderr).toBe(1);
      expect(scanned.outputs['exit-code']).toBe('1');
      expect((JSON.parse(readFileSync(join(ws, 'repo', 'out', 'proton-audit-scan.sarif'), 'utf8')) as { runs: Array<{ results: unknown[] }> }).runs[0]?.results.length).toBeGreaterThan(0);
    },
    SLOW,
  );

  it('refuses a version the checkout is not', async () => {
    const r = await runAction({ command: 'rules', args: 'list', version: '9.9.9' }, tempDir('pa-action-'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("version '9.9.9' was asked for, but this checkout of the action is 0.1.0");
  });

  it(
    'from a packed tarball: installs it without dev dependencies and runs it in the working directory',
    async () => {
      const ws = tempDir('pa-action-tgz-');
      mkdirSync(join(ws, 'audit'));
      const r = await runAction({ command: 'import', args: `${EXPORT} --output snapshot.json`, version: tarball, 'working-directory': 'audit' }, ws);
      expect(r.code, r.stderr).toBe(0);
      expect(r.outputs['exit-code']).toBe('0');
      expect(existsSync(join(ws, 'audit', 'snapshot.json'))).toBe(true);
      expect(readdirSync(join(ws, '.runner-temp', 'proton-audit-install', 'node_modules'))).not.toContain('vitest');
    },
    SLOW,
  );
});
