/**
 * PA-IAC-030: CodeBuild provisioning commands do not pipe downloads into a shell.
 * Reads the scanner's issues codebuild.pipe-to-shell about the template bundle; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["codebuild.pipe-to-shell"];

export default defineRule({
  meta: {
    id: 'PA-IAC-030',
    title: "CodeBuild provisioning commands do not pipe downloads into a shell",
    severity: 'high',
    resource: 'templateBundle',
    family: 'iac',
    rationale: "A provisioning command such as `curl ... | bash` runs whatever the remote end serves at that moment, with the provisioning role's rights over the account, and leaves no record of what ran.",
    remediation: { text: "Download to a file, verify its checksum or signature, then run it; or use a pinned package." },
    references: [
      { title: "AWS Proton User Guide: CodeBuild provisioning template bundles", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-infrastructure-tmp-files-codebuild.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
