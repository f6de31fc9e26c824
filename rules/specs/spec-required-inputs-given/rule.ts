/**
 * PA-SPEC-003: Spec files give every required input that has no default.
 * Reads the scanner's issues spec.missing-required, spec.pipeline-missing about the spec file; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["spec.missing-required", "spec.pipeline-missing"];

export default defineRule({
  meta: {
    id: 'PA-SPEC-003',
    title: "Spec files give every required input that has no default",
    severity: 'high',
    resource: 'templateSpec',
    family: 'specs',
    rationale: "Proton rejects a spec that leaves out a required input without default, when the environment or service is created or updated.",
    remediation: { text: "Add the missing input to the spec (or give it a default in the schema)." },
    references: [
      { title: "AWS Proton User Guide: schema file", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-schema.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
