/**
 * One pass over the outcome records, keeping only what the compliance views need: counts per
 * rule with the fingerprints to link to, and the open failing findings (failing, not waived) by
 * account, region and resource. Streams of any length go through it once.
 */
import { SEVERITIES, type RuleCounts, type Severity } from '../model/index.ts';
import type { OutcomeRecord } from './record.ts';

export type SeverityCounts = Record<Severity, number>;

export function zeroSeverities(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}

export function zeroCounts(): RuleCounts {
  return { pass: 0, fail: 0, failWaived: 0, skipNotCollected: 0, skipOther: 0, error: 0 };
}

export interface RuleOutcomes extends RuleCounts {
  /** Fingerprints of unwaived failing findings, in record order. */
  failing: string[];
  /** Fingerprints of error findings. */
  errors: string[];
  /** Fingerprints of skips for data not collected. */
  notCollected: string[];
  /** The same counts over the records judged from last-known Proton records only. */
  lastKnown: RuleCounts;
  /** When the oldest of those last-known records was collected. */
  lastKnownAsOf?: string;
}

export interface ResourceRisk {
  arn: string;
  accountId: string;
  region: string;
  type?: string;
  name?: string;
  /** Open failing findings on the resource, by severity. */
  open: SeverityCounts;
  /** Their fingerprints, in record order. */
  findings: string[];
}

export interface OutcomeTally {
  records: number;
  byRule: Map<string, RuleOutcomes>;
  /** Open failing findings by account id. */
  byAccount: Map<string, SeverityCounts>;
  /** Open failing findings by region ('global' for IAM). */
  byRegion: Map<string, SeverityCounts>;
  /** Resources with at least one open failing finding, by ARN. */
  byResource: Map<string, ResourceRisk>;
  /** All open failing findings by severity. */
  open: SeverityCounts;
}

export function tallyOutcomes(records: Iterable<OutcomeRecord>): OutcomeTally {
  const tally: OutcomeTally = { records: 0, byRule: new Map(), byAccount: new Map(), byRegion: new Map(), byResource: new Map(), open: zeroSeverities() };
  for (const r of records) {
    tally.records++;
    let rule = tally.byRule.get(r.ruleId);
    if (!rule) tally.byRule.set(r.ruleId, (rule = { ...zeroCounts(), failing: [], errors: [], notCollected: [], lastKnown: zeroCounts() }));
    const kind = countKey(r);
    rule[kind]++;
    if (r.lastKnown !== undefined) {
      rule.lastKnown[kind]++;
      if (rule.lastKnownAsOf === undefined || r.lastKnown < rule.lastKnownAsOf) rule.lastKnownAsOf = r.lastKnown;
    }
    if (kind === 'error') rule.errors.push(r.fingerprint);
    else if (kind === 'skipNotCollected') rule.notCollected.push(r.fingerprint);
    else if (kind === 'fail') {
      rule.failing.push(r.fingerprint);
      addOpen(tally, r);
    }
  }
  return tally;
}

function countKey(r: OutcomeRecord): keyof RuleCounts {
  switch (r.status) {
    case 'pass':
      return 'pass';
    case 'error':
      return 'error';
    case 'skip':
      return r.notCollected ? 'skipNotCollected' : 'skipOther';
    case 'fail':
      return r.waived ? 'failWaived' : 'fail';
  }
}

function addOpen(tally: OutcomeTally, r: OutcomeRecord): void {
  const sev = SEVERITIES.includes(r.severity) ? r.severity : 'info';
  tally.open[sev]++;
  bump(tally.byAccount, r.resource.accountId, sev);
  bump(tally.byRegion, r.resource.region, sev);
  let res = tally.byResource.get(r.resource.arn);
  if (!res) {
    res = { arn: r.resource.arn, accountId: r.resource.accountId, region: r.resource.region, open: zeroSeverities(), findings: [] };
    if (r.resource.type !== undefined) res.type = r.resource.type;
    if (r.resource.name !== undefined) res.name = r.resource.name;
    tally.byResource.set(r.resource.arn, res);
  }
  res.open[sev]++;
  res.findings.push(r.fingerprint);
}

function bump(map: Map<string, SeverityCounts>, key: string, sev: Severity): void {
  let c = map.get(key);
  if (!c) map.set(key, (c = zeroSeverities()));
  c[sev]++;
}
