/**
 * Roles kept because they trust Proton: proton.amazonaws.com, and also Proton's sub-principals
 * (service-linked roles such as AWSServiceRoleForProtonSync trust sync.proton.amazonaws.com and
 * live under /aws-service-role/), without taking in look-alike principals.
 */
import { describe, expect, it } from 'vitest';
import { selectIam } from '../../src/snapshot/normalize/iam-select.ts';
import { isProtonPrincipal } from '../../src/knowledge/principals.ts';
import { trustsProton } from '../../src/snapshot/normalize/iam.ts';

const ACCOUNT = '111111111111';
const doc = (service: string | string[], effect = 'Allow') => ({ Version: '2012-10-17', Statement: [{ Effect: effect, Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

describe('Proton service principals', () => {
  it.each([
    ['proton.amazonaws.com', true],
    ['PROTON.amazonaws.com', true],
    ['sync.proton.amazonaws.com', true],
    ['a.b.proton.amazonaws.com', true],
    ['codebuild.amazonaws.com', false],
    ['notproton.amazonaws.com', false],
    ['proton.amazonaws.com.evil.example', false],
    ['.proton.amazonaws.com', false],
    ['x..proton.amazonaws.com', false],
  ])('%s → %s', (principal, expected) => {
    expect(isProtonPrincipal(principal)).toBe(expected);
  });

  it('a Deny naming Proton, or a list without it, is not trust', () => {
    expect(trustsProton(doc('sync.proton.amazonaws.com', 'Deny'))).toBe(false);
    expect(trustsProton(doc(['ec2.amazonaws.com', 'lambda.amazonaws.com']))).toBe(false);
    expect(trustsProton(doc(['ec2.amazonaws.com', 'sync.proton.amazonaws.com']))).toBe(true);
  });

  it('keeps the Proton sync service-linked role from a GetAccountAuthorizationDetails answer', () => {
    const slr = {
      RoleName: 'AWSServiceRoleForProtonSync',
      Path: '/aws-service-role/sync.proton.amazonaws.com/',
      Arn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/sync.proton.amazonaws.com/AWSServiceRoleForProtonSync`,
      RoleId: 'AROASLR',
      AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(doc('sync.proton.amazonaws.com'))),
      AttachedManagedPolicies: [{ PolicyName: 'AWSProtonSyncServiceRolePolicy', PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AWSProtonSyncServiceRolePolicy' }],
    };
    const other = { RoleName: 'web', Path: '/', Arn: `arn:aws:iam::${ACCOUNT}:role/web`, RoleId: 'AROAWEB', AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(doc('ec2.amazonaws.com'))) };
    const s = selectIam([slr, other], [], [], ACCOUNT);
    expect(s.roles.map((r) => r.RoleName)).toEqual(['AWSServiceRoleForProtonSync']);
    expect([...s.held]).toEqual(['arn:aws:iam::aws:policy/aws-service-role/AWSProtonSyncServiceRolePolicy']);
  });
});
