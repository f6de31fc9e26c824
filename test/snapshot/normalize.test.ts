import { describe, expect, it } from 'vitest';
import { emptyProtonData } from '../../src/snapshot/empty.ts';
import {
  accountOfArn,
  decodePolicyDocument,
  entitiesFrom,
  gaadPolicyFrom,
  isAwsProtonManagedPolicy,
  mentionsProtonActions,
  policyFromParts,
  roleFrom,
  trustsProton,
} from '../../src/snapshot/normalize/iam.ts';
import { roleNameOfArn } from '../../src/knowledge/roles.ts';
import { sortBy, toPlain, uniqueBy } from '../../src/snapshot/normalize/plain.ts';
import {
  connectionFrom,
  mergeRecord,
  resourcesSummaryFrom,
  serviceTemplateVersionFrom,
  sortProton,
} from '../../src/snapshot/normalize/proton.ts';
import { quotaNameOf, quotasFrom } from '../../src/snapshot/normalize/quotas.ts';
import { isProtonArn, sortTags, taggedResourceFrom, unionByArn } from '../../src/snapshot/normalize/tagging.ts';
import type { Environment, ProtonData } from '../../src/model/index.ts';

const when = new Date('2024-03-01T10:20:30.000Z');

describe('toPlain', () => {
  it.each([
    ['Date → ISO string', when, '2024-03-01T10:20:30.000Z'],
    ['invalid Date dropped', new Date('nope'), undefined],
    ['$metadata and undefined dropped', { $metadata: { httpStatusCode: 200 }, a: 1, b: undefined }, { a: 1 }],
    ['nested dates in arrays', [{ at: when }], [{ at: '2024-03-01T10:20:30.000Z' }]],
    ['non-finite numbers dropped', { n: Number.NaN, m: 2 }, { m: 2 }],
    ['null kept', { a: null }, { a: null }],
  ])('%s', (_name, input, expected) => {
    expect(toPlain(input)).toEqual(expected);
  });
});

describe('sortBy / uniqueBy', () => {
  it('orders by key and breaks ties by content, so equal keys still come out stable', () => {
    expect(sortBy([{ k: 'b', v: 2 }, { k: 'a', v: 9 }, { k: 'b', v: 1 }], (x) => x.k)).toEqual([
      { k: 'a', v: 9 },
      { k: 'b', v: 1 },
      { k: 'b', v: 2 },
    ]);
    expect(uniqueBy([{ k: 'a', v: 1 }, { k: 'a', v: 2 }], (x) => x.k)).toEqual([{ k: 'a', v: 1 }]);
  });
});

