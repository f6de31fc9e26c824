/**
 * Compliance: frameworks as data (compliance/<id>.yaml), where a run stands against each of them,
 * and the account, region, resource and trend views. Everything but `loadFrameworks` is pure and
 * reads outcome records through an iterator, whatever the result file's shape.
 */
export { loadFrameworks, loadFrameworksOrThrow, parseFramework, type LoadedFrameworks } from './load.ts';
export { ruleMappings, mappingsByFramework, catalogCompliance, mergeCompliance, CATALOG_FRAMEWORKS } from './mapping.ts';
export { recordsFromFindings, type OutcomeRecord, type OutcomeStatus } from './record.ts';
export { tallyOutcomes, zeroCounts, zeroSeverities, type OutcomeTally, type RuleOutcomes, type ResourceRisk, type SeverityCounts } from './tally.ts';
export { assessCompliance, assessFramework, ruleState, type AssessOptions, type RuleInfo } from './assess.ts';
export {
  REQUIREMENT_STATUSES,
  type FrameworkAssessment,
  type RequirementAssessment,
  type RequirementStatus,
  type RuleAssessment,
  type RuleCounts,
  type RuleState,
} from '../model/index.ts';
export { breakdownByAccount, breakdownByRegion, topRiskyResources, riskScore, RISK_WEIGHTS, type Breakdown, type RiskyResource } from './breakdown.ts';
export { trendPoint, trendPointFromTally, trendPointFromCounts, trendSeries, type TrendPoint, type TrendEntry } from './trend.ts';
