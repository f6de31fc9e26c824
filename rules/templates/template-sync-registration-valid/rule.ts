/**
 * PA-TPL-012: Service templates under template sync declare their compatible environments.
 * Reads the scanner's issues layout.missing-registration, sync.registration-no-compatible-environments, sync.registration-bad-environment, sync.registration-bad-component-source, sync.registration-unknown-key, sync.compatible-envs-bad-line about the template bundle; each becomes a failure at its source line.
 */
import { defineRule, issueVerdicts } from '../../../src/rule-api/index.ts';

const CODES = ["layout.missing-registration", "sync.registration-no-compatible-environments", "sync.registration-bad-environment", "sync.registration-bad-component-source", "sync.registration-unknown-key", "sync.compatible-envs-bad-line"];

export default defineRule({
  meta: {
    id: 'PA-TPL-012',
    title: "Service templates under template sync declare their compatible environments",
    severity: 'medium',
    resource: 'templateBundle',
    family: 'templates',
    rationale: "Under template sync, each major version directory of a service template needs a .template-registration.yaml listing compatible environment templates as <name>:<major> (and DIRECTLY_DEFINED to allow components). Without it, or with a malformed entry, Proton cannot create the version from a commit.",
    remediation: { text: "Add v<N>/.template-registration.yaml with `compatible_environments: [<env-template>:<major>]` and, to allow components, `supported_component_sources: [DIRECTLY_DEFINED]`." },
    references: [
      { title: "AWS Proton User Guide: template sync (service templates)", url: "https://docs.aws.amazon.com/proton/latest/userguide/create-template-sync.html" },
    ],
    messages: { issue: '{{message}}' },
  },
  check(resource) {
    return issueVerdicts(resource, CODES, 'issue');
  },
});
