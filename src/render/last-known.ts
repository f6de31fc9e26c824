/**
 * What every report says about last-known data: which account/regions hold Proton records that
 * were carried from an earlier snapshot (not collected with this one), from when, and how many
 * findings rest on them. One wording for the table, Markdown, HTML and SARIF. Pure.
 */
import type { AuditResult, Finding } from '../model/index.ts';

export interface LastKnownSummary {
  /** One line per account/region, e.g. '111122223333/us-east-1: collected 2026-09-01T… (snapshot 1a2b3c4d5e6f, live)'. */
  places: string[];
  /** Findings computed from last-known data (marked "as of"). */
  asOf: number;
  /** Findings skipped as stale because of it. */
  stale: number;
}

export function lastKnownSummary(result: AuditResult): LastKnownSummary | undefined {
  const places = result.snapshot.lastKnown ?? [];
  if (places.length === 0) return undefined;
  let asOf = 0;
  let stale = 0;
  // Outcomes resting on last-known data are always full records (docs/result-format.md).
  for (const o of result.outcomes) {
    for (const f of o.findings) {
      if (!f.lastKnown) continue;
      if (f.status === 'skip' && f.skipReason?.startsWith('stale:')) stale += 1;
      else asOf += 1;
    }
  }
  return {
    places: places.map((p) => `${p.accountId}/${p.region}: collected ${p.collectedAt} (snapshot ${p.sha256.slice(0, 12)}, ${p.source})`),
    asOf,
    stale,
  };
}

/** The headline sentence (no markup). */
export function lastKnownHeadline(s: LastKnownSummary): string {
  return (
    `AWS Proton did not answer: its records for ${s.places.length === 1 ? 'this account/region are' : `${s.places.length} account/regions are`} LAST-KNOWN, ` +
    `carried from an earlier snapshot, not collected with this one. ${s.asOf} finding${s.asOf === 1 ? '' : 's'} computed from them say "as of" that time; ` +
    `${s.stale} were skipped as stale.`
  );
}

/** A short marker for a finding computed from last-known data. */
export function lastKnownTag(f: Pick<Finding, 'lastKnown'>): string | undefined {
  return f.lastKnown ? `last-known, as of ${f.lastKnown.collectedAt}` : undefined;
}

/**
 * The incomplete account/regions without the operations answered by last-known records: those
 * are described by the last-known banner, and their rules were evaluated (as of) or skipped as
 * stale, not skipped as not collected. `--strict` still counts them (summary.incomplete).
 */
export function gapsBesidesLastKnown(result: AuditResult): AuditResult['summary']['incomplete'] {
  const carried = new Set(
    result.coverage.filter((c) => c.status === 'last-known' && !c.failedResources?.length).map((c) => `${c.accountId}\u0000${c.region}\u0000${c.operation}`),
  );
  if (carried.size === 0) return result.summary.incomplete;
  return result.summary.incomplete
    .map((g) => ({ ...g, operations: g.operations.filter((op) => !carried.has(`${g.accountId}\u0000${g.region}\u0000${op}`)) }))
    .filter((g) => g.operations.length > 0);
}
