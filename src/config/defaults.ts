/** Config defaults: what an audit uses when `.proton-audit.yml` says nothing. */
import type { ResourceType, Config, RuleConfigView } from '../model/index.ts';

/** A common mandatory tag set: ownership, cost allocation, application, stage and data classification. */
export const DEFAULT_REQUIRED_TAG_KEYS: readonly string[] = ['Owner', 'CostCenter', 'App', 'Environment', 'DataClassification'];

/**
 * Resource types the default key set applies to: the taggable Proton resources a team owns.
 * Template versions inherit ownership from their template, so they are opt-in via byType.
 */
export const DEFAULT_TAGGED_TYPES: readonly ResourceType[] = [
  'environmentTemplate',
  'serviceTemplate',
  'environment',
  'service',
  'serviceInstance',
  'component',
];

export function defaultConfig(): Config {
  return {
    rules: [],
    requiredTags: { keys: [...DEFAULT_REQUIRED_TAG_KEYS], byType: {}, patterns: {} },
    severity: {},
    disabled: [],
    options: {},
    allowedAccounts: [],
    adminPrincipals: [],
    // On by default at low severity (PA-ENC-001/002), as other AWS auditors check for customer managed keys.
    requireCustomerManagedKey: true,
    unwaivable: [],
    waivers: [],
  };
}

/** Required tag keys for one resource type. */
export function requiredTagKeys(config: Config, type: ResourceType): string[] {
  const own = config.requiredTags.byType[type];
  if (own) return own;
  return DEFAULT_TAGGED_TYPES.includes(type) ? config.requiredTags.keys : [];
}

export function ruleConfigView(config: Config): RuleConfigView {
  return {
    requiredTags: [...config.requiredTags.keys],
    allowedAccounts: [...config.allowedAccounts],
    adminPrincipals: [...config.adminPrincipals],
    requireCustomerManagedKey: config.requireCustomerManagedKey,
  };
}
