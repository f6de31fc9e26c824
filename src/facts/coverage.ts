/**
 * What was not collected. A rule that needs data (`requires`, or its own resource type) asks
 * `collected(...)`; when the answer is no, the rule skips with the reason — never passes.
 */
import type { CoverageEntry, CoverageStatus, Snapshot, ResourceType, DataFamily } from '../model/index.ts';
import { LISTING_OPERATIONS_BY_TYPE, OPERATIONS_BY_TYPE } from '../knowledge/operations.ts';
import { COVERAGE_STATUS_RANK } from '../snapshot/coverage.ts';

export { DATA_FAMILIES, type DataFamily } from '../model/index.ts';

export type { Collected } from '../model/index.ts';
import type { Collected } from '../model/index.ts';

const SERVICE_OF: Record<DataFamily, CoverageEntry['service']> = {
  proton: 'proton',
  tagging: 'tagging',
  iam: 'iam',
  quotas: 'servicequotas',
  cloudformation: 'cloudformation',
};

/** The family a resource type's own data comes from: a rule always needs it. */
export function familyOfType(type: ResourceType): DataFamily {
  if (type === 'role' || type === 'managedPolicy') return 'iam';
  if (type === 'provisionedResource') return 'tagging';
  if (type === 'stack') return 'cloudformation';
  return 'proton';
}

/** Types whose Proton data only says which Proton resources name them. */
const ROLE_TYPES: ReadonlySet<ResourceType> = new Set(['role', 'managedPolicy']);

/**
 * Proton was asked (GetAccountSettings was called) and its endpoint did not answer: retired
 * (AWS ended Proton on 2026-10-07). Then no Proton resource names a role there, and role and
 * policy rules judge from IAM alone; rules that need a role's Proton uses guard on them and skip.
 * Denied or failed Proton calls are not this: those stay "not collected".
 */
function protonRetired(entries: readonly CoverageEntry[]): boolean {
  const probe = entries.find((e) => e.operation === 'GetAccountSettings');
  return probe !== undefined && probe.calls > 0 && entries.length > 0 && entries.every((e) => e.status === 'unavailable');
}

export function describeEntry(e: CoverageEntry): string {
  const code = e.errors?.[0]?.code;
  return `not collected: ${e.operation} ${e.status}${code ? ` (${code})` : ''}`;
}


export class CoverageIndex {
  private readonly byKey = new Map<string, CoverageEntry[]>();
  private readonly memo = new Map<string, { result: Collected; namesMatter: boolean }>();

  constructor(private readonly snapshot: Snapshot) {
    for (const e of snapshot.coverage) {
      const key = `${e.accountId}|${e.region}|${e.service}`;
      const list = this.byKey.get(key) ?? [];
      list.push(e);
      this.byKey.set(key, list);
    }
  }

  private entries(accountId: string, region: string, family: DataFamily): CoverageEntry[] {
    return this.byKey.get(`${accountId}|${region}|${SERVICE_OF[family]}`) ?? [];
  }

  /** Regions of an account the snapshot holds. */
  private regionsOf(accountId: string): string[] {
    return this.snapshot.accounts.find((a) => a.accountId === accountId)?.regions.map((r) => r.region) ?? [];
  }

  /**
   * Whether `family` data was collected for the account and region. IAM is global; for a global
   * resource (a role) a regional family must be collected in every region of the account. With a
   * resource type, only the Proton operations that type depends on count; with names, a
   * per-resource detail failure (`failedResources`) also makes it not collected.
   */
  collected(family: DataFamily, accountId: string, region: string, names: readonly string[] = [], type?: ResourceType): Collected {
    // The answer depends on the names only where a detail call failed for some resources; the
    // rest is asked once per rule and resource, so it is remembered.
    const key = `${family}|${accountId}|${region}|${type ?? ''}`;
    const memo = this.memo.get(key);
    if (memo) return memo.namesMatter ? this.compute(family, accountId, region, names, type) : memo.result;
    const result = this.compute(family, accountId, region, names, type);
    const namesMatter = this.relevantEntries(family, accountId, region).some((e) => (e.failedResources?.length ?? 0) > 0);
    this.memo.set(key, { result, namesMatter });
    return result;
  }

