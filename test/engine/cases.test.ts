import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { loadRules, runCase, runCases, type LoadedRule, type RuleCase } from '../../src/engine/index.ts';
import { parseSnapshot } from '../../src/snapshot/io.ts';
import { serializeSnapshot } from '../../src/snapshot/io.ts';
import { caseSnapshot, quietAnalyzers, writePack } from '../helpers/case-builder.ts';

const GOOD = join(import.meta.dirname, 'fixtures/pack-good');
const ERRORS = join(import.meta.dirname, 'fixtures/pack-errors');

describe('case estates', () => {
  it('build a snapshot the snapshot schema accepts, from a few names', () => {
    const snapshot = caseSnapshot({
      iam: { roles: [{ RoleName: 'r', Tags: { Owner: 'x' } }], policies: [{ PolicyName: 'p', Document: { Version: '2012-10-17', Statement: [] } }] },
      proton: {
        services: [{ name: 'api', pipeline: {} }],
        serviceInstances: [{ name: 'one' }],
        components: [{ name: 'c' }],
        environmentAccountConnections: [{}],
        repositories: [{ name: 'org/repo' }],
      },
      tagging: { protonResources: [{ ResourceARN: 'api', Tags: { Owner: 'team' } }], provisionedResources: [{ ResourceARN: 'arn:aws:s3:::b', Tags: [{ Key: 'proton:service', Value: 'x' }] }] },
      quotas: { servicesPerAccount: 5 },
    });
    expect(() => parseSnapshot('case.json', serializeSnapshot(snapshot))).not.toThrow();
    const region = snapshot.accounts[0]?.regions[0];
    const p = region?.proton;
    // Referenced services, environments, templates and versions are created, up to date.
    expect(p?.environments.map((e) => e.name)).toEqual(['env']);
    expect(p?.serviceTemplates).toEqual([{ name: 'svc-template', arn: 'arn:aws:proton:us-east-1:111122223333:service-template/svc-template', recommendedVersion: '1' }]);
    expect(p?.serviceTemplateVersions[0]).toMatchObject({ status: 'PUBLISHED', recommendedMinorVersion: '0', compatibleEnvironmentTemplates: [{ templateName: 'env-template', majorVersion: '1' }] });
    expect(p?.services[0]?.pipeline).toMatchObject({ arn: 'arn:aws:proton:us-east-1:111122223333:service/api/pipeline', deploymentStatus: 'SUCCEEDED' });
    // Tags by resource name become Tagging API mappings by ARN.
    expect(region?.tagging?.protonResources).toEqual([{ ResourceARN: 'arn:aws:proton:us-east-1:111122223333:service/api', Tags: [{ Key: 'Owner', Value: 'team' }] }]);
    expect(region?.quotas.find((q) => q.name === 'servicesPerAccount')).toEqual({ name: 'servicesPerAccount', value: 5, source: 'service-quotas' });
    expect(snapshot.accounts[0]?.iam?.roles[0]).toMatchObject({ Arn: 'arn:aws:iam::111122223333:role/r', RoleLastUsed: {}, Tags: [{ Key: 'Owner', Value: 'x' }] });
  });

  it('takes a given list as the whole list', () => {
    const p = caseSnapshot({ proton: { environments: [{ name: 'prod', templateName: 'vpc' }], environmentTemplates: [] } }).accounts[0]?.regions[0]?.proton;
    expect(p?.environmentTemplates).toEqual([]);
    expect(p?.environmentTemplateVersions.map((v) => `${v.templateName}:${v.majorVersion}.${v.minorVersion}`)).toEqual(['vpc:1.0']);
  });

  it('marks the families a case did not collect as denied, keeping the data', () => {
    const snapshot = caseSnapshot({ iam: { roles: [{ RoleName: 'r' }] } }, ['iam', 'proton']);
    expect(snapshot.coverage.filter((e) => e.status !== 'ok').map((e) => e.service).sort()).toEqual([...new Array<string>(11).fill('proton'), 'iam'].sort());
    expect(snapshot.accounts[0]?.iam?.roles).toHaveLength(1);
  });
});

