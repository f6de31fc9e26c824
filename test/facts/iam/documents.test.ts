// Verdicts on hand-written policy documents, each with the statements that cause it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../../src/model/index.ts';
import { analyzePolicyDocument, isAdminEquivalentDocument, loadIamData } from '../../../src/facts/iam/index.ts';
import { iamIndex } from '../../../src/facts/iam/actions.ts';
import { doc, refs } from './helpers.ts';

beforeAll(async () => {
  await loadIamData();
});

const SRC = 'inline:test';
const analyse = (...statements: PolicyStatement[]) => analyzePolicyDocument(doc(...statements), SRC);
const allowAll: PolicyStatement = { Effect: 'Allow', Action: '*', Resource: '*' };

describe('adminEquivalent', () => {
  const cases: Array<{ name: string; statements: PolicyStatement[]; admin: boolean; evidence: string[]; conditional?: string[] }> = [
    { name: "Action '*' on '*'", statements: [allowAll], admin: true, evidence: ['inline:test#0'] },
    {
      name: "NotAction [organizations:*, account:*] still grants iam:* and sts:*",
      statements: [{ Effect: 'Allow', NotAction: ['organizations:*', 'account:*'], Resource: '*' }],
      admin: true,
      evidence: ['inline:test#0'],
    },
    {
      name: 'NotAction iam:* cannot manage IAM, so it is not admin-equivalent',
      statements: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }],
      admin: false,
      evidence: [],
    },
    { name: "Deny '*' removes it", statements: [allowAll, { Effect: 'Deny', Action: '*', Resource: '*' }], admin: false, evidence: [] },
    { name: "Deny iam:* on '*' removes it", statements: [allowAll, { Effect: 'Deny', Action: 'iam:*', Resource: '*' }], admin: false, evidence: [] },
    {
      name: 'Deny of one IAM permissions-management action removes it',
      statements: [allowAll, { Effect: 'Deny', Action: 'iam:AttachRolePolicy', Resource: '*' }],
      admin: false,
      evidence: [],
    },
    {
      name: 'Deny of a few other services leaves it',
      statements: [allowAll, { Effect: 'Deny', Action: ['s3:*', 'organizations:*'], Resource: '*' }],
      admin: true,
      evidence: ['inline:test#0'],
    },
    {
      name: 'a conditional Deny is not subtracted',
      statements: [allowAll, { Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }],
      admin: true,
      evidence: ['inline:test#0'],
    },
    {
      name: 'a Deny on one resource does not take away "on *"',
      statements: [allowAll, { Effect: 'Deny', Action: 'iam:*', Resource: 'arn:aws:iam::111122223333:role/keep' }],
      admin: true,
      evidence: ['inline:test#0'],
    },
    {
      name: 'a Deny with NotResource narrows "on *"',
      statements: [allowAll, { Effect: 'Deny', Action: '*', NotResource: 'arn:aws:s3:::scratch/*' }],
      admin: false,
      evidence: [],
    },
    { name: "Action '*' on a scoped resource", statements: [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::bucket/*' }], admin: false, evidence: [] },
    { name: 'NotResource allow is scoped', statements: [{ Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::secret/*' }], admin: false, evidence: [] },
    {
      name: 'a narrowing condition makes it condition-scoped',
      statements: [{ ...allowAll, Condition: { 'ForAnyValue:StringEquals': { 'aws:CalledVia': ['cloudformation.amazonaws.com'] } } }],
      admin: false,
      evidence: [],
      conditional: ['inline:test#0'],
    },
    {
      name: 'aws:SecureTransport = true narrows nothing',
      statements: [{ ...allowAll, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }],
      admin: true,
      evidence: ['inline:test#0'],
    },
    {
      name: "'*' spelled as 'arn:*:*:*:*:*' and split across statements",
      statements: [
        { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
        { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: 'arn:aws:*:*:*:*' },
      ],
      admin: true,
      evidence: ['inline:test#0', 'inline:test#1'],
    },
  ];

  it.each(cases)('$name', ({ statements, admin, evidence, conditional }) => {
    const a = analyse(...statements);
    expect(a.adminEquivalent).toBe(admin);
    expect(refs(a.adminEvidence)).toEqual(evidence);
    expect(refs(a.conditionalAdminEvidence)).toEqual(conditional ?? []);
    expect(isAdminEquivalentDocument(doc(...statements))).toBe(admin);
  });

  it('lists conditional Deny statements it did not subtract', () => {
    const a = analyse(allowAll, { Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } });
    expect(refs(a.conditionalDenies)).toEqual(['inline:test#1']);
  });
});

describe('serviceWildcards', () => {
  it("reports svc:* on '*' with the access levels reached and its statement", () => {
    const a = analyse({ Effect: 'Allow', Action: ['s3:*', 'dynamodb:*'], Resource: '*' }, { Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' });
    expect(a.serviceWildcards.map((w) => w.service)).toEqual(['dynamodb', 's3']);
    const s3 = a.serviceWildcards.find((w) => w.service === 's3');
    expect(s3?.accessLevels).toEqual(expect.arrayContaining(['Write', 'Permissions management']));
    expect(s3?.accessLevels).toEqual([...(s3?.accessLevels ?? [])].sort());
    expect(refs(s3?.evidence)).toEqual(['inline:test#0']);
  });

  it('counts a set of patterns that together reach every write action', () => {
    const writes: PolicyStatement = { Effect: 'Allow', Action: ['sqs:*Queue*', 'sqs:*Message*'], Resource: '*' };
    expect(analyse(writes).serviceWildcards).toEqual([]);
    const a = analyse(writes, { Effect: 'Allow', Action: 'sqs:*Permission', Resource: '*' });
    expect(a.serviceWildcards.map((w) => w.service)).toEqual(['sqs']);
    expect(a.serviceWildcards[0]?.accessLevels).toEqual(expect.arrayContaining(['Permissions management', 'Write']));
    expect(refs(a.serviceWildcards[0]?.evidence)).toEqual(['inline:test#0', 'inline:test#1']);
  });

  it.each<[string, PolicyStatement[]]>([
    ['read-only wildcards', [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 'ec2:Describe*'], Resource: '*' }]],
    ['a resource-scoped s3:*', [{ Effect: 'Allow', Action: 's3:*', Resource: ['arn:aws:s3:::acme-*', 'arn:aws:s3:::acme-*/*'] }]],
    ['a condition-scoped s3:*', [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:CalledVia': 'cloudformation.amazonaws.com' } } }]],
    ['s3:* fully denied', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: '*' }]],
    ['some but not all s3 writes', [{ Effect: 'Allow', Action: ['s3:Put*', 's3:Delete*'], Resource: '*' }]],
    ["Action '*' (reported as admin instead)", [allowAll]],
  ])('ignores %s', (_name, statements) => {
    expect(analyse(...statements).serviceWildcards).toEqual([]);
  });

  it('still reports s3:* when a Deny removes only some of it', () => {
    const a = analyse({ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:Delete*', Resource: '*' });
    expect(a.serviceWildcards.map((w) => w.service)).toEqual(['s3']);
  });

  it("flags a service whose write actions only accept '*' when all of them are granted on '*'", () => {
    const { services, actions } = iamIndex();
    const starOnly = [...services.values()].find((svc) => {
      const writes = actions.slice(svc.start, svc.end).filter((x) => x.level === 'Write' || x.level === 'Permissions management');
      return writes.length > 0 && writes.every((x) => x.onlyStar);
    });
    expect(starOnly).toBeDefined();
    const key = starOnly?.key ?? '';
    expect(analyse({ Effect: 'Allow', Action: `${key}:*`, Resource: '*' }).serviceWildcards.map((w) => w.service)).toEqual([key]);
    // An ARN pattern does not reach actions that accept only '*'.
    expect(analyse({ Effect: 'Allow', Action: `${key}:*`, Resource: `arn:aws:${key}:*:*:*` }).serviceWildcards).toEqual([]);
  });

  it('counts an ARN pattern naming the whole service as every resource', () => {
    expect(analyse({ Effect: 'Allow', Action: 'logs:*', Resource: 'arn:aws:logs:*:*:*' }).serviceWildcards.map((w) => w.service)).toEqual(['logs']);
    expect(analyse({ Effect: 'Allow', Action: 'ssm-sap:*', Resource: 'arn:*:ssm-sap:*:*:*' }).serviceWildcards.map((w) => w.service)).toEqual(['ssm-sap']);
    // ... but not a pattern naming one resource type, nor another service's ARNs.
    expect(analyse({ Effect: 'Allow', Action: 'logs:*', Resource: 'arn:aws:logs:*:*:log-group:*' }).serviceWildcards).toEqual([]);
    expect(analyse({ Effect: 'Allow', Action: 'logs:*', Resource: 'arn:aws:s3:*:*:*' }).serviceWildcards).toEqual([]);
  });

  it('reports a service prefix the data does not know, granted with a wildcard on every resource', () => {
    const a = analyse({ Effect: 'Allow', Action: ['brandnewservice:*', 's3:GetObject'], Resource: '*' });
    expect(a.serviceWildcards.map((w) => [w.service, w.unknown, w.accessLevels, refs(w.evidence)])).toEqual([['brandnewservice', true, ['unknown'], ['inline:test#0']]]);
    expect(analyse({ Effect: 'Allow', Action: 'brandnewservice:DoThing', Resource: '*' }).serviceWildcards).toEqual([]);
    expect(analyse({ Effect: 'Allow', Action: 'brandnewservice:*', Resource: '*' }, { Effect: 'Deny', Action: 'brandnewservice:*', Resource: '*' }).serviceWildcards).toEqual([]);
  });

  it("reports a cross-service NotAction that is not admin-equivalent once, as service '*'", () => {
    const a = analyse({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' });
    expect(a.serviceWildcards.map((w) => w.service)).toEqual(['*']);
    expect(refs(a.serviceWildcards[0]?.evidence)).toEqual(['inline:test#0']);
  });
});

describe('passRoleOnStar', () => {
  const cases: Array<[string, PolicyStatement[], boolean, string[]]> = [
    ["PassRole on '*'", [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }], true, ['inline:test#0']],
    ['iam:Pass*', [{ Effect: 'Allow', Action: 'iam:Pass*', Resource: '*' }], true, ['inline:test#0']],
    ['iam:*', [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }], true, ['inline:test#0']],
    ["'*'", [allowAll], true, ['inline:test#0']],
    ['every role of every account', [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::*:role/*' }], true, ['inline:test#0']],
    ['named roles only', [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/app-*' }], false, []],
    [
      'gated by iam:PassedToService',
      [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'proton.amazonaws.com' } } }],
      false,
      [],
    ],
    [
      'gated by StringEqualsIfExists iam:PassedToService',
      [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEqualsIfExists: { 'iam:PassedToService': 'codebuild.amazonaws.com' } } }],
      false,
      [],
    ],
    [
      "a PassedToService gate of '*' gates nothing",
      [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringLike: { 'iam:PassedToService': '*' } } }],
      true,
      ['inline:test#0'],
    ],
    [
      "a StringLike gate of '*.amazonaws.com' names every service, so it gates nothing",
      [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringLike: { 'iam:PassedToService': ['ecs-tasks.amazonaws.com', '*.amazonaws.com'] } } }],
      true,
      ['inline:test#0'],
    ],
    [
      "a StringLike gate naming one service family ('ecs*.amazonaws.com') still gates",
      [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringLike: { 'iam:PassedToService': 'ecs*.amazonaws.com' } } }],
      false,
      [],
    ],
    [
      'a same-account condition does not stop the pass (an insider meets it)',
      [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'aws:ResourceAccount': '111122223333' } } }],
      true,
      ['inline:test#0'],
    ],
    [
      'a tag on the passed role narrows it (the caller cannot choose the tags of existing roles)',
      [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'platform' } } }],
      false,
      [],
    ],
    [
      "a condition-scoped '*' stays condition-scoped",
      [{ ...allowAll, Condition: { 'ForAnyValue:StringEquals': { 'aws:CalledVia': 'cloudformation.amazonaws.com' } } }],
      false,
      [],
    ],
    ["removed by a Deny on '*'", [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }, { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }], false, []],
    ['NotAction without iam', [{ Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' }], false, []],
  ];
  it.each(cases)('%s', (_name, statements, expected, evidence) => {
    const a = analyse(...statements);
    expect(a.passRoleOnStar).toBe(expected);
    expect(refs(a.passRoleEvidence)).toEqual(evidence);
  });
});

describe('escalations', () => {
  const passRole: PolicyStatement = { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/app-*' };
  const ids = (...statements: PolicyStatement[]) => analyse(...statements).escalations.filter((e) => e.scope === 'all').map((e) => e.id);
  const named = (...statements: PolicyStatement[]) => analyse(...statements).escalations.filter((e) => e.scope === 'named').map((e) => [e.id, e.resources]);

  it('reports a PassRole combination with its actions and both statements', () => {
    const a = analyse({ ...passRole, Resource: '*' }, { Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' });
    expect(a.escalations).toEqual([
      expect.objectContaining({
        id: 'passrole+lambda:CreateFunction+InvokeFunction',
        actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'],
        scope: 'all',
      }),
    ]);
    expect(refs(a.escalations[0]?.evidence)).toEqual(['inline:test#0', 'inline:test#1']);
    expect(a.escalations[0]?.description).toMatch(/Lambda/);
  });

  it('needs both halves of a combination', () => {
    expect(ids({ Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction', 'ec2:RunInstances'], Resource: '*' })).toEqual([]);
    expect(ids({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' })).toEqual([]);
    expect(ids({ ...passRole, Resource: '*' }, { Effect: 'Allow', Action: 'lambda:CreateFunction', Resource: '*' })).toEqual([]);
  });

  it('counts the partner action on any resource name (the attacker names the new stack)', () => {
    const stack = { Effect: 'Allow', Action: 'cloudformation:CreateStack', Resource: 'arn:aws:cloudformation:*:111122223333:stack/AWSProton-*' } as const;
    expect(ids({ ...passRole, Resource: '*' }, stack)).toEqual(['passrole+cloudformation:CreateStack']);
  });

  it('reports PassRole pinned to named roles as a named path, naming the roles', () => {
    const stack = { Effect: 'Allow', Action: 'cloudformation:CreateStack', Resource: '*' } as const;
    expect(ids(passRole, stack)).toEqual([]);
    expect(named(passRole, stack)).toEqual([['passrole+cloudformation:CreateStack', ['arn:aws:iam::111122223333:role/app-*']]]);
  });

  it('follows an iam:PassedToService gate: only the path of the named service stays open', () => {
    const gated = (service: string): PolicyStatement => ({
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: '*',
      Condition: { StringEquals: { 'iam:PassedToService': service } },
    });
    const compute: PolicyStatement = { Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction', 'ec2:RunInstances'], Resource: '*' };
    expect(ids(gated('lambda.amazonaws.com'), compute)).toEqual(['passrole+lambda:CreateFunction+InvokeFunction']);
    expect(ids(gated('ecs-tasks.amazonaws.com'), compute)).toEqual([]);
  });

  it("reports IAM policy writes on '*'", () => {
    expect(ids({ Effect: 'Allow', Action: ['iam:PutRolePolicy', 'iam:AttachRolePolicy'], Resource: '*' })).toEqual(['iam:AttachRolePolicy', 'iam:PutRolePolicy']);
    expect(ids({ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: 'arn:aws:iam::*:user/*' })).toEqual(['iam:CreateAccessKey']);
  });

  it('reports IAM writes on named resources as named paths; ignores them under a condition or denied', () => {
    expect(ids({ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: 'arn:aws:iam::111122223333:user/alice' })).toEqual([]);
    expect(named({ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: 'arn:aws:iam::111122223333:user/alice' })).toEqual([
      ['iam:CreateAccessKey', ['arn:aws:iam::111122223333:user/alice']],
    ]);
    expect(
      ids({ Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: '*', Condition: { ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' } } }),
    ).toEqual([]);
    expect(ids({ Effect: 'Allow', Action: ['iam:PutRolePolicy'], Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', Resource: '*' })).toEqual([]);
  });

  it("treats the policy's own ARN as self for policy rewrites", () => {
    const arn = 'arn:aws:iam::111122223333:policy/team';
    const d = doc({ Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: arn });
    const scoped = (source: string) => analyzePolicyDocument(d, source).escalations.map((e) => [e.id, e.scope]);
    expect(scoped(`managed:${arn}`)).toEqual([['iam:CreatePolicyVersion', 'all']]);
    expect(scoped('managed:arn:aws:iam::111122223333:policy/other')).toEqual([['iam:CreatePolicyVersion', 'named']]);
  });
});

describe('malformedActions', () => {
  it('reports each impossible action string with its statement', () => {
    const a = analyse(
      { Effect: 'Allow', Action: ['cloudformation:CreateStack', 'cloudformation>DeleteStack', 'DeleteStack'], Resource: '*' },
      { Effect: 'Deny', Action: ['proton>DeleteService', 'cloudfromation:DeleteStack', 's3:Get Object'], Resource: '*' },
      { Effect: 'Allow', NotAction: 'iam:*:*', Resource: '*' },
    );
    expect(a.malformedActions.map((m) => [m.value, `${m.evidence.source}#${m.evidence.index}`])).toEqual([
      ['DeleteStack', 'inline:test#0'],
      ['cloudformation>DeleteStack', 'inline:test#0'],
      ['cloudfromation:DeleteStack', 'inline:test#1'],
      ['iam:*:*', 'inline:test#2'],
      ['proton>DeleteService', 'inline:test#1'],
      ['s3:Get Object', 'inline:test#1'],
    ]);
  });

  it('leaves well-formed names alone, known or not', () => {
    expect(analyse({ Effect: 'Allow', Action: ['s3:GetObject', 'zzqqxxyy:DoThing', 'proton:*', '*'], Resource: '*' }).malformedActions).toEqual([]);
  });
});

describe('allowedActionCount', () => {
  it('counts expanded actions plus unknown names kept literally', () => {
    expect(analyse({ Effect: 'Allow', Action: ['s3:GetObject', 'S3:getobject', 'zzqqxxyy:DoThing'], Resource: 'arn:aws:s3:::b/*' }).allowedActionCount).toBe(2);
    expect(analyse({ Effect: 'Allow', Action: ['cloudformation>DeleteStack', 'cloudfromation:CreateStack'], Resource: '*' }).allowedActionCount).toBe(0);
    expect(analyse(allowAll).allowedActionCount).toBe(iamIndex().size);
    expect(analyse(allowAll, { Effect: 'Deny', Action: '*', Resource: '*' }).allowedActionCount).toBe(0);
    expect(analyse({ Effect: 'Allow', Action: 'zzqqxxyy:DoThing', Resource: '*' }, { Effect: 'Deny', Action: 'zzqqxxyy:*', Resource: '*' }).allowedActionCount).toBe(0);
  });
});

describe('robustness', () => {
  it('tolerates a single statement object, junk entries and unknown effects', () => {
    const junk = { Statement: [null, 'x', { Effect: 'Maybe', Action: '*', Resource: '*' }, { Effect: 'Allow', Action: 'iam:PassRole' }] } as unknown as Parameters<
      typeof analyzePolicyDocument
    >[0];
    const a = analyzePolicyDocument(junk, SRC);
    expect(a.adminEquivalent).toBe(false);
    // A statement with no Resource is read as '*', erring towards reporting.
    expect(a.passRoleOnStar).toBe(true);
    expect(analyzePolicyDocument({ Statement: allowAll }, SRC).adminEquivalent).toBe(true);
    expect(analyzePolicyDocument({} as unknown as Parameters<typeof analyzePolicyDocument>[0], SRC).allowedActionCount).toBe(0);
  });

  it('is deterministic', () => {
    const statements: PolicyStatement[] = [
      { Effect: 'Allow', Action: ['s3:*', 'iam:PassRole', 'lambda:*'], Resource: '*' },
      { Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: '*' },
    ];
    expect(JSON.stringify(analyse(...statements))).toBe(JSON.stringify(analyse(...[...statements])));
  });
});

describe('conditions: one decision table for every verdict', () => {
  const holds = (condition: PolicyStatement['Condition']): boolean =>
    analyse({ Effect: 'Allow', Action: 'codebuild:StartBuild', Resource: '*', Condition: condition }).escalations.some((e) => e.id === 'codebuild:StartBuild');
  it.each([
    ['aws:SecureTransport true', { Bool: { 'aws:SecureTransport': 'true' } }],
    ['a tag the caller writes into its request', { StringEquals: { 'aws:RequestTag/team': 'x' } }],
    ['a service-specific request tag', { 'ForAllValues:StringEquals': { 'codebuild:TagKeys': ['team'] } }],
    ['the principal account (an insider)', { StringEquals: { 'aws:PrincipalAccount': '111122223333' } }],
    ['the organization (an insider)', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } }],
    ['a Bool listing both values', { Bool: { 'aws:MultiFactorAuthPresent': ['true', 'false'] } }],
    ['a like match on "*" of a key every request carries', { StringLike: { 'aws:PrincipalArn': '*' } }],
    ['a like match on "*" with IfExists', { StringLikeIfExists: { 'codebuild:buildspec': '*' } }],
    ['a closed key whose values cover every case', { StringEquals: { 'partnercentral:Catalog': ['AWS', 'Sandbox'] } }],
  ])('%s narrows nothing', (_name, condition) => {
    expect(holds(condition)).toBe(true);
  });
  it.each([
    ['a tag of the existing resource', { StringEquals: { 'aws:ResourceTag/team': 'x' } }],
    ['aws:CalledVia', { 'ForAnyValue:StringEquals': { 'aws:CalledVia': 'cloudformation.amazonaws.com' } }],
    ['MFA (a role session has none)', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }],
    ['a source IP range', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }],
    ['the requested region', { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } }],
    ['aws:SourceAccount (absent from the caller’s own calls)', { StringEquals: { 'aws:SourceAccount': '111122223333' } }],
    ['a closed key with only some of its values', { StringEquals: { 'partnercentral:Catalog': 'Sandbox' } }],
    ['a like match on "*" of a key the request may lack', { StringLike: { 'codebuild:buildspec': '*' } }],
  ])('%s narrows', (_name, condition) => {
    expect(holds(condition)).toBe(false);
  });
});
