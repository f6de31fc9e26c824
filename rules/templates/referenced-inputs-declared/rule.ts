/**
 * PA-TPL-016: Every input a template reads is declared in its schema.
 * Reads the scanner's issues inputs.undeclared, inputs.wrong-namespace about the template bundle; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["inputs.undeclared", "inputs.wrong-namespace"];

export default defineRule({
  meta: {
    id: 'PA-TPL-016',
    title: "Every input a template reads is declared in its schema",
    severity: 'high',
    resource: 'templateBundle',
    family: 'templates',
    rationale: "Proton renders templates with StrictUndefined: a reference to an input the schema does not declare fails rendering, so the environment or service cannot be deployed. In Terraform the variable map simply lacks the key. The check reads every branch, also those no default input renders, and suggests the declared name a typo most likely meant.",
    remediation: { text: "Declare the input in the schema, or fix the reference (the finding suggests the closest declared name)." },
    references: [
      { title: "AWS Proton User Guide: parameters", url: "https://docs.aws.amazon.com/proton/latest/userguide/parameters.html" },
      { title: "AWS Proton User Guide: schema file", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-schema.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
