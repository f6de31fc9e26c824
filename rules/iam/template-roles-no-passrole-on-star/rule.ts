/**
 * PA-IAC-004: Template roles pass only named roles to named services.
 * Reads the scanner's issues iam.passrole-star about the rendered resource; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["iam.passrole-star"];

export default defineRule({
  meta: {
    id: 'PA-IAC-004',
    title: "Template roles pass only named roles to named services",
    severity: 'high',
    resource: 'iacResource',
    family: 'iam',
    rationale: "iam:PassRole on \"*\" without an iam:PassedToService condition lets the role hand any role of the account, an administrator role included, to a service it can drive: a classic privilege escalation.",
    remediation: { text: "Scope PassRole to the role ARNs the workload passes and add iam:PassedToService." },
    references: [
      { title: "IAM: granting a user permissions to pass a role", url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
