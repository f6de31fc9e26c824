/**
 * The engine's public surface: load rules and config, evaluate a snapshot, run rule cases.
 * Before evaluate(), await prepareFacts() once (it loads the IAM service reference data).
 */

export { loadRules, type LoadRulesOptions, type LoadedRules } from './load/load-rules.ts';
export { loadConfig } from '../config/load.ts';
export { parseConfig } from '../config/parse.ts';
export { evaluate, type EvaluateInput } from './evaluate.ts';
export { settleRuleWork, type LateRuleError } from './isolation.ts';
export { withLateRuleErrors } from './late-errors.ts';
export { runCases, runCase, loadRuleCases, type CaseResult, type CaseRun, type RuleCase } from './cases.ts';
export { buildCaseSnapshot, retireProton, CASE_ACCOUNT, CASE_REGION, CASE_NOW, type CaseEstate } from './case-estate.ts';
export { unmatchedWaivers, isExpired } from './waivers.ts';
export { defineRule, type RuleDefinition, type RuleContext } from '../rule-api/core/define-rule.ts';
export { prepareFacts } from '../facts/analyzers.ts';
export type { LoadedRule } from './load/rule.ts';
export { BUILTIN_RULES_DIR, BUILTIN_FRAMEWORKS_DIR } from './builtin.ts';
