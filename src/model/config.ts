/**
 * The auditor's configuration (`.proton-audit.yml`). Every key is optional in the file; the
 * loader fills defaults so the rest of the code sees a complete Config.
 */
import type { Waiver } from './result.ts';
import type { ResourceType, Severity } from './rule.ts';

export interface RequiredTagsConfig {
  /** Keys required on every taggable Proton resource type unless byType says otherwise. */
  keys: string[];
  /** Per resource type, the keys required there instead of `keys` ([] exempts the type). */
  byType: Partial<Record<ResourceType, string[]>>;
  /** Regular expressions a tag's value must fully match, by key. */
  patterns: Record<string, string>;
}

export type FailOn = Severity | 'none';

export interface Config {
  /** Extra rule pack directories, resolved against the config file's directory. */
  rules: string[];
  requiredTags: RequiredTagsConfig;
  severity: Record<string, Severity>;
  disabled: string[];
  options: Record<string, Record<string, unknown>>;
  /** Accounts environment account connections may point at (empty: no allow list). */
  allowedAccounts: string[];
  /** ARN globs of principals allowed to hold AWSProtonFullAccess. */
  adminPrincipals: string[];
  requireCustomerManagedKey: boolean;
  /** Rule ids no waiver may apply to, in addition to rules marked unwaivable. */
  unwaivable: string[];
  failOn?: FailOn;
  waivers: Waiver[];
  /** `scan`: which template each spec file belongs to, when the scanner cannot tell. */
  scan?: ScanConfig;
  /** The file this came from; absent for defaults. Used to locate problems. */
  source?: string;
}

export interface ScanBinding {
  /** Spec path relative to the scanned repository; '*' within a directory, '**' across. */
  spec: string;
  template: string;
  major?: number;
}

export interface ScanConfig {
  bindings: ScanBinding[];
}

/** The part of the config rules see (CEL `config`, TS `ctx.config`). */
export interface RuleConfigView {
  requiredTags: string[];
  allowedAccounts: string[];
  adminPrincipals: string[];
  requireCustomerManagedKey: boolean;
}
