import { findingsOf } from '../../src/engine/outcomes.ts';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cliProcess, runCli } from '../helpers/cli.ts';
import type { AuditResult, Finding } from '../../src/model/index.ts';
import { InputError } from '../../src/errors.ts';
import { applyBaseline, baselineFailures, gateFindings } from '../../src/engine/gate.ts';
import { fingerprint } from '../../src/engine/findings.ts';
import { diffResults, diffSnapshots, readComparable, renderDiff } from '../../src/diff/index.ts';
import { parseSnapshot, serializeSnapshot } from '../../src/snapshot/io.ts';
import { canonicalJson, sha256Hex } from '../../src/util/canonical-json.ts';
import { buildResult, sha256, withFindings } from '../helpers/build-result.ts';
import { estate, tempDir, writeJson } from './fixtures.ts';

const run = promisify(execFile);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(...cliProcess(args), { env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** The result with a rule's effective severity changed (a config override between runs). */
function withSeverity(result: AuditResult, ruleId: string, severity: Finding['severity']): AuditResult {
  return { ...result, rules: result.rules.map((r) => (r.id === ruleId ? { ...r, effectiveSeverity: severity } : r)) };
}

/** Two results sharing some findings (by sub-key): 'a' resolved (now passing), 'b' unchanged, 'c' new, 'd' changed severity, 'e' waived then open. */
function pair(): { old: AuditResult; now: AuditResult; fp: Record<'a' | 'b' | 'c' | 'd' | 'e', string> } {
  const base = buildResult();
  const fails = findingsOf(base).filter((x) => x.status === 'fail');
  const f = fails[0] as Finding;
  const g = fails.find((x) => x.ruleId !== f.ruleId) as Finding;
  const k = (x: Finding, subKey: string, over: Partial<Finding> = {}): Finding => ({ ...x, waiver: undefined, subKey, ...over });
  const waiver = { rule: f.ruleId, resource: '*', owner: 'sec', reason: 'accepted', expires: '2026-06-30' };
  const old = withSeverity(withFindings(base, [k(f, 'a'), k(f, 'b'), k(g, 'd'), k(f, 'e', { waiver })]), g.ruleId, 'low');
  const now = withSeverity(withFindings(base, [k(f, 'b'), k(f, 'c'), k(g, 'd'), k(f, 'e'), k(f, 'a', { status: 'pass', message: 'ok' })]), g.ruleId, 'critical');
  const fp = (x: Finding, c: string): string => fingerprint(x.ruleId, x.resource.arn, c);
  return { old, now, fp: { a: fp(f, 'a'), b: fp(f, 'b'), c: fp(f, 'c'), d: fp(g, 'd'), e: fp(f, 'e') } };
}

describe('applyBaseline and the gate', () => {
  it('marks new and resolved fingerprints; a lapsed waiver makes a finding new again', () => {
    const { old, now, fp } = pair();
    const applied = applyBaseline(now, baselineFailures(old, sha256('old')));
    expect(applied.baseline?.newFingerprints).toEqual([fp.c, fp.e].sort());
    expect(applied.baseline?.resolved.map((r) => [r.fingerprint, r.now])).toEqual([[fp.a, 'pass']]);
    expect(applied.baseline?.sha256).toBe(sha256('old'));
    expect(now.baseline).toBeUndefined();
    expect(gateFindings(applied).map((f) => f.fingerprint).sort()).toEqual([fp.c, fp.e].sort());
    expect(gateFindings(now)).toHaveLength(4);
  });

  it('tells a fixed finding from one whose resource is gone or whose rule could not judge it', () => {
    const base = buildResult();
    const f = findingsOf(base).find((x) => x.status === 'fail' && !x.waiver) as Finding;
    const old = withFindings(base, [f]);
    const fixed = withFindings(base, [{ ...f, status: 'pass', message: 'ok' }]);
    const skipped = withFindings(base, [{ ...f, status: 'skip', message: 'Skipped: denied.', skipReason: 'denied', notCollected: true }]);
    const gone = withFindings(base, [{ ...f, resource: { ...f.resource, arn: `${f.resource.arn}-other` } }]);
    const now = (r: AuditResult) => applyBaseline(r, baselineFailures(old, sha256('b'))).baseline?.resolved.map((x) => x.now);
    expect(now(fixed)).toEqual(['pass']);
    expect(now(skipped)).toEqual(['skip']);
    expect(now(gone)).toEqual(['absent']);
  });

  it('a result against itself has nothing new or resolved', () => {
    const r = buildResult({ perCombination: 3 });
    const applied = applyBaseline(r, baselineFailures(r, sha256('r')));
    expect(applied.baseline?.newFingerprints).toEqual([]);
    expect(applied.baseline?.resolved).toEqual([]);
    expect(gateFindings(applied)).toEqual([]);
  });
});

describe('diff of two results', () => {
  it('finds new, resolved and changed findings by fingerprint', () => {
    const { old, now, fp } = pair();
    const d = diffResults({ file: 'old.json', sha256: sha256('o'), result: old }, { file: 'new.json', sha256: sha256('n'), result: now });
    expect(d.added.map((f) => f.fingerprint)).toEqual([fp.c]);
    expect(d.resolved.map((f) => f.fingerprint)).toEqual([fp.a]);
    const changed = new Map(d.changed.map((c) => [c.fingerprint, c]));
    expect(changed.get(fp.d)?.fields).toEqual(['severity']);
    expect(changed.get(fp.d)?.before.severity).toBe('low');
    expect(changed.get(fp.e)?.fields).toEqual(['waived']);
    expect(d.counts).toEqual({ added: 1, resolved: 1, changed: 2, unchangedFailing: 1 });
    const text = renderDiff(d, 'table');
    expect(text).toContain('1 new failing · 1 resolved · 2 changed');
    expect(text).toContain('severity low → critical');
    expect(JSON.parse(renderDiff(d, 'json'))).toEqual(JSON.parse(canonicalJson(d)));
    expect(renderDiff(d, 'markdown')).toContain('## proton-audit diff: 1 new, 1 resolved, 2 changed');
  });

  it('sees a pass that became a skip or an error', () => {
    const base = buildResult();
    const p = findingsOf(base).find((x) => x.status === 'pass') as Finding;
    const before = withFindings(base, [p]);
    const after = withFindings(base, [{ ...p, status: 'error', message: 'Rule broke.', error: 'boom' }]);
    const d = diffResults({ file: 'a', sha256: sha256('a'), result: before }, { file: 'b', sha256: sha256('b'), result: after });
    expect(d.changed.map((c) => [c.fields, c.before.status, c.after.status])).toEqual([[['status', 'message'], 'pass', 'error']]);
  });
});

describe('diff of two snapshots', () => {
  it('reports resources, template versions, role policies, managed policies and tags', () => {
    const a = estate();
    const b = estate();
    const region = b.accounts[0]!.regions[0]!;
    const proton = region.proton!;
    proton.environments = proton.environments.filter((e) => e.name !== 'dev');
    proton.environments[0]!.templateMinorVersion = '3';
    proton.components.push({ name: 'cache', arn: 'arn:aws:proton:us-east-1:111122223333:component/cache', environmentName: 'prod', deploymentStatus: 'SUCCEEDED' });
    proton.services[0]!.pipeline!.templateMajorVersion = '2';
    const role = b.accounts[0]!.iam!.roles[0]!;
    role.AssumeRolePolicyDocument = { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: 'sts:AssumeRole' }] };
    role.RolePolicyList = [{ PolicyName: 'deploy', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }, { PolicyName: 'extra', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } }];
    role.AttachedManagedPolicies = [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }];
    role.Tags = [];
    const policy = b.accounts[0]!.iam!.policies[0]!;
    policy.DefaultVersionId = 'v2';
    policy.PolicyVersionList = [{ VersionId: 'v2', IsDefaultVersion: true, Document: { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } }];
    region.tagging!.protonResources[0]!.Tags = [{ Key: 'CostCenter', Value: 'cc-2' }, { Key: 'Environment', Value: 'prod' }];
    // eu-west-1 gains Proton data that the old snapshot never collected: not compared, not 'added'.
    b.accounts[0]!.regions[1]!.proton = { ...proton, environments: [{ name: 'x', arn: 'arn:aws:proton:eu-west-1:111122223333:environment/x', templateName: 'vpc', templateMajorVersion: '1', templateMinorVersion: '0', deploymentStatus: 'SUCCEEDED' }], services: [], serviceInstances: [], components: [], environmentTemplates: [] };
    parseSnapshot('b.json', serializeSnapshot(b));

    const d = diffSnapshots({ file: 'a.json', sha256: sha256('a'), snapshot: a }, { file: 'b.json', sha256: sha256('b'), snapshot: b });
    expect(d.added.map((r) => `${r.type} ${r.arn}`)).toEqual(['component arn:aws:proton:us-east-1:111122223333:component/cache']);
    expect(d.removed.map((r) => r.name)).toEqual(['dev']);
    expect(d.versions.map((v) => `${v.type} ${v.before} -> ${v.after}`).sort()).toEqual(['environment vpc 1.2 -> vpc 1.3', 'servicePipeline svc 1.0 -> svc 2.0']);
    expect(d.roles).toHaveLength(1);
    expect(d.roles[0]).toMatchObject({ trustChanged: true, inline: { added: ['extra'], removed: [], changed: ['deploy'] }, attached: { added: ['arn:aws:iam::aws:policy/AdministratorAccess'], removed: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] } });
    expect(d.policies).toEqual([expect.objectContaining({ name: 'proton-extra', defaultVersion: { before: 'v1', after: 'v2' }, documentChanged: true })]);
    const tags = new Map(d.tags.map((t) => [t.arn, t]));
    expect(tags.get('arn:aws:proton:us-east-1:111122223333:environment/prod')).toEqual({
      arn: 'arn:aws:proton:us-east-1:111122223333:environment/prod',
      added: [{ Key: 'Environment', Value: 'prod' }],
      removed: [{ Key: 'Owner', Value: 'team-a' }],
      changed: [{ Key: 'CostCenter', before: 'cc-1', after: 'cc-2' }],
    });
    expect(tags.get('arn:aws:iam::111122223333:role/proton-env')?.removed).toEqual([{ Key: 'Owner', Value: 'platform' }]);
    expect(d.notCompared).toEqual(['111122223333/eu-west-1/proton']);
    const text = renderDiff(d, 'table');
    expect(text).toContain('1 added · 1 removed · 2 version changes · 1 roles changed · 1 policies changed');
    expect(text).toContain('trust policy changed');
    expect(renderDiff(d, 'markdown')).toContain('### Template versions (2)');
  });

  it('an unchanged estate has no differences', () => {
    const d = diffSnapshots({ file: 'a', sha256: sha256('a'), snapshot: estate() }, { file: 'b', sha256: sha256('b'), snapshot: estate() });
    expect(d.counts).toEqual({ added: 0, removed: 0, versions: 0, roles: 0, policies: 0, tags: 0 });
    expect(renderDiff(d, 'table')).toContain('No differences in resources.');
  });
});

