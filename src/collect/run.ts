/**
 * One account's live collection: its regions (named, or every enabled one from DescribeRegions),
 * identity, then every region's Proton, tags and quotas side by side, and IAM (global) started
 * at once and finished when Proton has named its roles. Arrays come out sorted, so two
 * collections of one estate differ only in their timestamps.
 */
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { AccountSnapshot, CoverageEntry, ProtonData, RegionSnapshot } from '../model/index.ts';
import { destroyAll, globalClients, regionClients, type ClientSettings, type GlobalClients, type RegionClients } from './clients.ts';
import { Coverage, type CoverageService } from './coverage.ts';
import { collectStacks } from './cloudformation.ts';
import { collectProjects } from './codebuild.ts';
import { rolesNamedByProton, rolesNamedByResidue } from '../knowledge/roles.ts';
import { collectIam } from './iam.ts';
import { collectIdentity } from './identity.ts';
import { accountOfArn } from '../snapshot/normalize/iam.ts';
import type { PreviousSnapshot } from './incremental.ts';
import type { LastKnownSource } from './last-known.ts';
import { describeLastKnown } from '../snapshot/summary.ts';
import { Limiter } from './pool.ts';
import { collectProtonRegion } from './proton/index.ts';
import { collectQuotas } from './quotas.ts';
import type { RateBudget } from './rate.ts';
import { enabledRegions } from './regions.ts';
import type { CollectStats } from './stats.ts';
import { collectTagging } from './tagging.ts';

export interface AccountRunOptions {
  /** Region names, or 'all': every region enabled for the account (EC2 DescribeRegions). */
  regions: string[] | 'all';
  /** Where global clients (and DescribeRegions) are pointed, and the fallback when DescribeRegions fails. */
  homeRegion?: string;
  profile?: string;
  endpointUrl?: string;
  credentials?: AwsCredentialIdentityProvider;
  accountName?: string;
  concurrency: number;
  maxAttempts: number;
  requestTimeoutMs?: number;
  /** Page size override for tests; by default each API's maximum. */
  pageSize?: number;
  log: (line: string) => void;
  onCall: (service: CoverageService, operation: string) => void;
  budget?: RateBudget;
  /** Budget key for this account (its id when known). */
  budgetKey?: string;
  stats?: CollectStats;
  previous?: PreviousSnapshot;
  /** `--last-known` (or `--since`): Proton records to carry into a region whose Proton does not answer. */
  lastKnown?: LastKnownSource;
}

export interface AccountRun {
  account: AccountSnapshot;
  coverage: CoverageEntry[];
}

/** Page sizes: each API's maximum (Proton 100, Tagging 100, Service Quotas 100, IAM 1000). */
function pages(override: number | undefined): { proton: number; tagging: number; quotas: number; iam: number } {
  if (override !== undefined) return { proton: override, tagging: override, quotas: override, iam: override };
  return { proton: 100, tagging: 100, quotas: 100, iam: 1000 };
}

export async function collectAccount(opts: AccountRunOptions): Promise<AccountRun> {
  const coverage = new Coverage();
  const { stats } = opts;
  const settings: ClientSettings = {
    maxAttempts: opts.maxAttempts,
    ...(opts.requestTimeoutMs !== undefined ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
    limiter: new Limiter(opts.concurrency),
    onCall: opts.onCall,
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.endpointUrl ? { endpointUrl: opts.endpointUrl } : {}),
    ...(opts.budget ? { budget: opts.budget, rateFor: (service: CoverageService) => opts.budget?.rate(service) ?? 0 } : {}),
    ...(opts.budgetKey ? { budgetKey: opts.budgetKey } : {}),
    ...(stats ? { stats } : {}),
  };
  const size = pages(opts.pageSize);
  const home = opts.homeRegion ?? (opts.regions === 'all' ? undefined : opts.regions[0]) ?? 'us-east-1';
  const globalScope = { coverage, region: 'global', ...(stats ? { stats } : {}) };
  const globals: GlobalClients = globalClients(home, settings);
  const perRegion: Array<[string, RegionClients]> = [];
  try {
    const identityP = collectIdentity(globals.sts, globalScope);
    let regionNames = opts.regions === 'all' ? await enabledRegions(home, settings, globalScope) : opts.regions;
    if (!regionNames || regionNames.length === 0) {
      opts.log(`EC2 DescribeRegions did not answer for this account; only ${home} is collected (see coverage).`);
      regionNames = [home];
    }
    if (stats) stats.regions.total += regionNames.length;
    for (const r of regionNames) perRegion.push([r, regionClients(r, settings)]);
    const regionsP = Promise.all(
      perRegion.map(async ([region, clients]) => {
        const scope = { coverage, region, ...(stats ? { stats } : {}) };
        const taggingP = collectTagging(clients.tagging, scope, size.tagging);
        const [proton, tagging, quotas, cloudformation, codebuild] = await Promise.all([
          collectProtonRegion({
            client: clients.proton,
            probe: clients.protonProbe,
            scope,
            pageSize: size.proton,
            log: opts.log,
            ...(opts.previous ? { previous: opts.previous } : {}),
          }),
          taggingP,
          collectQuotas(clients.quotas, scope, size.quotas),
          collectStacks({
            client: clients.cloudformation,
            scope,
            taggedArns: taggingP.then((t) => (t ? new Set(t.provisionedResources.map((r) => r.ResourceARN)) : undefined)),
            log: opts.log,
          }),
          collectProjects(clients.codebuild, scope),
        ]);
        const snapshot: RegionSnapshot = { region, quotas };
        if (proton) snapshot.proton = proton;
        if (tagging) snapshot.tagging = tagging;
        if (cloudformation) snapshot.cloudformation = cloudformation;
        if (codebuild) snapshot.codebuild = codebuild;
        if (stats) stats.regions.done += 1;
        return snapshot;
      }),
    );
    // Regions whose Proton did not answer take the last-known records before IAM chooses roles,
    // so the roles those records name are collected and judged.
    const carriedP = Promise.all([regionsP, identityP]).then(([regions, identity]) => carryLastKnown(regions, identity?.Account, coverage, opts));
    const named = Promise.all([carriedP, identityP]).then(([regions, identity]) => ({
      roleArns: [...new Set([...rolesNamedByProton(regions.map((r) => r.proton).filter((p): p is ProtonData => p !== undefined)), ...rolesNamedByResidue(regions)])].sort(),
      accountId: identity?.Account,
    }));
    const iamP = collectIam(
      { client: globals.iam, scope: globalScope, pageSize: size.iam, log: opts.log, ...(opts.previous ? { previous: opts.previous } : {}) },
      named,
    );
    const [identity, regions, iam] = await Promise.all([identityP, carriedP, iamP]);

    if (iam.outOfAccount.length > 0) {
      opts.log(`${iam.outOfAccount.length} role(s) named by Proton resources (or the stacks and CodeBuild projects Proton created) are in other accounts and were not collected: ${iam.outOfAccount.join(', ')}`);
    }
    if (iam.missing.length > 0) {
      opts.log(`${iam.missing.length} role(s) named by Proton resources (or the stacks and CodeBuild projects Proton created) do not exist in IAM: ${iam.missing.join(', ')}`);
    }

    const accountId = identity?.Account ?? inferAccountId(regions, iam.iam?.roles.map((r) => r.Arn) ?? []);
    if (!identity) {
      opts.log(
        accountId
          ? `STS GetCallerIdentity failed; the account id ${accountId} was read from the collected ARNs.`
          : 'STS GetCallerIdentity failed and no ARN was collected; the account is filed under 000000000000.',
      );
    }
    const id = accountId ?? '000000000000';
    const account: AccountSnapshot = { accountId: id, regions: [...regions].sort((a, b) => (a.region < b.region ? -1 : a.region > b.region ? 1 : 0)) };
    if (opts.accountName) account.name = opts.accountName;
    if (identity) account.identity = identity;
    if (iam.iam) account.iam = iam.iam;
    return { account, coverage: markLastKnown(coverage.entries(id), account.regions, opts.lastKnown) };
  } finally {
    destroyAll([globals, ...perRegion.map(([, c]) => c)]);
  }
}

