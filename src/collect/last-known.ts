/**
 * Last-known Proton records. When a region's Proton endpoint does not answer (retired: AWS ended
 * Proton on 2026-10-07) and an earlier snapshot is given (`--last-known`, or `--since`), that
 * snapshot's Proton records for the same account and region are carried into the new one,
 * marked with where they came from (`RegionSnapshot.lastKnown`) and with coverage status
 * `last-known` — never `ok`: nothing was collected now. A denied or failing Proton is not
 * retired, and nothing is carried for it.
 */
import type { CoverageEntry, LastKnown, ProtonData, RegionSnapshot, Snapshot } from '../model/index.ts';

export interface Carried {
  proton: ProtonData;
  lastKnown: LastKnown;
}

export class LastKnownSource {
  private readonly regions = new Map<string, { region: RegionSnapshot; lastKnown: LastKnown }>();
  private readonly coverage = new Map<string, CoverageEntry>();
  /** `account/region` pairs carried, for the stderr report. */
  readonly carried: string[] = [];

  constructor(
    snapshot: Snapshot,
    readonly sha256: string,
  ) {
    // The time the earlier snapshot finished collecting: for a live collection its collectedAt;
    // for a merge, the last shard's end (its collectedAt is the time of the merge).
    const own: LastKnown = { collectedAt: snapshot.collection.finishedAt, sha256, source: snapshot.collection.source };
    for (const account of snapshot.accounts) {
      for (const region of account.regions) {
        if (!region.proton) continue;
        // Records that were already last-known keep the time they were really collected.
        this.regions.set(`${account.accountId}/${region.region}`, { region, lastKnown: region.lastKnown ?? own });
      }
    }
    for (const e of snapshot.coverage) if (e.service === 'proton') this.coverage.set(`${e.accountId}/${e.region}/${e.operation}`, e);
  }

  /** The earlier records of this account and region, if the snapshot holds any. */
  carry(accountId: string, region: string): Carried | undefined {
    const found = this.regions.get(`${accountId}/${region}`);
    if (!found?.region.proton) return undefined;
    this.carried.push(`${accountId}/${region}`);
    return { proton: found.region.proton, lastKnown: found.lastKnown };
  }

  /**
   * The coverage of a carried region's Proton operations: what was tried now (the calls, the
   * endpoint errors) and what the earlier snapshot had. An operation that answered then is
   * `last-known`; one that had a gap then keeps that gap's status and errors, so a rule that
   * needs it still skips.
   */
  coverageFor(live: CoverageEntry, lastKnown: LastKnown): CoverageEntry {
    const before = this.coverage.get(`${live.accountId}/${live.region}/${live.operation}`);
    // No entry: the earlier collection had nothing to ask it for (say, no connection to Get), so
    // the carried records are complete for it.
    const wasAnswered = !before || before.status === 'ok' || before.status === 'last-known';
    const errors = new Map((live.errors ?? []).map((e) => [e.code, { ...e }]));
    if (before && !wasAnswered) {
      for (const e of before.errors ?? []) if (!errors.has(e.code)) errors.set(e.code, { ...e, message: `in the last-known snapshot: ${e.message}` });
    }
    const entry: CoverageEntry = {
      ...live,
      status: wasAnswered || !before ? 'last-known' : before.status,
      lastKnown,
    };
    if (errors.size > 0) entry.errors = [...errors.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    if (before?.failedResources?.length) entry.failedResources = [...before.failedResources];
    else delete entry.failedResources;
    return entry;
  }
}
