/**
 * The fewest API calls that can collect an estate, computed from the estate file alone (not from
 * the collector's code): every list page at each API's maximum page size, one Get per resource
 * whose detail only the Get returns, and IAM's account-wide calls. `lists` is the part an
 * unchanged estate costs on an incremental re-collection (no detail calls at all).
 */
import type { Estate, EstateAccount, TemplateRecord, TemplateVersionRecord } from '../src/emulator/estate.ts';

// The customer-managed copies of Proton's managed tags (User Guide, "AWS Proton AWS managed
// tags"), written out here rather than imported, so the minimum does not follow the collector.
const PROVISIONED_TAG_KEYS = ['proton:account', 'proton:environment', 'proton:service', 'proton:service-instance', 'proton:template'];

export interface MinimumCalls {
  total: number;
  /** List pages and account-wide calls only. */
  lists: number;
  /**
   * The longest run of calls that must follow one another (a listing's pages, each needing the
   * previous page's token, after the probe and before a Get): with per-call latency L, no
   * collection can finish sooner than chain × L, whatever the rate.
   */
  chain: number;
}

const pages = (n: number, size: number): number => Math.max(1, Math.ceil(n / size));
const isProtonArn = (arn: string): boolean => /^arn:[^:]+:proton:/.test(arn);

function versionLists(templates: readonly TemplateRecord[], versions: readonly TemplateVersionRecord[]): number {
  let n = 0;
  for (const t of templates) {
    const majors = new Map<string, number>();
    for (const v of versions) if (v.templateName === t.name) majors.set(v.majorVersion, (majors.get(v.majorVersion) ?? 0) + 1);
    n += pages(majors.size, 100);
    for (const count of majors.values()) n += pages(count, 100);
  }
  return n;
}

export function minimumCalls(estate: Estate, accounts: readonly EstateAccount[] = estate.accounts, regions?: readonly string[]): MinimumCalls {
  let lists = 0;
  let gets = 0;
  let chain = 0;
  for (const account of accounts) {
    lists += 1; // sts:GetCallerIdentity
    for (const region of account.regions) {
      if (regions && !regions.includes(region.region)) continue;
      const p = region.proton ?? {};
      if (region.protonAvailable !== false) {
        lists += 2; // GetAccountSettings, GetResourcesSummary
        const envT = p.environmentTemplates ?? [];
        const svcT = p.serviceTemplates ?? [];
        lists += pages(envT.length, 100) + versionLists(envT, p.environmentTemplateVersions ?? []);
        lists += pages(svcT.length, 100) + versionLists(svcT, p.serviceTemplateVersions ?? []);
        gets += envT.length + svcT.length + (p.environmentTemplateVersions ?? []).length + (p.serviceTemplateVersions ?? []).length;
        for (const list of [p.environments, p.services, p.serviceInstances, p.components]) {
          lists += pages((list ?? []).length, 100);
          gets += (list ?? []).length;
          // Probe, the pages, then the last page's Gets.
          chain = Math.max(chain, 1 + pages((list ?? []).length, 100) + 1);
        }
        // Summaries carry no encryptionKey: every repository needs its Get.
        lists += pages((p.repositories ?? []).length, 100);
        gets += (p.repositories ?? []).length;
        const conns = p.environmentAccountConnections ?? [];
        const side = (key: 'managementAccountId' | 'environmentAccountId') => conns.filter((c) => c[key] === account.accountId).length;
        lists += pages(side('managementAccountId'), 100) + pages(side('environmentAccountId'), 100);
        gets += conns.length;
      }
      const tags = Object.entries(region.tags ?? {});
      lists += pages(tags.filter(([arn, t]) => isProtonArn(arn) && Object.keys(t).length > 0).length, 100);
      for (const key of PROVISIONED_TAG_KEYS) lists += pages(tags.filter(([, t]) => key in t).length, 100);
      lists += pages((region.serviceQuotas ?? []).length, 100);
    }
    // IAM, once per account: the authorization details (roles and customer managed policies),
    // the AWS managed policy list, each wanted AWS managed policy's default version, and the
    // holders of each AWSProton* policy that is attached at all.
    const iam = account.iam ?? {};
    const roles = iam.RoleDetailList ?? [];
    const policies = iam.Policies ?? [];
    const awsManaged = policies.filter((p) => (p.Arn ?? '').startsWith('arn:aws:iam::aws:'));
    const local = policies.length - awsManaged.length;
    lists += pages(roles.length + local, 1000) + pages(awsManaged.length, 1000);
    const held = new Set(roles.flatMap((r) => (r.AttachedManagedPolicies ?? []).map((a) => a.PolicyArn)));
    const attached = new Set([
      ...held,
      ...(iam.UserDetailList ?? []).flatMap((u) => (u.AttachedManagedPolicies ?? []).map((a) => a.PolicyArn)),
      ...(iam.GroupDetailList ?? []).flatMap((g) => (g.AttachedManagedPolicies ?? []).map((a) => a.PolicyArn)),
    ]);
    for (const p of awsManaged) {
      const proton = /^awsproton/i.test(p.PolicyName);
      if (proton || held.has(p.Arn ?? '')) gets += 1;
      if (proton && attached.has(p.Arn ?? '')) lists += 1;
    }
  }
  return { total: lists + gets, lists, chain };
}
