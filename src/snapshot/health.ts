/**
 * Whether a snapshot's collection can be audited at all: the gate fails closed. A run with no
 * credentials, an expired token, no account entered, or a service of which every call failed is
 * a failed collection (the CLI exits 3 with the cause), never an empty pass. A retired Proton —
 * its endpoint asked and nothing answered, the normal state since AWS ended Proton on 2026-10-07
 * — is not a failure and not a gap: it is reported as retired and its rules skip; with
 * `--last-known` its earlier records are carried instead (collect/last-known.ts), which is no
 * failure either but stays a gap (the data is not from this collection). Which failures
 * are fatal is documented in docs/collection.md ("When the run fails").
 */
import type { CoverageEntry, Snapshot } from '../model/index.ts';

/** Services whose every call failing makes the collection a failure (see the module comment). */
const FATAL_SERVICES: ReadonlyArray<{ service: CoverageEntry['service']; label: string }> = [
  { service: 'iam', label: 'IAM' },
  { service: 'tagging', label: 'Resource Groups Tagging API' },
  { service: 'proton', label: 'Proton' },
  { service: 'organizations', label: 'Organizations' },
  // What a retired Proton left running is found through these two.
  { service: 'cloudformation', label: 'CloudFormation' },
  { service: 'codebuild', label: 'CodeBuild' },
];

export interface CollectionHealth {
  /** Why the collection failed as a whole, one cause a line; empty when it did not. */
  fatal: string[];
  /** Account/region pairs whose Proton endpoint did not answer at all (retired). */
  protonRetired: Array<{ accountId: string; region: string }>;
}

function key(accountId: string, region: string): string {
  return `${accountId}\u0000${region}`;
}

/**
 * Account/region pairs where Proton was asked (GetAccountSettings was called) and nothing of it
 * answered: every Proton operation there is `unavailable` (the same test as facts/coverage.ts).
 * Denied, throttled or failed Proton calls are not this.
 */
export function protonRetiredRegions(coverage: readonly CoverageEntry[]): Array<{ accountId: string; region: string }> {
  const byRegion = new Map<string, CoverageEntry[]>();
  for (const e of coverage) {
    if (e.service !== 'proton') continue;
    const k = key(e.accountId, e.region);
    const list = byRegion.get(k) ?? [];
    list.push(e);
    byRegion.set(k, list);
  }
  const out: Array<{ accountId: string; region: string }> = [];
  for (const entries of byRegion.values()) {
    const probe = entries.find((e) => e.operation === 'GetAccountSettings');
    if (probe && probe.calls > 0 && entries.every((e) => e.status === 'unavailable')) out.push({ accountId: probe.accountId, region: probe.region });
  }
  return out.sort((a, b) => (a.accountId === b.accountId ? (a.region < b.region ? -1 : a.region > b.region ? 1 : 0) : a.accountId < b.accountId ? -1 : 1));
}

/** Whether an entry belongs to a region whose Proton is retired (it is then no gap). */
export function retiredFilter(coverage: readonly CoverageEntry[]): (e: CoverageEntry) => boolean {
  const retired = new Set(protonRetiredRegions(coverage).map((r) => key(r.accountId, r.region)));
  return (e) => e.service === 'proton' && retired.has(key(e.accountId, e.region));
}

/**
 * Whether an entry belongs to a region whose Proton did not answer now, carried records or not:
 * its entries are `unavailable`, or carry `lastKnown` (the collector carries records only where
 * the probe got no answer). No such region makes "every Proton call failed".
 */
function silentProtonFilter(coverage: readonly CoverageEntry[]): (e: CoverageEntry) => boolean {
  const byRegion = new Map<string, CoverageEntry[]>();
  for (const e of coverage) {
    if (e.service !== 'proton') continue;
    const list = byRegion.get(key(e.accountId, e.region)) ?? [];
    list.push(e);
    byRegion.set(key(e.accountId, e.region), list);
  }
  const silent = new Set<string>();
  for (const [k, entries] of byRegion) {
    const probe = entries.find((e) => e.operation === 'GetAccountSettings');
    if (probe && probe.calls > 0 && entries.every((e) => e.status === 'unavailable' || e.lastKnown !== undefined)) silent.add(k);
  }
  return (e) => e.service === 'proton' && silent.has(key(e.accountId, e.region));
}

