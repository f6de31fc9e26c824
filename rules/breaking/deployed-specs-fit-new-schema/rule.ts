/**
 * PA-BRK-002: Deployed environments and services still validate against the changed schema.
 * Reads the scanner's issues breaking.deployed-spec-invalid about the template bundle; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts, scanIssues } from '../../../src/rule-api/index.ts';

const CODES = ["breaking.deployed-spec-invalid"];

export default defineRule({
  meta: {
    id: 'PA-BRK-002',
    title: "Deployed environments and services still validate against the changed schema",
    severity: 'high',
    resource: 'templateBundle',
    family: 'breaking',
    rationale: "Each environment, service instance and pipeline that a snapshot (--snapshot) records on the changed template and major version keeps its current spec; if the new schema rejects it, its next update fails. A snapshot collected with --redact holds no specs: those resources are skipped as not collected, never passed.",
    remediation: { text: "Keep the schema compatible with the deployed specs, update those specs first, or publish the change as a new major version." },
    references: [
      { title: "AWS Proton User Guide: template versions", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-template-versions.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    const checked = scanIssues(resource, ['breaking.deployed-spec-invalid', 'breaking.deployed-spec-valid', 'breaking.deployed-spec-unknown']);
    if (checked.length === 0) return { status: 'skip', reason: 'no deployed resource on this template version to check (scan --snapshot <file>)' };
    const unknown = scanIssues(resource, ['breaking.deployed-spec-unknown']).map((i) => ({ status: 'skip' as const, reason: i.message, notCollected: i.data?.notCollected === true, subKey: i.key }));
    const failing = issueVerdicts(resource, CODES, 'issue').filter((v) => v.status === 'fail');
    return [...failing, ...unknown].length > 0 ? [...failing, ...unknown] : { status: 'pass' };
  },
});
