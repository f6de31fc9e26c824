/**
 * Live collection: AWS SDK v3 → Snapshot. The only part of proton-audit that talks to AWS, and
 * it only reads (docs/scale.md and the policy in policies/proton-audit-readonly.json list every
 * call). One account with the caller's credentials, or an organisation: accounts from a list or
 * from Organizations, each entered through `assumeRole`, a bounded number at a time, every
 * request under the budget. An account or region that cannot be collected is recorded in
 * coverage and the run goes on.
 */
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { SNAPSHOT_SCHEMA_VERSION, type AccountSnapshot, type CoverageEntry, type Snapshot } from '../model/index.ts';
import { TOOL_NAME, TOOL_VERSION } from '../version.ts';
import { assumeRole, partitionOf, roleArnFor } from './assume.ts';
import { destroyAll, endpointOverrides, globalClients, type ClientSettings } from './clients.ts';
import { Coverage, type CoverageService } from './coverage.ts';
import { mergeCoverage } from '../snapshot/coverage.ts';
import { boundedLine } from '../util/text.ts';
import { collectIdentity } from './identity.ts';
import { PreviousSnapshot } from './incremental.ts';
import { LastKnownSource } from './last-known.ts';
import { listOrganizationAccounts } from './organization.ts';
import { Limiter } from './pool.ts';
import { RateBudget } from './rate.ts';
import { collectAccount, type AccountRun, type AccountRunOptions } from './run.ts';
import { newStats, type CollectStats, type ProgressReporter } from './stats.ts';
import type { AccountTarget } from './targets.ts';
import { unreachedAccount } from './unreached.ts';
import { DEFAULT_ACCOUNT_CONCURRENCY, DEFAULT_CONCURRENCY, DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_RPS, FALLBACK_REGION } from './defaults.ts';

export interface CollectOptions {
  /** Default: the SDK's default region (AWS_REGION / profile), else us-east-1. */
  regions?: string[];
  /** `--region all`: every region enabled for each account (EC2 DescribeRegions); `regions` is then ignored. */
  allRegions?: boolean;
  profile?: string;
  /** --endpoint-url: all services. AWS_ENDPOINT_URL[_<SERVICE>] are honoured by the SDK itself. */
  endpointUrl?: string;
  /** For assumed roles. */
  credentials?: AwsCredentialIdentityProvider;
  accountName?: string;
  /** `--accounts <file>`: collect these accounts through `assumeRole`. */
  accounts?: AccountTarget[];
  /** `--org`: collect every account Organizations ListAccounts returns (caller: the management account). */
  org?: boolean;
  /** Role name (or path/name) assumed in each account other than the caller's own. */
  assumeRole?: string;
  externalId?: string;
  /**
   * Requests per second per account, region and service, retries included. 0: no budget.
   * Default DEFAULT_MAX_RPS, except for services whose endpoint is loopback (an emulator).
   */
  maxRps?: number;
  /** Accounts collected at once; default 4. */
  accountConcurrency?: number;
  /** In-flight requests per account; default 8. */
  concurrency?: number;
  /** SDK adaptive retry attempts; default 6. */
  maxAttempts?: number;
  /** Per-request timeout in ms (default 30000); a request that times out is retried. */
  requestTimeoutMs?: number;
  /** List page size; default each API's maximum. For tests that need many pages. */
  pageSize?: number;
  /** `--since`: the previous snapshot; unchanged resources keep its detail instead of a Get. */
  since?: { snapshot: Snapshot; sha256: string };
  /**
   * `--last-known`: where a region's Proton does not answer, carry this snapshot's Proton records
   * for the account and region, marked last-known. Without it, `since` serves the same purpose.
   */
  lastKnown?: { snapshot: Snapshot; sha256: string };
  /** Human progress and notes (stderr, never stdout). */
  log?: (line: string) => void;
  /** A live display of the run's counters (cli-progress on a TTY, periodic lines otherwise). */
  progress?: ProgressReporter;
  /** The clock for startedAt/finishedAt. */
  now?: () => Date;
  /** Called once per API call (a page, a Get), with the coverage service name and the operation. */
  onCall?: (service: string, operation: string) => void;
  /** Environment for endpoint recording; default process.env. */
  env?: NodeJS.ProcessEnv;
}

export { DEFAULT_ACCOUNT_CONCURRENCY, DEFAULT_CONCURRENCY, DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_RPS, FALLBACK_REGION };

/** The region the SDK would use on its own (AWS_REGION, then the profile), else us-east-1. */
export async function defaultRegion(profile?: string): Promise<string> {
  const client = new STSClient(profile ? { profile } : {});
  try {
    const region = await client.config.region();
    return region || FALLBACK_REGION;
  } catch {
    return FALLBACK_REGION;
  } finally {
    client.destroy();
  }
}