describe('Proton records', () => {
  const summary = {
    name: 'prod',
    arn: 'arn:aws:proton:us-east-1:111111111111:environment/prod',
    createdAt: when,
    templateName: 'vpc',
    templateMajorVersion: '1',
    templateMinorVersion: '0',
    deploymentStatus: 'SUCCEEDED',
  };

  it.each([
    ['summary alone when the Get failed', undefined, { spec: undefined, codebuildRoleArn: undefined }],
    ['detail overlays the summary', { ...summary, spec: 'proton: EnvironmentSpec', codebuildRoleArn: 'arn:aws:iam::1:role/cb', $metadata: {} }, { spec: 'proton: EnvironmentSpec', codebuildRoleArn: 'arn:aws:iam::1:role/cb' }],
  ])('%s', (_name, detail, expected) => {
    const env = mergeRecord<Environment>(summary, detail);
    expect(env.createdAt).toBe('2024-03-01T10:20:30.000Z');
    expect(env.spec).toBe(expected.spec);
    expect(env.codebuildRoleArn).toBe(expected.codebuildRoleArn);
    expect(env).not.toHaveProperty('$metadata');
  });

  it('connections carry the side that listed them', () => {
    const c = connectionFrom({ id: 'c1', arn: 'arn:c1' }, { id: 'c1', arn: 'arn:c1', codebuildRoleArn: 'arn:cb' }, 'ENVIRONMENT_ACCOUNT');
    expect(c).toEqual({ id: 'c1', arn: 'arn:c1', codebuildRoleArn: 'arn:cb', requestedBy: 'ENVIRONMENT_ACCOUNT' });
  });

  it('service template versions sort their compatible templates and component sources', () => {
    const v = serviceTemplateVersionFrom(
      { templateName: 'svc', majorVersion: '1', minorVersion: '0', status: 'PUBLISHED', arn: 'arn:v' },
      {
        compatibleEnvironmentTemplates: [
          { templateName: 'vpc', majorVersion: '2' },
          { templateName: 'eks', majorVersion: '1' },
          { templateName: 'vpc', majorVersion: '1' },
        ],
        supportedComponentSources: ['Z', 'DIRECTLY_DEFINED'],
        schema: 'schema: {}',
      },
    );
    expect(v.compatibleEnvironmentTemplates).toEqual([
      { templateName: 'eks', majorVersion: '1' },
      { templateName: 'vpc', majorVersion: '1' },
      { templateName: 'vpc', majorVersion: '2' },
    ]);
    expect(v.supportedComponentSources).toEqual(['DIRECTLY_DEFINED', 'Z']);
    expect(v.schema).toBe('schema: {}');
  });

  it('GetResourcesSummary counts keep the known keys only', () => {
    expect(resourcesSummaryFrom({ environments: { total: 3, failed: 1 }, somethingNew: { total: 1 } })).toEqual({ environments: { total: 3, failed: 1 } });
    expect(resourcesSummaryFrom(undefined)).toBeUndefined();
  });

  it('sortProton orders every list by arn and drops duplicates', () => {
    const empty: ProtonData = emptyProtonData();
    const env = (arn: string): Environment => ({ ...summary, createdAt: undefined, arn }) as unknown as Environment;
    const sorted = sortProton({ ...empty, environments: [env('arn:b'), env('arn:a'), env('arn:b')] });
    expect(sorted.environments.map((e) => e.arn)).toEqual(['arn:a', 'arn:b']);
    expect(sorted).not.toHaveProperty('accountSettings');
  });
});

describe('tags', () => {
  it.each([
    ['arn:aws:proton:us-east-1:1:environment/x', true],
    ['arn:aws-cn:proton:cn-north-1:1:service/x', true],
    ['arn:aws:cloudformation:us-east-1:1:stack/AWSProton-x/1', false],
    ['arn:aws:s3:::proton:bucket', false],
  ])('isProtonArn(%s) = %s', (arn, expected) => {
    expect(isProtonArn(arn)).toBe(expected);
  });

  it('mappings get sorted tags; ARN-less mappings are dropped', () => {
    expect(taggedResourceFrom({ ResourceARN: 'arn:x', Tags: [{ Key: 'b', Value: '2' }, { Key: 'a', Value: undefined }] })).toEqual({
      ResourceARN: 'arn:x',
      Tags: [
        { Key: 'a', Value: '' },
        { Key: 'b', Value: '2' },
      ],
    });
    expect(taggedResourceFrom({ Tags: [] })).toBeUndefined();
    expect(sortTags(undefined)).toEqual([]);
  });

  it('union by ARN keeps the first and sorts', () => {
    const a = { ResourceARN: 'arn:a', Tags: [{ Key: 'proton:environment', Value: 'e' }] };
    const a2 = { ResourceARN: 'arn:a', Tags: [] };
    const b = { ResourceARN: 'arn:b', Tags: [] };
    expect(unionByArn([[b, a], [a2]])).toEqual([a, b]);
  });
});

