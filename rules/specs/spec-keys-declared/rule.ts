/**
 * PA-SPEC-002: Spec files set only inputs their schema declares.
 * Reads the scanner's issues spec.unknown-key about the spec file; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["spec.unknown-key"];

export default defineRule({
  meta: {
    id: 'PA-SPEC-002',
    title: "Spec files set only inputs their schema declares",
    severity: 'medium',
    resource: 'templateSpec',
    family: 'specs',
    rationale: "A key the schema does not declare is at best ignored and at worst a typo: the value the author meant never reaches the template and the schema default applies instead. The finding suggests the declared name closest to the key.",
    remediation: { text: "Fix the key to the declared name the finding suggests, or remove it." },
    references: [
      { title: "AWS Proton User Guide: schema file", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-schema.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