describe('running cases', () => {
  let tag: LoadedRule;
  let throwing: LoadedRule;
  beforeAll(async () => {
    const rules = (await loadRules({ extraDirs: [GOOD, ERRORS] })).rules;
    tag = rules.find((r) => r.meta.id === 'ACME-TAG-001') as LoadedRule;
    throwing = rules.find((r) => r.meta.id === 'ERR-DEP-001') as LoadedRule;
  });
  const base = { file: 'cases.yaml', location: '[0]' };

  it('explains a mismatch with what the rule reported', async () => {
    const c: RuleCase = { ...base, name: 'wrong', estate: { proton: { environments: [{ name: 'dev' }] } }, expect: [{ resource: 'dev', status: 'pass' }, { resource: 'nope', status: 'fail' }] };
    const r = await runCase(tag, c, quietAnalyzers);
    expect(r.passed).toBe(false);
    expect(r.failures).toEqual([
      'expected dev pass, got dev fail (Environment dev has no Owner tag (it has: ).)',
      'expected nope fail, but the rule reported nothing for it (findings: dev fail (Environment dev has no Owner tag (it has: ).))',
    ]);
  });

  it('fails a case where the rule errored, even on a resource it did not name', async () => {
    const c: RuleCase = { ...base, name: 'boom', estate: { proton: { environments: [{ name: 'boom' }, { name: 'ok' }] } }, expect: [{ resource: 'ok', status: 'fail' }] };
    const r = await runCase(throwing, c, quietAnalyzers);
    expect(r.failures).toEqual(['unexpected error on boom: kaboom while reading the environment']);
  });

  it('fails a case on a failure it did not expect, unless the case says partial', async () => {
    const estate = { proton: { environments: [{ name: 'dev' }, { name: 'prod', tags: { Owner: 'a' } }, { name: 'test' }] } };
    const strict: RuleCase = { ...base, name: 'strict', estate, expect: [{ resource: 'dev', status: 'fail' }, { resource: 'prod', status: 'pass' }] };
    expect((await runCase(tag, strict, quietAnalyzers)).failures).toEqual(['unexpected fail on test fail (Environment test has no Owner tag (it has: ).)']);
    expect((await runCase(tag, { ...strict, partial: true }, quietAnalyzers)).passed).toBe(true);
  });

  it('asserts the message by id', async () => {
    const estate = { proton: { environments: [{ name: 'dev' }] } };
    const right: RuleCase = { ...base, name: 'id', estate, expect: [{ resource: 'dev', status: 'fail', messageId: 'message' }] };
    expect((await runCase(tag, right, quietAnalyzers)).passed).toBe(true);
    const boom = { ...base, name: 'ts', estate: { proton: { environments: [{ name: 'ok' }] } }, expect: [{ resource: 'ok', status: 'fail' as const, messageId: 'notBoom' }] };
    expect((await runCase(throwing, boom, quietAnalyzers)).passed).toBe(true);
    expect((await runCase(throwing, { ...boom, expect: [{ ...boom.expect[0], messageId: 'other' }] as RuleCase['expect'] }, quietAnalyzers)).failures).toEqual(['expected ok fail with message other, got fail notBoom']);
  });

  it('refuses broken case files with every problem located', async () => {
    const pack = writePack({
      'tags/owner-tag/rule.yaml': (await import('node:fs')).readFileSync(join(GOOD, 'tags/owner-tag/rule.yaml'), 'utf8'),
      'tags/owner-tag/cases.yaml': [
        '- name: a',
        '  estate: {}',
        '  expect: [{ resource: x, status: passed }]',
        '- name: a',
        '  estate: {}',
        '  config: { options: { ACME-TAG-001: { colour: red } } }',
        '  expect: [{ resource: x, status: pass }]',
        '- name: b',
        '  estat: {}',
        '  expect: []',
      ].join('\n'),
    });
    const rules = (await loadRules({ extraDirs: [pack.dir] })).rules;
    try {
      await runCases(rules, quietAnalyzers);
      throw new Error('expected refusal');
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      const msgs = (err as InputError).problems.map((p) => `${p.location}: ${p.message}`);
      expect(msgs).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^\[0\]\.expect\[0\]\.status \(line 3\): must be one of "fail", "error", "skip", "pass"/),
          expect.stringMatching(/^\[2\]\.estat \(line 9\): unknown key 'estat'/),
          expect.stringMatching(/^\[2\]\.estate \(line 8\): missing required field/),
          expect.stringMatching(/^\[2\]\.expect \(line 10\): must NOT have fewer than 1 items/),
        ]),
      );
    } finally {
      pack.cleanup();
    }
  });

  it('refuses duplicate case names and case config naming options the rule lacks', async () => {
    const pack = writePack({
      'tags/owner-tag/rule.yaml': (await import('node:fs')).readFileSync(join(GOOD, 'tags/owner-tag/rule.yaml'), 'utf8'),
      'tags/owner-tag/cases.yaml': [
        '- name: a',
        '  estate: {}',
        '  expect: [{ resource: x, status: pass }]',
        '- name: a',
        '  estate: {}',
        '  config: { options: { ACME-TAG-001: { colour: red } }, failOn: loud }',
        '  expect: [{ resource: x, status: pass }]',
        '- name: b',
        '  estate: {}',
        '  config: { options: { ACME-TAG-001: { colour: red } } }',
        '  expect: [{ resource: x, status: pass }]',
      ].join('\n'),
    });
    try {
      const rules = (await loadRules({ extraDirs: [pack.dir] })).rules;
      await expect(runCases(rules, quietAnalyzers)).rejects.toSatisfy((err: unknown) => {
        const msgs = (err as InputError).problems.map((p) => `${p.location}: ${p.message}`);
        expect(msgs).toEqual([
          "[1].name (line 4): duplicate case name 'a'",
          expect.stringMatching(/^\[1\]\.config\.failOn \(line 6\): must be one of/),
          "[2].config (line 10): options.ACME-TAG-001.colour: ACME-TAG-001 has no option 'colour' (its options: key)",
        ]);
        return true;
      });
    } finally {
      pack.cleanup();
    }
  });

  it('runs every case of every rule and counts them', async () => {
    const rules = (await loadRules({ extraDirs: [GOOD] })).rules;
    const run = await runCases(rules, quietAnalyzers);
    expect(run).toMatchObject({ passed: 11, failed: 0 });
    expect(run.results.map((r) => r.ruleId)).toContain('ACME-VER-001');
  });
});
