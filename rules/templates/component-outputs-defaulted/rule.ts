/**
 * PA-TPL-022: Service templates read component outputs with a default.
 * Reads the scanner's issues jinja.component-output-unguarded about the template bundle; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["jinja.component-output-unguarded"];

export default defineRule({
  meta: {
    id: 'PA-TPL-022',
    title: "Service templates read component outputs with a default",
    severity: 'medium',
    resource: 'templateBundle',
    family: 'templates',
    rationale: "Whether a component is attached, and which outputs it has, is up to the developer; a reference to a component output without `default` fails rendering whenever no component (or no such output) is there.",
    remediation: { text: "Read it as `{{ service_instance.components.default.outputs.X | default(\"...\") }}`." },
    references: [
      { title: "AWS Proton User Guide: component IaC files", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-components-iac.html" },
      { title: "AWS Proton User Guide: parameter filters", url: "https://docs.aws.amazon.com/proton/latest/userguide/parameter-filters.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