export function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\./.test(host);
  } catch {
    return false;
  }
}

/** The budget per service: the flag, or the default for every service not served from loopback. */
export function rateFor(maxRps: number | undefined, endpoints: Readonly<Record<string, string>>): (service: string) => number {
  return (service) => {
    if (maxRps !== undefined) return maxRps;
    const url = endpoints[service];
    return url !== undefined && isLoopback(url) ? 0 : DEFAULT_MAX_RPS;
  };
}

async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(workers);
}

export async function collect(opts: CollectOptions = {}): Promise<Snapshot> {
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? (() => {});
  const startedAt = now().toISOString();
  const env = opts.env ?? process.env;
  const endpoints = endpointOverrides(opts.endpointUrl, env);
  const stats = newStats();
  const previous = opts.since ? new PreviousSnapshot(opts.since.snapshot, opts.since.sha256) : undefined;
  if (previous?.redacted) log('--since: the previous snapshot was redacted (no specs), so every detail is fetched again.');
  const lastKnownFrom = opts.lastKnown ?? opts.since;
  const lastKnown = lastKnownFrom ? new LastKnownSource(lastKnownFrom.snapshot, lastKnownFrom.sha256) : undefined;
  const home = opts.regions?.[0] ?? (await defaultRegion(opts.profile));
  const regions: string[] | 'all' = opts.allRegions ? 'all' : opts.regions && opts.regions.length > 0 ? [...new Set(opts.regions)].sort() : [home];
  const budget = new RateBudget(rateFor(opts.maxRps, endpoints));
  const onCall = opts.onCall ?? (() => {});
  const runOptions = (extra: Partial<AccountRunOptions>): AccountRunOptions => ({
    regions,
    homeRegion: home,
    concurrency: opts.concurrency ?? DEFAULT_CONCURRENCY,
    maxAttempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    log,
    onCall,
    budget,
    stats,
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.endpointUrl ? { endpointUrl: opts.endpointUrl } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    ...(opts.pageSize !== undefined ? { pageSize: opts.pageSize } : {}),
    ...(opts.requestTimeoutMs !== undefined ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
    ...(previous ? { previous } : {}),
    ...(lastKnown ? { lastKnown } : {}),
    ...extra,
  });

  opts.progress?.start(stats);
  let accounts: AccountSnapshot[];
  let coverage: CoverageEntry[];
  try {
    if (!opts.accounts && !opts.org) {
      stats.accounts.total = 1;
      const run = await collectAccount(runOptions({ budgetKey: 'caller', ...(opts.accountName ? { accountName: opts.accountName } : {}) }));
      stats.accounts.done = 1;
      accounts = [run.account];
      coverage = run.coverage;
    } else {
      ({ accounts, coverage } = await collectOrganisation(opts, runOptions, stats, home, log));
    }
  } finally {
    opts.progress?.stop();
  }

  const finishedAt = now().toISOString();
  const collection: Snapshot['collection'] = { source: 'live', startedAt, finishedAt, ...(Object.keys(endpoints).length > 0 ? { endpoints } : {}) };
  if (previous) collection.incremental = { previousSha256: previous.sha256, reused: previous.reused, fetched: previous.fetched };
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    collectedAt: finishedAt,
    collection,
    accounts: accounts.sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0)),
    coverage: mergeCoverage(coverage),
  };
}

interface Target extends AccountTarget {
  /** From Organizations; anything but ACTIVE cannot be entered. */
  status?: string;
}

