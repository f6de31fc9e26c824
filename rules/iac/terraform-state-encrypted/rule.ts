/**
 * PA-IAC-033: Terraform S3 state backends set encrypt = true.
 * Reads the scanner's issues terraform.backend-unencrypted about the template bundle; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["terraform.backend-unencrypted"];

export default defineRule({
  meta: {
    id: 'PA-IAC-033',
    title: "Terraform S3 state backends set encrypt = true",
    severity: 'high',
    resource: 'templateBundle',
    family: 'iac',
    rationale: "Terraform state holds every attribute of every resource, secrets included, in clear text. An S3 backend without encrypt = true writes it without server-side encryption requested by Terraform.",
    remediation: { text: "Add `encrypt = true` (and a kms_key_id if required) to the backend \"s3\" block." },
    references: [
      { title: "Terraform: S3 backend", url: "https://developer.hashicorp.com/terraform/language/backend/s3" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
