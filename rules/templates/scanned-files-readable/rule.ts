/**
 * PA-TPL-001: Every template, spec and sync file in the repository can be read and parsed.
 * Reads the scanner's issues file.invalid-yaml, file.binary, file.too-large, file.unreadable, file.symlink-outside about the scanned repository; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["file.invalid-yaml", "file.binary", "file.too-large", "file.unreadable", "file.symlink-outside"];

export default defineRule({
  meta: {
    id: 'PA-TPL-001',
    title: "Every template, spec and sync file in the repository can be read and parsed",
    severity: 'medium',
    resource: 'templateRepository',
    family: 'templates',
    rationale: "A template bundle, spec or sync file that is not valid YAML, is binary where text is expected, or cannot be read at all is a file Proton rejects when the template is registered or synced, and a file the gate cannot check: whatever it holds goes unreviewed. Files over the size cap are listed with their size and never read; a symlink whose target lies outside the repository is never followed (it could pull files of the machine running the gate into the review) and is reported too.",
    remediation: { text: "Fix the syntax at the reported line (or remove the file from the template directory); keep bundle files under 5 MB; replace symlinks out of the repository by the files they point to." },
    references: [
      { title: "AWS Proton User Guide: template bundles", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-wrap-up.html" },
      { title: "AWS Proton User Guide: quotas", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-limits.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
