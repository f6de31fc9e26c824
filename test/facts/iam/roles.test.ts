// Roles: inline and attached policies together, permissions boundaries, "self", unresolved documents.
import { beforeAll, describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../../src/model/index.ts';
import { analyzeRolePermissions, loadIamData } from '../../../src/facts/iam/index.ts';
import { ACCOUNT, byArn, doc, inline, managed, refs, role } from './helpers.ts';

beforeAll(async () => {
  await loadIamData();
});

const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const BASIC_ARN = 'arn:aws:iam::aws:policy/AWSProtonCodeBuildProvisioningBasicAccess';
const none = byArn();

describe('analyzeRolePermissions', () => {
  it('joins inline and attached policies, labelling evidence by source', () => {
    const teamArn = `arn:aws:iam::${ACCOUNT}:policy/team`;
    const r = role('proton-env', {
      RolePolicyList: [inline('pass', doc({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }))],
      AttachedManagedPolicies: [{ PolicyName: 'team', PolicyArn: teamArn }],
    });
    const a = analyzeRolePermissions(r, byArn(managed(teamArn, doc({ Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' }))));
    expect(refs(a.passRoleEvidence)).toEqual(['inline:pass#0']);
    expect(a.escalations.map((e) => [e.id, refs(e.evidence)])).toEqual([['passrole+ec2:RunInstances', ['inline:pass#0', `managed:${teamArn}#0`]]]);
    expect(a.unresolvedPolicies).toEqual([]);
  });

  it('reads AdministratorAccess attached by ARN as admin even when its document was not collected', () => {
    const r = role('proton-env', { AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN_ARN }] });
    const a = analyzeRolePermissions(r, none);
    expect(a.adminEquivalent).toBe(true);
    expect(refs(a.adminEvidence)).toEqual([`managed:${ADMIN_ARN}#0`]);
    expect(a.unresolvedPolicies).toEqual([ADMIN_ARN]);
  });

  it('recognises a customer copy of AdministratorAccess by its document', () => {
    const copy = `arn:aws:iam::${ACCOUNT}:policy/admin-copy`;
    const r = role('proton-env', { AttachedManagedPolicies: [{ PolicyName: 'admin-copy', PolicyArn: copy }] });
    expect(analyzeRolePermissions(r, byArn(managed(copy, doc({ Effect: 'Allow', Action: '*', Resource: '*' })))).adminEquivalent).toBe(true);
  });

  it('lists attached policies whose document is missing, sorted, and analyses the rest', () => {
    const r = role('proton-env', {
      AttachedManagedPolicies: [
        { PolicyName: 'z', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/z` },
        { PolicyName: 'a', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/a` },
      ],
      RolePolicyList: [inline('s3', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }))],
    });
    const a = analyzeRolePermissions(r, none);
    expect(a.unresolvedPolicies).toEqual([`arn:aws:iam::${ACCOUNT}:policy/a`, `arn:aws:iam::${ACCOUNT}:policy/z`]);
    expect(a.serviceWildcards.map((w) => w.service)).toEqual(['s3']);
  });

  describe('permissions boundary', () => {
    const boundaryArn = `arn:aws:iam::${ACCOUNT}:policy/boundary`;
    const withBoundary = (statements: PolicyStatement[], collected = true) => {
      const r = role('proton-env', {
        AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN_ARN }],
        PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: boundaryArn },
      });
      return analyzeRolePermissions(r, collected ? byArn(managed(boundaryArn, doc(...statements))) : none);
    };

    it('caps what the identity policies allow (intersection)', () => {
      const a = withBoundary([{ Effect: 'Allow', Action: ['s3:*', 'cloudformation:*'], Resource: '*' }]);
      expect(a.adminEquivalent).toBe(false);
      expect(a.passRoleOnStar).toBe(false);
      // cloudformation:* on every stack still updates existing stacks, which keep their own roles.
      expect(a.escalations.map((e) => [e.id, e.scope])).toEqual([
        ['cloudformation:CreateChangeSet+ExecuteChangeSet', 'all'],
        ['cloudformation:UpdateStack', 'all'],
        ['cloudformation:UpdateStackSet', 'all'],
      ]);
      // What the boundary leaves of AdministratorAccess is two service-wide wildcards, named as such.
      expect(a.serviceWildcards.map((w) => [w.service, refs(w.evidence)])).toEqual([
        ['cloudformation', [`managed:${ADMIN_ARN}#0`]],
        ['s3', [`managed:${ADMIN_ARN}#0`]],
      ]);
    });

    it('removes what the boundary denies', () => {
      const a = withBoundary([
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: ['iam:*'], Resource: '*' },
      ]);
      expect(a.adminEquivalent).toBe(false);
      expect(a.escalations.filter((e) => e.id.startsWith('iam:'))).toEqual([]);
    });

    it('caps nothing when its document was not collected, and says so', () => {
      const a = withBoundary([], false);
      expect(a.adminEquivalent).toBe(true);
      expect(a.unresolvedPolicies).toEqual([boundaryArn, ADMIN_ARN]);
    });

    it('counts a condition-scoped boundary grant as condition-scoped', () => {
      const a = withBoundary([{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }]);
      expect(a.adminEquivalent).toBe(false);
      expect(refs(a.conditionalAdminEvidence)).toEqual([`boundary:${boundaryArn}#0`, `managed:${ADMIN_ARN}#0`]);
    });
  });

  describe('IAM writes "on self"', () => {
    it('counts a Resource matching the role itself, not another role', () => {
      const self = role('proton-env', {
        RolePolicyList: [inline('self', doc({ Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: `arn:aws:iam::${ACCOUNT}:role/proton-*` }))],
      });
      expect(analyzeRolePermissions(self, none).escalations.map((e) => [e.id, e.scope])).toEqual([['iam:PutRolePolicy', 'all']]);
      const other = role('proton-env', {
        RolePolicyList: [inline('other', doc({ Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: `arn:aws:iam::${ACCOUNT}:role/app-*` }))],
      });
      expect(analyzeRolePermissions(other, none).escalations.map((e) => [e.id, e.scope])).toEqual([['iam:PutRolePolicy', 'named']]);
    });

    it('counts a new version of a policy attached to the role', () => {
      const own = `arn:aws:iam::${ACCOUNT}:policy/proton-env-policy`;
      const r = role('proton-env', {
        AttachedManagedPolicies: [{ PolicyName: 'proton-env-policy', PolicyArn: own }],
      });
      const grant = (resource: string) => byArn(managed(own, doc({ Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: resource })));
      expect(analyzeRolePermissions(r, grant(own)).escalations.map((e) => [e.id, e.scope])).toEqual([['iam:CreatePolicyVersion', 'all']]);
      expect(analyzeRolePermissions(r, grant(`arn:aws:iam::${ACCOUNT}:policy/unrelated`)).escalations.map((e) => [e.id, e.scope])).toEqual([
        ['iam:CreatePolicyVersion', 'named'],
      ]);
    });

    it("excludes self when a Deny covers the role's ARN", () => {
      const r = role('proton-env', {
        RolePolicyList: [
          inline(
            'guarded',
            doc(
              { Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: `arn:aws:iam::${ACCOUNT}:role/*` },
              { Effect: 'Deny', Action: 'iam:AttachRolePolicy', Resource: `arn:aws:iam::${ACCOUNT}:role/proton-env` },
            ),
          ),
        ],
      });
      // Still open: every role of the account is covered by role/* and the Deny protects only itself.
      expect(analyzeRolePermissions(r, none).escalations.map((e) => e.id)).toEqual(['iam:AttachRolePolicy']);
    });
  });

  describe('hasCodeBuildBasicAccess', () => {
    const logs = (resource: string): PolicyStatement => ({
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:CreateLogGroup', 'logs:PutLogEvents'],
      Resource: resource,
    });
    const notify = (resource: string): PolicyStatement => ({ Effect: 'Allow', Action: 'proton:NotifyResourceDeploymentStatusChange', Resource: resource });
    const withInline = (...statements: PolicyStatement[]) =>
      analyzeRolePermissions(role('proton-build', { RolePolicyList: [inline('basic', doc(...statements))] }), none).hasCodeBuildBasicAccess;

    it('holds with the AWS managed policy attached, collected or not', () => {
      const r = role('proton-build', { AttachedManagedPolicies: [{ PolicyName: 'AWSProtonCodeBuildProvisioningBasicAccess', PolicyArn: BASIC_ARN }] });
      expect(analyzeRolePermissions(r, none).hasCodeBuildBasicAccess).toBe(true);
      expect(analyzeRolePermissions(r, none).unresolvedPolicies).toEqual([BASIC_ARN]);
    });

    it.each<[string, PolicyStatement[], boolean]>([
      ['holds: the same statements inline', [logs('arn:aws:logs:*:*:log-group:/aws/codebuild/AWSProton-*'), notify('arn:aws:proton:*:*:*')], true],
      ['holds: own account, one region, log streams included', [logs(`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/codebuild/AWSProton-*:*`), notify('*')], true],
      ['holds: broad logs:* and proton:*', [{ Effect: 'Allow', Action: ['logs:*', 'proton:*'], Resource: '*' }], true],
      ['lacks: logs without the notify action', [logs('arn:aws:logs:*:*:log-group:/aws/codebuild/AWSProton-*')], false],
      ['lacks: logs for other log groups', [logs('arn:aws:logs:*:*:log-group:/aws/codebuild/other-*'), notify('*')], false],
      ['lacks: logs in another account', [logs('arn:aws:logs:*:999988887777:log-group:/aws/codebuild/AWSProton-*'), notify('*')], false],
      ['lacks: notify on environments only', [logs('arn:aws:logs:*:*:log-group:/aws/codebuild/AWSProton-*'), notify('arn:aws:proton:*:*:environment/*')], false],
      [
        'lacks: taken away by a Deny',
        [logs('arn:aws:logs:*:*:log-group:/aws/codebuild/AWSProton-*'), notify('*'), { Effect: 'Deny', Action: 'logs:PutLogEvents', Resource: '*' }],
        false,
      ],
    ])('%s', (_name, statements, expected) => {
      expect(withInline(...statements)).toBe(expected);
    });
  });
});

describe('analyses shared by roles holding the same policies', () => {
  it('give each role what its own analysis gives, paths to itself included', async () => {
    const { RoleAnalysisCache } = await import('../../../src/facts/iam/index.ts');
    const a = `arn:aws:iam::${ACCOUNT}:role/a`;
    const documents = [
      doc({ Effect: 'Allow', Action: 'iam:PassRole', Resource: a }, { Effect: 'Allow', Action: ['ec2:RunInstances', 'lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' }),
      doc({ Effect: 'Allow', Action: ['iam:UpdateAssumeRolePolicy', 'iam:AttachRolePolicy', 'iam:PutRolePolicy'], Resource: a }),
      doc({ Effect: 'Allow', Action: ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:PassRole', 'cloudformation:CreateStack'], Resource: '*' }),
    ];
    const cache = new RoleAnalysisCache();
    for (const [i, d] of documents.entries()) {
      for (const name of ['a', 'b', 'c']) {
        const r = role(name, { RolePolicyList: [inline(`p${i}`, d)] });
        const shared = analyzeRolePermissions(r, none, cache);
        const alone = analyzeRolePermissions(r, none);
        expect(JSON.stringify(shared), `${name}, document ${i}`).toBe(JSON.stringify(alone));
      }
    }
  });
});
