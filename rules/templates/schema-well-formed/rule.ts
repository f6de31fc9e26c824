/**
 * PA-TPL-013: Schemas declare their input types as Proton requires.
 * Reads the scanner's issues schema.malformed, schema.missing-format, schema.bad-format, schema.missing-types, schema.input-type-missing, schema.input-type-unknown, schema.input-type-wrong-kind, schema.type-not-object, schema.type-no-properties, schema.property-no-type, schema.property-bad-type, schema.bad-pattern, schema.items-no-type, schema.customer-managed-not-string, schema.pipeline-input-type-missing, schema.pipeline-input-type-without-pipeline about the template bundle; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["schema.malformed", "schema.missing-format", "schema.bad-format", "schema.missing-types", "schema.input-type-missing", "schema.input-type-unknown", "schema.input-type-wrong-kind", "schema.type-not-object", "schema.type-no-properties", "schema.property-no-type", "schema.property-bad-type", "schema.bad-pattern", "schema.items-no-type", "schema.customer-managed-not-string", "schema.pipeline-input-type-missing", "schema.pipeline-input-type-without-pipeline"];

export default defineRule({
  meta: {
    id: 'PA-TPL-013',
    title: "Schemas declare their input types as Proton requires",
    severity: 'high',
    resource: 'templateBundle',
    family: 'templates',
    rationale: "Proton reads a bundle schema as OpenAPI 3.0.0 with `environment_input_type` or `service_input_type` (and `pipeline_input_type` exactly when the bundle has a pipeline) naming object types under `types`, each property with an OpenAPI type. A schema that misses any of these is rejected at registration, or lets specs through that the templates cannot render.",
    remediation: { text: "Follow the schema layout of the guide: format.openapi \"3.0.0\", the *_input_type key naming a type under types, `type` on every property, pipeline_input_type only with pipeline_infrastructure/." },
    references: [
      { title: "AWS Proton User Guide: schema file", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-schema.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
