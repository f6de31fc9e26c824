/**
 * The package as shipped: bin/proton-audit.js runs the compiled dist/ (npm run build, which
 * `npm test`, `npm ci` and `npm pack` run first), built-in TypeScript rules run from their
 * compiled twins, and tsx is loaded only for a user's TypeScript rule.
 */
import { findingsOf } from '../../src/engine/outcomes.ts';
import type { AuditResult } from '../../src/model/index.ts';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { writeSnapshot } from '../../src/snapshot/io.ts';
import { caseSnapshot, writePack } from '../helpers/case-builder.ts';
import { ROOT } from '../helpers/cli.ts';

const exec = promisify(execFile);
const BIN = join(ROOT, 'bin/proton-audit.js');
const INDEX = join(ROOT, 'dist/rules/index.json');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) t = Math.max(t, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs);
  return t;
}

async function bin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [BIN, ...args], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('the compiled package', () => {
  it('is built from the current sources (npm run build)', () => {
    expect(existsSync(INDEX), 'dist/ is not built: run npm run build').toBe(true);
    expect(statSync(INDEX).mtimeMs, 'dist/ is older than src/ or rules/: run npm run build').toBeGreaterThanOrEqual(Math.max(newest(join(ROOT, 'src')), newest(join(ROOT, 'rules'))));
  });

  it('ships the IAM service index beside the compiled analysis, built from the installed data', async () => {
    type ServiceIndexModule = typeof import('../../src/facts/iam/service-index.ts');
    const compiled = (await import(pathToFileURL(join(ROOT, 'dist/src/facts/iam/service-index.js')).href)) as ServiceIndexModule;
    const { index, source } = compiled.readCompactIndex();
    expect(source).toBe('generated');
    expect(index.dataVersion).toBe(compiled.installedIamData().version);
  });

  it('answers --version and lists every built-in rule, TypeScript ones included, from the index', async () => {
    expect(await bin(['--version'])).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    const listed = await bin(['rules', 'list', '--format', 'json']);
    expect(listed.code).toBe(0);
    const ids = (JSON.parse(listed.stdout) as Array<{ id: string }>).map((r) => r.id);
    const tsRules = readdirSync(join(ROOT, 'rules'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('rule.ts'));
    expect(tsRules.length).toBeGreaterThan(0);
    expect(ids).toContain('PA-TRUST-002');
    expect(ids.length).toBe(readdirSync(join(ROOT, 'rules'), { recursive: true, encoding: 'utf8' }).filter((f) => /rule\.(yaml|ts)$/.test(f)).length);
  });

  it('evaluates with the compiled built-in TypeScript rules, and loads a user TypeScript rule through tsx', async () => {
    const pack = writePack({});
    try {
      const snapshotFile = join(pack.dir, 'snap.json');
      await writeSnapshot(snapshotFile, caseSnapshot({ iam: { roles: [{ RoleName: 'r', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'proton.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': '999999999999' } } }] } }] } }));
      const evaluated = await bin(['evaluate', '--snapshot', snapshotFile, '--format', 'json', '--now', '2026-06-01T00:00:00Z', '--fail-on', 'none']);
      expect(evaluated.stderr).toBe('');
      const result = JSON.parse(evaluated.stdout) as AuditResult;
      expect(findingsOf(result).filter((f) => f.status === 'error')).toEqual([]);
      expect(findingsOf(result).find((f) => f.ruleId === 'PA-TRUST-002')?.status).toBe('fail');
      const tested = await bin(['rules', 'test', join(ROOT, 'test/engine/fixtures/pack-good')]);
      expect(tested.stdout).toMatch(/3 rules, \d+ cases: \d+ passed, 0 failed/);
      expect(tested.code).toBe(0);
    } finally {
      pack.cleanup();
    }
  });
});
