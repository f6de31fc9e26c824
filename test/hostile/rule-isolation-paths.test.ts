/**
 * A user rule is isolated on every path that runs its code: its module's top level (a throw, a
 * rejection left behind, process.exit are load problems with file and location, exit 2), the
 * case harness (`rules test`: a rule that never returns fails its case "time budget exceeded"
 * and the command finishes; a callback that throws fails the case) and `scan` (what the rule
 * leaves behind is its error outcome, located like every scan outcome).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules, runCases } from '../../src/engine/index.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';
import type { AuditResult } from '../../src/model/index.ts';
import { writePack } from '../helpers/case-builder.ts';
import { CASES, meta } from './user-rule-pack.ts';
import { runCli } from '../helpers/cli.ts';


describe("a user rule module's top level", () => {
  it.each([
    ['throws', "const on: boolean = true;\nif (on) throw new Error('boom at the top');\n", /rule\.ts at line 2, column \d+: cannot be imported: boom at the top\n/],
    ['leaves a rejection', "const on: boolean = true;\nif (on) void Promise.reject(new Error('rejected at the top'));\n", /rule\.ts at line 2, column \d+: left a promise rejected that nothing handled at its top level: rejected at the top\n/],
    ['calls process.exit', 'const on: boolean = true;\nif (on) process.exit(0);\n', /rule\.ts at line 2, column \d+: cannot be imported: called process\.exit\(\), which a rule may not do/],
    ['schedules a callback that throws', "const on: boolean = true;\nif (on) setImmediate(() => { throw new Error('thrown later'); });\n", /rule\.ts at line 2, column \d+: a callback its top level scheduled \(setImmediate\) threw: thrown later\n/],
    ['queues a microtask that throws', "const on: boolean = true;\nif (on) queueMicrotask(() => { throw new Error('thrown in a microtask'); });\n", /rule\.ts at line 2, column \d+: a callback its top level scheduled \(queueMicrotask\) threw: thrown in a microtask\n/],
    ['exits from a tick', 'const on: boolean = true;\nif (on) process.nextTick(() => process.exit(0));\n', /rule\.ts at line 2, column \d+: a callback its top level scheduled \(process\.nextTick\) threw: called process\.exit\(\), which a rule may not do/],
    ['leaves a ten-minute timer', 'const on: boolean = true;\nif (on) setTimeout(() => process.exit(0), 600_000);\n', /rule\.ts at line 2, column \d+: set a timer \(setTimeout, 600000 ms\) at its top level that was still pending when the module had loaded; it was cancelled/],
  ])('that %s is a load problem with file and location, exit 2', async (_label, top, expected) => {
    const pack = writePack({
      'package.json': '{ "type": "module" }\n',
      'tags/top/rule.ts': `${top}export default { meta: ${meta('ACME-TOP-001')}, check() { return { status: 'pass' }; } };\n`,
      'tags/top/cases.yaml': CASES,
    });
    try {
      const exit = process.exit;
      const r = await runCli(['rules', 'list', '--no-builtin', '--rules', pack.dir]);
      expect(r.stderr).toMatch(/cannot load rules: 1 problem/);
      expect(r.stderr).toMatch(expected);
      expect(r.stderr).toContain(join(pack.dir, 'tags/top/rule.ts'));
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(r.code).toBe(2);
      expect(process.exit).toBe(exit);
    } finally {
      pack.cleanup();
    }
  }, 60_000);
});

describe('rules test', () => {
  const pack = () =>
    writePack({
      'tags/spins/rule.ts': `export default {
  meta: ${meta('ACME-CASE-001')},
  check(resource) {
    // A minute of spinning, far above the budget the test gives (without a watchdog the case would pass, late).
    if (resource.name === 'dev') { const end = Date.now() + 60_000; while (Date.now() < end) {} }
    return { status: 'pass' };
  },
};
`,
      'tags/spins/cases.yaml': '- name: dev passes\n  estate: { proton: { environments: [{ name: dev }] } }\n  expect: [{ resource: dev, status: pass }]\n',
      'tags/later/rule.ts': `export default {
  meta: ${meta('ACME-CASE-002')},
  check(resource) {
    setImmediate(() => { throw new Error('thrown later in ' + resource.name); });
    return { status: 'pass' };
  },
};
`,
      'tags/later/cases.yaml': '- name: dev passes\n  estate: { proton: { environments: [{ name: dev }] } }\n  expect: [{ resource: dev, status: pass }]\n',
    });

  it('a rule that never returns fails its case with "time budget exceeded"; a callback that throws fails its case', async () => {
    const p = pack();
    try {
      const { rules } = await loadRules({ extraDirs: [p.dir] });
      // A budget far below the hang: the watchdog stops the endless loop.
      const run = await runCases(rules, undefined, { perRuleMs: 1000, clock: () => performance.now() });
      const byRule = Object.fromEntries(run.results.map((r) => [r.ruleId, r.failures]));
      expect(byRule['ACME-CASE-001']).toEqual(['expected dev pass, got dev error (time budget exceeded (1 s per rule); the rule was stopped while evaluating this resource)']);
      expect(byRule['ACME-CASE-002']).toEqual(['expected dev pass, got dev error (a callback it scheduled (setImmediate) threw: thrown later in dev)']);
      expect(run.failed).toBe(2);
    } finally {
      p.cleanup();
    }
  }, 120_000);

  it('as a command: the callback that throws is a failing case, and the command finishes with 1', async () => {
    const p = writePack({
      'tags/later/rule.ts': `export default {
  meta: ${meta('ACME-CASE-002')},
  check(resource) {
    process.nextTick(() => process.exit(0));
    return { status: 'pass' };
  },
};
`,
      'tags/later/cases.yaml': '- name: dev passes\n  estate: { proton: { environments: [{ name: dev }] } }\n  expect: [{ resource: dev, status: pass }]\n',
    });
    try {
      const r = await runCli(['rules', 'test', p.dir]);
      expect(r.stdout).toContain('FAIL  ACME-CASE-002  dev passes');
      expect(r.stdout).toContain('expected dev pass, got dev error (a callback it scheduled (process.nextTick) threw: called process.exit(), which a rule may not do');
      expect(r.stdout).toContain('1 rules, 1 cases: 0 passed, 1 failed');
      expect(r.code).toBe(1);
    } finally {
      p.cleanup();
    }
  }, 60_000);
});

describe('scan', () => {
  it("what a user rule leaves behind is its error outcome, located; the scan finishes with its normal exit code", async () => {
    const p = writePack({
      'templates/later/rule.ts': `export default {
  meta: ${meta('ACME-SCAN-001', 'templateBundle', 'templates')},
  check(resource) {
    setImmediate(() => { throw new Error('thrown later'); });
    return { status: 'pass' };
  },
};
`,
      'templates/later/cases.yaml': CASES,
      'templates/floating/rule.ts': `export default {
  meta: ${meta('ACME-SCAN-002', 'templateBundle', 'templates')},
  check() {
    void Promise.reject(new Error('left behind'));
    return { status: 'pass' };
  },
};
`,
      'templates/floating/cases.yaml': CASES,
    });
    const repo = mkdtempSync(join(tmpdir(), 'pa-scan-isolation-'));
    const out = mkdtempSync(join(tmpdir(), 'pa-scan-isolation-out-'));
    const cwd = process.cwd();
    try {
      mkdirSync(join(repo, 'svc/v1/schema'), { recursive: true });
      mkdirSync(join(repo, 'svc/v1/instance_infrastructure'), { recursive: true });
      writeFileSync(join(repo, 'svc/v1/schema/schema.yaml'), 'schema:\n  format:\n    openapi: "3.0.0"\n  service_input_type: "S"\n  types:\n    S:\n      type: object\n      properties: {}\n');
      writeFileSync(join(repo, 'svc/v1/instance_infrastructure/manifest.yaml'), 'infrastructure:\n  templates:\n    - file: "cloudformation.yaml"\n      rendering_engine: jinja\n      template_language: cloudformation\n');
      writeFileSync(join(repo, 'svc/v1/instance_infrastructure/cloudformation.yaml'), 'Resources:\n  T:\n    Type: AWS::SNS::Topic\n');
      process.chdir(repo);
      const r = await runCli(['scan', '.', '--no-builtin', '--rules', p.dir, '--now', '2026-12-01T00:00:00Z', '--fail-on', 'none', '--format', `json:${join(out, 'r.json')}`]);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.code).toBe(0);
      const result = JSON.parse(readFileSync(join(out, 'r.json'), 'utf8')) as AuditResult;
      const errors = findingsOf(result).filter((f) => f.status === 'error');
      expect(errors.map((f) => [f.ruleId, f.error, f.location?.file])).toEqual([
        ['ACME-SCAN-001', 'a callback it scheduled (setImmediate) threw: thrown later', 'svc/v1/schema/schema.yaml'],
        ['ACME-SCAN-002', 'left a promise rejected that nothing handled: left behind', 'svc/v1/schema/schema.yaml'],
      ]);
    } finally {
      process.chdir(cwd);
      p.cleanup();
      rmSync(repo, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
