/**
 * PA-IAC-017: Buildspecs in templates do not pipe downloads into a shell.
 * Reads the scanner's issues codebuild.pipe-to-shell about the rendered resource; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["codebuild.pipe-to-shell"];

export default defineRule({
  meta: {
    id: 'PA-IAC-017',
    title: "Buildspecs in templates do not pipe downloads into a shell",
    severity: 'high',
    resource: 'iacResource',
    family: 'iac',
    rationale: "A build command such as `curl ... | bash` runs whatever the remote end serves, with the build role's rights: in a pipeline, the right to deploy to every environment.",
    remediation: { text: "Download to a file and verify a checksum or signature before running it, or use a pinned package." },
    references: [
      { title: "AWS CodeBuild: buildspec reference", url: "https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
