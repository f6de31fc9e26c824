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
import { rolesNamedByProton } from '../knowledge/roles.ts';
import { collectIam } from './iam.ts';
import { collectIdentity } from './identity.ts';
import { accountOfArn } from '../snapshot/normalize/iam.ts';
import type { PreviousSnapshot } from './incremental.ts';
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
        const [proton, tagging, quotas] = await Promise.all([
          collectProtonRegion({
            client: clients.proton,
            probe: clients.protonProbe,
            scope,
            pageSize: size.proton,
            log: opts.log,
            ...(opts.previous ? { previous: opts.previous } : {}),
          }),
          collectTagging(clients.tagging, scope, size.tagging),
          collectQuotas(clients.quotas, scope, size.quotas),
        ]);
        const snapshot: RegionSnapshot = { region, quotas };
        if (proton) snapshot.proton = proton;
        if (tagging) snapshot.tagging = tagging;
        if (stats) stats.regions.done += 1;
        return snapshot;
      }),
    );
    const named = Promise.all([regionsP, identityP]).then(([regions, identity]) => ({
      roleArns: rolesNamedByProton(regions.map((r) => r.proton).filter((p): p is ProtonData => p !== undefined)),
      accountId: identity?.Account,
    }));
    const iamP = collectIam(
      { client: globals.iam, scope: globalScope, pageSize: size.iam, log: opts.log, ...(opts.previous ? { previous: opts.previous } : {}) },
      named,
    );
    const [identity, regions, iam] = await Promise.all([identityP, regionsP, iamP]);

    if (iam.outOfAccount.length > 0) {
      opts.log(`${iam.outOfAccount.length} role(s) named by Proton resources are in other accounts and were not collected: ${iam.outOfAccount.join(', ')}`);
    }
    if (iam.missing.length > 0) {
      opts.log(`${iam.missing.length} role(s) named by Proton resources do not exist in IAM: ${iam.missing.join(', ')}`);
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
    return { account, coverage: coverage.entries(id) };
  } finally {
    destroyAll([globals, ...perRegion.map(([, c]) => c)]);
  }
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
