/**
 * A trend of open failing findings (failing, not waived) by severity across several runs, for
 * "what changed since last time". Each point comes from one result; the series is ordered by
 * evaluation time.
 */
import { SEVERITIES } from '../model/index.ts';
import type { OutcomeRecord } from './record.ts';
import { tallyOutcomes, zeroSeverities, type OutcomeTally, type SeverityCounts } from './tally.ts';

export interface TrendPoint {
  /** The run's evaluation clock (ISO 8601). */
  evaluatedAt: string;
  /** Where the point came from, e.g. the result file name. */
  label?: string;
  open: SeverityCounts;
  total: number;
}

export interface TrendEntry extends TrendPoint {
  /** Change of `total` against the previous point; null for the first. */
  delta: number | null;
}

export function trendPointFromTally(evaluatedAt: string, tally: OutcomeTally, label?: string): TrendPoint {
  return point(evaluatedAt, tally.open, label);
}

/** A point straight from a run's records (one pass). */
export function trendPoint(evaluatedAt: string, records: Iterable<OutcomeRecord>, label?: string): TrendPoint {
  return trendPointFromTally(evaluatedAt, tallyOutcomes(records), label);
}

/** A point from counts already summed, e.g. a v1 result's summary.failingBySeverity. */
export function trendPointFromCounts(evaluatedAt: string, open: Partial<SeverityCounts>, label?: string): TrendPoint {
  const counts = zeroSeverities();
  for (const s of SEVERITIES) counts[s] = open[s] ?? 0;
  return point(evaluatedAt, counts, label);
}

function point(evaluatedAt: string, open: SeverityCounts, label: string | undefined): TrendPoint {
  const counts = { ...open };
  return { evaluatedAt, ...(label !== undefined ? { label } : {}), open: counts, total: SEVERITIES.reduce((n, s) => n + counts[s], 0) };
}

/**
 * Points ordered by evaluation time, then label; an unparsable time sorts last. Each entry carries
 * its change against the one before.
 */
export function trendSeries(points: Iterable<TrendPoint>): TrendEntry[] {
  const time = (p: TrendPoint): number => {
    const t = Date.parse(p.evaluatedAt);
    return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
  };
  const sorted = [...points].sort((a, b) => time(a) - time(b) || ((a.label ?? '') < (b.label ?? '') ? -1 : (a.label ?? '') > (b.label ?? '') ? 1 : 0));
  return sorted.map((p, i) => ({ ...p, open: { ...p.open }, delta: i === 0 ? null : p.total - (sorted[i - 1] as TrendPoint).total }));
}