describe('loading what diff compares', () => {
  it('tells results from snapshots by content', async () => {
    const dir = tempDir('pa-diff-');
    expect((await readComparable(writeJson(dir, 'x.data', buildResult()))).kind).toBe('result');
    expect((await readComparable(writeJson(dir, 'y.data', estate()))).kind).toBe('snapshot');
  });

  it.each([
    ['syntax error', '{\n  "findings": [\n', /^(line \d+, column \d+|end of file) invalid JSON/],
    ['neither kind', '{"hello": 1}', /neither an audit result/],
    ['invalid result', JSON.stringify({ ...buildResult(), outcomes: [{ rule: 'x' }] }), /\$\.outcomes\[0\]/],
    ['wrong schemaVersion', JSON.stringify({ ...buildResult(), schemaVersion: 9 }), /schemaVersion 9/],
  ])('%s gives an InputError naming file and location', async (_name, text, location) => {
    const dir = tempDir('pa-diff-');
    const path = join(dir, 'bad.json');
    writeFileSync(path, text);
    const err = await readComparable(path).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    const problems = (err as InputError).problems;
    expect(problems[0]?.file).toBe(path);
    expect(problems.map((p) => `${p.location} ${p.message}`).join('\n')).toMatch(location);
  });

  it('a missing file is an InputError too', async () => {
    const err = await readComparable('/nonexistent/x.json').then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).problems[0]?.message).toBe('no such file');
  });
});