async function collectOrganisation(
  opts: CollectOptions,
  runOptions: (extra: Partial<AccountRunOptions>) => AccountRunOptions,
  stats: CollectStats,
  home: string,
  log: (line: string) => void,
): Promise<{ accounts: AccountSnapshot[]; coverage: CoverageEntry[] }> {
  const base = runOptions({});
  const settings: ClientSettings = {
    maxAttempts: base.maxAttempts,
    limiter: new Limiter(base.concurrency),
    onCall: base.onCall,
    budgetKey: 'caller',
    stats,
    ...(base.budget ? { budget: base.budget, rateFor: (service: CoverageService) => base.budget?.rate(service) ?? 0 } : {}),
    ...(base.requestTimeoutMs !== undefined ? { requestTimeoutMs: base.requestTimeoutMs } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.endpointUrl ? { endpointUrl: opts.endpointUrl } : {}),
  };
  const clients = globalClients(home, settings);
  const coverage: CoverageEntry[] = [];
  const accounts: AccountSnapshot[] = [];
  try {
    // Who is calling decides the partition of role ARNs and which account needs no role. Not
    // recorded in coverage: the caller's account may not be one of the audited ones.
    const scratch = new Coverage();
    const caller = await collectIdentity(clients.sts, { coverage: scratch, region: 'global' });
    if (!caller) log('STS GetCallerIdentity failed for the calling credentials; every account is entered through the role.');
    const partition = partitionOf(caller?.Arn);

    let targets: Target[];
    if (opts.org) {
      const orgCoverage = new Coverage();
      const listed = await listOrganizationAccounts(clients.organizations, { coverage: orgCoverage, region: 'global', stats });
      coverage.push(...orgCoverage.entries(caller?.Account ?? '000000000000'));
      if (!listed.complete) {
        const why = listed.failure ? `${listed.failure.code}: ${boundedLine(listed.failure.message, 200)}` : 'no answer';
        log(`Organizations ListAccounts failed (${why}); ${listed.items.length > 0 ? 'only the accounts listed before the failure are audited' : 'only the calling account is audited'} (see coverage).`);
      }
      targets = listed.items.length > 0 ? listed.items : caller ? [{ accountId: caller.Account }] : [];
    } else {
      targets = opts.accounts ?? [];
    }
    stats.accounts.total = targets.length;

    const reached = new Set<string>();
    const unreached: Array<{ target: Target; code: string; why: string }> = [];
    await pool(targets, opts.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY, async (target) => {
      const say = (line: string): void => log(`account ${target.accountId}${target.name ? ` (${boundedLine(target.name, 60)})` : ''}: ${line}`);
      const extra: Partial<AccountRunOptions> = { budgetKey: target.accountId, log: say, ...(target.name ? { accountName: target.name } : {}) };
      if (target.status !== undefined && target.status !== 'ACTIVE') {
        say(`not collected: Organizations lists it as ${boundedLine(target.status, 40)}`);
        unreached.push({ target, code: 'AccountNotActive', why: `Organizations lists the account as ${target.status}` });
        stats.accounts.failed += 1;
        return;
      }
      let run: AccountRun;
      if (caller && target.accountId === caller.Account) {
        run = await collectAccount(runOptions(extra));
      } else {
        const roleArn = roleArnFor(partition, target.accountId, opts.assumeRole ?? '');
        const assumeCoverage = new Coverage();
        const assumed = await assumeRole({
          sts: clients.sts,
          scope: { coverage: assumeCoverage, region: 'global', stats },
          roleArn,
          ...(opts.externalId ? { externalId: opts.externalId } : {}),
        });
        coverage.push(...assumeCoverage.entries(target.accountId));
        if (!assumed.ok) {
          const why = `could not assume ${roleArn} (${assumed.failure.code}: ${boundedLine(assumed.failure.message, 200)})`;
          say(`not collected: ${why}`);
          unreached.push({ target, code: 'AssumeRoleFailed', why: `could not assume ${roleArn} (${assumed.failure.code})` });
          stats.accounts.failed += 1;
          return;
        }
        // The profile named the caller's credentials; the member account uses the role's.
        const { profile: _profile, ...rest } = runOptions({ ...extra, credentials: assumed.credentials });
        run = await collectAccount(rest);
      }
      const answered = run.account.identity?.Account;
      if (answered !== undefined && answered !== target.accountId) {
        // Filing one account's data under another's id would misattribute every finding.
        const why = `the credentials for it answered as account ${answered}`;
        say(`not collected: ${why}`);
        unreached.push({ target, code: 'WrongAccount', why });
        stats.accounts.failed += 1;
        return;
      }
      if (run.account.accountId !== target.accountId) run = refile(run, target.accountId);
      reached.add(target.accountId);
      accounts.push(run.account);
      coverage.push(...run.coverage);
      stats.accounts.done += 1;
    });

    // An account that could not be entered is audited over the regions the others were.
    const seenRegions = [...new Set(accounts.flatMap((a) => a.regions.map((r) => r.region)))].sort();
    const regionsForGaps = base.regions === 'all' ? (seenRegions.length > 0 ? seenRegions : [home]) : base.regions;
    for (const { target, code, why } of unreached) {
      const stub = unreachedAccount(target, regionsForGaps, code, why);
      accounts.push(stub.account);
      coverage.push(...stub.coverage);
    }
    return { accounts, coverage };
  } finally {
    destroyAll([clients]);
  }
}

/** STS did not answer in the account: its data is filed under the id the role was assumed in. */
function refile(run: AccountRun, accountId: string): AccountRun {
  return {
    account: { ...run.account, accountId },
    coverage: run.coverage.map((e) => ({ ...e, accountId })),
  };
}

export type { CoverageService };
export { collectAccount, type AccountRun, type AccountRunOptions } from './run.ts';
export type { AccountTarget } from './targets.ts';
export type { CollectStats, ProgressReporter } from './stats.ts';
