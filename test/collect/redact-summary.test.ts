import { describe, expect, it } from 'vitest';
import { emptyProtonData } from '../../src/snapshot/empty.ts';
import { redactSnapshot } from '../../src/collect/redact.ts';
import { describeSnapshot } from '../../src/snapshot/summary.ts';
import type { ProtonData, Snapshot } from '../../src/model/index.ts';

const KEY = 'AKIAIOSFODNN7EXAMPLE';
const arn = (kind: string) => `arn:aws:proton:us-east-1:111111111111:${kind}`;

function snapshotWith(proton: Partial<ProtonData>): Snapshot {
  const empty: ProtonData = emptyProtonData();
  return {
    schemaVersion: 1,
    tool: { name: 'proton-audit', version: '0.1.0' },
    collectedAt: '2026-11-01T00:00:01.000Z',
    collection: { source: 'live', startedAt: '2026-11-01T00:00:00.000Z', finishedAt: '2026-11-01T00:00:01.000Z' },
    accounts: [{ accountId: '111111111111', regions: [{ region: 'us-east-1', proton: { ...empty, ...proton }, quotas: [] }] }],
    coverage: [
      { accountId: '111111111111', region: 'us-east-1', service: 'proton', operation: 'ListEnvironments', status: 'ok', calls: 2, failures: 0 },
      {
        accountId: '111111111111',
        region: 'us-east-1',
        service: 'proton',
        operation: 'GetEnvironment',
        status: 'denied',
        calls: 1,
        failures: 1,
        errors: [{ code: 'AccessDeniedException', message: 'no\u001b[31m', count: 1 }],
        failedResources: [arn('environment/prod')],
      },
      { accountId: '111111111111', region: 'global', service: 'iam', operation: 'ListPolicies', status: 'ok', calls: 3, failures: 0 },
    ],
  };
}

const deployed = { templateName: 't', templateMajorVersion: '1', templateMinorVersion: '0', deploymentStatus: 'SUCCEEDED' };

describe('redactSnapshot', () => {
  const input = snapshotWith({
    environments: [{ ...deployed, name: 'prod', arn: arn('environment/prod'), spec: `proton: EnvironmentSpec\nspec:\n  access_key: ${KEY}\n` }],
    services: [
      {
        name: 'api',
        arn: arn('service/api'),
        templateName: 's',
        status: 'ACTIVE',
        spec: 'instances: []',
        pipeline: { ...deployed, arn: arn('service/api/pipeline'), spec: 'pipeline: {}' },
      },
    ],
    components: [{ name: 'c', arn: arn('component/c'), environmentName: 'prod', deploymentStatus: 'SUCCEEDED', serviceSpec: 'x: 1' }],
    environmentTemplateVersions: [{ templateName: 't', majorVersion: '1', minorVersion: '0', status: 'PUBLISHED', arn: arn('environment-template/t:1.0'), schema: 'schema: {}' }],
  });

  it('drops every spec and schema, flags the snapshot, and leaves the input untouched', () => {
    const { snapshot, dropped } = redactSnapshot(input);
    expect(dropped).toBe(5);
    expect(snapshot.collection.redacted).toBe(true);
    const text = JSON.stringify(snapshot);
    expect(text).not.toContain(KEY);
    expect(JSON.stringify(snapshot.accounts)).not.toMatch(/"(spec|serviceSpec|schema)"/);
    // What the scan found stays, as records: the secret rules judge them.
    expect(snapshot.secrets?.found.map((r) => [r.arn, r.kind, r.line])).toEqual([[arn('environment/prod'), 'aws-access-key-id', 3]]);
    expect(snapshot.secrets?.scanned).toHaveLength(5);
    expect(input.accounts[0]?.regions[0]?.proton?.environments[0]?.spec).toContain(KEY);
    expect(input.collection.redacted).toBeUndefined();
  });

  it('reports what the scan found by kind, place and preview, never the value', () => {
    const { secrets } = redactSnapshot(input);
    expect(secrets).toHaveLength(1);
    expect(secrets[0]?.arn).toBe(arn('environment/prod'));
    expect(secrets[0]?.hits[0]).toMatchObject({ kind: 'aws-access-key-id', field: 'spec', line: 3 });
    expect(JSON.stringify(secrets)).not.toContain(KEY);
  });
});

describe('describeSnapshot', () => {
  it('reports resources, gaps (control characters neutralised), calls per service and the sha256', () => {
    const lines = describeSnapshot(snapshotWith({ environments: [{ ...deployed, name: 'prod', arn: arn('environment/prod') }] }), 'abc123');
    expect(lines).toEqual([
      'Account 111111111111: us-east-1',
      'Resources: environments 1',
      'Coverage gaps (1 operation(s)):',
      '  111111111111 us-east-1 proton:GetEnvironment denied (1 resource(s) without detail) AccessDeniedException: no',
      'API calls: iam 3, proton 3 (total 6)',
      'sha256 abc123',
    ]);
  });
});
