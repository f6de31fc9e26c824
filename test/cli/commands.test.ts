/**
 * The CLI end to end: `rules test` on a custom pack written to a temp directory (passing, failing
 * and broken packs), `evaluate` on a snapshot file, and the catalog commands, through `run`
 * in-process (a child process where the working directory matters).
 */
import { findingsOf } from '../../src/engine/outcomes.ts';
import type { AuditResult } from '../../src/model/index.ts';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSnapshot } from '../../src/snapshot/io.ts';
import { caseSnapshot, writePack } from '../helpers/case-builder.ts';
import { cliProcess, runCli, type CliOutcome } from '../helpers/cli.ts';

const GOOD = join(import.meta.dirname, '../engine/fixtures/pack-good');

type Run = CliOutcome;

/** In-process; with a working directory, as a child process started there. */
function cli(args: string[], cwd?: string): Promise<Run> {
  if (cwd === undefined) return runCli(args, { env: { NO_COLOR: '1' } });
  const [node, argv] = cliProcess(args);
  return new Promise((resolve) => {
    execFile(node, argv, { cwd, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      const code = err && typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const RULE = `id: ACME-ENV-001
title: Environments are not in DELETE_FAILED
severity: high
resource: environment
family: deployments
rationale: A failed deletion leaves infrastructure behind.
remediation:
  text: Retry the deletion and clean up the stack.
references:
  - { title: "Deleting environments", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-env-delete.html" }
assert: resource.data.deploymentStatus != "DELETE_FAILED"
message: 'Environment {{resource.name}} is in DELETE_FAILED.'
`;

const CASES = `- name: healthy environment passes
  estate:
    proton:
      environments: [{ name: prod }]
  expect:
    - { resource: prod, status: pass }
- name: delete-failed environment fails
  estate:
    proton:
      environments: [{ name: old, deploymentStatus: DELETE_FAILED }]
  expect:
    - { resource: old, status: fail, message: "DELETE_FAILED" }
`;

const cleanups: Array<() => void> = [];
afterAll(() => cleanups.forEach((c) => c()));
function pack(files: Record<string, string>): string {
  const p = writePack(files);
  cleanups.push(p.cleanup);
  return p.dir;
}

describe('proton-audit rules test <dir>', () => {
  it('loads, runs and passes a custom YAML rule with its cases', async () => {
    const dir = pack({ 'deployments/env-not-delete-failed/rule.yaml': RULE, 'deployments/env-not-delete-failed/cases.yaml': CASES });
    const r = await cli(['rules', 'test', dir, '--verbose']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('pass  ACME-ENV-001  delete-failed environment fails');
    expect(r.stdout.trim().split('\n').at(-1)).toBe('1 rules, 2 cases: 2 passed, 0 failed');
    expect(r.code).toBe(0);
  });

  it('exits 1 and says why when a case fails', async () => {
    const wrong = CASES.replace('{ resource: prod, status: pass }', '{ resource: prod, status: fail }');
    const dir = pack({ 'deployments/env-not-delete-failed/rule.yaml': RULE, 'deployments/env-not-delete-failed/cases.yaml': wrong });
    const r = await cli(['rules', 'test', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL {2}ACME-ENV-001 {2}healthy environment passes/);
    expect(r.stdout).toContain('expected prod fail, got prod pass');
    expect(r.stdout.trim().split('\n').at(-1)).toBe('1 rules, 2 cases: 1 passed, 1 failed');
  });

  it('refuses broken rules with a clear message and exit 2', async () => {
    const broken = {
      'bad CEL': { rule: RULE.replace('assert: resource.data.deploymentStatus != "DELETE_FAILED"', 'assert: resource.data.deploymentStatus !=== "DELETE_FAILED"'), expect: /rule\.yaml at assert \(line 11\): invalid CEL: / },
      'duplicate of a built-in id': { rule: RULE.replace('ACME-ENV-001', 'PA-IAM-001'), expect: /at id: duplicate rule id PA-IAM-001: already used by .*rules\/iam\/.* \(built-in\)/ },
      'missing field': { rule: RULE.replace(/^title: .*\n/m, ''), expect: /rule\.yaml at title \(line 1\): missing required field/ },
    };
    const runs = await Promise.all(
      Object.values(broken).map((b) => cli(['rules', 'test', pack({ 'deployments/env-not-delete-failed/rule.yaml': b.rule, 'deployments/env-not-delete-failed/cases.yaml': CASES })])),
    );
    Object.values(broken).forEach((b, i) => {
      const r = runs[i] as Run;
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^proton-audit: cannot load rules: \d+ problems?\n/);
      expect(r.stderr).toMatch(b.expect);
      expect(r.stderr).not.toMatch(/\n\s+at .*\.ts:\d+/); // no stack trace
      expect(r.stdout).toBe('');
    });
  });
});

describe('proton-audit evaluate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pa-eval-'));
  const snapshotFile = join(dir, 'snap.json');

  it('audits a snapshot at the given clock, as a table or JSON, and sets the exit code', async () => {
    const snapshot = caseSnapshot({
      proton: {
        environments: [{ name: 'prod', tags: { Owner: 'a' } }, { name: 'dev\u001b[31mred' }],
        services: [{ name: 'api', spec: 'token: ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5\n' }],
      },
    });
    await writeSnapshot(snapshotFile, snapshot);
    const out = join(dir, 'result.json');
    const [table, json, badNow] = await Promise.all([
      cli(['evaluate', '--snapshot', snapshotFile, '--no-builtin', '--rules', GOOD, '--now', '2026-06-01T00:00:00Z']),
      cli(['evaluate', '--snapshot', snapshotFile, '--no-builtin', '--rules', GOOD, '--now', '2026-06-01T00:00:00Z', '--format', 'json', '--output', out]),
      cli(['evaluate', '--snapshot', snapshotFile, '--no-builtin', '--rules', GOOD, '--now', 'yesterday']),
    ]);
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/^CRITICAL \(1\)$/m);
    expect(table.stdout).toMatch(/ACME-SEC-001 {2}Service specs hold no secrets/);
    expect(table.stdout).toMatch(/service api \[spec:1\] .* Service api spec line 1 holds a token/);
    expect(table.stdout).toContain('(ghp_****).');
    expect(table.stdout).toContain('environment devred'); // the escape sequence is stripped, not obeyed
    expect(table.stdout).not.toContain('\u001b');
    expect(table.stdout).not.toContain('ghp_aB3dE5');
    expect(table.stdout).toContain('Summary: 2 failing (1 critical, 1 medium) · 0 waived · 0 errors · 0 skipped · 1 passed · 3 rules on 3 resources');
    expect(json.code).toBe(1);
    expect(json.stdout).toBe('');
    const result = JSON.parse(readFileSync(out, 'utf8')) as AuditResult;
    expect(result.evaluatedAt).toBe('2026-06-01T00:00:00.000Z');
    expect(result.snapshot.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(findingsOf(result)).toHaveLength(3);
    expect(badNow.code).toBe(2);
    expect(badNow.stderr).toContain("--now 'yesterday' is not an ISO 8601 time");
  });

  it('uses .proton-audit.yml from the working directory and warns about expired waivers', async () => {
    const cwd = pack({
      '.proton-audit.yml': [
        'waivers:',
        '  - { rule: ACME-SEC-001, resource: "arn:aws:proton:*:service/api", owner: sec, reason: rotating, expires: "2030-01-01" }',
        '  - { rule: ACME-TAG-001, resource: "*", owner: platform, reason: old, expires: "2020-01-01" }',
        'failOn: critical',
      ].join('\n'),
    });
    await writeSnapshot(snapshotFile, caseSnapshot({ proton: { environments: [{ name: 'dev' }], services: [{ name: 'api', spec: 'password: hunter2hunter2\n' }] } }));
    const r = await cli(['evaluate', '--snapshot', snapshotFile, '--no-builtin', '--rules', GOOD, '--now', '2026-06-01T00:00:00Z'], cwd);
    expect(r.stdout).toMatch(/^Waived \(1\)\n {2}1 × ACME-SEC-001 arn:aws:proton:\*:service\/api · owner sec · expires 2030-01-01$/m);
    expect(r.stderr).toContain('waiver for ACME-TAG-001 on * (owner platform) expired on 2020-01-01 and no longer applies');
    expect(r.code).toBe(0); // the medium failure is below failOn: critical
  });
});

describe('proton-audit rules list|show', () => {
  it('lists the catalog as JSON, shows a rule, and refuses an unknown id with exit 2', async () => {
    const [listed, shown, unknown] = await Promise.all([
      cli(['rules', 'list', '--no-builtin', '--rules', GOOD, '--format', 'json']),
      cli(['rules', 'show', 'ACME-TAG-001', '--no-builtin', '--rules', GOOD]),
      cli(['rules', 'show', 'ACME-NOPE-001', '--no-builtin', '--rules', GOOD]),
    ]);
    expect(listed.code).toBe(0);
    const list = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
    expect(list.map((x) => x.id)).toEqual(['ACME-SEC-001', 'ACME-TAG-001', 'ACME-VER-001']);
    for (const key of ['id', 'title', 'severity', 'resource', 'family', 'rationale', 'remediation', 'references']) expect(list[0]).toHaveProperty(key);
    expect(shown.stdout).toContain('ACME-TAG-001: Environments carry an Owner tag');
    expect(shown.stdout).toContain('assert: options.key in facts.tags.customer');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no rule with id 'ACME-NOPE-001'");
  });
});
