/**
 * After the retirement, end to end through the real CLI and the emulator serving the demo estate:
 *   1. a live collection while Proton answers, and its audit;
 *   2. the same account with Proton's endpoint dropping every connection (the emulator's
 *      protonAvailable: false) and `collect --since` the first snapshot: every IAM problem of the
 *      first audit is still reported — CodeBuild roles that trust only codebuild.amazonaws.com
 *      included — and coverage and every report format say which data is last-known and from when;
 *   3. the same without a previous snapshot: roles are found through the stacks and CodeBuild
 *      projects Proton created and through Proton signatures in their policies, each finding saying
 *      why in its evidence.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEstate, startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';
import type { AuditResult, Finding, Snapshot } from '../../src/model/index.ts';
import { sha256Hex } from '../../src/util/canonical-json.ts';
import { cli, type CliRun } from '../scale/helpers.ts';

const NOW = '2026-11-23T00:00:00Z';
const REGIONS = ['--region', 'us-east-1', '--region', 'eu-west-1'];
/** Rule families judged from IAM: their problems must survive the retirement. */
const IAM_FAMILIES = new Set(['iam', 'trust', 'policies', 'residue']);
const CODEBUILD_ONLY = ['ProtonCodeBuildLegacyRole', 'ProtonCodeBuildAdminRole'];