describe('proton-audit diff (CLI)', () => {
  it('compares results and snapshots, and refuses to mix them', async () => {
    const dir = tempDir('pa-diff-cli-');
    const { old, now } = pair();
    const a = writeJson(dir, 'old.json', old);
    const b = writeJson(dir, 'new.json', now);
    const s = writeJson(dir, 'snap.json', estate());
    const table = await runCli(['diff', a, b]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('1 new failing · 1 resolved · 2 changed');
    const json = await runCli(['diff', a, b, '--format', 'json']);
    expect((JSON.parse(json.stdout) as { counts: unknown }).counts).toEqual({ added: 1, resolved: 1, changed: 2, unchangedFailing: 1 });
    const out = join(dir, 'diff.md');
    expect((await runCli(['diff', s, s, '--format', 'markdown', '--output', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('## proton-audit snapshot diff');
    const mixed = await runCli(['diff', a, s]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('diff compares two of the same kind');
    expect((await runCli(['diff', a, b, '--format', 'sarif'])).code).toBe(2);
    const missing = await runCli(['diff', a, join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
  });

  it('runs from the real binary with the documented exit codes', async () => {
    const dir = tempDir('pa-diff-bin-');
    const { old, now } = pair();
    const ok = await cli(['diff', writeJson(dir, 'old.json', old), writeJson(dir, 'new.json', now)]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('1 new failing');
    const bad = await cli(['diff', join(dir, 'old.json'), join(dir, 'missing.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('no such file');
  });
});
