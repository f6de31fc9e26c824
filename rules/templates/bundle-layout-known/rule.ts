/**
 * PA-TPL-010: Template bundles use a layout Proton knows.
 * Reads the scanner's issues layout.unknown, layout.pre-ga, layout.missing-schema, layout.missing-manifest, layout.missing-instance-infrastructure, layout.mixed-kinds, layout.component-codebuild, layout.manifest-malformed, schema.empty about the template bundle; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["layout.unknown", "layout.pre-ga", "layout.missing-schema", "layout.missing-manifest", "layout.missing-instance-infrastructure", "layout.mixed-kinds", "layout.component-codebuild", "layout.manifest-malformed", "schema.empty"];

export default defineRule({
  meta: {
    id: 'PA-TPL-010',
    title: "Template bundles use a layout Proton knows",
    severity: 'medium',
    resource: 'templateBundle',
    family: 'templates',
    rationale: "Proton registers environment, service and component bundles only in their documented layouts (schema/, infrastructure/ or instance_infrastructure/ and pipeline_infrastructure/ with a manifest each). A bundle in the pre-GA format (manifest key `engine`, service IaC in infrastructure/ and pipeline/) or an unknown layout is not rendered by the gate either, so nothing in it is checked.",
    remediation: { text: "Move the bundle to the GA layout: schema/schema.yaml, a manifest.yaml with rendering_engine in each part directory, and instance_infrastructure/ plus pipeline_infrastructure/ for services." },
    references: [
      { title: "AWS Proton User Guide: wrap up template files", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-wrap-up.html" },
      { title: "AWS Proton User Guide: template bundles", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-template-bundles.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
