// Trust-policy verdicts: the seeds' verbatim trust policies, then hand-written cases for each verdict.
import { describe, expect, it } from 'vitest';
import type { PolicyDocument, PolicyStatement } from '../../../src/model/index.ts';
import { analyzeTrust } from '../../../src/facts/trust/index.ts';
import { ACCOUNT, doc, role } from '../iam/helpers.ts';

const trust = (policy: PolicyDocument | undefined, account = ACCOUNT) =>
  analyzeTrust(role('proton-env', policy ? { AssumeRolePolicyDocument: policy } : {}), account);
const one = (statement: PolicyStatement, account = ACCOUNT) => trust(doc(statement), account);
const protonTrust = (condition?: PolicyStatement['Condition']): PolicyStatement => ({
  Effect: 'Allow',
  Principal: { Service: 'proton.amazonaws.com' },
  Action: 'sts:AssumeRole',
  ...(condition ? { Condition: condition } : {}),
});

describe('seed trust policies', () => {
  // seeds/002_1e4e8bfb58267be0.txt:14-32, verbatim (a single Statement object, the malformed SourceArn kept).
  const seed002 = JSON.parse(`{
    "Version": "2012-10-17",
    "Statement": {
      "Sid": "ExampleTrustRelationshipWithProtonConfusedDeputyPrevention",
      "Effect": "Allow",
      "Principal": {
        "Service": "proton.amazonaws.com"
      },
      "Action": "sts:AssumeRole",
      "Condition": {
        "StringEquals": {
          "aws:SourceAccount": "123456789012"
        },
        "ArnLike": {
          "aws:SourceArn": "arn:aws::proton:*:123456789012:environment/*"
        }
      }
    }
  }`) as PolicyDocument;

  // seeds/000_78c13fbce100391d.txt:2257-2264 (and 2422-2429), verbatim.
  const seed000 = JSON.parse(`{
    "Version": "2012-10-17",
    "Statement": {
      "Effect": "Allow",
      "Principal": {"Service": "proton.amazonaws.com"},
      "Action": "sts:AssumeRole"
    }
  }`) as PolicyDocument;

  it('002 in its own example account: guarded, but the SourceArn is malformed', () => {
    const t = trust(seed002, '123456789012');
    expect(t.trustsProton).toBe(true);
    expect(t.trustsAnyone).toBe(false);
    expect(t.missingConfusedDeputyConditions).toBe(false);
    expect(t.foreignSourceAccounts).toEqual([]);
    expect(t.badSourceArns).toEqual([{ value: 'arn:aws::proton:*:123456789012:environment/*', reason: 'malformed: empty service field' }]);
    expect(t.malformed).toEqual([{ value: 'arn:aws::proton:*:123456789012:environment/*', reason: 'malformed: empty service field' }]);
    expect(t.principals).toEqual([{ kind: 'Service', value: 'proton.amazonaws.com', statementIndex: 0 }]);
    expect(t.evidence.map((e) => [e.source, e.index, e.statement.Sid])).toEqual([['trust', 0, 'ExampleTrustRelationshipWithProtonConfusedDeputyPrevention']]);
  });

  it('002 copied as-is into another account: the example account id is foreign', () => {
    const t = trust(seed002, ACCOUNT);
    expect(t.foreignSourceAccounts).toEqual(['123456789012']);
    expect(t.badSourceArns).toEqual([{ value: 'arn:aws::proton:*:123456789012:environment/*', reason: 'malformed: empty service field' }]);
  });

  it('000 has no confused-deputy condition', () => {
    const t = trust(seed000);
    expect(t.trustsProton).toBe(true);
    expect(t.missingConfusedDeputyConditions).toBe(true);
    expect(t.trustsAnyone).toBe(false);
    expect(t.badSourceArns).toEqual([]);
    expect(t.malformed).toEqual([]);
    expect(t.foreignAccountsWithoutExternalId).toEqual([]);
  });
});

