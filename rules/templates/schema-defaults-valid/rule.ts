/**
 * PA-TPL-014: Schema defaults, enums and bounds are consistent with their own declarations.
 * Reads the scanner's issues schema.default-invalid, schema.enum-wrong-type, schema.bounds-contradict about the template bundle; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["schema.default-invalid", "schema.enum-wrong-type", "schema.bounds-contradict"];

export default defineRule({
  meta: {
    id: 'PA-TPL-014',
    title: "Schema defaults, enums and bounds are consistent with their own declarations",
    severity: 'medium',
    resource: 'templateBundle',
    family: 'templates',
    rationale: "Proton injects a default for every input a spec leaves out. A default of the wrong type, outside its own enum, pattern or bounds, or bounds that contradict each other (minimum above maximum) produce values the schema itself calls invalid, or inputs no value can satisfy.",
    remediation: { text: "Give each default the declared type and a value within its own enum, pattern and bounds; keep minimum <= maximum." },
    references: [
      { title: "AWS Proton User Guide: schema file", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-schema.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
