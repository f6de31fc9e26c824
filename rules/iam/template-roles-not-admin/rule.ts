/**
 * PA-IAC-001: Roles and policies the templates deploy are not administrator-equivalent.
 * Reads the scanner's issues iam.admin about the rendered resource; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["iam.admin"];

export default defineRule({
  meta: {
    id: 'PA-IAC-001',
    title: "Roles and policies the templates deploy are not administrator-equivalent",
    severity: 'critical',
    resource: 'iacResource',
    family: 'iam',
    rationale: "The same analysis as the live audit (AWS's service reference data; Deny, NotAction and conditions respected) applied to the roles the rendered templates create: a role allowed every action on every resource turns whoever can assume it, or change what runs under it, into an administrator of the account.",
    remediation: { text: "Grant the actions the workload uses on the resources the template creates." },
    references: [
      { title: "IAM: grant least privilege", url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
