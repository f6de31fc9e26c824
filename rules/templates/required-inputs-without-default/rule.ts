/**
 * PA-TPL-015: Required inputs carry no default.
 * Reads the scanner's issues schema.required-with-default about the template bundle; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["schema.required-with-default"];

export default defineRule({
  meta: {
    id: 'PA-TPL-015',
    title: "Required inputs carry no default",
    severity: 'low',
    resource: 'templateBundle',
    family: 'templates',
    rationale: "Proton fills a default in for any input a spec leaves out, so `required` on an input with a default never asks anything of the spec: either the default is meant (drop required) or a deliberate choice is wanted (drop the default).",
    remediation: { text: "Remove the input from `required`, or remove its default." },
    references: [
      { title: "AWS Proton User Guide: schema file", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-schema.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
