/**
 * PA-IAC-010: Resource policies in templates do not grant access to everyone.
 * Reads the scanner's issues policy.public about the rendered resource; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["policy.public"];

export default defineRule({
  meta: {
    id: 'PA-IAC-010',
    title: "Resource policies in templates do not grant access to everyone",
    severity: 'critical',
    resource: 'iacResource',
    family: 'policies',
    rationale: "A bucket, queue, topic, key, repository or secret policy that allows Principal \"*\" without a condition naming an organisation, account, source or VPC endpoint opens the resource to every AWS account (and, for S3, to the internet); a Lambda permission for \"*\" lets anyone invoke the function.",
    remediation: { text: "Name the principals, or add aws:PrincipalOrgID, aws:SourceArn / aws:SourceAccount or aws:SourceVpce conditions." },
    references: [
      { title: "IAM: policies and permissions (resource-based policies)", url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html" },
      { title: "Amazon S3: blocking public access", url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