/**
 * An operation answered at least once. Imported snapshots make no calls (an exported output is
 * `ok` with 0 calls). The Proton probe counts a dropped first attempt as a call that is no
 * failure, so it answered only when its status is ok.
 */
function answered(e: CoverageEntry): boolean {
  if (e.status === 'ok') return true;
  return e.operation !== 'GetAccountSettings' && e.calls > e.failures;
}

/** The most frequent failure among entries, as `code: message`. */
function dominantError(entries: readonly CoverageEntry[]): { code: string; message: string } | undefined {
  const tally = new Map<string, { code: string; message: string; count: number }>();
  for (const e of entries) {
    for (const x of e.errors ?? []) {
      const t = tally.get(x.code) ?? { code: x.code, message: x.message, count: 0 };
      t.count += x.count;
      tally.set(x.code, t);
    }
  }
  return [...tally.values()].sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1))[0];
}

/** What a failure code means for the person running the audit. */
function meaning(code: string, message: string): string | undefined {
  if (code === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return 'no AWS credentials were found (the SDK default chain: AWS_PROFILE / --profile, environment variables, SSO, an instance or task role)';
  }
  if (/^(ExpiredToken|ExpiredTokenException|RequestExpired|TokenRefreshRequired)$/.test(code) || /expired/i.test(message)) return 'the AWS credentials have expired';
  if (/^(InvalidClientTokenId|UnrecognizedClientException|SignatureDoesNotMatch|InvalidAccessKeyId|IncompleteSignature)$/.test(code)) return 'the AWS credentials were rejected';
  if (code === 'AssumeRoleFailed') return 'the audit role could not be assumed in any account';
  if (code === 'AccountNotActive') return 'no listed account is active';
  if (/^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|TimeoutError|RequestTimeout|NetworkingError)$/.test(code)) return 'the AWS endpoints did not answer';
  return undefined;
}

function cause(entries: readonly CoverageEntry[]): string {
  const top = dominantError(entries);
  if (!top) return 'no call answered';
  const raw = `${top.code}: ${top.message}`;
  const said = meaning(top.code, top.message);
  return said ? `${said} (${raw})` : raw;
}

/** Some call for the account answered, or it holds identity or IAM data (a hand-made snapshot may record no coverage). */
function hasData(a: Snapshot['accounts'][number], coverage: readonly CoverageEntry[]): boolean {
  return a.identity !== undefined || a.iam !== undefined || coverage.some((e) => e.accountId === a.accountId && answered(e));
}

export function assessCollection(snapshot: Pick<Snapshot, 'accounts' | 'coverage'>): CollectionHealth {
  const protonRetired = protonRetiredRegions(snapshot.coverage);
  const isRetired = silentProtonFilter(snapshot.coverage);
  if (snapshot.accounts.length === 0) return { fatal: ['the snapshot holds no account: nothing was collected'], protonRetired };
  if (!snapshot.accounts.some((a) => hasData(a, snapshot.coverage))) {
    const n = snapshot.accounts.length;
    return { fatal: [`nothing was collected from ${n === 1 ? 'the account' : `any of the ${n} accounts`}: ${cause(snapshot.coverage)}`], protonRetired };
  }
  const fatal: string[] = [];
  for (const { service, label } of FATAL_SERVICES) {
    const entries = snapshot.coverage.filter((e) => e.service === service && !isRetired(e));
    const called = entries.filter((e) => e.calls > 0);
    if (called.length === 0 || entries.some(answered)) continue;
    const calls = called.reduce((n, e) => n + e.calls, 0);
    fatal.push(`every ${label} call failed (${calls} call${calls === 1 ? '' : 's'}): ${cause(called)}`);
  }
  return { fatal, protonRetired };
}
