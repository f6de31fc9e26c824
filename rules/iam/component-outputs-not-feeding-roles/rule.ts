/**
 * PA-IAC-008: Component outputs do not add managed policies to template roles.
 * Reads the scanner's issues iam.component-policy-arns about the rendered resource; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["iam.component-policy-arns"];

export default defineRule({
  meta: {
    id: 'PA-IAC-008',
    title: "Component outputs do not add managed policies to template roles",
    severity: 'high',
    resource: 'iacResource',
    family: 'iam',
    rationale: "proton_cfn_iam_policy_arns appends every IAM policy ARN a directly defined component outputs to the role. Components are written by developers, not by the platform team that reviews the service template, so this hands them the choice of the role's permissions: any policy in the account, administrator access included.",
    remediation: { text: "Keep developer-chosen permissions on a role of the component itself, or allow only policies a permissions boundary caps." },
    references: [
      { title: "AWS Proton User Guide: parameter filters (proton_cfn_iam_policy_arns)", url: "https://docs.aws.amazon.com/proton/latest/userguide/parameter-filters.html" },
      { title: "AWS Proton User Guide: components", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-components.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
