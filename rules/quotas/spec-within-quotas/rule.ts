/**
 * PA-SPEC-008: Spec files stay within Proton's quotas.
 * Reads the scanner's issues quota.spec-size, quota.instances-per-service about the spec file; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["quota.spec-size", "quota.instances-per-service"];

export default defineRule({
  meta: {
    id: 'PA-SPEC-008',
    title: "Spec files stay within Proton's quotas",
    severity: 'low',
    resource: 'templateSpec',
    family: 'quotas',
    rationale: "Proton limits a service spec to 51,200 characters and a service to 20 instances; a spec over either is rejected.",
    remediation: { text: "Split the service, or shorten the spec." },
    references: [
      { title: "AWS Proton User Guide: quotas", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-limits.html" },
      { title: "AWS Proton API Reference: Service", url: "https://docs.aws.amazon.com/proton/latest/APIReference/API_Service.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
