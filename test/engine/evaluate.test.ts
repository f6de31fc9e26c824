import { findingsOf } from '../../src/engine/outcomes.ts';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.ts';
import type { Config, AuditResult, Finding, Snapshot } from '../../src/model/index.ts';
import { exitCodeFor } from '../../src/engine/gate.ts';
import { evaluate, loadRules, prepareFacts, unmatchedWaivers, type LoadedRule } from '../../src/engine/index.ts';
import { fingerprint } from '../../src/engine/findings.ts';
import { canonicalJson } from '../../src/util/canonical-json.ts';
import { caseSnapshot, quietAnalyzers, type CaseEstate } from '../helpers/case-builder.ts';
import { retireProton } from '../../src/engine/case-estate.ts';

const GOOD = join(import.meta.dirname, 'fixtures/pack-good');
const ERRORS = join(import.meta.dirname, 'fixtures/pack-errors');
const NOW = new Date('2026-06-01T00:00:00Z');
const P = 'arn:aws:proton:us-east-1:111122223333';

let good: LoadedRule[];
let broken: LoadedRule[];
beforeAll(async () => {
  good = (await loadRules({ extraDirs: [GOOD] })).rules;
  broken = (await loadRules({ extraDirs: [ERRORS] })).rules;
});

function run(snapshot: Snapshot, rules: LoadedRule[], config: Partial<Config> = {}, now = NOW): AuditResult {
  return evaluate({ snapshot, sha256: 'a'.repeat(64), rules, config: { ...defaultConfig(), ...config }, now, toolVersion: '9.9.9', analyzers: quietAnalyzers });
}

const ESTATE: CaseEstate = {
  proton: {
    environments: [
      { name: 'prod', tags: { Owner: 'platform' } },
      { name: 'dev' },
      { name: 'old', deploymentStatus: 'DELETE_COMPLETE' },
    ],
    services: [{ name: 'api', spec: 'proton: ServiceSpec\ndb_password: hunter2hunter2\n' }, { name: 'web', spec: 'proton: ServiceSpec\n' }],
    serviceInstances: [{ name: 'one', serviceName: 'web' }],
  },
};

const brief = (f: Finding): string => `${f.status} ${f.ruleId} ${f.resource.name}${f.subKey ? `[${f.subKey}]` : ''}`;

