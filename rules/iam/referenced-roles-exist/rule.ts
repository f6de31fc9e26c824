/**
 * PA-IAM-013: every IAM role a Proton resource names still exists. Roles are global and may live
 * in another account of the snapshot, so the rule gathers the references of one account+region
 * and looks each role up in the IAM data of the account that owns it, where that was collected.
 */
import { defineRule } from '../../../src/engine/define-rule.ts';
import type { ResourceView, Verdict, AccountSettings } from '../../../src/model/index.ts';

interface Reference {
  roleArn: string;
  /** The Proton resource and the field that names the role. */
  by: string;
  field: string;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function references(resource: ResourceView, regionResources: readonly ResourceView[]): Reference[] {
  const out: Reference[] = [];
  const add = (by: string, data: Record<string, unknown>, fields: readonly string[]): void => {
    for (const field of fields) {
      const roleArn = text(data[field]);
      if (roleArn) out.push({ roleArn, by, field });
    }
  };
  add(resource.arn, (resource.data['accountSettings'] ?? {}) as AccountSettings as Record<string, unknown>, ['pipelineServiceRoleArn', 'pipelineCodebuildRoleArn']);
  for (const v of regionResources) {
    if (v.type === 'environment' && !/^DELETE_(COMPLETE|IN_PROGRESS)$/.test(text(v.data['deploymentStatus']) ?? '')) {
      add(v.arn, v.data, ['protonServiceRoleArn', 'codebuildRoleArn', 'componentRoleArn']);
    }
    if (v.type === 'environmentAccountConnection' && v.data['status'] !== 'REJECTED') {
      add(v.arn, v.data, ['roleArn', 'codebuildRoleArn', 'componentRoleArn']);
    }
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
      { title: 'AWS Proton User Guide: Proton fails on Access Denied', url: 'seeds/000_78c13fbce100391d.txt:2179-2183' },
      { title: 'Setting up AWS Proton service roles', url: 'seeds/003_4578cbc5fca3274a.txt:46-50' },
      { title: 'AWS Proton User Guide: IAM roles', url: 'https://docs.aws.amazon.com/proton/latest/userguide/ag-environment-roles.html' },
    ],
    compliance: { 'nist-800-53': ['CM-6', 'CM-8'] },
  },
  requires: ['proton'],
  check(resource, ctx) {
    const region = ctx.view.resources.filter((v) => v.accountId === resource.accountId && v.region === resource.region);
    const refs = references(resource, region);
    if (refs.length === 0) return { status: 'pass', message: 'No Proton resource in this account and region names an IAM role.' };

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
      const m = ROLE_ARN.exec(ref.roleArn);
      if (!m) {
        missing.set(ref.roleArn, [...(missing.get(ref.roleArn) ?? []), ref]);
        continue;
      }
      const [, account = '', name = ''] = m;
      if (!ctx.view.collected('iam', account, 'global').ok) {
        unverifiable.add(ref.roleArn);
        continue;
      }
      checked++;
      if (!rolesByAccount.get(account)?.has(name)) missing.set(ref.roleArn, [...(missing.get(ref.roleArn) ?? []), ref]);
    }
    if (missing.size === 0) {
      if (checked === 0) return { status: 'skip', reason: `not collected: IAM data of the accounts owning ${[...unverifiable].sort().join(', ')}`, notCollected: true };
      return { status: 'pass', evidence: { unverifiable: [...unverifiable].sort() } };
    }
    return [...missing.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([roleArn, by]): Verdict => {
        const named = [...new Set(by.map((r) => `${r.by} (${r.field})`))].sort();
        const malformed = !ROLE_ARN.test(roleArn);
        return {
          status: 'fail',
          subKey: roleArn,
          message: malformed
            ? `IAM role ARN ${roleArn}, named by ${named.join(', ')}, is not a valid role ARN.`
            : `IAM role ${roleArn}, named by ${named.join(', ')}, does not exist.`,
          evidence: { roleArn, namedBy: named, unverifiable: [...unverifiable].sort() },
        };
      });
  },
});
