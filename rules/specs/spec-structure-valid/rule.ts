/**
 * PA-SPEC-006: Service specs list named instances, each with an environment, once.
 * Reads the scanner's issues spec.no-instances, spec.instance-incomplete, spec.duplicate-instance, spec.no-values about the spec file; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["spec.no-instances", "spec.instance-incomplete", "spec.duplicate-instance", "spec.no-values"];

export default defineRule({
  meta: {
    id: 'PA-SPEC-006',
    title: "Service specs list named instances, each with an environment, once",
    severity: 'high',
    resource: 'templateSpec',
    family: 'specs',
    rationale: "Each instance of a service spec needs a name and the environment it deploys to, and names must be unique; an environment spec needs its spec section. Proton rejects the spec otherwise.",
    remediation: { text: "Give every instance `name` and `environment`, once each." },
    references: [
      { title: "AWS Proton User Guide: create a service", url: "https://docs.aws.amazon.com/proton/latest/userguide/ag-create-svc.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
