import { describe, expect, it } from 'vitest';
import { selectIam } from '../../src/snapshot/normalize/iam-select.ts';

const ACCOUNT = '111111111111';
const trust = (service: string) => ({ Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
const role = (name: string, service: string, extra: Record<string, unknown> = {}) => ({
  RoleName: name,
  Arn: `arn:aws:iam::${ACCOUNT}:role/team/${name}`,
  Path: '/team/',
  RoleId: `AROA${name}`,
  AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust(service))),
  ...extra,
});
const policy = (arn: string, statement: object) => ({
  PolicyName: arn.split('/').pop(),
  Arn: arn,
  DefaultVersionId: 'v1',
  PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: encodeURIComponent(JSON.stringify({ Statement: [statement] })) }],
});

describe('selectIam', () => {
  const roles = [
    role('svc', 'proton.amazonaws.com', { AttachedManagedPolicies: [{ PolicyName: 'Held', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/Held` }] }),
    role('cb', 'codebuild.amazonaws.com', { PermissionsBoundary: { PermissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/Bound` } }),
    role('web', 'ec2.amazonaws.com'),
    role('broken', 'proton.amazonaws.com', { RolePolicyList: [{ PolicyName: 'x', PolicyDocument: '%%%' }] }),
  ];
  const policies = [
    policy(`arn:aws:iam::${ACCOUNT}:policy/Held`, { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }),
    policy(`arn:aws:iam::${ACCOUNT}:policy/Bound`, { Effect: 'Allow', Action: '*', Resource: '*' }),
    policy(`arn:aws:iam::${ACCOUNT}:policy/OurProtonCopy`, { Effect: 'Allow', Action: 's3:*', Resource: '*' }),
    policy(`arn:aws:iam::${ACCOUNT}:policy/Deployers`, { Effect: 'Allow', Action: ['proton:CreateService'], Resource: '*' }),
    policy(`arn:aws:iam::${ACCOUNT}:policy/Nothing`, { Effect: 'Allow', Action: 'sqs:*', Resource: '*' }),
  ];
  // 'cb' is named with a different path than IAM has: the name still matches.
  const named = [`arn:aws:iam::${ACCOUNT}:role/cb`, `arn:aws:iam::${ACCOUNT}:role/gone`, 'arn:aws:iam::222222222222:role/remote'];
  const s = selectIam(roles, policies, named, ACCOUNT);

  it('keeps named roles and Proton-trusting roles only', () => {
    expect(s.roles.map((r) => r.RoleName)).toEqual(['svc', 'cb', 'broken']);
    expect(s.missing).toEqual([`arn:aws:iam::${ACCOUNT}:role/gone`]);
    expect(s.outOfAccount).toEqual(['arn:aws:iam::222222222222:role/remote']);
  });

  it('keeps held (attached or boundary), Proton-named and Proton-acting policies', () => {
    expect(s.policies.map((p) => p.PolicyName)).toEqual(['Held', 'Bound', 'OurProtonCopy', 'Deployers']);
    expect([...s.held].sort()).toEqual([`arn:aws:iam::${ACCOUNT}:policy/Bound`, `arn:aws:iam::${ACCOUNT}:policy/Held`]);
  });

  it('reports documents that do not decode, by ARN', () => {
    expect(s.problems).toEqual([[`arn:aws:iam::${ACCOUNT}:role/team/broken`, 'role broken: inline policy x: document does not decode to a policy']]);
  });

  it('without a known account every named role counts as in the account', () => {
    expect(selectIam(roles, [], named, undefined).outOfAccount).toEqual([]);
  });
});
