/**
 * PA-SPEC-007: Spec files hold no literal secrets.
 * Reads the scanner's issues secret.spec about the spec file; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["secret.spec"];

export default defineRule({
  meta: {
    id: 'PA-SPEC-007',
    title: "Spec files hold no literal secrets",
    severity: 'critical',
    resource: 'templateSpec',
    family: 'secrets',
    rationale: "A spec is stored by Proton with the environment or service and returned to anyone who may read it, and in the repository history. The detectors are those of the live audit (access keys, private keys, secret-named keys, high-entropy strings); Secrets Manager and SSM references are not reported; findings show a redacted preview only.",
    remediation: { text: "Reference a Secrets Manager secret or SSM parameter instead, and rotate the exposed value." },
    references: [
      { title: "AWS Proton User Guide: security best practices", url: "https://docs.aws.amazon.com/proton/latest/userguide/security-best-practices.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
