/**
 * PA-IAC-006: Template roles cannot be assumed by anyone.
 * Reads the scanner's issues iam.trust-anyone about the rendered resource; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["iam.trust-anyone"];

export default defineRule({
  meta: {
    id: 'PA-IAC-006',
    title: "Template roles cannot be assumed by anyone",
    severity: 'critical',
    resource: 'iacResource',
    family: 'trust',
    rationale: "A trust policy allowing Principal \"*\" (or AWS \"*\") without a condition that names an organisation, account or principal lets any AWS account assume the role.",
    remediation: { text: "Name the principals that may assume the role, or add aws:PrincipalOrgID / aws:PrincipalAccount conditions." },
    references: [
      { title: "IAM: role trust policies", url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
