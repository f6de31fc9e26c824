/**
 * Hostile wildcards in a role that AWS Proton trusts (issue 15): patterns a backtracking regex
 * takes seconds or hours on must be answered, and answered right. The test asserts the verdicts,
 * not the time: before the linear matcher this run did not finish.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR, buildCaseSnapshot, evaluate, loadRules, prepareFacts, type CaseEstate, type LoadedRule } from '../../src/engine/index.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';
import { configFromValue } from '../../src/config/parse.ts';
import { analyzeRolePermissions } from '../../src/facts/iam/index.ts';

const ACCT = '111122223333';
const HOSTILE_ACTION = 'iam:*?*?*?*?*?*?*?*?*?*?*?*?X';
const HOSTILE_BUCKET = 'arn:aws:s3:::*a*a*a*a*a*a*a*a*a*a*a*a*b';
const HOSTILE_ROLES = `arn:aws:iam::${ACCT}:role/*a*a*a*a*a*a*a*a*a*a*a*a*b`;
const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'proton.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

function estate(statements: object[]): CaseEstate {
  return {
    iam: { roles: [{ RoleName: 'proton-env', AssumeRolePolicyDocument: trust, RolePolicyList: [{ PolicyName: 'planted', PolicyDocument: { Version: '2012-10-17', Statement: statements } }] }] },
  };
}

let rules: LoadedRule[] = [];
beforeAll(async () => {
  await prepareFacts();
  rules = (await loadRules({ builtinDir: BUILTIN_RULES_DIR })).rules.filter((r) => r.meta.family === 'iam');
});

function failing(given: CaseEstate): string[] {
  const now = '2026-06-01T00:00:00Z';
  const result = evaluate({ snapshot: buildCaseSnapshot(given, [], now), sha256: '0'.repeat(64), rules, config: configFromValue({}, 'test'), now: new Date(now), toolVersion: 'test' });
  expect(findingsOf(result).filter((f) => f.status === 'error')).toEqual([]);
  return findingsOf(result).filter((f) => f.status === 'fail').map((f) => `${f.ruleId} ${f.subKey ?? ''}`.trim()).sort();
}

describe('hostile wildcards in a role AWS Proton trusts', () => {
  it('an action pattern that matches no action grants nothing', () => {
    expect(failing(estate([{ Effect: 'Allow', Action: HOSTILE_ACTION, Resource: '*' }]))).toEqual([]);
  });

  it('the same shape ending in a letter IAM actions end with grants those actions, and is judged so', () => {
    // Matches iam actions ending in 'y' with at least 12 characters before it: AttachRolePolicy, PutRolePolicy, ...
    const got = failing(estate([{ Effect: 'Allow', Action: HOSTILE_ACTION.replace(/X$/, 'y'), Resource: '*' }]));
    expect(got).toEqual(expect.arrayContaining(['PA-IAM-004 iam:AttachRolePolicy', 'PA-IAM-004 iam:PutRolePolicy', 'PA-IAM-014']));
    expect(got).not.toContain('PA-IAM-004 iam:CreatePolicyVersion'); // ends in 'n'
  });

  it('hostile resource patterns are matched, intersected and judged: a named path, no service-wide grant', () => {
    const got = failing(
      estate([
        { Effect: 'Allow', Action: 's3:*', Resource: HOSTILE_BUCKET },
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: HOSTILE_ROLES },
        { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' },
      ]),
    );
    expect(got).toEqual(['PA-IAM-017 passrole+ec2:RunInstances']);
    const facts = analyzeRolePermissions(
      { Path: '/', RoleName: 'r', RoleId: 'AROAR', Arn: `arn:aws:iam::${ACCT}:role/r`, RolePolicyList: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: HOSTILE_ROLES }, { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' }] } }], AttachedManagedPolicies: [], Tags: [] },
      new Map(),
    );
    expect(facts.escalations.map((e) => [e.id, e.scope, e.resources])).toEqual([['passrole+ec2:RunInstances', 'named', [HOSTILE_ROLES]]]);
  });

  it('a policy of many distinct cross-service patterns is expanded once each and judged right', () => {
    // ~1,000 distinct patterns in one statement (about what an inline policy's size quota allows).
    const patterns = Array.from({ length: 1000 }, (_, i) => `*:*${i.toString(36)}*?*?*?*Q`);
    const got = failing(estate([{ Effect: 'Allow', Action: [...patterns, 's3:GetObject'], Resource: '*' }]));
    expect(got).toEqual([]);
  });
});
