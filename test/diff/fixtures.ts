/** A small two-region estate snapshot, and helpers to write results and snapshots to disk. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Snapshot } from '../../src/model/index.ts';
import { canonicalJson } from '../../src/util/canonical-json.ts';

const ACCT = '111122223333';
const P = `arn:aws:proton:us-east-1:${ACCT}`;

export function estate(): Snapshot {
  return {
    schemaVersion: 1,
    tool: { name: 'proton-audit', version: '0.1.0' },
    collectedAt: '2026-10-01T11:00:00.000Z',
    collection: { source: 'live', startedAt: '2026-10-01T10:59:00.000Z', finishedAt: '2026-10-01T11:00:00.000Z' },
    accounts: [
      {
        accountId: ACCT,
        identity: { Account: ACCT, Arn: `arn:aws:sts::${ACCT}:assumed-role/Auditor/ci`, UserId: 'AROAEXAMPLE:ci' },
        iam: {
          roles: [
            {
              Path: '/',
              RoleName: 'proton-env',
              RoleId: 'AROA1',
              Arn: `arn:aws:iam::${ACCT}:role/proton-env`,
              AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'proton.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
              RolePolicyList: [{ PolicyName: 'deploy', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'cloudformation:*', Resource: '*' }] } }],
              AttachedManagedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
              Tags: [{ Key: 'Owner', Value: 'platform' }],
            },
          ],
          policies: [
            {
              PolicyName: 'proton-extra',
              Arn: `arn:aws:iam::${ACCT}:policy/proton-extra`,
              DefaultVersionId: 'v1',
              PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } }],
            },
          ],
          policyEntities: [],
        },
        regions: [
          {
            region: 'us-east-1',
            quotas: [{ name: 'environmentsPerAccount', value: 100, source: 'documented-default' }],
            proton: {
              environmentTemplates: [{ name: 'vpc', arn: `${P}:environment-template/vpc`, recommendedVersion: '2' }],
              environmentTemplateVersions: [],
              serviceTemplates: [],
              serviceTemplateVersions: [],
              environments: [
                { name: 'prod', arn: `${P}:environment/prod`, templateName: 'vpc', templateMajorVersion: '1', templateMinorVersion: '2', deploymentStatus: 'SUCCEEDED' },
                { name: 'dev', arn: `${P}:environment/dev`, templateName: 'vpc', templateMajorVersion: '2', templateMinorVersion: '0', deploymentStatus: 'SUCCEEDED' },
              ],
              services: [
                {
                  name: 'api',
                  arn: `${P}:service/api`,
                  templateName: 'svc',
                  status: 'ACTIVE',
                  pipeline: { arn: `${P}:service/api/pipeline`, templateName: 'svc', templateMajorVersion: '1', templateMinorVersion: '0', deploymentStatus: 'SUCCEEDED' },
                },
              ],
              serviceInstances: [
                { name: 'one', arn: `${P}:service/api/service-instance/one`, serviceName: 'api', environmentName: 'prod', templateName: 'svc', templateMajorVersion: '1', templateMinorVersion: '0', deploymentStatus: 'SUCCEEDED' },
              ],
              components: [],
              environmentAccountConnections: [],
              repositories: [],
            },
            tagging: {
              protonResources: [{ ResourceARN: `${P}:environment/prod`, Tags: [{ Key: 'CostCenter', Value: 'cc-1' }, { Key: 'Owner', Value: 'team-a' }] }],
              provisionedResources: [{ ResourceARN: 'arn:aws:s3:::proton-artifacts', Tags: [{ Key: 'proton:environment', Value: `${P}:environment/prod` }] }],
            },
          },
          { region: 'eu-west-1', quotas: [{ name: 'environmentsPerAccount', value: 100, source: 'documented-default' }] },
        ],
      },
    ],
    coverage: [{ accountId: ACCT, region: 'us-east-1', service: 'proton', operation: 'ListEnvironments', status: 'ok', calls: 1, failures: 0 }],
  };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, canonicalJson(value));
  return path;
}
