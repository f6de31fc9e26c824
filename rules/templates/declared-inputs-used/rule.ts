/**
 * PA-TPL-018: Every declared input is read by some IaC file of its bundle.
 * Reads the scanner's issues inputs.unused about the template bundle; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["inputs.unused"];

export default defineRule({
  meta: {
    id: 'PA-TPL-018',
    title: "Every declared input is read by some IaC file of its bundle",
    severity: 'info',
    resource: 'templateBundle',
    family: 'templates',
    rationale: "An input no template reads is still offered to (and may be required from) everyone who creates an environment or service, and its value changes nothing: a leftover of an edit, or a reference that was meant and is missing. For CodeBuild bundles an input counts as used when its name appears anywhere in the bundle.",
    remediation: { text: "Remove the input from the schema, or read it where it was meant to be used." },
    references: [
      { title: "AWS Proton User Guide: schema file", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-schema.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
