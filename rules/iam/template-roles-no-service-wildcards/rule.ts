/**
 * PA-IAC-002: Template roles are not granted whole services on every resource.
 * Reads the scanner's issues iam.service-wildcard about the rendered resource; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["iam.service-wildcard"];

export default defineRule({
  meta: {
    id: 'PA-IAC-002',
    title: "Template roles are not granted whole services on every resource",
    severity: 'high',
    resource: 'iacResource',
    family: 'iam',
    rationale: "`s3:*` or `dynamodb:*` on Resource \"*\" reaches write and permissions-management actions on every bucket or table in the account, far beyond the resources the template creates.",
    remediation: { text: "List the actions needed and scope Resource to the template's own resources (!GetAtt, !Sub with the resource names)." },
    references: [
      { title: "IAM: grant least privilege", url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