describe('quotas', () => {
  it.each([
    ['Environments per account', 'environmentsPerAccount'],
    ['Maximum number of environments per account', 'environmentsPerAccount'],
    ['Services per account', 'servicesPerAccount'],
    ['Service instances per service', 'instancesPerService'],
    ['Maximum size of spec service.yaml file', 'specSizeBytes'],
    ['Customer managed tags per resource', 'customerTagsPerResource'],
    ['Environment templates per account', undefined],
    ['Service templates per account', undefined],
    ['Environment account connections per account', undefined],
  ])('%s → %s', (name, expected) => {
    expect(quotaNameOf(name)).toBe(expected);
  });

  it('answered quotas win, the rest are documented defaults, sizes in bytes', () => {
    const q = quotasFrom([
      { QuotaName: 'Environments per account', QuotaCode: 'L-1', Value: 250 },
      { QuotaName: 'Maximum size of spec file', QuotaCode: 'L-2', Value: 200, Unit: 'Kilobytes' },
      { QuotaName: 'Something else', QuotaCode: 'L-3', Value: 5 },
    ]);
    expect(q).toEqual([
      { name: 'customerTagsPerResource', value: 50, source: 'documented-default' },
      { name: 'environmentsPerAccount', value: 250, source: 'service-quotas', quotaCode: 'L-1' },
      { name: 'instancesPerService', value: 100, source: 'documented-default' },
      { name: 'servicesPerAccount', value: 1000, source: 'documented-default' },
      { name: 'specSizeBytes', value: 204800, source: 'service-quotas', quotaCode: 'L-2' },
    ]);
    expect(quotasFrom(undefined).every((x) => x.source === 'documented-default')).toBe(true);
  });
});

