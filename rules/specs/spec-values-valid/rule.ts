/**
 * PA-SPEC-004: Spec values match their declared type, enum, pattern and bounds.
 * Reads the scanner's issues spec.type, spec.enum, spec.pattern, spec.bounds about the spec file; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["spec.type", "spec.enum", "spec.pattern", "spec.bounds"];

export default defineRule({
  meta: {
    id: 'PA-SPEC-004',
    title: "Spec values match their declared type, enum, pattern and bounds",
    severity: 'high',
    resource: 'templateSpec',
    family: 'specs',
    rationale: "Proton validates spec values against the schema and rejects the request; a value that slips through a looser check renders into IaC that fails later, or deploys something other than intended.",
    remediation: { text: "Change the value to one the schema allows (the finding says which constraint it breaks)." },
    references: [
      { title: "AWS Proton User Guide: schema file", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-schema.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
