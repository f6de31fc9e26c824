/**
 * PA-IAC-003: Template roles scope their write actions to resources.
 * Reads the scanner's issues iam.write-on-star about the rendered resource; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["iam.write-on-star"];

export default defineRule({
  meta: {
    id: 'PA-IAC-003',
    title: "Template roles scope their write actions to resources",
    severity: 'medium',
    resource: 'iacResource',
    family: 'iam',
    rationale: "Write actions that accept resource ARNs, granted on Resource \"*\", let the workload change every resource of that kind in the account rather than its own. Actions that only accept \"*\" are not reported.",
    remediation: { text: "Scope Resource to the ARNs of the resources the template creates." },
    references: [
      { title: "IAM: grant least privilege", url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege" },
      { title: "Service Authorization Reference", url: "https://docs.aws.amazon.com/service-authorization/latest/reference/reference.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
