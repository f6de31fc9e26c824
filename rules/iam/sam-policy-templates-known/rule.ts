/**
 * PA-IAC-009: SAM functions use policy templates the scanner can analyse.
 * Reads the scanner's issues iam.sam-template-unknown about the rendered resource; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["iam.sam-template-unknown"];

export default defineRule({
  meta: {
    id: 'PA-IAC-009',
    title: "SAM functions use policy templates the scanner can analyse",
    severity: 'info',
    resource: 'iacResource',
    family: 'iam',
    rationale: "SAM policy templates expand to IAM statements when the transform runs. The scanner expands the common ones (DynamoDBCrudPolicy, S3ReadPolicy, SQSPollerPolicy and others); a template it does not know leaves part of the function's role unanalysed, which a reviewer should know.",
    remediation: { text: "Check the named policy template's statements by hand, or write them as an inline policy." },
    references: [
      { title: "AWS SAM: policy templates", url: "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-templates.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
