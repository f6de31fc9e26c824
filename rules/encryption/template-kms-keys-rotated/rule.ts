/**
 * PA-IAC-013: KMS keys the templates create rotate their key material.
 * Reads the scanner's issues resource.kms-no-rotation about the rendered resource; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["resource.kms-no-rotation"];

export default defineRule({
  meta: {
    id: 'PA-IAC-013',
    title: "KMS keys the templates create rotate their key material",
    severity: 'medium',
    resource: 'iacResource',
    family: 'encryption',
    rationale: "Automatic rotation limits how much data one key version protects and is expected by most compliance frameworks; a symmetric key without EnableKeyRotation never rotates.",
    remediation: { text: "Set `EnableKeyRotation: true` (Terraform: `enable_key_rotation = true`)." },
    references: [
      { title: "AWS KMS: rotating keys", url: "https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
