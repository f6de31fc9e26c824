/**
 * PA-TPL-017: Optional inputs without a default are read only behind a guard.
 * Reads the scanner's issues inputs.optional-unguarded about the template bundle; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["inputs.optional-unguarded"];

export default defineRule({
  meta: {
    id: 'PA-TPL-017',
    title: "Optional inputs without a default are read only behind a guard",
    severity: 'medium',
    resource: 'templateBundle',
    family: 'templates',
    rationale: "An input that is neither required nor defaulted is absent from the render context when a spec leaves it out, and Proton's StrictUndefined rendering then fails: the template works for the specs its author tried and breaks for the next one.",
    remediation: { text: "Give the input a default in the schema, or read it as `{{ environment.inputs.x | default(\"...\") }}` or behind `{% if environment.inputs.x is defined %}`." },
    references: [
      { title: "AWS Proton User Guide: parameter filters (default)", url: "https://docs.aws.amazon.com/proton/latest/userguide/parameter-filters.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
