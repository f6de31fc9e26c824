/**
 * A user's TypeScript rule cannot end or stall the run: process.exit in a check, a thrown value
 * that is not an Error, a rule that overruns its time budget (between calls or inside one that
 * never returns) and a rejection its promises leave unhandled each become `error` outcomes of
 * that rule, and every other rule still runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { snapshotOfEstate } from '../../bench/estate-snapshot.ts';
import { defaultConfig } from '../../src/config/defaults.ts';
import { evaluate, loadRules } from '../../src/engine/index.ts';
import { testEstate } from '../collect/fixtures/estate.ts';
import { writePack } from '../helpers/case-builder.ts';
import { CASES, meta } from './user-rule-pack.ts';
import { cliProcess, ROOT, runCli } from '../helpers/cli.ts';
import { serializeSnapshot } from '../../src/snapshot/io.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';
import { runWithin } from '../../src/engine/budget.ts';
import { isClaimedRejection } from '../../src/engine/load/claimed-rejections.ts';
import type { AuditResult } from '../../src/model/index.ts';

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

describe('a user rule that never returns from a call', () => {
  it("is stopped by the rule's budget inside the call: that resource and the ones after it are errors, the other rules run", async () => {
    const spinning = writePack({
      'tags/spin/rule.ts': `function spin(): void {
  for (;;) {}
}
export default {
  meta: ${meta('ACME-TAG-003')},
  check(resource) {
    if (resource.name === 'dev') {
      // Neither a catch nor a finally keeps it running; what it swaps in is put back.
      try { spin(); } catch { spin(); } finally { process.exit = () => undefined as never; spin(); }
    }
    return { status: 'pass' };
  },
};
`,
      'tags/spin/cases.yaml': CASES,
      'tags/after/rule.ts': `export default { meta: ${meta('ACME-TAG-004')}, check() { return { status: 'pass' }; } };\n`,
      'tags/after/cases.yaml': CASES,
    });
    try {
      const { rules } = await loadRules({ extraDirs: [spinning.dir], config: defaultConfig() });
      const exit = process.exit;
      let result: ReturnType<typeof evaluate> | undefined;
      // A safety net far above the budget: without the rule's own watchdog this test fails here instead of hanging.
      const returned = runWithin(120_000, () => {
        result = evaluate({ snapshot, sha256: '0'.repeat(64), rules, config: defaultConfig(), now, toolVersion: 't', budget: { perRuleMs: 1000, clock: () => performance.now() } });
      });
      expect(returned).toBe(true);
      expect(process.exit).toBe(exit);
      const findings = findingsOf(result as NonNullable<typeof result>).filter((f) => f.status !== 'skip');
      const of = (id: string, name: string) => findings.find((f) => f.ruleId === id && f.resource.name === name);
      // Resources sort by ARN: bulk-env-000..002, dev, prod.
      expect(of('ACME-TAG-003', 'dev')?.status).toBe('error');
      expect(of('ACME-TAG-003', 'dev')?.error).toBe('time budget exceeded (1 s per rule); the rule was stopped while evaluating this resource');
      expect(of('ACME-TAG-003', 'prod')?.error).toBe('time budget exceeded (1 s per rule); this resource was not evaluated');
      expect(findings.filter((f) => f.ruleId === 'ACME-TAG-003' && f.resource.name === 'dev')).toHaveLength(1);
      expect(findings.filter((f) => f.ruleId === 'ACME-TAG-004').map((f) => f.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
    } finally {
      spinning.cleanup();
    }
  }, 180_000);
});

describe('a rejection a user rule leaves behind', () => {
  const floatingRule = `async function later(): Promise<void> {
  await null;
  throw new Error('helper failed after an await');
}
export default {
  meta: ${meta('ACME-TAG-010')},
  check(resource) {
    if (resource.name === 'prod') void Promise.reject(new Error('left behind'));
    if (resource.name === 'dev') void later();
    // Handled: not an error.
    if (resource.name === 'bulk-env-001') Promise.reject(new Error('handled')).catch(() => undefined);
    return { status: 'pass' };
  },
};
`;

  it('is the error outcome of that rule on the resource it was evaluating; the run writes its outputs and exits normally', async () => {
    const floating = writePack({ 'tags/floating/rule.ts': floatingRule, 'tags/floating/cases.yaml': CASES });
    const dir = mkdtempSync(join(tmpdir(), 'pa-floating-'));
    // Every listener hears the rejections; each must be one the evaluation took as a rule's outcome.
    const surfaced: Array<Promise<unknown>> = [];
    const onUnhandled = (_reason: unknown, promise: Promise<unknown>) => surfaced.push(promise);
    process.on('unhandledRejection', onUnhandled);
    try {
      writeFileSync(join(dir, 'snapshot.json'), serializeSnapshot(snapshot));
      const out = join(dir, 'r.json');
      const r = await runCli(['evaluate', '--snapshot', join(dir, 'snapshot.json'), '--rules', floating.dir, '--now', '2026-11-02T00:00:00Z', '--fail-on', 'none', '--format', `json:${out}`]);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.code).toBe(0);
      const result = JSON.parse(readFileSync(out, 'utf8')) as AuditResult;
      const mine = findingsOf(result).filter((f) => f.ruleId === 'ACME-TAG-010' && f.status !== 'skip');
      const byName = Object.fromEntries(mine.map((f) => [f.resource.name, [f.status, f.error]]));
      expect(byName).toEqual({
        'bulk-env-000': ['pass', undefined],
        'bulk-env-001': ['pass', undefined],
        'bulk-env-002': ['pass', undefined],
        dev: ['error', 'left a promise rejected that nothing handled: helper failed after an await'],
        prod: ['error', 'left a promise rejected that nothing handled: left behind'],
      });
      expect(result.summary.byStatus.error).toBe(2);
      await new Promise((resolve) => setImmediate(resolve));
      expect(surfaced).toHaveLength(2);
      expect(surfaced.filter((p) => !isClaimedRejection(p))).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      floating.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('as a process: the exit code is the findings gate, not 70; work left in timers is cancelled, the run does not wait for it', () => {
    const floating = writePack({
      'tags/floating/rule.ts': floatingRule,
      'tags/floating/cases.yaml': CASES,
      // Work for later: a rejection made in a timer, a ten-minute timer, an exit from an immediate.
      'tags/timer/rule.ts': `import { stat } from 'node:fs';
// I/O a module's top level starts is not traced (rules do no I/O): only the CLI's own refusal stops its exit.
if (process.env.PA_TEST_TOP_IO === '1') stat('.', () => process.exit(0));
export default {
  meta: ${meta('ACME-TAG-011')},
  check(resource) {
    if (process.env.PA_TEST_TIMER !== '1') return { status: 'pass' };
    if (resource.name === 'prod') setTimeout(() => void Promise.reject(new Error('from a timer')), 0);
    if (resource.name === 'dev') setTimeout(() => { throw new Error('ten minutes later'); }, 600_000);
    if (resource.name === 'bulk-env-000') setImmediate(() => process.exit(0));
    return { status: 'pass' };
  },
};
`,
      'tags/timer/cases.yaml': CASES,
    });
    const dir = mkdtempSync(join(tmpdir(), 'pa-floating-'));
    try {
      writeFileSync(join(dir, 'snapshot.json'), serializeSnapshot(snapshot));
      const args = ['evaluate', '--snapshot', join(dir, 'snapshot.json'), '--rules', floating.dir, '--now', '2026-11-02T00:00:00Z', '--fail-on', 'none', '--format', `json:${join(dir, 'r.json')}`];
      const [node, argv] = cliProcess(args);
      const env = { ...process.env, PROTON_AUDIT_DEBUG: '' };
      const r = spawnSync(node, argv, { encoding: 'utf8', env, timeout: 110_000 });
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.status).toBe(0);
      const result = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as AuditResult;
      expect(findingsOf(result).filter((f) => f.status === 'error').map((f) => `${f.ruleId} ${f.resource.name}`)).toEqual(['ACME-TAG-010 dev', 'ACME-TAG-010 prod']);

      // Far below the ten-minute timer: a run that waited for it would be killed here.
      const t = spawnSync(node, argv, { encoding: 'utf8', env: { ...env, PA_TEST_TIMER: '1' }, timeout: 110_000 });
      expect(t.stderr).not.toMatch(/internal error/);
      expect(t.status).toBe(0);
      const timed = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as AuditResult;
      expect(findingsOf(timed).filter((f) => f.ruleId === 'ACME-TAG-011' && f.status === 'error').map((f) => `${f.resource.name}: ${f.error}`)).toEqual([
        'bulk-env-000: a callback it scheduled (setImmediate) threw: called process.exit(), which a rule may not do (rules do no I/O and never end the run)',
        "dev: set a timer (setTimeout, 600000 ms) that had not run when its evaluation ended; it was cancelled (a check's work ends when it returns)",
        "prod: set a timer (setTimeout, 1 ms) that had not run when its evaluation ended; it was cancelled (a check's work ends when it returns)",
      ]);

      // A callback that runs outside any rule call and outside the isolation: its exit is refused
      // all the same, an internal error (70), never a silent 0.
      const top = spawnSync(node, argv, { encoding: 'utf8', env: { ...env, PA_TEST_TOP_IO: '1' }, timeout: 110_000 });
      expect(top.status).toBe(70);
      expect(top.stderr).toMatch(/(^|\n)proton-audit: internal error: called process\.exit\(\), which a rule may not do/);
      expect(top.stderr).not.toMatch(/\n\s+at /);
    } finally {
      floating.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
