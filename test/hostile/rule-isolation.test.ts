/**
 * A user's TypeScript rule cannot end or stall the run: process.exit in a check, a thrown value
 * that is not an Error, and a rule that overruns its time budget each become `error` outcomes
 * of that rule, and every other rule still runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { snapshotOfEstate } from '../../bench/estate-snapshot.ts';
import { defaultConfig } from '../../src/config/defaults.ts';
import { evaluate, loadRules } from '../../src/engine/index.ts';
import { testEstate } from '../collect/fixtures/estate.ts';
import { writePack } from '../helpers/case-builder.ts';
import { cliProcess, ROOT } from '../helpers/cli.ts';
import { serializeSnapshot } from '../../src/snapshot/io.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';

const CASES = '- name: c\n  estate: {}\n  expect: [{ resource: x, status: pass }]\n';
const meta = (id: string) => `{
    id: '${id}', title: 'Environments behave', severity: 'low', resource: 'environment', family: 'tags',
    rationale: 'Test rule.', remediation: { text: 'None.' },
    references: [{ title: 'AWS Proton', url: 'https://docs.aws.amazon.com/proton/latest/userguide/Welcome.html' }],
    messages: { bad: 'bad' },
  }`;
const pack = writePack({
  'tags/hostile/rule.ts': `export default {
  meta: ${meta('ACME-TAG-001')},
  check(resource) {
    if (resource.name === 'prod') process.exit(0);
    if (resource.name === 'dev') throw Object.create(null);
    if (resource.name === 'bulk-env-000') throw 'a plain string';
    if (resource.name === 'bulk-env-002') return Promise.reject(new Error('async failure'));
    return { status: 'pass' };
  },
};
`,
  'tags/hostile/cases.yaml': CASES,
  'tags/slow/rule.ts': `export default { meta: ${meta('ACME-TAG-002')}, check() { return { status: 'pass' }; } };\n`,
  'tags/slow/cases.yaml': CASES,
});
afterAll(() => pack.cleanup());

const snapshot = snapshotOfEstate(testEstate({ scale: 3 }), '2026-11-01T00:00:00Z');
const now = new Date('2026-11-02T00:00:00Z');

describe('user TypeScript rules', () => {
  it('process.exit, thrown non-Errors and async checks are rule errors; the run finishes', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const { rules } = await loadRules({ extraDirs: [pack.dir], config: defaultConfig() });
    const result = evaluate({ snapshot, sha256: '0'.repeat(64), rules, config: defaultConfig(), now, toolVersion: 't' });
    const of = (id: string, name: string) => findingsOf(result).find((f) => f.ruleId === id && f.resource.name === name);
    expect(of('ACME-TAG-001', 'prod')?.status).toBe('error');
    expect(of('ACME-TAG-001', 'prod')?.error).toMatch(/called process\.exit\(\), which a rule may not do/);
    expect(of('ACME-TAG-001', 'dev')?.error).toBe('threw a value that cannot be shown');
    expect(of('ACME-TAG-001', 'bulk-env-000')?.error).toBe('threw a string: a plain string');
    expect(of('ACME-TAG-001', 'bulk-env-001')?.status).toBe('pass');
    // An async check that rejects: this rule's error, and no unhandled rejection for the run.
    expect(of('ACME-TAG-001', 'bulk-env-002')?.error).toMatch(/returned a promise: a check is synchronous/);
    expect(findingsOf(result).filter((f) => f.ruleId === 'ACME-TAG-002').every((f) => f.status !== 'error')).toBe(true);
    expect(typeof process.exit).toBe('function');
    await new Promise((r) => setImmediate(r));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });

  it('a rule over its time budget: the resources it did not reach get errors, the next rule runs in full', async () => {
    const { rules } = await loadRules({ extraDirs: [pack.dir], config: defaultConfig() });
    // A clock that moves one second per reading: the budget runs out after the same resources on
    // every machine, however loaded.
    let t = 0;
    const clock = () => (t += 1000);
    const result = evaluate({ snapshot, sha256: '0'.repeat(64), rules, config: defaultConfig(), now, toolVersion: 't', budget: { perRuleMs: 2500, clock } });
    // Skips for the region whose Proton did not answer are not evaluations: left out.
    const slow = findingsOf(result).filter((f) => f.ruleId === 'ACME-TAG-002' && f.status !== 'skip');
    const errors = slow.filter((f) => f.status === 'error');
    expect(slow.filter((f) => f.status === 'pass')).toHaveLength(2);
    expect(errors.length).toBe(slow.length - 2);
    expect(errors[0]?.error).toMatch(/time budget exceeded/);
  });
});

describe('a user pack as the installed (compiled) CLI loads it', () => {
  const BIN = join(ROOT, 'bin/proton-audit.js');
  const rule = `export default { meta: ${meta('ACME-TAG-009')}, check() { return { status: 'pass' }; } };\n`;
  it.each([
    ['without a package.json', undefined],
    ['with "type": "commonjs"', '{ "type": "commonjs" }'],
    ['with "type": "module"', '{ "type": "module" }'],
  ])('loads a rule.ts %s', (_label, packageJson) => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-pack-'));
    try {
      mkdirSync(join(dir, 'tags/plain'), { recursive: true });
      writeFileSync(join(dir, 'tags/plain/rule.ts'), rule);
      writeFileSync(join(dir, 'tags/plain/cases.yaml'), CASES);
      if (packageJson) writeFileSync(join(dir, 'package.json'), packageJson);
      const r = spawnSync(process.execPath, [BIN, 'rules', 'show', 'ACME-TAG-009', '--rules', dir], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('ACME-TAG-009');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('a rejection a user rule leaves behind', () => {
  it('ends the run with the internal-error code (70) and one line, never exit 1 or a stack trace', () => {
    const floating = writePack({
      'tags/floating/rule.ts': `export default {
  meta: ${meta('ACME-TAG-010')},
  check(resource) {
    if (resource.name === 'prod') void Promise.reject(new Error('left behind'));
    return { status: 'pass' };
  },
};
`,
      'tags/floating/cases.yaml': CASES,
    });
    const dir = mkdtempSync(join(tmpdir(), 'pa-floating-'));
    try {
      writeFileSync(join(dir, 'snapshot.json'), serializeSnapshot(snapshot));
      const [node, argv] = cliProcess(['evaluate', '--snapshot', join(dir, 'snapshot.json'), '--rules', floating.dir, '--now', '2026-11-02T00:00:00Z', '--fail-on', 'none', '--format', 'json', '--output', join(dir, 'r.json')]);
      const r = spawnSync(node, argv, { encoding: 'utf8', env: { ...process.env, PROTON_AUDIT_DEBUG: '' } });
      expect(r.status).toBe(70);
      // Report lines written before the rejection surfaced may come first.
      expect(r.stderr).toMatch(/(^|\n)proton-audit: internal error: left behind\n/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      floating.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
