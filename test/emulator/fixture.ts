/**
 * A small estate that exercises the emulator: three accounts (one unassumable, one with a deny
 * list), three regions (one without Proton), enough records to page through, and helpers to
 * reach a running emulator with the real SDK clients.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { ProtonClient } from '@aws-sdk/client-proton';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { STSClient } from '@aws-sdk/client-sts';
import type { Estate } from '../../src/emulator/index.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const A = '111111111111';
export const B = '222222222222';
export const C = '333333333333';

const arn = (region: string, account: string, resource: string) => `arn:aws:proton:${region}:${account}:${resource}`;
const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'proton.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

export function testEstate(): Estate {
  const r = 'us-east-1';
  return {
    estateVersion: 1,
    accounts: [
      {
        accountId: A,
        name: 'alpha',
        email: 'alpha@example.com',
        iam: {
          RoleDetailList: [
            {
              RoleName: 'EnvRole',
              CreateDate: '2025-01-01T00:00:00Z',
              AssumeRolePolicyDocument: trust,
              RolePolicyList: [
                { PolicyName: 'inline-a', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } },
                { PolicyName: 'inline-b', PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}' },
                { PolicyName: 'inline-c', PolicyDocument: encodeURIComponent('{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}') },
              ],
              AttachedManagedPolicies: [
                { PolicyName: 'AWSProtonFullAccess', PolicyArn: 'arn:aws:iam::aws:policy/AWSProtonFullAccess' },
                { PolicyName: 'Scoped', PolicyArn: `arn:aws:iam::${A}:policy/Scoped` },
                { PolicyName: 'Teams', PolicyArn: `arn:aws:iam::${A}:policy/teams/Teams` },
              ],
              Tags: [
                { Key: 'Owner', Value: 'team-a' },
                { Key: 'CostCenter', Value: 'CC-1' },
                { Key: 'App', Value: 'proton' },
              ],
              RoleLastUsed: { LastUsedDate: '2026-11-01T00:00:00Z', Region: r },
            },
            { RoleName: 'PipelineRole', Path: '/proton/', CreateDate: '2025-01-02T00:00:00Z', AssumeRolePolicyDocument: trust, AttachedManagedPolicies: [{ PolicyArn: `arn:aws:iam::${A}:policy/Scoped` }] },
            { RoleName: 'OtherRole', CreateDate: '2025-01-03T00:00:00Z', AssumeRolePolicyDocument: trust, PermissionsBoundary: { PermissionsBoundaryArn: `arn:aws:iam::${A}:policy/Scoped` } },
          ],
          Policies: [
            {
              PolicyName: 'AWSProtonFullAccess',
              Arn: 'arn:aws:iam::aws:policy/AWSProtonFullAccess',
              PolicyVersionList: [
                { VersionId: 'v1', IsDefaultVersion: false, Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'proton:Get*', Resource: '*' }] } },
                { VersionId: 'v2', IsDefaultVersion: true, Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'proton:*', Resource: '*' }] } },
              ],
            },
            { PolicyName: 'AWSProtonReadOnlyAccess', Arn: 'arn:aws:iam::aws:policy/AWSProtonReadOnlyAccess', PolicyVersionList: [{ Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'proton:List*', Resource: '*' }] } }] },
            { PolicyName: 'Scoped', Description: 'scoped', PolicyVersionList: [{ Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'cloudformation:*', Resource: '*' }] } }] },
            { PolicyName: 'Teams', Path: '/teams/', PolicyVersionList: [{ Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecs:*', Resource: '*' }] } }] },
            { PolicyName: 'Unused', PolicyVersionList: [{ Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }] } }] },
          ],
          UserDetailList: [
            { UserName: 'alice', GroupList: ['admins'], AttachedManagedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/AWSProtonFullAccess' }] },
            { UserName: 'bob', GroupList: [], AttachedManagedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/AWSProtonFullAccess' }] },
          ],
          GroupDetailList: [{ GroupName: 'admins', AttachedManagedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/AWSProtonFullAccess' }] }],
        },
        regions: [
          {
            region: r,
            proton: {
              accountSettings: { pipelineServiceRoleArn: `arn:aws:iam::${A}:role/proton/PipelineRole`, pipelineProvisioningRepository: { provider: 'GITHUB', name: 'acme/pipelines', branch: 'main' } },
              environmentTemplates: [
                { name: 'net', recommendedVersion: '2', encryptionKey: `arn:aws:kms:${r}:${A}:key/abc`, createdAt: '2025-01-01T00:00:00Z', lastModifiedAt: '2025-06-01T00:00:00Z' },
                { name: 'ecs', recommendedVersion: '1', createdAt: '2025-01-01T00:00:00Z', lastModifiedAt: '2025-06-01T00:00:00Z' },
                { name: 'draft-only', createdAt: '2025-01-01T00:00:00Z', lastModifiedAt: '2025-06-01T00:00:00Z' },
              ],
              environmentTemplateVersions: [
                { templateName: 'net', majorVersion: '1', minorVersion: '0', status: 'PUBLISHED', recommendedMinorVersion: '1', schema: 'schema: {}' },
                { templateName: 'net', majorVersion: '1', minorVersion: '1', status: 'PUBLISHED', recommendedMinorVersion: '1', schema: 'schema: {}' },
                { templateName: 'net', majorVersion: '2', minorVersion: '0', status: 'PUBLISHED', schema: 'schema: {}' },
                { templateName: 'net', majorVersion: '2', minorVersion: '1', status: 'PUBLISHED', schema: 'schema: {}' },
                { templateName: 'net', majorVersion: '2', minorVersion: '2', status: 'DRAFT', schema: 'schema: {}' },
                { templateName: 'ecs', majorVersion: '1', minorVersion: '0', status: 'PUBLISHED' },
                { templateName: 'draft-only', majorVersion: '1', minorVersion: '0', status: 'DRAFT' },
              ],
              serviceTemplates: [
                { name: 'web', recommendedVersion: '1', createdAt: '2025-01-01T00:00:00Z', lastModifiedAt: '2025-06-01T00:00:00Z' },
                { name: 'site', recommendedVersion: '1', pipelineProvisioning: 'CUSTOMER_MANAGED', createdAt: '2025-01-01T00:00:00Z', lastModifiedAt: '2025-06-01T00:00:00Z' },
              ],
              serviceTemplateVersions: [
                { templateName: 'web', majorVersion: '1', minorVersion: '0', status: 'PUBLISHED', compatibleEnvironmentTemplates: [{ templateName: 'net', majorVersion: '2' }], schema: 'schema: {}', supportedComponentSources: ['DIRECTLY_DEFINED'] },
                { templateName: 'web', majorVersion: '1', minorVersion: '1', status: 'PUBLISHED', compatibleEnvironmentTemplates: [{ templateName: 'net', majorVersion: '2' }] },
                { templateName: 'web', majorVersion: '1', minorVersion: '2', status: 'REGISTRATION_FAILED', compatibleEnvironmentTemplates: [{ templateName: 'net', majorVersion: '2' }] },
                { templateName: 'site', majorVersion: '1', minorVersion: '0', status: 'PUBLISHED', compatibleEnvironmentTemplates: [{ templateName: 'net', majorVersion: '1' }] },
              ],
              environments: [
                env('dev', 'net', '2', '1', 'SUCCEEDED', r),
                env('staging', 'net', '2', '0', 'SUCCEEDED', r),
                env('prod', 'net', '1', '1', 'FAILED', r),
                env('ops', 'ecs', '1', '0', 'DELETE_FAILED', r),
                { ...env('edge', 'net', '2', '1', 'SUCCEEDED', r), provisioningRepository: { provider: 'GITHUB', name: 'acme/infra', branch: 'main' }, codebuildRoleArn: `arn:aws:iam::${A}:role/EnvRole` },
              ],
              services: [
                service('api', 'web', { templateName: 'web', templateMajorVersion: '1', templateMinorVersion: '0', deploymentStatus: 'FAILED' }),
                service('worker', 'web', { templateName: 'web', templateMajorVersion: '1', templateMinorVersion: '1', deploymentStatus: 'SUCCEEDED' }),
                service('site', 'site'),
                { ...service('broken', 'web'), status: 'CREATE_FAILED' },
              ],
              serviceInstances: [
                instance('api', 'dev-1', 'dev', '1', '1', 'SUCCEEDED', '2026-01-05T00:00:00Z'),
                instance('api', 'staging-1', 'staging', '1', '0', 'FAILED', '2026-01-04T00:00:00Z'),
                instance('api', 'prod-1', 'prod', '1', '1', 'DELETE_FAILED', '2026-01-03T00:00:00Z'),
                instance('worker', 'dev-1', 'dev', '1', '1', 'SUCCEEDED', '2026-01-02T00:00:00Z'),
                instance('worker', 'prod-1', 'prod', '1', '1', 'IN_PROGRESS', '2026-01-01T00:00:00Z'),
                instance('site', 'dev-1', 'dev', '1', '0', 'SUCCEEDED', '2026-01-06T00:00:00Z', 'site'),
                instance('site', 'prod-1', 'prod', '1', '0', 'SUCCEEDED', '2026-01-07T00:00:00Z', 'site'),
              ],
              components: [
                { name: 'cache', environmentName: 'prod', serviceName: 'api', serviceInstanceName: 'prod-1', deploymentStatus: 'FAILED', description: 'cache', serviceSpec: 'a: 1', createdAt: '2026-01-01T00:00:00Z', lastModifiedAt: '2026-01-01T00:00:00Z' },
                { name: 'flags', environmentName: 'dev', serviceName: 'api', serviceInstanceName: 'dev-1', deploymentStatus: 'SUCCEEDED', createdAt: '2026-01-01T00:00:00Z', lastModifiedAt: '2026-01-01T00:00:00Z' },
                { name: 'dns', environmentName: 'prod', deploymentStatus: 'SUCCEEDED', createdAt: '2026-01-01T00:00:00Z', lastModifiedAt: '2026-01-01T00:00:00Z' },
              ],
              environmentAccountConnections: [
                { id: '00000000-0000-4000-8000-000000000001', managementAccountId: A, environmentAccountId: B, roleArn: `arn:aws:iam::${B}:role/Env`, environmentName: 'prod', status: 'CONNECTED', codebuildRoleArn: `arn:aws:iam::${B}:role/Build` },
                { id: '00000000-0000-4000-8000-000000000002', managementAccountId: A, environmentAccountId: '444444444444', roleArn: 'arn:aws:iam::444444444444:role/Env', environmentName: 'staging', status: 'PENDING' },
                { id: '00000000-0000-4000-8000-000000000003', managementAccountId: A, environmentAccountId: '555555555555', roleArn: 'arn:aws:iam::555555555555:role/Env', environmentName: 'dev', status: 'REJECTED' },
                { id: '00000000-0000-4000-8000-000000000004', managementAccountId: B, environmentAccountId: A, roleArn: `arn:aws:iam::${A}:role/EnvRole`, environmentName: 'b-env', status: 'CONNECTED' },
              ],
              repositories: [
                { provider: 'GITHUB', name: 'acme/templates', connectionArn: `arn:aws:codestar-connections:${r}:${A}:connection/1`, encryptionKey: `arn:aws:kms:${r}:${A}:key/abc` },
                { provider: 'BITBUCKET', name: 'acme/pipelines', connectionArn: `arn:aws:codestar-connections:${r}:${A}:connection/2` },
                { provider: 'GITHUB_ENTERPRISE', name: 'acme/infra', connectionArn: `arn:aws:codestar-connections:${r}:${A}:connection/3` },
              ],
            },
            tags: {
              [arn(r, A, 'environment/dev')]: { Owner: 'team-a', App: 'net', 'aws:proton:environment': arn(r, A, 'environment/dev') },
              [arn(r, A, 'environment/prod')]: { Owner: 'team-a', App: 'net' },
              [arn(r, A, 'environment/staging')]: { Owner: 'team-b' },
              [arn(r, A, 'service/api')]: { Owner: 'team-a', CostCenter: 'CC-1', App: 'api', Environment: 'all', DataClassification: 'internal' },
              [arn(r, A, 'service/api/service-instance/dev-1')]: { Owner: 'team-a' },
              [arn(r, A, 'environment-template/net')]: { Owner: 'platform' },
              [arn(r, A, 'service-template/web:1.0')]: { Owner: 'platform' },
              [arn(r, A, 'environment/ops')]: {},
              [`arn:aws:cloudformation:${r}:${A}:stack/AWSProton-dev-cloudformation-1/abc`]: { 'proton:environment': arn(r, A, 'environment/dev'), Owner: 'team-a' },
              [`arn:aws:s3:::bucket-${A}`]: { 'proton:account': A },
              [`arn:aws:ecs:${r}:${A}:service/cluster/api`]: { 'proton:service': arn(r, A, 'service/api'), Owner: 'team-a' },
            },
            serviceQuotas: [
              { QuotaCode: 'L-0001', QuotaName: 'Environments per account', Value: 100 },
              { QuotaCode: 'L-0002', QuotaName: 'Services per account', Value: 1000 },
              { QuotaCode: 'L-0003', QuotaName: 'Service instances per service', Value: 100 },
            ],
          },
          {
            region: 'us-west-2',
            protonAvailable: false,
            tags: { [`arn:aws:s3:::west-bucket-${A}`]: { 'proton:account': A } },
          },
          {
            region: 'eu-west-1',
            proton: {
              environmentTemplates: [{ name: 'eu-net' }],
              environmentTemplateVersions: [{ templateName: 'eu-net', majorVersion: '1', minorVersion: '0', status: 'PUBLISHED' }],
              environments: [{ name: 'eu-dev', templateName: 'eu-net', templateMajorVersion: '1', templateMinorVersion: '0', deploymentStatus: 'SUCCEEDED' }],
            },
          },
        ],
      },
      {
        accountId: B,
        name: 'beta',
        deny: ['proton:ListComponents', 'iam:GetRole', 'tag:*'],
        iam: { RoleDetailList: [{ RoleName: 'BetaRole', AssumeRolePolicyDocument: trust }] },
        regions: [
          {
            region: r,
            proton: {
              environmentTemplates: [{ name: 'b-net' }],
              environmentTemplateVersions: [{ templateName: 'b-net', majorVersion: '1', minorVersion: '0', status: 'PUBLISHED' }],
              environments: [{ name: 'b-env', templateName: 'b-net', templateMajorVersion: '1', templateMinorVersion: '0', deploymentStatus: 'SUCCEEDED' }],
            },
            tags: { [arn(r, B, 'environment/b-env')]: { Owner: 'team-b' } },
          },
        ],
      },
      { accountId: C, name: 'gamma', assumable: false, regions: [{ region: r }] },
    ],
    organization: { managementAccountId: A },
  };
}

function env(name: string, templateName: string, major: string, minor: string, status: string, region: string) {
  return {
    name,
    templateName,
    templateMajorVersion: major,
    templateMinorVersion: minor,
    deploymentStatus: status,
    spec: `proton: EnvironmentSpec\nname: ${name}`,
    protonServiceRoleArn: `arn:aws:iam::${A}:role/EnvRole`,
    createdAt: '2025-02-01T00:00:00Z',
    lastDeploymentAttemptedAt: '2026-11-01T00:00:00Z',
    lastDeploymentSucceededAt: '2026-10-01T00:00:00Z',
    description: `${name} in ${region}`,
  };
}

function service(name: string, templateName: string, pipeline?: { templateName: string; templateMajorVersion: string; templateMinorVersion: string; deploymentStatus: string }) {
  return {
    name,
    templateName,
    status: 'ACTIVE',
    spec: `proton: ServiceSpec\nname: ${name}`,
    createdAt: '2025-03-01T00:00:00Z',
    lastModifiedAt: '2025-04-01T00:00:00Z',
    ...(pipeline ? { pipeline: { ...pipeline, spec: 'pipeline: {}', createdAt: '2025-03-01T00:00:00Z', lastDeploymentAttemptedAt: '2025-03-01T00:00:00Z', lastDeploymentSucceededAt: '2025-03-01T00:00:00Z' }, repositoryConnectionArn: `arn:aws:codestar-connections:us-east-1:${A}:connection/1`, repositoryId: `acme/${name}`, branchName: 'main' } : {}),
  };
}

function instance(serviceName: string, name: string, environmentName: string, major: string, minor: string, status: string, createdAt: string, templateName = 'web') {
  return {
    name,
    serviceName,
    environmentName,
    templateName,
    templateMajorVersion: major,
    templateMinorVersion: minor,
    deploymentStatus: status,
    spec: `instance: ${name}`,
    lastClientRequestToken: 'token',
    createdAt,
    lastDeploymentAttemptedAt: createdAt,
    lastDeploymentSucceededAt: createdAt,
  };
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const DEFAULT_CREDS: Credentials = { accessKeyId: 'AKIDTESTEMULATOR', secretAccessKey: 'secret' };

function config(url: string, region: string, credentials: Credentials, maxAttempts: number) {
  return { region, endpoint: url, credentials, maxAttempts };
}

export function clients(url: string, opts: { region?: string; credentials?: Credentials; maxAttempts?: number } = {}) {
  const c = config(url, opts.region ?? 'us-east-1', opts.credentials ?? DEFAULT_CREDS, opts.maxAttempts ?? 1);
  return {
    proton: new ProtonClient(c),
    iam: new IAMClient(c),
    sts: new STSClient(c),
    tagging: new ResourceGroupsTaggingAPIClient(c),
    quotas: new ServiceQuotasClient(c),
    organizations: new OrganizationsClient(c),
  };
}

/** Collects every item of every page. */
export async function drain<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[] | undefined): Promise<{ items: T[]; pages: number }> {
  const out: T[] = [];
  let count = 0;
  for await (const page of pages) {
    count++;
    out.push(...(items(page) ?? []));
  }
  return { items: out, pages: count };
}

