/**
 * The compliance view every report shares: where the run stands against each framework, where
 * the open failing findings sit (account, region, riskiest resources) and, given earlier runs,
 * the trend. Pure. `outcomeRecords` is the one place a renderer reads the result's findings as
 * outcome records, so a new result shape changes that function and nothing else here.
 */
import {
  assessCompliance,
  breakdownByAccount,
  breakdownByRegion,
  tallyOutcomes,
  topRiskyResources,
  trendPointFromTally,
  trendSeries,
  type Breakdown,
  type OutcomeRecord,
  type OutcomeTally,
  type RiskyResource,
  type TrendEntry,
  type TrendPoint,
} from '../compliance/index.ts';
import type { AuditResult, ComplianceSection, Framework, FrameworkAssessment, RequirementAssessment } from '../model/index.ts';
import { recordsFromOutcomes } from './outcome-walk.ts';

/** What the reports add when the run has frameworks and earlier results to compare with. */
export interface ComplianceInputs {
  /** The frameworks to report against (all loaded ones, or the one --compliance names). */
  frameworks?: readonly Framework[];
  /** One point per earlier result (--history); the current run is added as the last point. */
  history?: readonly TrendPoint[];
}

/**
 * The result's findings as outcome records, in the contract order, each built as it is read
 * straight from the schema v2 outcomes (outcome-walk.ts: no finding objects, fingerprints only
 * when read), so a 100× result's 1.2 million records cost little memory.
 */
export function outcomeRecords(result: AuditResult): Iterable<OutcomeRecord> {
  return recordsFromOutcomes(result);
}

export interface ComplianceView {
  frameworks: FrameworkAssessment[];
  byAccount: Breakdown[];
  byRegion: Breakdown[];
  topResources: RiskyResource[];
  /** Earlier runs and this one, oldest first; undefined without history. */
  trend?: TrendEntry[];
  tally: OutcomeTally;
}

export interface ComplianceViewOptions {
  /** Fingerprints kept per requirement and list (default: all). */
  maxFindingRefs?: number;
  /** How many risky resources to rank (default 10). */
  topResources?: number;
}

/** The label of the current run in a trend. */
export const THIS_RUN = 'this run';

export function complianceView(result: AuditResult, inputs: ComplianceInputs, opts: ComplianceViewOptions = {}): ComplianceView {
  const tally = tallyOutcomes(outcomeRecords(result));
  const frameworks = inputs.frameworks ? assessCompliance(inputs.frameworks, result.rules, tally, opts.maxFindingRefs === undefined ? {} : { maxFindingRefs: opts.maxFindingRefs }) : [];
  const view: ComplianceView = {
    frameworks,
    byAccount: breakdownByAccount(tally),
    byRegion: breakdownByRegion(tally),
    topResources: topRiskyResources(tally, opts.topResources ?? 10),
    tally,
  };
  if (inputs.history && inputs.history.length > 0) view.trend = trendSeries([...inputs.history, trendPointFromTally(result.evaluatedAt, tally, THIS_RUN)]);
  return view;
}

/** Fingerprints per requirement list in the JSON result; counts keep the totals. */
export const JSON_FINDING_REFS = 100;

/** The JSON result's `compliance` section. */
export function complianceSection(result: AuditResult, frameworks: readonly Framework[]): ComplianceSection {
  const tally = tallyOutcomes(outcomeRecords(result));
  return { frameworks: assessCompliance(frameworks, result.rules, tally, { maxFindingRefs: JSON_FINDING_REFS }) };
}

/** A requirement judged from last-known Proton records says so, and as of when. */
export function lastKnownNote(req: RequirementAssessment): string {
  if (!req.lastKnown) return '';
  return `${req.lastKnown.only ? 'only from' : 'partly from'} last-known Proton records, as of ${req.lastKnown.asOf}`;
}