describe('evaluate', () => {
  it('reports pass, fail and skip per resource, in the documented order', () => {
    const result = run(caseSnapshot(ESTATE), good);
    expect(findingsOf(result).map(brief)).toEqual([
      'fail ACME-SEC-001 api[spec:2]',
      'fail ACME-TAG-001 dev',
      'skip ACME-TAG-001 old',
      'pass ACME-SEC-001 web',
      'pass ACME-VER-001 one',
      'pass ACME-TAG-001 prod',
    ]);
    const fail = findingsOf(result)[1];
    expect(fail).toMatchObject({
      ruleId: 'ACME-TAG-001',
      title: 'Environments carry an Owner tag',
      severity: 'medium',
      message: 'Environment dev has no Owner tag (it has: ).',
      resource: { arn: `${P}:environment/dev`, type: 'environment', name: 'dev', accountId: '111122223333', region: 'us-east-1' },
      evidence: { missing: 'Owner', present: [] },
      remediation: { text: 'Tag the environment with Owner.' },
      fingerprint: fingerprint('ACME-TAG-001', `${P}:environment/dev`, undefined),
    });
    expect(findingsOf(result)[2]).toMatchObject({ skipReason: 'the environment old is deleted', message: 'Skipped: the environment old is deleted.' });
    expect(findingsOf(result)[2]?.notCollected).toBeUndefined();
    expect(result.summary).toMatchObject({
      byStatus: { fail: 2, error: 0, skip: 1, pass: 3 },
      failingBySeverity: { critical: 1, high: 0, medium: 1, low: 0, info: 0 },
      waived: 0,
      rulesEvaluated: 3,
      resourcesEvaluated: 6,
      incomplete: [],
      expiredWaivers: 0,
    });
    expect(result).toMatchObject({ schemaVersion: 2, tool: { name: 'proton-audit', version: '9.9.9' }, evaluatedAt: '2026-06-01T00:00:00.000Z' });
    expect(result.snapshot).toMatchObject({ sha256: 'a'.repeat(64), source: 'import', accounts: [{ accountId: '111122223333' }], regions: ['us-east-1'] });
  });

  it('gives the same bytes for the same inputs, whatever the rule order', () => {
    const a = canonicalJson(run(caseSnapshot(ESTATE), good));
    const b = canonicalJson(run(caseSnapshot(ESTATE), [...good].reverse()));
    expect(a).toBe(b);
  });

  it('fingerprints are sha256 of rule id, ARN and sub-key', () => {
    expect(fingerprint('R', 'arn', 'k')).toBe(createHash('sha256').update('R\narn\nk').digest('hex'));
    expect(fingerprint('R', 'arn', undefined)).toBe(fingerprint('R', 'arn', ''));
    expect(fingerprint('R', 'arn', 'k')).not.toBe(fingerprint('R', 'arn', undefined));
    expect(fingerprint('R', 'arn', 'k')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('turns a throwing rule, a CEL runtime error and a malformed verdict into error findings, and goes on', () => {
    const snapshot = caseSnapshot({ proton: { environments: [{ name: 'boom' }, { name: 'fine' }] } });
    const result = run(snapshot, [...broken.filter((r) => r.meta.id !== 'ERR-DEP-004'), ...good]);
    const errors = findingsOf(result).filter((f) => f.status === 'error').map((f) => `${f.ruleId} ${f.resource.name}: ${f.error}`);
    expect(errors).toEqual([
      'ERR-DEP-001 boom: kaboom while reading the environment',
      'ERR-DEP-002 boom: assert: No such key: noSuchField (at character 15)',
      'ERR-DEP-002 fine: assert: No such key: noSuchField (at character 15)',
      "ERR-DEP-003 boom: returned status \"maybe\"; expected pass, fail or skip",
      "ERR-DEP-003 fine: returned more than one verdict for sub-key 'a'",
    ]);
    // The same rule still judged the other resource, and other rules ran.
    expect(findingsOf(result).map(brief)).toContain('fail ERR-DEP-001 fine');
    expect(findingsOf(result).map(brief)).toContain('fail ACME-TAG-001 fine');
    expect(result.summary.byStatus.error).toBe(5);
  });

  it('skips, never passes, where the data a rule needs was not collected', () => {
    const snapshot = caseSnapshot(ESTATE, ['tagging']);
    const tagFindings = findingsOf(run(snapshot, good)).filter((f) => f.ruleId === 'ACME-TAG-001');
    expect(tagFindings.map((f) => [f.resource.name, f.status, f.skipReason, f.notCollected])).toEqual([
      ['dev', 'skip', 'not collected: GetResources denied (AccessDeniedException)', true],
      ['old', 'skip', 'not collected: GetResources denied (AccessDeniedException)', true],
      ['prod', 'skip', 'not collected: GetResources denied (AccessDeniedException)', true],
    ]);
  });

  it('reports a listing that failed as one skip per rule and region, not as silence', () => {
    const snapshot = caseSnapshot(ESTATE);
    const entry = snapshot.coverage.find((e) => e.operation === 'ListEnvironments');
    if (!entry) throw new Error('fixture');
    Object.assign(entry, { status: 'denied', failures: 1, errors: [{ code: 'AccessDeniedException', message: 'no', count: 1 }] });
    const region = snapshot.accounts[0]?.regions[0]?.proton;
    if (region) region.environments = [];
    const result = run(snapshot, good);
    const gap = findingsOf(result).find((f) => f.ruleId === 'ACME-TAG-001');
    expect(gap).toMatchObject({
      status: 'skip',
      notCollected: true,
      resource: { arn: `${P}:account`, type: 'environment', name: 'environments in 111122223333/us-east-1' },
      message: 'No environments could be evaluated in 111122223333/us-east-1: not collected: ListEnvironments denied (AccessDeniedException).',
    });
    expect(result.summary.incomplete).toEqual([{ accountId: '111122223333', region: 'us-east-1', operations: ['ListEnvironments'] }]);
  });

  it('skips only the resource whose detail call failed', () => {
    const snapshot = caseSnapshot({ ...ESTATE, coverage: [{ service: 'proton', operation: 'GetEnvironment', status: 'error', failures: 1, failedResources: [`${P}:environment/dev`] }] });
    const tag = findingsOf(run(snapshot, good)).filter((f) => f.ruleId === 'ACME-TAG-001').map((f) => `${f.resource.name} ${f.status} ${f.skipReason ?? ''}`);
    expect(tag).toEqual(['dev skip not collected: GetEnvironment error for this resource', 'old skip the environment old is deleted', 'prod pass ']);
  });

  it('skips the pipeline of a service whose GetService failed, since only that call shows it', async () => {
    const builtin = (await loadRules({ builtinDir: join(import.meta.dirname, '../../rules') })).rules.filter((r) => r.meta.resource === 'servicePipeline');
    expect(builtin.length).toBeGreaterThan(0);
    const estate: CaseEstate = { proton: { services: [{ name: 'api' }, { name: 'web', pipeline: {} }] } };
    const failed = caseSnapshot({ ...estate, coverage: [{ service: 'proton', operation: 'GetService', status: 'error', failures: 1, failedResources: [`${P}:service/api`] }] });
    const pipelines = (snapshot: Snapshot) =>
      [...new Set(findingsOf(run(snapshot, builtin)).map((f) => `${f.resource.arn} ${f.status === 'skip' && f.notCollected ? 'not-collected' : 'seen'}`))].sort();
    expect(pipelines(caseSnapshot(estate))).toEqual([`${P}:service/web/pipeline seen`]);
    expect(pipelines(failed)).toEqual([`${P}:service/api/pipeline not-collected`, `${P}:service/web/pipeline seen`]);
    const skip = findingsOf(run(failed, builtin)).find((f) => f.resource.arn === `${P}:service/api/pipeline`);
    expect(skip?.message).toBe('The pipeline of service api could not be evaluated: not collected: GetService error for the service.');
  });

  it('judges Proton-trusting roles from IAM alone when Proton was asked and did not answer (retired), not when it was denied', async () => {
    const builtin = (await loadRules({ builtinDir: join(import.meta.dirname, '../../rules') })).rules;
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'proton.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    const estate: CaseEstate = {
      iam: { roles: [{ RoleName: 'leftover', AssumeRolePolicyDocument: trust, AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] }] },
    };
    const retiredOrDenied = (status: 'unavailable' | 'denied'): Snapshot =>
      status === 'unavailable' ? retireProton(caseSnapshot(estate)) : caseSnapshot(estate, ['proton']);
    await prepareFacts();
    const outcome = (snapshot: Snapshot, rule: string) => {
      // The real IAM and trust analyses: this is about what they see once Proton is gone.
      const result = evaluate({ snapshot, sha256: 'a'.repeat(64), rules: builtin, config: defaultConfig(), now: NOW, toolVersion: '9.9.9' });
      const f = findingsOf(result).find((x) => x.ruleId === rule && x.resource.name === 'leftover');
      return `${f?.status ?? 'none'}${f?.notCollected ? ' not-collected' : ''}`;
    };
    const retired = retiredOrDenied('unavailable');
    expect(outcome(retired, 'PA-IAM-001')).toBe('fail');
    // A rule that needs the role's Proton uses has none to judge: it skips, it never passes.
    expect(outcome(retired, 'PA-IAM-005')).toBe('skip');
    const denied = retiredOrDenied('denied');
    expect(outcome(denied, 'PA-IAM-001')).toBe('skip not-collected');
    expect(outcome(denied, 'PA-IAM-005')).toBe('skip not-collected');
  });

  it('applies severity overrides and skips disabled rules', () => {
    const result = run(caseSnapshot(ESTATE), good, { severity: { 'ACME-TAG-001': 'info' }, disabled: ['ACME-SEC-001'] });
    expect(findingsOf(result).filter((f) => f.ruleId === 'ACME-TAG-001').every((f) => f.severity === 'info')).toBe(true);
    expect(findingsOf(result).some((f) => f.ruleId === 'ACME-SEC-001')).toBe(false);
    expect(result.rules.find((r) => r.id === 'ACME-SEC-001')?.enabled).toBe(false);
    expect(result.summary.rulesEvaluated).toBe(2);
    expect(exitCodeFor(result, 'low')).toBe(0);
    expect(exitCodeFor(result, 'info')).toBe(1);
  });

  it('waives matching failures until the waiver expires, and reports expired and unmatched waivers', () => {
    const waivers = [
      { rule: 'ACME-TAG-001', resource: `${P}:environment/d*`, owner: 'platform', reason: 'migrating', expires: '2026-06-01', ticket: 'OPS-1' },
      { rule: 'ACME-SEC-001', resource: '*', owner: 'sec', reason: 'old', expires: '2026-05-31' },
      { rule: 'ACME-TAG-001', resource: `${P}:environment/nothing-here`, owner: 'x', reason: 'stale', expires: '2030-01-01' },
    ];
    const result = run(caseSnapshot(ESTATE), good, { waivers });
    const dev = findingsOf(result).find((f) => f.resource.name === 'dev');
    expect(dev?.waiver).toEqual(waivers[0]);
    expect(findingsOf(result).find((f) => f.ruleId === 'ACME-SEC-001' && f.status === 'fail')?.waiver).toBeUndefined();
    expect(result.expiredWaivers).toEqual([waivers[1]]);
    expect(result.summary).toMatchObject({ waived: 1, expiredWaivers: 1, failingBySeverity: { critical: 1, medium: 0 } });
    expect(unmatchedWaivers(result, waivers, NOW)).toEqual([waivers[2]]);
    // A day later the first waiver has expired too and the failure is back.
    const later = run(caseSnapshot(ESTATE), good, { waivers }, new Date('2026-06-02T00:00:00Z'));
    expect(findingsOf(later).find((f) => f.resource.name === 'dev')?.waiver).toBeUndefined();
    expect(later.expiredWaivers).toHaveLength(2);
  });

  it('never lets a secret from a spec reach a message or evidence', () => {
    const leak = broken.filter((r) => r.meta.id === 'ERR-DEP-004');
    const snapshot = caseSnapshot({ proton: { environments: [{ name: 'prod', spec: 'proton: EnvironmentSpec\nadmin_password: "Tr0ub4dor&3xyz"\nkey: AKIAIOSFODNN7EXAMPLE\n' }] } });
    const text = canonicalJson(run(snapshot, leak));
    expect(text).toContain('ERR-DEP-004');
    expect(text).toContain('Tr0****');
    expect(text).not.toContain('Tr0ub4dor&3xyz');
    expect(text).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });

  it('produces results the published result schema accepts', () => {
    const schemaPath = join(import.meta.dirname, '../../schemas/result.schema.json');
    if (!existsSync(schemaPath)) return;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
    const snapshot = caseSnapshot({ proton: { environments: [{ name: 'boom' }, { name: 'dev' }] } }, ['tagging']);
    const result = run(snapshot, [...good, ...broken], { waivers: [{ rule: 'ERR-DEP-001', resource: '*', owner: 'o', reason: 'r', expires: '2020-01-01' }] });
    const ok = validate(JSON.parse(canonicalJson(result)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
});

describe('evaluate across accounts', () => {
  it('keeps fingerprints unique when one ARN appears in two accounts', () => {
    const a = caseSnapshot({ accountId: '111122223333', iam: { policies: [{ PolicyName: 'AWSProtonFullAccess', Arn: 'arn:aws:iam::aws:policy/AWSProtonFullAccess', Document: { Statement: [] } }] } });
    const b = caseSnapshot({ accountId: '444455556666', iam: { policies: [{ PolicyName: 'AWSProtonFullAccess', Arn: 'arn:aws:iam::aws:policy/AWSProtonFullAccess', Document: { Statement: [] } }] } });
    const both: Snapshot = { ...a, accounts: [...a.accounts, ...b.accounts], coverage: [...a.coverage, ...b.coverage] };
    const rule: LoadedRule = {
      meta: { id: 'X-POL-001', title: 't', severity: 'low', resource: 'managedPolicy', family: 'policies', rationale: 'r', remediation: { text: 'x' }, references: [] },
      requires: [],
      kind: 'typescript',
      pack: 'test',
      file: 'x',
      path: 'x',
      casesPath: 'x',
      sha256: '0'.repeat(64),
      run: () => [{ status: 'fail', message: 'held' }],
    };
    const findings = findingsOf(run(both, [rule]));
    expect(findings.map((f) => [f.resource.accountId, f.subKey])).toEqual([
      ['111122223333', '111122223333'],
      ['444455556666', '444455556666'],
    ]);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(2);
  });
});