/**
 * Proton did not answer in a region (retired) and earlier records were given: carry them in. The
 * account id comes from STS, else from what this run collected; without one nothing is carried
 * (records filed under the wrong account would be worse than none).
 */
function carryLastKnown(regions: RegionSnapshot[], identityAccount: string | undefined, coverage: Coverage, opts: AccountRunOptions): RegionSnapshot[] {
  const retired = regions.filter((r) => !r.proton && isRetired(coverage, r.region));
  if (retired.length === 0) return regions;
  const source = opts.lastKnown;
  if (!source) {
    opts.log(`No last-known Proton records were given for ${retired.map((r) => r.region).join(', ')}: pass --last-known <snapshot> (or --since) with a snapshot taken while Proton answered to audit the roles its records name.`);
    return regions;
  }
  const accountId = identityAccount ?? inferAccountId(regions, []);
  if (!accountId) {
    opts.log('The account id is unknown (STS did not answer and no ARN was collected), so no last-known Proton records are carried.');
    return regions;
  }
  for (const r of retired) {
    const carried = source.carry(accountId, r.region);
    if (!carried) {
      opts.log(`The last-known snapshot holds no Proton records for ${accountId}/${r.region}.`);
      continue;
    }
    r.proton = carried.proton;
    r.lastKnown = carried.lastKnown;
    opts.log(`Proton records for ${accountId}/${r.region} are last-known, not collected now: ${describeLastKnown(carried.lastKnown)}.`);
  }
  return regions;
}

/** Proton was asked in the region and its endpoint did not answer (as the Proton collector records it). */
function isRetired(coverage: Coverage, region: string): boolean {
  return coverage.gaps().some((g) => g.region === region && g.service === 'proton' && g.operation === 'GetAccountSettings' && g.status === 'unavailable');
}

/** Coverage of carried regions' Proton operations says last-known, with where the data came from. */
function markLastKnown(entries: CoverageEntry[], regions: readonly RegionSnapshot[], source: LastKnownSource | undefined): CoverageEntry[] {
  if (!source) return entries;
  const carried = new Map(regions.filter((r) => r.lastKnown).map((r) => [r.region, r.lastKnown]));
  if (carried.size === 0) return entries;
  return entries.map((e) => {
    const lastKnown = e.service === 'proton' ? carried.get(e.region) : undefined;
    return lastKnown ? source.coverageFor(e, lastKnown) : e;
  });
}

function inferAccountId(regions: readonly RegionSnapshot[], roleArns: readonly string[]): string | undefined {
  const arns: string[] = [...roleArns];
  for (const r of regions) {
    for (const list of Object.values(r.proton ?? {})) if (Array.isArray(list)) for (const item of list) if (typeof item?.arn === 'string') arns.push(item.arn);
    for (const t of r.tagging?.protonResources ?? []) arns.push(t.ResourceARN);
  }
  for (const arn of arns) {
    const account = accountOfArn(arn);
    if (account) return account;
  }
  return undefined;
}
