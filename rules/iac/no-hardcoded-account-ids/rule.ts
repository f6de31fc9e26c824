/**
 * PA-IAC-016: Templates take account ids from CloudFormation, outputs or inputs, not literals.
 * Reads the scanner's issues resource.hardcoded-account about the rendered resource; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["resource.hardcoded-account"];

export default defineRule({
  meta: {
    id: 'PA-IAC-016',
    title: "Templates take account ids from CloudFormation, outputs or inputs, not literals",
    severity: 'low',
    resource: 'iacResource',
    family: 'iac',
    rationale: "A 12-digit account id written into a template makes it work in one account only and, in trust and resource policies, grants that account access wherever the template is deployed. Ids that come from a spec and AWS's documentation placeholders (111122223333, 123456789012, ...) are not reported.",
    remediation: { text: "Use ${AWS::AccountId}, an environment output or an input." },
    references: [
      { title: "AWS CloudFormation: pseudo parameters", url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
