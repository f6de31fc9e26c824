/**
 * PA-TPL-024: Template bundles stay within Proton's quotas.
 * Reads the scanner's issues quota.bundle-size, quota.files-per-bundle, quota.file-size, quota.template-name-length, schema.name-too-long about the template bundle; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["quota.bundle-size", "quota.files-per-bundle", "quota.file-size", "quota.template-name-length", "schema.name-too-long"];

export default defineRule({
  meta: {
    id: 'PA-TPL-024',
    title: "Template bundles stay within Proton's quotas",
    severity: 'low',
    resource: 'templateBundle',
    family: 'quotas',
    rationale: "Proton accepts bundles up to 5 MB, manifests and schemas up to 50 KB, other template files up to 200 KB, template names and input names up to 100 characters, and counts 10 template files per bundle. Many real bundles exceed the file count, so these are warnings; the size limits fail registration.",
    remediation: { text: "Keep generated files, lock files and vendored dependencies out of the bundle; shorten names." },
    references: [
      { title: "AWS Proton User Guide: quotas", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-limits.html" },
      { title: "AWS Proton User Guide: parameters", url: "https://docs.aws.amazon.com/proton/latest/userguide/parameters.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
