import { findingsOf, resultFromV1 } from '../../src/engine/outcomes.ts';
import { gzipSync } from 'node:zlib';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import type { AuditResult, Finding } from '../../src/model/index.ts';
import { render } from '../../src/render/index.ts';
import { GITHUB_LIMITS, SECURITY_SEVERITY, pseudoPath, renderSarif } from '../../src/render/sarif.ts';
import { buildResult, withFindings, sha256 } from '../helpers/build-result.ts';
import { githubSarifProblems, sarifSchemaErrors } from './fixtures/validators.ts';

function sarif(result: AuditResult, opts: Parameters<typeof renderSarif>[1] = {}): Log {
  return JSON.parse(renderSarif(result, opts)) as Log;
}

describe('SARIF', () => {
  const fixtures: Array<[string, AuditResult]> = [
    ['plain', buildResult({ perCombination: 2 })],
    ['attacker text', buildResult({ attacker: true, perCombination: 2 })],
    ['baseline', buildResult({ baseline: true })],
  ];

  it.each(fixtures)('%s: valid against the official SARIF 2.1.0 schema', (_name, result) => {
    expect(sarifSchemaErrors(sarif(result))).toEqual([]);
  });

  it.each(fixtures)('%s: meets every GitHub code-scanning requirement', (_name, result) => {
    expect(githubSarifProblems(sarif(result), result)).toEqual([]);
  });

  it('the schema check and the GitHub checker catch broken logs (they can fail)', () => {
    const result = buildResult();
    const log = sarif(result);
    const run = log.runs[0];
    if (!run?.results?.[0]?.locations?.[0]?.physicalLocation?.artifactLocation) throw new Error('fixture has no result');
    run.results[0].locations[0].physicalLocation.artifactLocation.uri = `arn:aws:iam::111122223333:role/x`;
    const rule = run.tool.driver.rules?.[0];
    if (!rule?.properties) throw new Error('fixture has no rule');
    rule.properties['security-severity'] = 9.5;
    (run as unknown as Record<string, unknown>).bogus = true;
    const problems = githubSarifProblems(log, result);
    expect(problems.some((p) => p.includes('has a scheme'))).toBe(true);
    expect(problems.some((p) => p.includes('security-severity must be a string'))).toBe(true);
    expect(sarifSchemaErrors(log).length).toBeGreaterThan(0);
  });

  it('emits failing findings only, one result each, waived ones with an external suppression', () => {
    const result = buildResult({ perCombination: 3 });
    const log = sarif(result);
    const failing = findingsOf(result).filter((f) => f.status === 'fail');
    const results = log.runs[0]?.results ?? [];
    expect(results).toHaveLength(failing.length);
    const waived = results.filter((r) => r.suppressions?.length);
    expect(waived).toHaveLength(failing.filter((f) => f.waiver).length);
    expect(waived.length).toBeGreaterThan(0);
    const s = waived[0]?.suppressions?.[0];
    expect(s?.kind).toBe('external');
    expect(s?.justification).toContain('security@example.com');
    expect(s?.justification).toContain('2027-01-31');
    expect(s?.justification).toContain('Break-glass role');
  });

  it('maps severity to level and security-severity strings', () => {
    const log = sarif(buildResult());
    for (const rule of log.runs[0]?.tool.driver.rules ?? []) {
      const severity = rule.properties?.severity as keyof typeof SECURITY_SEVERITY;
      expect(rule.properties?.['security-severity']).toBe(SECURITY_SEVERITY[severity]);
    }
    const levels = new Map((log.runs[0]?.results ?? []).map((r) => [r.properties?.severity, r.level]));
    expect(levels.get('critical')).toBe('error');
    expect(levels.get('high')).toBe('error');
    expect(levels.get('medium')).toBe('warning');
    expect(levels.get('low')).toBe('note');
    expect(levels.get('info')).toBe('note');
  });

  it('reports rule errors, coverage gaps and expired waivers as tool notifications, not alerts', () => {
    const result = buildResult();
    const inv = sarif(result).runs[0]?.invocations?.[0];
    const notes = inv?.toolExecutionNotifications ?? [];
    expect(notes.filter((n) => n.descriptor?.id === 'PA-RULE-ERROR')).toHaveLength(result.summary.byStatus.error);
    expect(notes.filter((n) => n.descriptor?.id === 'PA-COVERAGE')).toHaveLength(result.coverage.filter((c) => c.status !== 'ok').length);
    expect(notes.filter((n) => n.descriptor?.id === 'PA-WAIVER-EXPIRED')).toHaveLength(1);
    expect(inv?.executionSuccessful).toBe(false);
  });

  it('builds scheme-less pseudo-paths, encoding colons, slashes and dot segments', () => {
    const base = { accountId: '111122223333', region: 'us-east-1' };
    expect(pseudoPath({ ...base, type: 'environment', name: 'prod', arn: 'arn:aws:proton:us-east-1:111122223333:environment/prod' })).toBe('aws/111122223333/us-east-1/proton/environment/prod');
    expect(pseudoPath({ ...base, region: 'global', type: 'role', name: 'proton-svc', arn: 'arn:aws:iam::111122223333:role/proton-svc' })).toBe('aws/111122223333/global/iam/role/proton-svc');
    expect(pseudoPath({ ...base, type: 'serviceInstance', name: 'api/one:1', arn: 'x' })).toBe('aws/111122223333/us-east-1/proton/service-instance/api%2Fone%3A1');
    expect(pseudoPath({ ...base, type: 'component', name: '..', arn: 'x' })).toBe('aws/111122223333/us-east-1/proton/component/%2E%2E');
    expect(pseudoPath({ ...base, type: 'component', name: '', arn: 'x' })).toBe('aws/111122223333/us-east-1/proton/component/_');
    expect(pseudoPath({ ...base, type: 'provisionedResource', name: 'bucket', arn: 'arn:aws:s3:::bucket' })).toBe('aws/111122223333/us-east-1/provisioned/s3/bucket');
  });

  it('keeps the most severe open findings beyond the result cap and says so', () => {
    const result = buildResult({ total: 400, failShare: 1 });
    const cap = 50;
    const log = sarif(result, { maxResults: cap });
    const run = log.runs[0];
    const results = run?.results ?? [];
    expect(results).toHaveLength(cap);
    const open = findingsOf(result).filter((f) => f.status === 'fail' && !f.waiver);
    const rank = ['critical', 'high', 'medium', 'low', 'info'];
    const worstOmittedRank = Math.min(...open.filter((f) => !results.some((r) => r.partialFingerprints?.['protonAudit/v1'] === f.fingerprint)).map((f) => rank.indexOf(f.severity)));
    const bestKeptRank = Math.max(...results.map((r) => rank.indexOf(String(r.properties?.severity))));
    expect(bestKeptRank).toBeLessThanOrEqual(worstOmittedRank);
    expect(results.some((r) => r.suppressions?.length)).toBe(false);
    expect(run?.properties?.truncated).toBe(true);
    expect(run?.properties?.omitted).toBe(400 - cap);
    expect(run?.invocations?.[0]?.toolExecutionNotifications?.some((n) => n.descriptor?.id === 'PA-TRUNCATED')).toBe(true);
    expect(githubSarifProblems(log, result)).toEqual([]);
  });

  it('keeps exactly what a stable sort by openness and severity, cut at the cap, keeps, in the findings order', () => {
    const result = buildResult({ total: 600, failShare: 1 });
    const failing = findingsOf(result).filter((f) => f.status === 'fail');
    const rank = (f: Finding): number => (f.waiver ? 10 : 0) + ['critical', 'high', 'medium', 'low', 'info'].indexOf(f.severity);
    expect(failing.some((f) => f.waiver)).toBe(true);
    for (const cap of [1, 7, 50, 123, failing.length - 1, failing.length]) {
      const kept = new Set([...failing].sort((a, b) => rank(a) - rank(b)).slice(0, cap));
      const expected = failing.filter((f) => kept.has(f)).map((f) => f.fingerprint);
      const got = (sarif(result, { maxResults: cap }).runs[0]?.results ?? []).map((r) => r.partialFingerprints?.['protonAudit/v1']);
      expect(got, `cap ${cap}`).toEqual(expected);
    }
  });

  it("holds GitHub's real 25,000-result limit", () => {
    const result = buildResult({ total: GITHUB_LIMITS.resultsPerRun + 500, failShare: 1 });
    const log = sarif(result);
    expect(log.runs[0]?.results).toHaveLength(GITHUB_LIMITS.resultsPerRun);
    expect(log.runs[0]?.properties?.omitted).toBe(500);
  });

  it('shrinks to fit a gzipped size limit', () => {
    const result = buildResult({ total: 2000, failShare: 1, attacker: true });
    const limit = 20_000;
    const text = renderSarif(result, { maxGzippedBytes: limit });
    expect(gzipSync(text).length).toBeLessThanOrEqual(limit);
    const log = JSON.parse(text) as Log;
    expect(log.runs[0]?.properties?.truncated).toBe(true);
    expect((log.runs[0]?.results ?? []).length).toBeGreaterThan(0);
  });

  it('is byte-identical for the same input, whatever the input order', () => {
    const result = buildResult({ attacker: true, perCombination: 2 });
    const shuffled: AuditResult = { ...withFindings(result, [...findingsOf(result)].reverse()), rules: [...result.rules].reverse() };
    const a = render('sarif', result, { color: false });
    expect(render('sarif', result, { color: false })).toBe(a);
    expect(render('sarif', shuffled, { color: false })).toBe(a);
  });

  it('keeps a finding whose rule is missing from the catalog valid (a v1 result read back gets a catalog entry for it)', () => {
    const result = buildResult();
    const orphan: Finding = { ...(findingsOf(result)[0] as Finding), ruleId: 'ACME-404', fingerprint: sha256('orphan'), status: 'fail' };
    const withOrphan = resultFromV1({ ...result, schemaVersion: 1, findings: [...findingsOf(result), orphan] });
    expect(findingsOf(withOrphan).some((f) => f.ruleId === 'ACME-404')).toBe(true);
    const log = sarif(withOrphan);
    expect(githubSarifProblems(log, withOrphan)).toEqual([]);
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  it('gives rules a helpUri only for an absolute docs base', () => {
    const result = buildResult();
    expect(sarif(result, { ruleDocsBase: 'docs/rules/' }).runs[0]?.tool.driver.rules?.[0]?.helpUri).toBeUndefined();
    expect(sarif(result, { ruleDocsBase: 'https://example.com/rules/' }).runs[0]?.tool.driver.rules?.[0]?.helpUri).toMatch(/^https:\/\/example\.com\/rules\/[A-Z]+-[A-Z]+-\d+\.md$/);
  });

  it('names accounts and regions in the category, digesting long lists', () => {
    const result = buildResult();
    expect(sarif(result).runs[0]?.automationDetails?.id).toBe('proton-audit/111122223333+444455556666/eu-west-1+us-east-1/');
    const many = { ...result, snapshot: { ...result.snapshot, accounts: ['1', '2', '3', '4'].map((n) => ({ accountId: n.repeat(12) })) } };
    expect(sarif(many).runs[0]?.automationDetails?.id).toMatch(/^proton-audit\/4-accounts-[0-9a-f]{12}\/eu-west-1\+us-east-1\/$/);
  });
});