describe('IAM documents', () => {
  const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com', 'proton.amazonaws.com'] }, Action: 'sts:AssumeRole' }] };
  const encoded = encodeURIComponent(JSON.stringify(doc));

  it.each([
    ['URL-encoded (as IAM sends it)', encoded, doc],
    ['plain JSON (as some servers send it)', JSON.stringify(doc), doc],
    ['an object (as the AWS CLI prints it)', doc, doc],
    ['a literal % in plain JSON survives', JSON.stringify({ Statement: { Effect: 'Allow', Resource: 'arn:x:100%' } }), { Statement: { Effect: 'Allow', Resource: 'arn:x:100%' } }],
    ['not JSON', '%7Bbroken', undefined],
    ['JSON without Statement', encodeURIComponent('{"Version":"2012-10-17"}'), undefined],
    ['empty', '', undefined],
  ])('decodePolicyDocument: %s', (_name, text, expected) => {
    expect(decodePolicyDocument(text)).toEqual(expected);
  });

  it.each([
    ['service list naming Proton', doc, true],
    ['single service string', { Statement: { Effect: 'Allow', Principal: { Service: 'proton.amazonaws.com' } } }, true],
    ['Deny does not count', { Statement: { Effect: 'Deny', Principal: { Service: 'proton.amazonaws.com' } } }, false],
    ['other service', { Statement: [{ Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' } }] }, false],
    ['wildcard principal', { Statement: [{ Effect: 'Allow', Principal: '*' }] }, false],
  ])('trustsProton: %s', (_name, d, expected) => {
    expect(trustsProton(d as never)).toBe(expected);
  });

  it.each([
    [{ Statement: { Effect: 'Allow', Action: 'Proton:ListEnvironments', Resource: '*' } }, true],
    [{ Statement: [{ Effect: 'Allow', NotAction: ['proton:*'], Resource: '*' }] }, true],
    [{ Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }] }, false],
  ])('mentionsProtonActions %#', (d, expected) => {
    expect(mentionsProtonActions(d as never)).toBe(expected);
  });

  it('roleFrom decodes documents, sorts lists, drops instance profiles and reports bad documents', () => {
    const { value, problems } = roleFrom({
      Path: '/',
      RoleName: 'r',
      RoleId: 'AROA1',
      Arn: 'arn:aws:iam::111111111111:role/r',
      CreateDate: when,
      AssumeRolePolicyDocument: encoded,
      RolePolicyList: [
        { PolicyName: 'z', PolicyDocument: encodeURIComponent('{"Statement":[]}') },
        { PolicyName: 'bad', PolicyDocument: 'nope' },
        { PolicyName: 'a', PolicyDocument: encodeURIComponent('{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}') },
      ],
      AttachedManagedPolicies: [
        { PolicyName: 'B', PolicyArn: 'arn:aws:iam::aws:policy/B' },
        { PolicyName: 'A', PolicyArn: 'arn:aws:iam::aws:policy/A' },
      ],
      Tags: [{ Key: 'z', Value: '1' }, { Key: 'a', Value: '2' }],
      InstanceProfileList: [{ Roles: [] }],
      RoleLastUsed: { LastUsedDate: when, Region: 'us-east-1' },
    } as never);
    expect(problems).toEqual(['inline policy bad: document does not decode to a policy']);
    expect(value.AssumeRolePolicyDocument).toEqual(doc);
    expect(value.RolePolicyList.map((p) => p.PolicyName)).toEqual(['a', 'z']);
    expect(value.AttachedManagedPolicies.map((p) => p.PolicyName)).toEqual(['A', 'B']);
    expect(value.Tags.map((t) => t.Key)).toEqual(['a', 'z']);
    expect(value.RoleLastUsed).toEqual({ LastUsedDate: '2024-03-01T10:20:30.000Z', Region: 'us-east-1' });
    expect(value.CreateDate).toBe('2024-03-01T10:20:30.000Z');
    expect(value).not.toHaveProperty('InstanceProfileList');
  });

  it('gaadPolicyFrom keeps only the default version', () => {
    const { value, problems } = gaadPolicyFrom({
      PolicyName: 'ProtonCopy',
      Arn: 'arn:aws:iam::111111111111:policy/ProtonCopy',
      DefaultVersionId: 'v2',
      PolicyVersionList: [
        { VersionId: 'v1', IsDefaultVersion: false, Document: encodeURIComponent('{"Statement":[]}') },
        { VersionId: 'v2', IsDefaultVersion: true, CreateDate: when, Document: encodeURIComponent('{"Statement":[{"Effect":"Allow","Action":"proton:*","Resource":"*"}]}') },
      ],
    } as never);
    expect(problems).toEqual([]);
    expect(value.PolicyVersionList).toEqual([
      { VersionId: 'v2', IsDefaultVersion: true, CreateDate: '2024-03-01T10:20:30.000Z', Document: { Statement: [{ Effect: 'Allow', Action: 'proton:*', Resource: '*' }] } },
    ]);
  });

  it('a policy whose document cannot be read has no versions and says why', () => {
    const { value, problems } = policyFromParts({ PolicyName: 'P', Arn: 'arn:p' }, { VersionId: 'v1', Document: 'garbage' });
    expect(value.PolicyVersionList).toEqual([]);
    expect(problems).toEqual(['version v1: document does not decode to a policy']);
    expect(policyFromParts({ PolicyName: 'P', Arn: 'arn:p' }, undefined)).toEqual({ value: { PolicyName: 'P', Arn: 'arn:p', PolicyVersionList: [] }, problems: [] });
  });

  it('entitiesFrom joins pages and sorts by name', () => {
    expect(
      entitiesFrom('arn:p', [
        { PolicyRoles: [{ RoleName: 'b', RoleId: '2' }], PolicyUsers: [] },
        { PolicyRoles: [{ RoleName: 'a', RoleId: '1' }], PolicyGroups: [{ GroupName: 'g' }] },
      ]),
    ).toEqual({ PolicyArn: 'arn:p', PolicyGroups: [{ GroupName: 'g' }], PolicyUsers: [], PolicyRoles: [{ RoleName: 'a', RoleId: '1' }, { RoleName: 'b', RoleId: '2' }] });
  });

  it.each([
    ['AWSProtonFullAccess', true],
    ['AwsProtonServiceGitSyncServiceRolePolicy', true],
    ['MyProtonCopy', false],
    ['AdministratorAccess', false],
  ])('isAwsProtonManagedPolicy(%s) = %s', (name, expected) => {
    expect(isAwsProtonManagedPolicy(name)).toBe(expected);
  });

  it.each([
    ['arn:aws:iam::111111111111:role/service-role/r', '111111111111', 'r'],
    ['arn:aws:iam::aws:policy/AWSProtonFullAccess', undefined, undefined],
    ['not an arn', undefined, undefined],
  ])('accountOfArn / roleNameOfArn (%s)', (arn, account, name) => {
    expect(accountOfArn(arn)).toBe(account);
    expect(roleNameOfArn(arn)).toBe(name);
  });
});
