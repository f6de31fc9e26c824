/**
 * PA-TPL-011: Each manifest names IaC files that exist, one file for CloudFormation.
 * Reads the scanner's issues layout.manifest-file-missing, layout.manifest-no-file, layout.manifest-wildcard-not-terraform, layout.manifest-several-cloudformation-files about the template bundle; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["layout.manifest-file-missing", "layout.manifest-no-file", "layout.manifest-wildcard-not-terraform", "layout.manifest-several-cloudformation-files"];

export default defineRule({
  meta: {
    id: 'PA-TPL-011',
    title: "Each manifest names IaC files that exist, one file for CloudFormation",
    severity: 'high',
    resource: 'templateBundle',
    family: 'templates',
    rationale: "Proton renders exactly the files a manifest names: one file for a CloudFormation part, a file or `*` (every .tf file) for Terraform. A manifest naming a missing file, or several CloudFormation files, fails registration; a `*` outside Terraform selects nothing.",
    remediation: { text: "Name the IaC file beside the manifest (`file: cloudformation.yaml`), or use `*` with rendering_engine hcl." },
    references: [
      { title: "AWS Proton User Guide: wrap up template files", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-wrap-up.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
