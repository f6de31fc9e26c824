/**
 * PA-SPEC-001: Each spec file is bound to the template it is for.
 * Reads the scanner's issues bind.ambiguous, bind.no-candidate, bind.config-template-missing, spec.unknown-kind about the spec file; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["bind.ambiguous", "bind.no-candidate", "bind.config-template-missing", "spec.unknown-kind"];

export default defineRule({
  meta: {
    id: 'PA-SPEC-001',
    title: "Each spec file is bound to the template it is for",
    severity: 'info',
    resource: 'templateSpec',
    family: 'specs',
    rationale: "A spec does not name its template, so the scanner binds it by configuration, proton-ops.yaml, a spec/ folder or the overlap of its keys with each schema. A spec it cannot bind is checked only for structure and secrets, not against a schema; binding it in the configuration makes every check apply.",
    remediation: { text: "Add a binding to the configuration: `scan: { bindings: [{ spec: \"<path glob>\", template: \"<name>\", major: <N> }] }`, or keep the spec in the bundle's spec/ folder." },
    references: [
      { title: "AWS Proton User Guide: create a service (the spec is given apart from the template)", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-create-svc.html" },
      { title: "AWS Proton User Guide: service sync configurations", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-service-sync-configs.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
