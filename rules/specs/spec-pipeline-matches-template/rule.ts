/**
 * PA-SPEC-005: A service spec has a pipeline section exactly when its template has a pipeline.
 * Reads the scanner's issues spec.pipeline-unexpected about the spec file; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["spec.pipeline-unexpected"];

export default defineRule({
  meta: {
    id: 'PA-SPEC-005',
    title: "A service spec has a pipeline section exactly when its template has a pipeline",
    severity: 'high',
    resource: 'templateSpec',
    family: 'specs',
    rationale: "A template created without a pipeline (pipelineProvisioning CUSTOMER_MANAGED) rejects a spec with a pipeline section; whether a template has a pipeline cannot change after it is created.",
    remediation: { text: "Remove the pipeline section, or use a service template with a pipeline." },
    references: [
      { title: "AWS Proton User Guide: wrap up template files (services without a pipeline)", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-wrap-up.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
