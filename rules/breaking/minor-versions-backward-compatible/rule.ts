/**
 * PA-BRK-001: Changes within a major version keep the schema backward compatible.
 * Reads the scanner's issues breaking.input-removed, breaking.required-added, breaking.default-removed, breaking.type-changed, breaking.enum-narrowed, breaking.pattern-changed, breaking.bound-narrowed, breaking.pipeline-added, breaking.pipeline-removed about the template bundle; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts, scanIssues } from '../../../src/rule-api/index.ts';

const CODES = ["breaking.input-removed", "breaking.required-added", "breaking.default-removed", "breaking.type-changed", "breaking.enum-narrowed", "breaking.pattern-changed", "breaking.bound-narrowed", "breaking.pipeline-added", "breaking.pipeline-removed"];

export default defineRule({
  meta: {
    id: 'PA-BRK-001',
    title: "Changes within a major version keep the schema backward compatible",
    severity: 'high',
    resource: 'templateBundle',
    family: 'breaking',
    rationale: "Under template sync an edit in place becomes a new minor version, which must stay backward compatible: Proton's best-effort check rejects some such schemas, and environments or services whose specs no longer validate cannot update. Reported against the git base (--base): an input removed, a new required input without default, a default dropped from a required input, a type change, a narrowed enum, pattern or bound, a pipeline added or removed.",
    remediation: { text: "Make the change a new major version (a new v<N+1>/ directory), or keep it compatible (add inputs with defaults, widen rather than narrow)." },
    references: [
      { title: "AWS Proton User Guide: template versions", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-template-versions.html" },
      { title: "AWS Proton User Guide: template sync configurations", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-template-sync-configs.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    if (scanIssues(resource, ['breaking.compared']).length === 0) return { status: 'skip', reason: 'not compared with a base revision (scan --base <git-ref>), or new in this change' };
    return issueVerdicts(resource, CODES, 'issue');
  },
});