describe('confused-deputy conditions', () => {
  it.each<[string, PolicyStatement['Condition'], boolean]>([
    ['none', undefined, true],
    ['aws:SourceAccount (StringEquals)', { StringEquals: { 'aws:SourceAccount': ACCOUNT } }, false],
    ['aws:SourceArn (ArnLike)', { ArnLike: { 'aws:SourceArn': `arn:aws:proton:*:${ACCOUNT}:environment/*` } }, false],
    ['key in other case', { StringEquals: { 'AWS:SOURCEACCOUNT': ACCOUNT } }, false],
    ['ArnEquals', { ArnEquals: { 'aws:SourceArn': `arn:aws:proton:eu-west-1:${ACCOUNT}:environment/prod` } }, false],
    ['StringLike IfExists', { StringLikeIfExists: { 'aws:SourceArn': `arn:aws:proton:*:${ACCOUNT}:*` } }, false],
    ['ForAnyValue form', { 'ForAnyValue:StringEquals': { 'aws:SourceAccount': [ACCOUNT] } }, false],
    ['a negated operator does not guard an Allow', { StringNotEquals: { 'aws:SourceAccount': '999988887777' } }, true],
    ['an unrelated key', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } }, true],
  ])('%s', (_name, condition, missing) => {
    expect(one(protonTrust(condition)).missingConfusedDeputyConditions).toBe(missing);
  });

  it('accepts a Deny statement that fences off other source accounts', () => {
    const t = trust(
      doc(protonTrust(), {
        Effect: 'Deny',
        Principal: { Service: 'proton.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringNotEquals: { 'aws:SourceAccount': ACCOUNT } },
      }),
    );
    expect(t.missingConfusedDeputyConditions).toBe(false);
    // The Deny's principal is not someone the role trusts.
    expect(t.principals.map((p) => p.statementIndex)).toEqual([0]);
  });

  it('flags a second, unguarded Proton statement next to a guarded one', () => {
    expect(trust(doc(protonTrust({ StringEquals: { 'aws:SourceAccount': ACCOUNT } }), protonTrust())).missingConfusedDeputyConditions).toBe(true);
  });

  it('does not apply to roles that do not trust Proton', () => {
    const t = one({ Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' });
    expect(t.trustsProton).toBe(false);
    expect(t.missingConfusedDeputyConditions).toBe(false);
  });
});

describe('aws:SourceAccount and aws:SourceArn values', () => {
  it('lists SourceAccount values other than the role account, sorted and unique', () => {
    const t = trust(
      doc(
        protonTrust({ StringEquals: { 'aws:SourceAccount': [ACCOUNT, '999988887777', '444455556666'] } }),
        protonTrust({ StringEquals: { 'aws:SourceAccount': '444455556666' } }),
      ),
    );
    expect(t.foreignSourceAccounts).toEqual(['444455556666', '999988887777']);
  });

  it.each<[string, string | undefined]>([
    [`arn:aws:proton:*:${ACCOUNT}:environment/*`, undefined],
    [`arn:aws:proton:us-east-1:${ACCOUNT}:environment/prod`, undefined],
    ['arn:aws::proton:*:123456789012:environment/*', 'malformed: empty service field'],
    ['*', 'too broad: matches any source'],
    ['arn:aws:proton:*:*:environment/*', 'too broad: wildcard or empty account field'],
    ['arn:aws:proton:*:444455556666:environment/*', 'foreign account 444455556666'],
    [`arn:aws:codebuild:*:${ACCOUNT}:project/*`, 'not a proton ARN (service "codebuild")'],
    [`arn:aws:*:*:${ACCOUNT}:*`, 'too broad: wildcard service field'],
    ['proton-environment', 'malformed: not an ARN'],
  ])('SourceArn %s → %s', (value, reason) => {
    const t = one(protonTrust({ ArnLike: { 'aws:SourceArn': value } }));
    expect(t.badSourceArns).toEqual(reason ? [{ value, reason }] : []);
  });

  it('judges SourceArn only in statements that trust Proton', () => {
    const t = one({
      Effect: 'Allow',
      Principal: { Service: 'codebuild.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:codebuild:*:${ACCOUNT}:project/*` } },
    });
    expect(t.badSourceArns).toEqual([]);
  });
});

describe('principals and trustsAnyone', () => {
  it('lists every principal with its kind and, for AWS principals, its account', () => {
    const t = trust(
      doc(
        { Effect: 'Allow', Principal: { Service: ['proton.amazonaws.com', 'codebuild.amazonaws.com'] }, Action: 'sts:AssumeRole' },
        {
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::444455556666:root', '999988887777', 'AROAEXAMPLEUNIQUEID'], Federated: 'cognito-identity.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity'],
        },
      ),
    );
    expect(t.principals).toEqual([
      { kind: 'Service', value: 'codebuild.amazonaws.com', statementIndex: 0 },
      { kind: 'Service', value: 'proton.amazonaws.com', statementIndex: 0 },
      { kind: 'AWS', value: '999988887777', accountId: '999988887777', statementIndex: 1 },
      { kind: 'AWS', value: 'AROAEXAMPLEUNIQUEID', statementIndex: 1 },
      { kind: 'AWS', value: 'arn:aws:iam::444455556666:root', accountId: '444455556666', statementIndex: 1 },
      { kind: 'Federated', value: 'cognito-identity.amazonaws.com', statementIndex: 1 },
    ]);
  });

  it.each<[string, PolicyStatement, boolean]>([
    ["Principal '*'", { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }, true],
    ["AWS '*'", { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }, true],
    ['NotPrincipal in an Allow', { Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' }, true],
    ["AWS '*' tied to an organisation", { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3' } } }, false],
    ["AWS '*' tied to an account", { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } } }, false],
    ["AWS '*' with an IfExists org condition", { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3' } } }, true],
    ["AWS '*' with an org condition of '*'", { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringLike: { 'aws:PrincipalOrgID': '*' } } }, true],
    ["AWS '*' with only an ExternalId", { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'x' } } }, true],
    ["Principal '*' denied", { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' }, false],
    ["Principal '*' for sts:TagSession only", { Effect: 'Allow', Principal: '*', Action: 'sts:TagSession' }, false],
    ['the Proton service', protonTrust(), false],
  ])('%s → %s', (_name, statement, anyone) => {
    expect(one(statement).trustsAnyone).toBe(anyone);
  });

  it("accepts a Deny that fences '*' to the organisation", () => {
    const t = trust(
      doc(
        { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' },
        { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3' } } },
      ),
    );
    expect(t.trustsAnyone).toBe(false);
  });
});

describe('foreignAccountsWithoutExternalId', () => {
  it.each<[string, PolicyStatement, string[]]>([
    ['root of another account', { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' }, ['444455556666']],
    ['bare account id', { Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'sts:AssumeRole' }, ['444455556666']],
    [
      'several, sorted and unique',
      { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::999988887777:role/ci', '444455556666', 'arn:aws:iam::444455556666:user/bob'] }, Action: 'sts:AssumeRole' },
      ['444455556666', '999988887777'],
    ],
    [
      'with sts:ExternalId',
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:role/scanner' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'acme-7f3c' } } },
      [],
    ],
    ['own account', { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/admin` }, Action: 'sts:AssumeRole' }, []],
    ["AWS '*' (reported as trustsAnyone instead)", { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }, []],
    ['a unique id without account', { Effect: 'Allow', Principal: { AWS: 'AIDAEXAMPLE' }, Action: 'sts:AssumeRole' }, []],
  ])('%s', (_name, statement, accounts) => {
    expect(one(statement).foreignAccountsWithoutExternalId).toEqual(accounts);
  });
});

describe('malformed strings', () => {
  it("reports '>' actions and ARNs missing their service field, once per value", () => {
    const t = trust(
      doc(
        { Effect: 'Allow', Principal: { Service: 'proton.amazonaws.com' }, Action: ['sts>AssumeRole', 'sts:TagSession'] },
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws::iam:123456789012:root' },
          Action: ['sts>AssumeRole', 'AssumeRole'],
          Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:region_id:123456789012:role/x' } },
        },
      ),
    );
    expect(t.malformed).toEqual([
      { value: 'AssumeRole', reason: "missing ':' between service and action" },
      { value: 'arn:aws::iam:123456789012:root', reason: 'malformed: empty service field' },
      // The guide's 'arn:aws:region_id:…' lost its service segment, leaving five fields.
      { value: 'arn:aws:region_id:123456789012:role/x', reason: 'malformed: fewer than six ARN fields' },
      { value: 'sts>AssumeRole', reason: "'>' instead of ':' between service and action" },
    ]);
    // 'sts>AssumeRole' grants nothing, so the first statement does not actually trust Proton.
    expect(t.trustsProton).toBe(false);
  });
});

describe('edge cases', () => {
  it('a role without a trust policy has no principals and no verdicts', () => {
    const t = trust(undefined);
    expect(t).toEqual({
      principals: [],
      trustsProton: false,
      trustsAnyone: false,
      missingConfusedDeputyConditions: false,
      foreignSourceAccounts: [],
      badSourceArns: [],
      foreignAccountsWithoutExternalId: [],
      malformed: [],
      evidence: [],
    });
  });

  it('tolerates junk statements and matches the Proton principal case-insensitively', () => {
    const junk = { Version: '2012-10-17', Statement: [null, 7, { Effect: 'Allow', Principal: { Service: 'Proton.AmazonAWS.com' }, Action: 'STS:AssumeRole' }] };
    const t = trust(junk as unknown as PolicyDocument);
    expect(t.trustsProton).toBe(true);
    expect(t.missingConfusedDeputyConditions).toBe(true);
  });

  it('is deterministic', () => {
    const policy = doc(protonTrust({ StringEquals: { 'aws:SourceAccount': ['2', '1'] } }), { Effect: 'Allow', Principal: { AWS: ['b', 'a'] }, Action: 'sts:AssumeRole' });
    expect(JSON.stringify(trust(policy))).toBe(JSON.stringify(trust(structuredClone(policy))));
  });
});