/** A raw request to the emulator, signed only as far as the credential scope goes. */
export async function raw(
  url: string,
  opts: { target?: string; body: string; service?: string; region?: string; accessKeyId?: string; contentType?: string },
): Promise<{ status: number; headers: Headers; text: string }> {
  const headers: Record<string, string> = {
    'content-type': opts.contentType ?? (opts.target ? 'application/x-amz-json-1.0' : 'application/x-www-form-urlencoded'),
    authorization: `AWS4-HMAC-SHA256 Credential=${opts.accessKeyId ?? 'AKIDRAW'}/20261123/${opts.region ?? 'us-east-1'}/${opts.service ?? 'proton'}/aws4_request, SignedHeaders=host, Signature=0`,
  };
  if (opts.target) headers['x-amz-target'] = opts.target;
  const res = await fetch(url, { method: 'POST', headers, body: opts.body });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

export const protonCall = (url: string, op: string, input: unknown, extra: { region?: string; accessKeyId?: string } = {}) =>
  raw(url, { target: `AwsProton20200720.${op}`, body: JSON.stringify(input), ...extra });

export const queryCall = (url: string, service: 'iam' | 'sts', params: Record<string, string>, extra: { accessKeyId?: string } = {}) =>
  raw(url, {
    service,
    body: new URLSearchParams({ Version: service === 'iam' ? '2010-05-08' : '2011-06-15', ...params }).toString(),
    ...extra,
  });
