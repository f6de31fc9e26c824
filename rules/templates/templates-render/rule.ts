/**
 * PA-TPL-019: Every template renders and parses, with each input set the scanner can name.
 * Reads the scanner's issues render.error, render.syntax-error, render.engine-fault, render.invalid-output, render.not-a-template, file.invalid-hcl about the template bundle; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["render.error", "render.syntax-error", "render.engine-fault", "render.invalid-output", "render.not-a-template", "file.invalid-hcl"];

export default defineRule({
  meta: {
    id: 'PA-TPL-019',
    title: "Every template renders and parses, with each input set the scanner can name",
    severity: 'high',
    resource: 'templateBundle',
    family: 'templates',
    rationale: "The scanner renders each Jinja part as Proton would (Jinja2 semantics, StrictUndefined, Proton's filters) with each bound spec, the schema defaults and variations over the inputs conditions branch on, then parses the output. A template that fails to render, or renders to text that is not a CloudFormation template, fails the deployment that uses those inputs; a Terraform file that does not parse fails the same way.",
    remediation: { text: "Fix the template at the reported line; the finding names the inputs it failed with." },
    references: [
      { title: "AWS Proton User Guide: CloudFormation IaC files", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-infrastructure-tmp-files-cloudformation.html" },
      { title: "AWS Proton User Guide: troubleshooting", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-troubleshooting.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
