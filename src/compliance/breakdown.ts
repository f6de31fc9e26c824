/**
 * Where the open failing findings (failing, not waived) sit: by account, by region, and the
 * riskiest resources. Pure functions over an OutcomeTally.
 *
 * Risk score: the sum over a resource's open failing findings of a weight per severity,
 * critical 100, high 25, medium 5, low 1, info 0, so one critical outweighs three highs and a
 * high outweighs four mediums. Ties break on the count of the worst severity first (critical,
 * then high, ...), then on the key (ARN, account or region) so the order is deterministic.
 */
import { SEVERITIES } from '../model/index.ts';
import type { OutcomeTally, ResourceRisk, SeverityCounts } from './tally.ts';

export const RISK_WEIGHTS: Readonly<SeverityCounts> = { critical: 100, high: 25, medium: 5, low: 1, info: 0 };

export function riskScore(open: SeverityCounts): number {
  return SEVERITIES.reduce((sum, s) => sum + open[s] * RISK_WEIGHTS[s], 0);
}

function total(open: SeverityCounts): number {
  return SEVERITIES.reduce((sum, s) => sum + open[s], 0);
}

function compareRisk(a: { open: SeverityCounts; score: number; key: string }, b: { open: SeverityCounts; score: number; key: string }): number {
  if (a.score !== b.score) return b.score - a.score;
  for (const s of SEVERITIES) if (a.open[s] !== b.open[s]) return b.open[s] - a.open[s];
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

export interface Breakdown {
  /** Account id, or region. */
  key: string;
  open: SeverityCounts;
  total: number;
  score: number;
}

function breakdown(map: ReadonlyMap<string, SeverityCounts>): Breakdown[] {
  return [...map]
    .map(([key, open]) => ({ key, open: { ...open }, total: total(open), score: riskScore(open) }))
    .sort((a, b) => compareRisk(a, b));
}

/** Open failing findings per account, worst first. Accounts with none are absent. */
export function breakdownByAccount(tally: OutcomeTally): Breakdown[] {
  return breakdown(tally.byAccount);
}

/** Open failing findings per region ('global' for IAM), worst first. */
export function breakdownByRegion(tally: OutcomeTally): Breakdown[] {
  return breakdown(tally.byRegion);
}

export interface RiskyResource extends ResourceRisk {
  total: number;
  score: number;
}

/** The `limit` resources with the highest risk score (score 0, i.e. info-only, left out). */
export function topRiskyResources(tally: OutcomeTally, limit = 10): RiskyResource[] {
  const ranked = [...tally.byResource.values()]
    .map((r) => ({ r, key: r.arn, open: r.open, score: riskScore(r.open) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => compareRisk(a, b));
  return ranked.slice(0, Math.max(0, limit)).map(({ r, score }) => ({ ...r, open: { ...r.open }, findings: [...r.findings], total: total(r.open), score }));
}
