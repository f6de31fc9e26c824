/**
 * PA-IAC-018: CodeBuild projects in templates use images with a fixed tag or digest.
 * Reads the scanner's issues codebuild.unpinned-image about the rendered resource; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["codebuild.unpinned-image"];

export default defineRule({
  meta: {
    id: 'PA-IAC-018',
    title: "CodeBuild projects in templates use images with a fixed tag or digest",
    severity: 'medium',
    resource: 'iacResource',
    family: 'iac',
    rationale: "A build image without a tag, or on latest, changes under the pipeline without a review.",
    remediation: { text: "Name a version tag or a digest." },
    references: [
      { title: "AWS CodeBuild: Docker images provided by CodeBuild", url: "https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-available.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
