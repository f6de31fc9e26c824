/**
 * PA-IAC-007: Template roles that trust an account root narrow it with a condition.
 * Reads the scanner's issues iam.trust-root-unconditioned about the rendered resource; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["iam.trust-root-unconditioned"];

export default defineRule({
  meta: {
    id: 'PA-IAC-007',
    title: "Template roles that trust an account root narrow it with a condition",
    severity: 'medium',
    resource: 'iacResource',
    family: 'trust',
    rationale: "Trusting arn:aws:iam::<account>:root delegates the decision to that account: any of its principals allowed sts:AssumeRole may assume the role. Without a condition (a principal ARN, MFA, an external id) the trust is as wide as the whole account.",
    remediation: { text: "Trust the specific roles instead, or add aws:PrincipalArn, sts:ExternalId or MFA conditions." },
    references: [
      { title: "IAM: how roles differ from resource-based policies", url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_compare-resource-policies.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
