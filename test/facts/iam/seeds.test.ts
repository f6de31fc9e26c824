// The customer-created role policies printed in the Proton user guide (seed 000), as a role copied
// from the guide would hold them: the PDF's '>' typos kept, the page-break fragments joined.
import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../../src/model/index.ts';
import { analyzeRolePermissions, loadIamData } from '../../../src/facts/iam/index.ts';
import { byArn, doc, inline, refs, role } from './helpers.ts';

// Loaded at collection time: the describe blocks below analyse while they are being collected.
await loadIamData();

const calledViaCloudFormation = { 'ForAnyValue:StringEquals': { 'aws:CalledVia': ['cloudformation.amazonaws.com'] } };

// seeds/000_78c13fbce100391d.txt:2193-2249 (service role) and 2330-2388 (pipeline role) share this first statement.
const stacks: PolicyStatement = {
  Effect: 'Allow',
  Action: [
    'cloudformation:CancelUpdateStack',
    'cloudformation:ContinueUpdateRollback',
    'cloudformation:CreateChangeSet',
    'cloudformation:CreateStack',
    'cloudformation>DeleteChangeSet',
    'cloudformation>DeleteStack',
    'cloudformation:DescribeChangeSet',
    'cloudformation:DescribeStackDriftDetectionStatus',
    'cloudformation:DescribeStackEvents',
    'cloudformation:DescribeStackResourceDrifts',
    'cloudformation:DescribeStacks',
    'cloudformation:DetectStackResourceDrift',
    'cloudformation:ExecuteChangeSet',
    'cloudformation:ListChangeSets',
    'cloudformation:ListStackResources',
    'cloudformation:UpdateStack',
  ],
  Resource: 'arn:aws:cloudformation:*:123456789012:stack/AWSProton-*',
};

const consoleServiceRole = doc(
  stacks,
  { Effect: 'Allow', NotAction: ['organizations:*', 'account:*'], Resource: '*', Condition: calledViaCloudFormation },
  { Effect: 'Allow', Action: ['organizations:DescribeOrganization', 'account:ListRegions'], Resource: '*', Condition: calledViaCloudFormation },
);

// seeds/000_78c13fbce100391d.txt:2271-2310: the "scoped down" example for S3-only templates.
const scopedDownS3 = doc(stacks, { Effect: 'Allow', Action: ['s3:*'], Resource: '*', Condition: calledViaCloudFormation });

const proton = (name: string, policy: ReturnType<typeof doc>) =>
  analyzeRolePermissions(role(name, { Arn: `arn:aws:iam::123456789012:role/${name}`, RolePolicyList: [inline('proton', policy)] }), byArn());

describe('the guide’s console-created service role policy', () => {
  const a = proton('AWSProtonServiceRole', consoleServiceRole);

  it('flags the PDF typos as malformed actions in the first statement', () => {
    expect(a.malformedActions.map((m) => [m.value, `${m.evidence.source}#${m.evidence.index}`])).toEqual([
      ['cloudformation>DeleteChangeSet', 'inline:proton#0'],
      ['cloudformation>DeleteStack', 'inline:proton#0'],
    ]);
  });

  it('is not admin-equivalent by the strict rule, because aws:CalledVia narrows it, and shows the statement that would be', () => {
    expect(a.adminEquivalent).toBe(false);
    expect(refs(a.conditionalAdminEvidence)).toEqual(['inline:proton#1']);
    expect(a.serviceWildcards).toEqual([]);
    expect(a.passRoleOnStar).toBe(false);
  });

  it('keeps the CloudFormation actions that are spelled right, on AWSProton-* stacks only', () => {
    expect(a.allowedActionCount).toBeGreaterThan(10_000);
    // Updating existing AWSProton-* stacks is its job: a named path, on Proton's own stacks only.
    expect(a.escalations.filter((e) => e.scope === 'all')).toEqual([]);
    expect(a.escalations.every((e) => e.onlyProtonStacks)).toBe(true);
  });
});

describe('the guide’s scoped-down S3 example', () => {
  const a = proton('AWSProtonS3Role', scopedDownS3);

  it('reports no service-wide wildcard: s3:* is gated by aws:CalledVia', () => {
    expect(a.serviceWildcards).toEqual([]);
    expect(a.adminEquivalent).toBe(false);
    expect(a.conditionalAdminEvidence).toEqual([]);
  });

  it('would report s3 without the gate', () => {
    const ungated = proton('AWSProtonS3Role', doc(stacks, { Effect: 'Allow', Action: ['s3:*'], Resource: '*' }));
    expect(ungated.serviceWildcards.map((w) => [w.service, refs(w.evidence)])).toEqual([['s3', ['inline:proton#1']]]);
  });
});
