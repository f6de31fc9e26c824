/**
 * PA-TPL-026: Template bundles hold no literal secrets.
 * Reads the scanner's issues secret.manifest, secret.codebuild-env, secret.schema-default, secret.template about the template bundle; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["secret.manifest", "secret.codebuild-env", "secret.schema-default", "secret.template"];

export default defineRule({
  meta: {
    id: 'PA-TPL-026',
    title: "Template bundles hold no literal secrets",
    severity: 'high',
    resource: 'templateBundle',
    family: 'secrets',
    rationale: "A password, token or key written into a manifest (CodeBuild env.variables included), a schema default or an IaC file ships to every environment built from the template and sits in the repository history. Secrets Manager and SSM references, and CodeBuild's secrets-manager and parameter-store sections, are references and are not reported; findings show a redacted preview only.",
    remediation: { text: "Move the value to Secrets Manager or SSM Parameter Store and reference it ({{resolve:...}}, CodeBuild env.secrets-manager), then rotate the exposed secret." },
    references: [
      { title: "AWS Proton User Guide: CodeBuild provisioning template bundles", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-infrastructure-tmp-files-codebuild.html" },
      { title: "AWS CloudFormation: dynamic references", url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
