/**
 * proton-audit/rules: the public API for TypeScript rules. A rule file default-exports
 * defineRule({ meta, requires?, check }); check gets the resource typed by its resource type and
 * the context (options, config, clock, the whole snapshot view), and returns verdicts that name
 * a message by id. The helpers are the Proton knowledge the built-in rules share.
 *
 *   import { defineRule } from 'proton-audit/rules';
 */
export { defineRule, type MessageData, type RuleContext, type RuleDefinition, type RuleVerdict } from './core/define-rule.ts';
export { formatMessage, placeholders } from './core/format.ts';
export type { RuleSnapshotView } from './core/view.ts';
export type * from '../model/index.ts';
export * from './helpers/roles.ts';
export * from './helpers/policy-copies.ts';
export * from './helpers/template-publication.ts';
export * from './helpers/values.ts';
export * from './helpers/scan.ts';
export { defaultPolicyDocument, defaultPolicyVersion } from '../knowledge/policies.ts';
