/**
 * PA-IAC-031: CodeBuild provisioning images have a fixed tag or digest.
 * Reads the scanner's issues codebuild.unpinned-image about the template bundle; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["codebuild.unpinned-image"];

export default defineRule({
  meta: {
    id: 'PA-IAC-031',
    title: "CodeBuild provisioning images have a fixed tag or digest",
    severity: 'medium',
    resource: 'templateBundle',
    family: 'iac',
    rationale: "An image without a tag, or on `latest`, changes under the template without a review: provisioning runs different tools on the next deployment than the ones the template was tested with.",
    remediation: { text: "Name a version tag (aws/codebuild/amazonlinux2-x86_64-standard:5.0) or a digest (@sha256:...)." },
    references: [
      { title: "AWS CodeBuild: Docker images provided by CodeBuild", url: "https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-available.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
