/**
 * PA-IAM-013: every IAM role a Proton resource names still exists. Roles are global and may live
 * in another account of the snapshot, so the rule gathers the references of one account+region
 * and looks each role up in the IAM data of the account that owns it, where that was collected.
 */
import { defineRule, parseRoleArn, rolesNamedBy, type AnyResourceView, type ResourceViewOf, type RuleVerdict } from '../../../src/rule-api/index.ts';

interface Reference {
  roleArn: string;
  /** The Proton resource and the field that names the role. */
  by: string;
  field: string;
}

const GONE = /^DELETE_(COMPLETE|IN_PROGRESS)$/;

function references(resource: ResourceViewOf<'account'>, regionResources: readonly AnyResourceView[]): Reference[] {
  const out: Reference[] = [];
  const add = (by: string, named: Array<{ arn: string; field: string }>): void => {
    for (const { arn, field } of named) out.push({ roleArn: arn, by, field });
  };
  add(resource.arn, rolesNamedBy('accountSettings', resource.data.accountSettings));
  for (const v of regionResources) {
    if (v.type === 'environment' && !GONE.test(v.data.deploymentStatus ?? '')) add(v.arn, rolesNamedBy('environment', v.data));
    if (v.type === 'environmentAccountConnection' && v.data.status !== 'REJECTED') add(v.arn, rolesNamedBy('environmentAccountConnection', v.data));
  }
  return out;
}

export default defineRule({
  meta: {
    id: 'PA-IAM-013',
    title: 'IAM roles named by Proton resources exist',
    severity: 'medium',
    resource: 'account',
    family: 'iam',
    rationale:
      'Environments name their Proton service, CodeBuild and component roles, environment account connections name the ' +
      'roles of the environment account, and the account settings name the pipeline roles. When such a role has been ' +
      'deleted, every deployment through it fails with Access Denied, which Proton does not retry, and the name is free: ' +
      'whoever creates a role with that name decides what Proton will run with. Each dangling reference is reported; ' +
      "roles in accounts whose IAM data is not in the snapshot cannot be checked and are listed in the evidence.",
    remediation: {
      text:
        'Recreate the role with a scoped policy and a trust policy for proton.amazonaws.com (with aws:SourceAccount and ' +
        'aws:SourceArn), or point the resource at an existing role; remove references that are no longer needed.',
      cli:
        'aws iam get-role --role-name <role> || aws iam create-role --role-name <role> --assume-role-policy-document file://proton-trust.json',
      iac: 'Manage the Proton roles in the same stack that sets them on environments and account settings, so they cannot drift apart.',
    },
    references: [
      { title: 'AWS Proton User Guide: Proton fails on Access Denied', url: 'https://docs.aws.amazon.com/proton/latest/userguide/security_iam_service-role-policy-examples.html' },
      { title: 'Setting up AWS Proton service roles', url: 'https://docs.aws.amazon.com/proton/latest/userguide/ag-setting-up-iam.html' },
      { title: 'AWS Proton User Guide: IAM roles', url: 'https://docs.aws.amazon.com/proton/latest/userguide/ag-environment-roles.html' },
    ],
    messages: {
      noRoles: "No Proton resource in this account and region names an IAM role.",
      missing: "IAM role {{role}}, named by {{namedBy}}, does not exist.",
      malformed: "IAM role ARN {{role}}, named by {{namedBy}}, is not a valid role ARN.",
    },
  },
  requires: ['proton'],
  check(resource, ctx) {
    const region = ctx.view.resources.filter((v) => v.accountId === resource.accountId && v.region === resource.region);
    const refs = references(resource, region);
    if (refs.length === 0) return { status: 'pass', messageId: 'noRoles' };

    const rolesByAccount = new Map<string, Set<string>>();
    for (const role of ctx.view.ofType('role')) {
      const names = rolesByAccount.get(role.accountId) ?? new Set<string>();
      names.add(role.name);
      rolesByAccount.set(role.accountId, names);
    }
    const missing = new Map<string, Reference[]>();
    const unverifiable = new Set<string>();
    let checked = 0;
    for (const ref of refs) {
      const parsed = parseRoleArn(ref.roleArn);
      if (!parsed) {
        missing.set(ref.roleArn, [...(missing.get(ref.roleArn) ?? []), ref]);
        continue;
      }
      if (!ctx.view.collected('iam', parsed.accountId, 'global').ok) {
        unverifiable.add(ref.roleArn);
        continue;
      }
      checked++;
      if (!rolesByAccount.get(parsed.accountId)?.has(parsed.name)) missing.set(ref.roleArn, [...(missing.get(ref.roleArn) ?? []), ref]);
    }
    if (missing.size === 0) {
      if (checked === 0) return { status: 'skip', reason: `not collected: IAM data of the accounts owning ${[...unverifiable].sort().join(', ')}`, notCollected: true };
      return { status: 'pass', evidence: { unverifiable: [...unverifiable].sort() } };
    }
    return [...missing.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([roleArn, by]): RuleVerdict<'missing' | 'malformed'> => {
        const named = [...new Set(by.map((r) => `${r.by} (${r.field})`))].sort();
        return {
          status: 'fail',
          subKey: roleArn,
          messageId: parseRoleArn(roleArn) ? 'missing' : 'malformed',
          data: { role: roleArn, namedBy: named.join(', ') },
          evidence: { roleArn, namedBy: named, unverifiable: [...unverifiable].sort() },
        };
      });
  },
});
