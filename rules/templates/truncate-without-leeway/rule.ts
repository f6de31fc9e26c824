/**
 * PA-TPL-020: Names are truncated with leeway 0.
 * Reads the scanner's issues jinja.truncate-leeway about the template bundle; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["jinja.truncate-leeway"];

export default defineRule({
  meta: {
    id: 'PA-TPL-020',
    title: "Names are truncated with leeway 0",
    severity: 'low',
    resource: 'templateBundle',
    family: 'templates',
    rationale: "Jinja's truncate keeps any string up to five characters longer than the length asked for (its default leeway is 5), so `truncate(32)` can produce 37 characters and break a name limit at deployment; AWS had to fix its own sample templates for this.",
    remediation: { text: "Pass leeway 0: `{{ name | truncate(32, true, \"\", 0) }}`." },
    references: [
      { title: "Jinja documentation: truncate", url: "https://jinja.palletsprojects.com/en/stable/templates/#jinja-filters.truncate" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
