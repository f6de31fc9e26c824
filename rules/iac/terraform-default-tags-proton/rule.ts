/**
 * PA-IAC-032: Terraform templates pass var.proton_tags to the AWS provider's default_tags.
 * Reads the scanner's issues terraform.default-tags about the template bundle; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["terraform.default-tags"];

export default defineRule({
  meta: {
    id: 'PA-IAC-032',
    title: "Terraform templates pass var.proton_tags to the AWS provider's default_tags",
    severity: 'low',
    resource: 'templateBundle',
    family: 'iac',
    rationale: "Proton hands Terraform its tags in var.proton_tags and expects templates to set them as the provider's default_tags; without it the provisioned resources do not carry the proton:* tags that tie them to their environment or service, which audits, cost reports and the post-retirement clean-up rely on.",
    remediation: { text: "In the aws provider block: `default_tags { tags = var.proton_tags }`." },
    references: [
      { title: "AWS Proton User Guide: Terraform IaC files", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-infrastructure-tmp-files-terraform.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
