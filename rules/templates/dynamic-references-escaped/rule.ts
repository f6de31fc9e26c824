/**
 * PA-TPL-021: CloudFormation dynamic references are escaped for Jinja.
 * Reads the scanner's issues jinja.unescaped-dynamic-reference about the template bundle; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["jinja.unescaped-dynamic-reference"];

export default defineRule({
  meta: {
    id: 'PA-TPL-021',
    title: "CloudFormation dynamic references are escaped for Jinja",
    severity: 'high',
    resource: 'templateBundle',
    family: 'templates',
    rationale: "`{{resolve:ssm:...}}` and `{{resolve:secretsmanager:...}}` are the recommended way to keep secrets out of templates, but Jinja reads the braces as its own and rendering fails. They must be escaped.",
    remediation: { text: "Write `{% raw %}{{resolve:...}}{% endraw %}` or `{{ '{{resolve:...}}' }}`." },
    references: [
      { title: "AWS Proton User Guide: troubleshooting (dynamic references)", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-troubleshooting.html" },
      { title: "AWS Proton User Guide: parameters", url: "https://docs.aws.amazon.com/proton/latest/userguide/parameters.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
