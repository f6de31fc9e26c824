/**
 * False-positive guard for the IAM, trust, policy, residue, cross-account and encryption rules: an
 * estate set up the way the guides recommend (scoped roles, confused-deputy conditions, separate
 * pipeline/CodeBuild/component roles, CMKs, an allowed connection) gets no finding of medium or
 * higher; and once Proton is retired, the same estate yields only low/info residue findings.
 */
import { findingsOf } from '../../src/engine/outcomes.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR, buildCaseSnapshot, evaluate, retireProton, loadRules, prepareFacts, type CaseEstate, type LoadedRule } from '../../src/engine/index.ts';
import { configFromValue } from '../../src/config/parse.ts';
import type { AuditResult, Finding } from '../../src/model/index.ts';

const FAMILIES = new Set(['iam', 'trust', 'policies', 'residue', 'cross-account', 'encryption']);
const ACCT = '111122223333';
const role = (name: string): string => `arn:aws:iam::${ACCT}:role/${name}`;

const protonTrust = {
  Version: '2012-10-17',
  Statement: {
    Effect: 'Allow',
    Principal: { Service: 'proton.amazonaws.com' },
    Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'aws:SourceAccount': ACCT }, ArnLike: { 'aws:SourceArn': `arn:aws:proton:us-east-1:${ACCT}:environment/*` } },
  },
};
const recentlyUsed = { LastUsedDate: '2026-05-20T00:00:00Z', Region: 'us-east-1' };
const stacks = {
  Effect: 'Allow',
  Action: ['cloudformation:CreateStack', 'cloudformation:UpdateStack', 'cloudformation:DeleteStack', 'cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents'],
  Resource: `arn:aws:cloudformation:*:${ACCT}:stack/AWSProton-*`,
};
const viaCfn = { 'ForAnyValue:StringEquals': { 'aws:CalledVia': ['cloudformation.amazonaws.com'] } };
const kmsKey = `arn:aws:kms:us-east-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const estate: CaseEstate = {
  iam: {
    roles: [
      {
        RoleName: 'proton-env',
        CreateDate: '2025-01-01T00:00:00Z',
        RoleLastUsed: recentlyUsed,
        AssumeRolePolicyDocument: protonTrust,
        RolePolicyList: [
          {
            PolicyName: 'provision',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                stacks,
                { Effect: 'Allow', Action: ['s3:CreateBucket', 's3:PutBucketPolicy', 's3:PutEncryptionConfiguration'], Resource: 'arn:aws:s3:::acme-proton-*', Condition: viaCfn },
                { Effect: 'Allow', Action: ['ec2:Describe*'], Resource: '*' },
              ],
            },
          },
        ],
      },
      {
        RoleName: 'proton-pipeline',
        CreateDate: '2025-01-01T00:00:00Z',
        RoleLastUsed: recentlyUsed,
        AssumeRolePolicyDocument: protonTrust,
        RolePolicyList: [
          {
            PolicyName: 'pipeline',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [stacks, { Effect: 'Allow', Action: ['codepipeline:CreatePipeline', 'codepipeline:UpdatePipeline'], Resource: `arn:aws:codepipeline:*:${ACCT}:AWSProton-*`, Condition: viaCfn }],
            },
          },
        ],
      },
      {
        RoleName: 'proton-build',
        CreateDate: '2025-01-01T00:00:00Z',
        RoleLastUsed: recentlyUsed,
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
        AttachedManagedPolicies: [{ PolicyName: 'AWSProtonCodeBuildProvisioningBasicAccess', PolicyArn: 'arn:aws:iam::aws:policy/AWSProtonCodeBuildProvisioningBasicAccess' }],
        RolePolicyList: [{ PolicyName: 'iac', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: 'arn:aws:s3:::acme-proton-*/*' }] } }],
      },
      {
        RoleName: 'proton-component',
        CreateDate: '2025-01-01T00:00:00Z',
        RoleLastUsed: recentlyUsed,
        AssumeRolePolicyDocument: protonTrust,
        RolePolicyList: [{ PolicyName: 'components', PolicyDocument: { Version: '2012-10-17', Statement: [stacks, { Effect: 'Allow', Action: ['sqs:CreateQueue', 'sqs:DeleteQueue'], Resource: `arn:aws:sqs:us-east-1:${ACCT}:app-*`, Condition: viaCfn }] } }],
      },
    ],
    policies: [
      {
        PolicyName: 'AWSProtonCodeBuildProvisioningBasicAccess',
        Arn: 'arn:aws:iam::aws:policy/AWSProtonCodeBuildProvisioningBasicAccess',
        AttachmentCount: 1,
        Document: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:CreateLogGroup', 'logs:PutLogEvents'], Resource: ['arn:aws:logs:*:*:log-group:/aws/codebuild/AWSProton-*'] },
            { Effect: 'Allow', Action: 'proton:NotifyResourceDeploymentStatusChange', Resource: 'arn:aws:proton:*:*:*' },
          ],
        },
      },
      {
        PolicyName: 'AWSProtonFullAccess',
        Arn: 'arn:aws:iam::aws:policy/AWSProtonFullAccess',
        AttachmentCount: 1,
        Document: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['proton:*', 'kms:ListAliases', 'kms:DescribeKey', 'codestar-connections:ListConnections'], Resource: '*' },
            { Effect: 'Allow', Action: ['iam:PassRole'], Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'proton.amazonaws.com' } } },
          ],
        },
      },
      {
        PolicyName: 'ProtonDevelopers',
        Arn: `arn:aws:iam::${ACCT}:policy/ProtonDevelopers`,
        AttachmentCount: 1,
        Document: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['proton:GetService', 'proton:ListServices', 'proton:CreateService', 'proton:UpdateService', 'proton:UpdateServiceInstance'],
              Resource: '*',
              Condition: { StringEqualsIfExists: { 'proton:ServiceTemplate': `arn:aws:proton:us-east-1:${ACCT}:service-template/fargate` } },
            },
          ],
        },
      },
    ],
    policyEntities: [{ PolicyArn: 'arn:aws:iam::aws:policy/AWSProtonFullAccess', PolicyRoles: [{ RoleName: 'platform-admins' }] }],
  },
  proton: {
    accountSettings: { pipelineServiceRoleArn: role('proton-pipeline') },
    environmentTemplates: [{ name: 'vpc', encryptionKey: kmsKey }],
    serviceTemplates: [{ name: 'fargate', encryptionKey: kmsKey }],
    environments: [
      { name: 'prod', templateName: 'vpc', protonServiceRoleArn: role('proton-env'), codebuildRoleArn: role('proton-build'), componentRoleArn: role('proton-component') },
      { name: 'remote', templateName: 'vpc', environmentAccountConnectionId: 'conn-1', environmentAccountId: '444455556666' },
    ],
    environmentAccountConnections: [
      { id: 'conn-1', status: 'CONNECTED', managementAccountId: ACCT, environmentAccountId: '444455556666', environmentName: 'remote', roleArn: 'arn:aws:iam::444455556666:role/proton-connection', requestedAt: '2025-01-01T00:00:00Z' },
    ],
    services: [{ name: 'web', templateName: 'fargate', pipeline: {} }],
    serviceInstances: [{ name: 'web-prod', serviceName: 'web', environmentName: 'prod', templateName: 'fargate' }],
  },
  tagging: {
    provisionedResources: [
      { ResourceARN: 'arn:aws:s3:::acme-proton-artifacts', Tags: [{ Key: 'Owner', Value: 'platform' }, { Key: 'proton:environment', Value: `arn:aws:proton:us-east-1:${ACCT}:environment/prod` }] },
    ],
  },
};

const config = configFromValue(
  { allowedAccounts: ['444455556666'], adminPrincipals: [`arn:aws:iam::${ACCT}:role/platform-admins`], requireCustomerManagedKey: true },
  'test',
);

let rules: LoadedRule[] = [];

function run(now: string, retired = false, given: CaseEstate = estate): AuditResult {
  // Retired: the Proton API no longer answers, so the snapshot holds no Proton records at all
  // and coverage shows Proton unavailable, as a collection records it.
  const built = buildCaseSnapshot(given, [], now);
  const snapshot = retired ? retireProton(built) : built;
  return evaluate({ snapshot, sha256: '0'.repeat(64), rules, config, now: new Date(now), toolVersion: 'test' });
}

const describeFinding = (f: Finding): string => `${f.ruleId} ${f.severity} ${f.resource.name}: ${f.message || f.error || ''}`;

beforeAll(async () => {
  await prepareFacts();
  rules = (await loadRules({ builtinDir: BUILTIN_RULES_DIR })).rules.filter((r) => FAMILIES.has(r.meta.family));
});

describe('a well-configured estate', () => {
  it('loads every rule of these families', () => {
    expect(rules.length).toBeGreaterThanOrEqual(30);
  });

  it('gets no error and no failing finding of medium or higher, and most rules pass somewhere', () => {
    const result = run('2026-06-01T00:00:00Z');
    expect(findingsOf(result).filter((f) => f.status === 'error').map(describeFinding)).toEqual([]);
    const serious = findingsOf(result).filter((f) => f.status === 'fail' && ['critical', 'high', 'medium'].includes(f.severity));
    expect(serious.map(describeFinding)).toEqual([]);
    const passing = new Set(findingsOf(result).filter((f) => f.status === 'pass').map((f) => f.ruleId));
    expect(passing.size).toBeGreaterThanOrEqual(25);
  });

  it('is a real control: one console-style role in it is reported high', () => {
    const roles = (estate.iam?.roles ?? []).map((r) =>
      r['RoleName'] === 'proton-env'
        ? {
            ...r,
            AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { Service: 'proton.amazonaws.com' }, Action: 'sts:AssumeRole' } },
            AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
          }
        : r,
    );
    const result = run('2026-06-01T00:00:00Z', false, { ...estate, iam: { ...estate.iam, roles } });
    const high = findingsOf(result).filter((f) => f.status === 'fail' && f.severity === 'high').map((f) => `${f.ruleId} ${f.resource.name}`);
    expect(high).toEqual(expect.arrayContaining(['PA-IAM-001 proton-env', 'PA-TRUST-001 proton-env']));
  });

  it('after the Proton retirement (Proton data gone) yields only low or info residue findings', () => {
    const result = run('2026-11-01T00:00:00Z', true);
    const failing = findingsOf(result).filter((f) => f.status === 'fail');
    expect(failing.filter((f) => !['low', 'info'].includes(f.severity)).map(describeFinding)).toEqual([]);
    // The residue is reported: the Proton-trusting roles and the remaining AWSProtonFullAccess attachment;
    // and, at low severity, that each role may update every AWSProton-* stack (which act with the
    // other Proton roles), as AWS's scoped-down example allows.
    expect(new Set(failing.map((f) => f.ruleId))).toEqual(new Set(['PA-RES-001', 'PA-RES-002', 'PA-IAM-017']));
    expect(failing.filter((f) => f.ruleId === 'PA-RES-001').map((f) => f.resource.name).sort()).toEqual(['proton-component', 'proton-env', 'proton-pipeline']);
  });
});
