/**
 * PA-IAC-005: Template roles hold no privilege-escalation combination.
 * Reads the scanner's issues iam.escalation about the rendered resource; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["iam.escalation"];

export default defineRule({
  meta: {
    id: 'PA-IAC-005',
    title: "Template roles hold no privilege-escalation combination",
    severity: 'high',
    resource: 'iacResource',
    family: 'iam',
    rationale: "Some combinations of permissions let a principal give itself more: attach or write its own policies, pass a stronger role to CloudFormation, Lambda or EC2. The live audit's catalogue of paths is applied to the roles templates create (roles that are administrator-equivalent are reported once, by PA-IAC-001).",
    remediation: { text: "Remove the IAM write actions, or scope them (and PassRole) to resources that cannot grant more." },
    references: [
      { title: "IAM: security best practices", url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
