import { describe, expect, it } from 'vitest';
import { cliName, regionOfArn } from '../../src/import/build.ts';
import { detect } from '../../src/import/detect.ts';
import { decodeText } from '../../src/import/read.ts';
import { locateJsonError } from '../../src/util/json-position.ts';
import { isoOf, normalizeTimestamps } from '../../src/import/timestamps.ts';

const arn = (rest: string) => `arn:aws:proton:eu-west-1:111111111111:${rest}`;

describe('detect', () => {
  it.each([
    ['list-environments.json', { environments: [{ arn: arn('environment/a'), name: 'a' }] }, 'proton-list', 'environments'],
    ['x.json', { templates: [{ arn: arn('service-template/web'), name: 'web' }] }, 'proton-list', 'serviceTemplates'],
    ['x.json', { templateVersions: [{ arn: arn('environment-template/vpc:1.0') }] }, 'proton-list', 'environmentTemplateVersions'],
    ['list-service-template-versions-web.json', { templateVersions: [] }, 'proton-list', 'serviceTemplateVersions'],
    ['list-environment-templates.json', { templates: [] }, 'proton-list', 'environmentTemplates'],
    ['get.json', { serviceInstance: { arn: arn('service/s/service-instance/i'), name: 'i' } }, 'proton-get', 'serviceInstances'],
    ['get.json', { environmentAccountConnection: { arn: arn('environment-account-connection/x'), id: 'x' } }, 'proton-get', 'environmentAccountConnections'],
    ['s.json', { accountSettings: {} }, 'account-settings', undefined],
    ['c.json', { counts: { environments: { total: 1 } } }, 'resources-summary', undefined],
    ['gaad.json', { RoleDetailList: [], Policies: [] }, 'iam', undefined],
    ['gaad-policies.json', { Policies: [{ Arn: 'arn:aws:iam::1:policy/p', PolicyVersionList: [] }] }, 'iam', undefined],
    ['tags.json', { ResourceTagMappingList: [{ ResourceARN: 'arn:x', Tags: [] }] }, 'tags', undefined],
    ['who.json', { Account: '111111111111', Arn: 'arn:aws:iam::111111111111:user/me', UserId: 'AIDA' }, 'identity', undefined],
    ['q.json', { Quotas: [{ ServiceCode: 'proton', QuotaCode: 'L-1', Value: 1 }] }, 'quotas', undefined],
    ['describe-stacks.json', { Stacks: [{ StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/AWSProton-a/1', StackName: 'AWSProton-a', StackStatus: 'CREATE_COMPLETE' }] }, 'stacks', undefined],
    ['batch-get-projects.json', { projects: [{ name: 'AWSProton-a', arn: 'arn:aws:codebuild:eu-west-1:111111111111:project/AWSProton-a' }], projectsNotFound: [] }, 'codebuild-projects', undefined],
  ])('%s %j → %s', (file, value, kind, type) => {
    const d = detect(file, value);
    expect(d.kind).toBe(kind);
    if (type) expect('spec' in d ? d.spec.type : undefined).toBe(type);
  });

  it.each([
    [[1, 2], 'not a JSON object (AWS CLI outputs are objects)'],
    [{ environments: [{ name: 'no-arn' }] }, 'environments: item 0 has no arn'],
    [{ Quotas: [{ ServiceCode: 'ec2', QuotaCode: 'L-1', Value: 1 }] }, 'Service Quotas for ec2, not proton'],
    [{ tags: [] }, 'aws proton list-tags-for-resource: export aws resourcegroupstaggingapi get-resources instead'],
    [{ templates: [] }, expect.stringMatching(/^an empty template list/)],
    [{ StackSummaries: [] }, 'aws cloudformation list-stacks has no role, outputs or tags: export aws cloudformation describe-stacks instead'],
    [{ projects: ['AWSProton-a'] }, 'aws codebuild list-projects holds names only: export aws codebuild batch-get-projects --names <the AWSProton-* names> instead'],
    [{ Stacks: [{ StackName: 'no-id' }] }, 'Stacks: item 0 has no StackId or StackName'],
  ])('unused: %j', (value, reason) => {
    expect(detect('x.json', value)).toEqual({ kind: 'unused', reason });
  });
});

describe('timestamps', () => {
  it.each([
    [1768471200, '2026-01-15T10:00:00.000Z'],
    [1768471200.5, '2026-01-15T10:00:00.500Z'],
    ['1768471200', '2026-01-15T10:00:00.000Z'],
    ['2026-01-15T10:00:00+00:00', '2026-01-15T10:00:00.000Z'],
    ['2026-01-15T12:00:00.123000+02:00', '2026-01-15T10:00:00.123Z'],
    ['not a date', undefined],
  ])('isoOf(%j) = %s', (input, expected) => {
    expect(isoOf(input)).toBe(expected);
  });

  it('normalises known timestamp fields at any depth and leaves everything else', () => {
    expect(
      normalizeTimestamps({ createdAt: 1768471200, name: '1768471200', pipeline: { lastDeploymentAttemptedAt: '2026-01-15T10:00:00Z' }, RoleLastUsed: { LastUsedDate: 'garbage' } }),
    ).toEqual({ createdAt: '2026-01-15T10:00:00.000Z', name: '1768471200', pipeline: { lastDeploymentAttemptedAt: '2026-01-15T10:00:00.000Z' }, RoleLastUsed: { LastUsedDate: 'garbage' } });
  });
});

describe('helpers', () => {
  it.each([
    [Buffer.from('\ufeff{"a":1}', 'utf8'), '{"a":1}'],
    [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":1}', 'utf16le')]), '{"a":1}'],
    [Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('{"a":1}', 'utf16le').swap16()]), '{"a":1}'],
  ])('decodeText %#', (bytes, text) => {
    expect(decodeText(bytes)).toBe(text);
  });

  it('names commands and reads regions from ARNs', () => {
    expect(cliName('ListEnvironmentTemplateVersions')).toBe('list-environment-template-versions');
    expect(regionOfArn(arn('environment/a'))).toBe('eu-west-1');
    expect(regionOfArn('arn:aws:s3:::bucket')).toBeUndefined();
  });
});

describe('locateJsonError', () => {
  it.each([
    ['{"environments": [}', 'line 1, column 19'],
    ['{\n  "a": 1,\n  "b": tru\n}', 'line 3, column 11'],
    ['{\n  "a": [1, 2,]\n}', 'line 2, column 14'],
    ['{"a": 1} trailing', 'line 1, column 10'],
    ['{"a": 1}', undefined],
  ])('%j → %s', (text, location) => {
    expect(locateJsonError(text)).toBe(location);
  });
});
