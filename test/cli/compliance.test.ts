/**
 * The compliance flags and formats through the CLI (run in-process): framework mappings in
 * `rules list` (table and JSON) and `rules show`; `--compliance <framework>` narrowing a run and
 * its reports (an unknown id is a usage error naming the ids); `--history` over three earlier
 * results, as a directory or as files; `--format csv` and `--format ocsf` read back from disk.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/model/index.ts';
import { writeSnapshot } from '../../src/snapshot/io.ts';
import { caseSnapshot } from '../helpers/case-builder.ts';
import { runCli } from '../helpers/cli.ts';
import { ocsfErrors, parseCsv } from '../helpers/handoff.ts';
import { resultSchemaErrors } from '../render/fixtures/validators.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';

const ADMIN_TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'proton.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const IDS = ['cis-aws-foundations', 'iso-27001', 'nist-800-53', 'pci-dss', 'soc2'];

describe('framework mappings in the rule catalog', () => {
  it('rules list shows which frameworks map each rule, and --compliance their requirements', async () => {
    const [table, json, cis, bad] = await Promise.all([
      runCli(['rules', 'list']),
      runCli(['rules', 'list', '--format', 'json']),
      runCli(['rules', 'list', '--compliance', 'cis-aws-foundations']),
      runCli(['rules', 'list', '--compliance', 'hipaa']),
    ]);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID +SEVERITY +RESOURCE +FAMILY +FRAMEWORKS +TITLE$/);
    expect(table.stdout).toMatch(/^PA-IAM-001 .* cis iso nist pci soc2 +Roles that AWS Proton assumes/m);
    expect(table.stdout).toContain('frameworks: cis = CIS Amazon Web Services Foundations Benchmark v3.0.0;');

    const rules = JSON.parse(json.stdout) as Array<{ id: string; frameworks: Record<string, string[]>; compliance?: Record<string, string[]> }>;
    const iam = rules.find((r) => r.id === 'PA-IAM-001');
    expect(Object.keys(iam?.frameworks ?? {})).toEqual(IDS);
    expect(iam?.frameworks['nist-800-53']).toEqual(['AC-6', 'AC-6(1)']);
    expect(iam?.compliance).toEqual({ 'cis-aws-foundations': ['1.16'], 'nist-800-53': ['AC-6', 'AC-6(1)'] });
    expect(rules.every((r) => (r.frameworks['nist-800-53'] ?? []).length > 0)).toBe(true);

    expect(cis.code).toBe(0);
    expect(cis.stdout.split('\n')[0]).toMatch(/CIS-AWS-FOUNDATIONS/);
    expect(cis.stdout.split('\n').filter((l) => /^PA-/.test(l)).map((l) => l.split(/\s+/)[0])).toEqual(['PA-IAM-001', 'PA-IAM-011', 'PA-POL-005', 'PA-STK-002']);
    expect(cis.stdout).toMatch(/^PA-POL-005 .* 1\.16 /m);

    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`--compliance 'hipaa' is not a framework; use one of ${IDS.join(', ')}`);
  });

  it('rules show lists every framework requirement with its title', async () => {
    const r = await runCli(['rules', 'show', 'PA-IAM-001']);
    expect(r.stdout).toContain('Compliance:\n');
    expect(r.stdout).toMatch(/NIST SP 800-53 Revision 5 \(nist-800-53\): AC-6 Least privilege; AC-6\(1\) /);
    expect(r.stdout).toMatch(/\(soc2\): CC6\.1 /);
  });
});

describe('evaluate and audit with compliance, history and hand-offs', () => {
  let dir: string;
  let snapshot: string;
  const NOW = '2026-06-01T00:00:00Z';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pa-compliance-cli-'));
    snapshot = join(dir, 'snap.json');
    await writeSnapshot(
      snapshot,
      caseSnapshot({
        iam: { roles: [{ RoleName: 'proton-admin', AssumeRolePolicyDocument: ADMIN_TRUST, AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] }] },
        proton: {
          environments: [{ name: 'prod', deploymentStatus: 'FAILED', protonServiceRoleArn: 'arn:aws:iam::111122223333:role/proton-admin' }, { name: 'dev' }],
          services: [{ name: 'api', spec: 'password: hunter2hunter2hunter2\n' }],
        },
      }),
    );
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const read = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

  it('--compliance runs only the mapped rules and reports that framework alone', async () => {
    const out = join(dir, 'cis.json');
    const [run, bad, help] = await Promise.all([
      runCli(['evaluate', '--snapshot', snapshot, '--now', NOW, '--compliance', 'CIS-AWS-Foundations', '--format', `json:${out}`]),
      runCli(['evaluate', '--snapshot', snapshot, '--now', NOW, '--compliance', 'iso-9001']),
      runCli(['audit', '--help']),
    ]);
    expect(run.code).toBe(1);
    const result = read<AuditResult>(out);
    expect(resultSchemaErrors(result)).toEqual([]);
    expect(result.rules.map((r) => r.id)).toEqual(['PA-IAM-001', 'PA-IAM-011', 'PA-POL-005', 'PA-STK-002']);
    // PA-POL-005 judges customer managed policies and PA-STK-002 CloudFormation stacks, of which this estate has none.
    expect(new Set(findingsOf(result).map((f) => f.ruleId))).toEqual(new Set(['PA-IAM-001', 'PA-IAM-011']));
    expect(result.compliance?.frameworks.map((f) => f.id)).toEqual(['cis-aws-foundations']);
    const req = result.compliance?.frameworks[0]?.requirements.find((r) => r.id === '1.16');
    expect(req?.status).toBe('fail');
    expect(req?.findings.fail).toEqual(findingsOf(result).filter((f) => f.ruleId === 'PA-IAM-001' && f.status === 'fail').map((f) => f.fingerprint));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`proton-audit: --compliance 'iso-9001' is not a framework; use one of ${IDS.join(', ')}\n`);
    expect(help.stdout).toContain('--compliance <framework>');
    expect(help.stdout).toContain('--history <path>');
  });

  it('scan takes --compliance too: the scan rules that framework maps, and its requirements judged from the templates', async () => {
    const out = join(dir, 'scan-nist.json');
    const md = join(dir, 'scan-nist.md');
    const r = await runCli(['scan', 'test/scan/fixtures/template-repo', '--now', NOW, '--compliance', 'nist-800-53', '--format', `json:${out}`, '--format', `markdown:${md}`]);
    expect(r.stderr).toContain('scanned ');
    expect(r.code).toBe(1);
    const result = read<AuditResult>(out);
    expect(resultSchemaErrors(result)).toEqual([]);
    expect(result.compliance?.frameworks.map((f) => f.id)).toEqual(['nist-800-53']);
    const reqs = new Map(result.compliance?.frameworks[0]?.requirements.map((q) => [q.id, q]));
    // The fixture repository plants template roles with administrator access and literal secrets.
    expect(reqs.get('AC-6')?.status).toBe('fail');
    expect(reqs.get('AC-6')?.rules.find((x) => x.id === 'PA-IAC-001')?.state).toBe('fail');
    expect(reqs.get('IA-5(7)')?.status).toBe('fail');
    // Rules over a live estate have nothing to judge in a scan: a requirement only they map is not assessed.
    expect(reqs.get('AC-2(3)')).toMatchObject({ status: 'not-assessed', reason: 'not-run' });
    const failing = new Set(findingsOf(result).filter((f) => f.status === 'fail' && !f.waiver).map((f) => f.fingerprint));
    for (const q of reqs.values()) for (const fp of q.findings.fail) expect(failing.has(fp)).toBe(true);
    expect(readFileSync(md, 'utf8')).toContain('### Compliance');
  });

  it('--history adds the trend of three earlier results (v1 JSON, v2 JSON Lines, v2 JSON), from a directory or a list of files', async () => {
    const history = join(dir, 'history');
    mkdirSync(history);
    // Three earlier runs that differ: everything, then tags turned off, then the admin role waived too.
    const configs = [
      { name: 'run-1.json', now: '2026-03-01T00:00:00Z', config: 'disabled: []\n' },
      { name: 'run-2.jsonl', now: '2026-04-01T00:00:00Z', config: 'disabled: [PA-TAG-001, PA-TAG-002, PA-TAG-003, PA-TAG-004]\n' },
      {
        name: 'run-3.json',
        now: '2026-05-01T00:00:00Z',
        config: 'disabled: [PA-TAG-001, PA-TAG-002, PA-TAG-003, PA-TAG-004]\nwaivers:\n  - { rule: PA-IAM-001, resource: "arn:aws:iam::*:role/proton-admin", owner: sec@example.com, reason: break-glass, expires: "2026-12-31" }\n',
      },
    ];
    for (const c of configs) {
      const config = join(dir, `${c.name}.yml`);
      writeFileSync(config, c.config);
      const format = c.name.endsWith('.jsonl') ? 'jsonl' : 'json';
      const r = await runCli(['evaluate', '--snapshot', snapshot, '--now', c.now, '--config', config, '--format', `${format}:${join(history, c.name)}`]);
      expect(r.code, r.stderr).toBe(1);
    }
    // The oldest run as a schema version 1 result (findings in full, no resource table or outcomes), as earlier releases wrote it.
    const first = read<AuditResult>(join(history, 'run-1.json'));
    const { resources: _resources, outcomes: _outcomes, compliance: _compliance, baseline: _baseline, ...head } = first;
    writeFileSync(join(history, 'run-1.json'), JSON.stringify({ ...head, schemaVersion: 1, findings: findingsOf(first) }));
    const headOf = (name: string): Pick<AuditResult, 'schemaVersion' | 'summary'> =>
      JSON.parse(name.endsWith('.jsonl') ? (readFileSync(join(history, name), 'utf8').split('\n')[0] ?? '') : readFileSync(join(history, name), 'utf8')) as AuditResult;
    expect(configs.map((c) => headOf(c.name).schemaVersion)).toEqual([1, 2, 2]);
    const totals = configs.map((c) => Object.values(headOf(c.name).summary.failingBySeverity).reduce((a, b) => a + b, 0));
    expect(new Set(totals).size).toBe(3);
    // A snapshot kept next to the results is skipped, with a note.
    writeFileSync(join(history, 'snapshot.json'), readFileSync(snapshot));

    const md = join(dir, 'trend.md');
    const html = join(dir, 'trend.html');
    const fromDir = await runCli(['evaluate', '--snapshot', snapshot, '--now', NOW, '--history', history, '--format', `markdown:${md}`, '--format', `html:${html}`]);
    expect(fromDir.code).toBe(1);
    expect(fromDir.stderr).toContain(`--history: skipped ${join(history, 'snapshot.json')}: is not a proton-audit result`);
    const rows = readFileSync(md, 'utf8').split('\n').filter((l) => /^\| (run-\d\.jsonl?|this run) \|/.test(l));
    expect(rows.map((r) => r.split(' | ')[0])).toEqual(['| run-1.json', '| run-2.jsonl', '| run-3.json', '| this run']);
    totals.forEach((t, i) => expect(rows[i]).toContain(`| **${t}** |`));
    expect(rows[3]).toContain(`| **${totals[0]}** | +${(totals[0] ?? 0) - (totals[2] ?? 0)} |`);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('id="trend"');
    expect(page.match(/<tr(?: class="current")?><td data-label="Run">/g)).toHaveLength(4);

    // The same three as files, in any order: the trend is ordered by evaluation time.
    const md2 = join(dir, 'trend2.md');
    const fromFiles = await runCli(['evaluate', '--snapshot', snapshot, '--now', NOW, '--history', join(history, 'run-3.json'), '--history', join(history, 'run-1.json'), '--history', join(history, 'run-2.jsonl'), '--format', `markdown:${md2}`]);
    expect(fromFiles.code).toBe(1);
    expect(readFileSync(md2, 'utf8')).toBe(readFileSync(md, 'utf8'));

    // A named file that is not a result, or a missing one, stops the run before it evaluates.
    const bad = await runCli(['evaluate', '--snapshot', snapshot, '--now', NOW, '--history', join(history, 'snapshot.json'), '--history', join(dir, 'nope.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('cannot read --history: 2 problems');
    expect(bad.stderr).toContain(`${join(history, 'snapshot.json')}: is not a proton-audit result`);
    expect(bad.stderr).toContain(`${join(dir, 'nope.json')}: no such file`);
  });

  it('--format csv and ocsf write files that read back: CSV rows per finding, OCSF events valid', async () => {
    const csv = join(dir, 'findings.csv');
    const ocsf = join(dir, 'findings.ocsf.jsonl');
    const json = join(dir, 'all.json');
    const r = await runCli(['evaluate', '--snapshot', snapshot, '--now', NOW, '--format', `csv:${csv}`, '--format', `ocsf:${ocsf}`, '--format', `json:${json}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`wrote csv to ${csv}`);
    const result = read<AuditResult>(json);
    const rows = parseCsv(readFileSync(csv, 'utf8'));
    expect(rows[0]?.at(-1)).toBe('compliance');
    const listed = findingsOf(result).filter((f) => f.status !== 'pass');
    expect(rows.slice(1).map((row) => row[0])).toEqual(listed.map((f) => f.fingerprint));
    // No secret from the spec reaches the hand-off.
    expect(readFileSync(csv, 'utf8')).not.toContain('hunter2hunter2');
    const events = readFileSync(ocsf, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { finding_info: { uid: string } });
    expect(events.map((e) => e.finding_info.uid)).toEqual(findingsOf(result).filter((f) => f.status === 'fail').map((f) => f.fingerprint));
    expect(events.flatMap((e) => ocsfErrors(e))).toEqual([]);
    expect(readFileSync(ocsf, 'utf8')).not.toContain('hunter2hunter2');
  });
});