  /** Whether `collected` for this place can differ by resource (a detail call failed for some resources there). */
  dependsOnResource(family: DataFamily, accountId: string, region: string): boolean {
    return this.relevantEntries(family, accountId, region).some((e) => (e.failedResources?.length ?? 0) > 0);
  }

  private relevantEntries(family: DataFamily, accountId: string, region: string): CoverageEntry[] {
    if (family === 'iam') return this.entries(accountId, 'global', 'iam');
    const regions = region === 'global' ? this.regionsOf(accountId) : [region];
    return regions.flatMap((r) => this.entries(accountId, r, family));
  }

  private compute(family: DataFamily, accountId: string, region: string, names: readonly string[], type?: ResourceType): Collected {
    const account = this.snapshot.accounts.find((a) => a.accountId === accountId);
    if (!account) return { ok: false, reason: `not collected: account ${accountId} is not in the snapshot` };
    if (family === 'iam') {
      return this.check(this.entries(accountId, 'global', 'iam'), account.iam ? undefined : 'not collected: IAM data absent', names);
    }
    const regions = region === 'global' ? this.regionsOf(accountId) : [region];
    if (region === 'global' && regions.length === 0) return { ok: false, reason: `not collected: no region of account ${accountId} was collected` };
    for (const r of regions) {
      const data = account.regions.find((x) => x.region === r);
      let entries = this.entries(accountId, r, family);
      let absent: string | undefined;
      if (!data) absent = `not collected: region ${r} absent`;
      else if (family === 'proton' && !data.proton && type !== undefined && ROLE_TYPES.has(type) && protonRetired(entries)) continue;
      else if (family === 'proton' && !data.proton) absent = 'not collected: Proton data absent';
      else if (family === 'tagging' && !data.tagging) absent = 'not collected: tagging data absent';
      else if (family === 'cloudformation' && !data.cloudformation) absent = 'not collected: CloudFormation data absent';
      if (family === 'proton' && type) {
        const ops = new Set<string>(OPERATIONS_BY_TYPE[type]);
        entries = entries.filter((e) => ops.has(e.operation));
      }
      const result = this.check(entries, absent, names);
      if (!result.ok) return region === 'global' ? { ok: false, reason: `${result.reason} in ${r}` } : result;
    }
    return { ok: true };
  }

  /** Whether the listing of a resource type failed in a region (so its resources are unknown). */
  listingGap(accountId: string, region: string, type: ResourceType): Collected {
    const ops: readonly string[] | undefined = LISTING_OPERATIONS_BY_TYPE[type];
    if (!ops) return { ok: true };
    const data = this.snapshot.accounts.find((a) => a.accountId === accountId)?.regions.find((r) => r.region === region);
    const entries = this.entries(accountId, region, 'proton').filter((e) => ops.includes(e.operation));
    return this.check(entries, data?.proton ? undefined : 'not collected: Proton data absent', []);
  }

  /** Resources (ARN or name) whose detail call `operation` failed in a region. */
  failedDetails(accountId: string, region: string, operation: string): { names: string[]; reason: string } {
    const names: string[] = [];
    let reason = '';
    for (const e of this.entries(accountId, region, 'proton')) {
      if (e.operation !== operation || !e.failedResources?.length) continue;
      names.push(...e.failedResources);
      reason = describeEntry({ ...e, status: e.status === 'ok' ? 'error' : e.status });
    }
    return { names, reason };
  }

  private check(entries: readonly CoverageEntry[], absent: string | undefined, names: readonly string[]): Collected {
    const ordered = [...entries].sort((a, b) => COVERAGE_STATUS_RANK[b.status] - COVERAGE_STATUS_RANK[a.status] || (a.operation < b.operation ? -1 : 1));
    for (const e of ordered) {
      // A detail call that failed for some resources lists them: only those are unknown.
      if (e.failedResources && e.failedResources.length > 0) {
        if (e.failedResources.some((f) => names.includes(f))) {
          return { ok: false, reason: `${describeEntry({ ...e, status: e.status === 'ok' ? 'error' : e.status })} for this resource` };
        }
        continue;
      }
      // Last-known data is data: the engine marks or skips what is computed from it (src/engine/last-known.ts).
      if (e.status !== 'ok' && e.status !== 'last-known') return { ok: false, reason: describeEntry(e) };
    }
    if (absent) return { ok: false, reason: absent };
    return { ok: true };
  }
}
