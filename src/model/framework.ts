/**
 * Compliance frameworks as data: one file per framework (compliance/<id>.yaml, shape in
 * schemas/framework.schema.json), each requirement listing the rule ids that assess it. A
 * requirement no rule covers is listed too, so coverage is honest: it shows as "not assessed",
 * never as passed.
 */

export interface Requirement {
  /** The framework's own identifier: 'AC-6(1)', '1.16', 'CC6.1', '8.6.2'. */
  id: string;
  /** A short title in the mapping author's words (never the framework's copyrighted text). */
  title: string;
  /** Family, section or category, for grouping in views. */
  section?: string;
  /** Rule ids that assess the requirement, in file order; empty when none does. */
  rules: string[];
}

/** A framework file as written (schemas/framework.schema.json). */
export interface FrameworkFile {
  /** Stable id, also the file name: 'nist-800-53', 'cis-aws-foundations', 'soc2'... */
  id: string;
  name: string;
  /** The framework version the mapping was written against. */
  version: string;
  /** A public page for the framework. */
  url: string;
  /** The scope chosen for the mapping. */
  description: string;
  requirements: Requirement[];
}

/** A loaded framework: the file's content and where it came from. */
export interface Framework extends FrameworkFile {
  /** The file it was loaded from (absolute path), for problems and provenance. */
  file: string;
}

/** One place a rule is mapped: framework and requirement. */
export interface RuleMapping {
  framework: string;
  requirement: string;
}
