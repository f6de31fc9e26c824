/**
 * PA-TPL-023: Findings in rendered templates point at exact source lines.
 * Reads the scanner's issues render.line-map-fallback about the template bundle; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["render.line-map-fallback"];

export default defineRule({
  meta: {
    id: 'PA-TPL-023',
    title: "Findings in rendered templates point at exact source lines",
    severity: 'info',
    resource: 'templateBundle',
    family: 'templates',
    rationale: "The scanner maps every rendered line back to its source line and checks the map (an instrumented render stripped of its markers must equal the plain render). Where that check fails, findings in the file point at the file only, which reviewers should know.",
    remediation: { text: "Usually a captured block (`{% set x %}...{% endset %}`) compared as a string; compare an input instead." },
    references: [
      { title: "AWS Proton User Guide: CloudFormation IaC files", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-infrastructure-tmp-files-cloudformation.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
