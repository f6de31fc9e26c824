/**
 * PA-TPL-003: Every instance in proton-ops.yaml names a branch and a spec.
 * Reads the scanner's issues sync.ops-incomplete-instance, sync.ops-no-services, sync.ops-bad-service about the scanned repository; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["sync.ops-incomplete-instance", "sync.ops-no-services", "sync.ops-bad-service"];

export default defineRule({
  meta: {
    id: 'PA-TPL-003',
    title: "Every instance in proton-ops.yaml names a branch and a spec",
    severity: 'low',
    resource: 'templateRepository',
    family: 'templates',
    rationale: "Service sync creates or updates only the instances that proton-ops.yaml lists with both a branch and a spec file; an entry missing either is silently not synced, so the instance drifts from the repository without anyone noticing.",
    remediation: { text: "Give each instance under sync.services.<service> both `branch` and `spec`." },
    references: [
      { title: "AWS Proton User Guide: service sync configurations", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-service-sync-configs.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
