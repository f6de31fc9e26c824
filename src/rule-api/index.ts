/** Placeholder replaced in the rule API step. */
export { defineRule, type RuleDefinition, type RuleContext } from '../engine/define-rule.ts';