function ok(run: CliRun, what: string): CliRun {
  if (run.code !== 0 && run.code !== 1) throw new Error(`${what} exited ${run.code}: ${run.stderr}`);
  return run;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

describe('after the retirement of AWS Proton (demo estate, real CLI)', () => {
  let live: RunningEmulator;
  let retired: RunningEmulator;
  const dir = mkdtempSync(join(tmpdir(), 'pa-retired-'));
  const file = (name: string): string => join(dir, name);
  let first: Snapshot;
  let second: Snapshot;
  let secondCollect: CliRun;
  let firstAudit: AuditResult;
  let secondAudit: AuditResult;
  let thirdAudit: AuditResult;
  const roleRules = (f: Finding): boolean => f.resource.type === 'role' || f.resource.type === 'managedPolicy';
  const roleNameOf = (f: Finding): string => f.resource.name;

  beforeAll(async () => {
    const estate = await loadEstate('examples/demo-estate.json');
    live = await startEmulator({ estate });
    const gone = structuredClone(estate);
    for (const r of gone.accounts.flatMap((a) => a.regions)) r.protonAvailable = false;
    retired = await startEmulator({ estate: gone });

    ok(await cli(['collect', '--endpoint-url', live.url, ...REGIONS, '--no-progress', '--output', file('first.json')]), 'first collect');
    const evaluate = (snapshot: string, formats: string[]) => cli(['evaluate', '--snapshot', snapshot, '--now', NOW, ...formats.flatMap((f) => ['--format', f])]);
    const [firstEval, second_] = await Promise.all([
      evaluate(file('first.json'), [`json:${file('first-result.json')}`]),
      cli(['collect', '--endpoint-url', retired.url, ...REGIONS, '--no-progress', '--since', file('first.json'), '--output', file('second.json')]),
    ]);
    ok(firstEval, 'first evaluate');
    secondCollect = ok(second_, 'second collect');
    const [secondEval, third] = await Promise.all([
      evaluate(file('second.json'), [`json:${file('second-result.json')}`, `table:${file('second.txt')}`, `sarif:${file('second.sarif')}`, `html:${file('second.html')}`, `markdown:${file('second.md')}`]),
      cli(['collect', '--endpoint-url', retired.url, ...REGIONS, '--no-progress', '--output', file('third.json')]),
    ]);
    ok(secondEval, 'second evaluate');
    ok(third, 'third collect');
    ok(await evaluate(file('third.json'), [`json:${file('third-result.json')}`]), 'third evaluate');
    first = readJson(file('first.json'));
    second = readJson(file('second.json'));
    firstAudit = readJson(file('first-result.json'));
    secondAudit = readJson(file('second-result.json'));
    thirdAudit = readJson(file('third-result.json'));
  });

  afterAll(async () => {
    await live?.close();
    await retired?.close();
  });

  it('carries the first snapshot\'s Proton records, marked last-known with its time and sha256, never "ok"', () => {
    const firstSha = sha256Hex(readFileSync(file('first.json')));
    for (const region of second.accounts[0]?.regions ?? []) {
      expect(region.lastKnown).toEqual({ collectedAt: first.collection.finishedAt, sha256: firstSha, source: 'live' });
      expect(region.proton).toEqual(first.accounts[0]?.regions.find((r) => r.region === region.region)?.proton);
    }
    const proton = second.coverage.filter((e) => e.service === 'proton');
    expect(proton.length).toBeGreaterThan(40);
    expect(proton.every((e) => e.status === 'last-known' && e.lastKnown?.collectedAt === first.collection.finishedAt)).toBe(true);
    // What still answers is collected now.
    expect(second.coverage.filter((e) => e.service !== 'proton').every((e) => e.status === 'ok')).toBe(true);
    expect(secondCollect.stderr).toContain(`are last-known, not collected now: last known ${first.collection.finishedAt}`);
  });

  it('still reports every IAM problem of the first audit, with the same fingerprints', () => {
    const before = findingsOf(firstAudit).filter((f) => f.status === 'fail' && IAM_FAMILIES.has(familyOf(firstAudit, f.ruleId)));
    const after = new Map(findingsOf(secondAudit).map((f) => [f.fingerprint, f]));
    expect(before.length).toBeGreaterThan(25);
    const lost = before.filter((f) => after.get(f.fingerprint)?.status !== 'fail').map((f) => `${f.ruleId} ${f.resource.name}`);
    expect(lost).toEqual([]);
  });

  it('including on CodeBuild roles that trust only codebuild.amazonaws.com, marked as of the last-known time', () => {
    for (const role of CODEBUILD_ONLY) {
      const fails = findingsOf(secondAudit).filter((f) => roleRules(f) && roleNameOf(f) === role && f.status === 'fail');
      expect(fails.length, role).toBeGreaterThan(0);
      for (const f of fails) {
        expect(f.lastKnown).toEqual({ collectedAt: first.collection.finishedAt, sha256: second.accounts[0]?.regions[0]?.lastKnown?.sha256 });
        expect(f.message).toContain(`As of ${first.collection.finishedAt}`);
      }
    }
    const admin = findingsOf(secondAudit).find((f) => f.ruleId === 'PA-IAM-001' && f.resource.name === 'ProtonCodeBuildAdminRole');
    expect(admin?.status).toBe('fail');
  });

  it('skips as stale what a frozen state would mislead on, and evaluates the rest as of its time', () => {
    const byRule = (id: string) => findingsOf(secondAudit).filter((f) => f.ruleId === id);
    const stale = (id: string) => byRule(id).filter((f) => f.status === 'skip' && f.skipReason?.startsWith(`stale: last known ${first.collection.finishedAt}`));
    // Deployments (PA-DEP-*), quotas and tags on Proton resources: skipped as stale, never passed.
    for (const family of ['deployments', 'quotas', 'tags']) {
      const ids = rulesOf(secondAudit, family);
      expect(ids.length).toBeGreaterThan(0);
      const protonTyped = findingsOf(secondAudit).filter((f) => ids.includes(f.ruleId) && f.lastKnown);
      expect(protonTyped.length, family).toBeGreaterThan(0);
      expect(protonTyped.every((f) => f.status === 'skip' && f.skipReason?.startsWith('stale: last known')), family).toBe(true);
    }
    expect(stale('PA-DEP-001').length).toBeGreaterThan(0);
    // Versions are evaluated: the planted lag is still reported, as of the last-known time.
    const versions = findingsOf(secondAudit).filter((f) => rulesOf(secondAudit, 'versions').includes(f.ruleId) && f.status === 'fail');
    expect(versions.length).toBeGreaterThan(0);
    expect(versions.every((f) => f.lastKnown && f.message.includes('As of'))).toBe(true);
    // Nothing computed from last-known data looks freshly collected.
    for (const f of findingsOf(secondAudit)) {
      if (f.resource.type === 'role' || f.resource.type === 'managedPolicy' || f.resource.type === 'provisionedResource' || f.resource.type === 'stack') continue;
      if (f.notCollected) continue;
      expect(f.lastKnown, `${f.ruleId} ${f.resource.arn}`).toBeDefined();
    }
  });

  it('says in every report which data is last-known and from when', () => {
    const when = first.collection.finishedAt;
    expect(secondAudit.snapshot.lastKnown?.map((p) => [p.region, p.collectedAt])).toEqual([
      ['eu-west-1', when],
      ['us-east-1', when],
    ]);
    const table = readFileSync(file('second.txt'), 'utf8');
    expect(table).toContain('LAST-KNOWN 111122223333/us-east-1: collected');
    expect(table).toContain(when);
    const md = readFileSync(file('second.md'), 'utf8');
    expect(md).toMatch(/\[!IMPORTANT\][\s\S]*LAST-KNOWN/);
    expect(md).toContain(`last-known, as of ${when}`);
    const html = readFileSync(file('second.html'), 'utf8');
    expect(html).toContain('<strong>Last-known data.</strong>');
    expect(html).toContain(when);
    const sarif = readJson<{ runs: Array<{ properties: Record<string, unknown>; results: Array<{ properties: Record<string, unknown>; message: { text: string } }>; invocations: Array<{ toolExecutionNotifications: Array<{ descriptor: { id: string }; message: { text: string } }> }> }> }>(file('second.sarif'));
    const run = sarif.runs[0];
    expect(run?.properties.lastKnown).toEqual(secondAudit.snapshot.lastKnown);
    expect(run?.invocations[0]?.toolExecutionNotifications.filter((n) => n.descriptor.id === 'PA-LAST-KNOWN').map((n) => n.message.text)).toHaveLength(2);
    const marked = run?.results.filter((r) => r.properties.lastKnown) ?? [];
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.every((r) => r.message.text.includes(`As of ${when}`))).toBe(true);
  });

  it('without a previous snapshot, finds roles through stacks, CodeBuild projects and policy signatures, each with its reason', () => {
    const reasonsOf = (role: string): string[] => {
      const f = findingsOf(thirdAudit).find((x) => x.status === 'fail' && x.resource.type === 'role' && x.resource.name === role && x.evidence?.protonRole);
      return ((f?.evidence?.protonRole ?? []) as Array<{ kind: string; detail: string }>).map((r) => `${r.kind}: ${r.detail}`);
    };
    expect(reasonsOf('ProtonStackCleanupRole')).toEqual([expect.stringMatching(/^stack: the RoleARN of stack AWSProton-retired-analytics-cloudformation-\w+ \(arn:aws:cloudformation:us-east-1:111122223333:stack\//)]);
    expect(reasonsOf('ProtonCodeBuildAdminRole')).toEqual([
      expect.stringMatching(/^codebuild-project: the service role of CodeBuild project AWSProton-inventory-dev-/),
      expect.stringMatching(/^codebuild-project: the service role of CodeBuild project AWSProton-inventory-prod-/),
      expect.stringMatching(/^codebuild-project: the service role of CodeBuild project AWSProton-inventory-staging-/),
    ]);
    expect(reasonsOf('ProtonPipelineBuildRole')).toEqual([
      'signature: carrying a Proton signature (inline policy pipeline-build allows proton:NotifyResourceDeploymentStatusChange (statement 1))',
      'signature: carrying a Proton signature (inline policy pipeline-build grants access to the log group arn:aws:logs:*:111122223333:log-group:/aws/codebuild/AWSProton-* (statement 0))',
    ]);
    const fails = (role: string, rule: string) => findingsOf(thirdAudit).some((f) => f.ruleId === rule && f.resource.name === role && f.status === 'fail');
    expect(fails('ProtonStackCleanupRole', 'PA-IAM-003')).toBe(true);
    expect(fails('ProtonCodeBuildAdminRole', 'PA-IAM-001')).toBe(true);
    expect(fails('ProtonPipelineBuildRole', 'PA-IAM-002')).toBe(true);
    // Found without Proton: nothing here is last-known.
    expect(findingsOf(thirdAudit).some((f) => f.lastKnown)).toBe(false);
  });
});

function familyOf(result: AuditResult, ruleId: string): string {
  return result.rules.find((r) => r.id === ruleId)?.family ?? '';
}

function rulesOf(result: AuditResult, family: string): string[] {
  return result.rules.filter((r) => r.family === family).map((r) => r.id);
}
