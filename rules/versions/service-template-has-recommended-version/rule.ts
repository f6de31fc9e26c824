/**
 * PA-VER-012: service templates have a version developers can deploy, and their recommendedVersion
 * points at one. A TypeScript rule because it relates the template to its versions: a template
 * whose recommendation names a major with nothing PUBLISHED (a DRAFT, a failed registration)
 * passes a check of the field alone.
 */
import { checkTemplatePublication, defineRule, TEMPLATE_PUBLICATION_MESSAGES } from '../../../src/rule-api/index.ts';

export default defineRule({
  meta: {
    id: 'PA-VER-012',
    title: 'Service templates have a published, recommended version',
    severity: 'low',
    resource: 'serviceTemplate',
    family: 'versions',
    rationale:
      'A version becomes Recommended once the platform team publishes it, and the template\'s recommendedVersion names ' +
      'that major version. A service template without a published version has no approved version: nothing can be created ' +
      'from it, and versions stuck in DRAFT or REGISTRATION_FAILED usually mean an abandoned or broken bundle that still ' +
      'clutters the catalog developers pick from. A recommendedVersion naming a major that has no PUBLISHED version points ' +
      'developers at something they cannot deploy.',
    remediation: {
      text: 'Publish a reviewed version of the template, or delete the template (and its unused versions) if it is abandoned.',
      cli:
        'aws proton update-service-template-version --template-name <template> --major-version <major> --minor-version ' +
        '<minor> --status PUBLISHED',
      iac:
        'Manage templates with template sync, so every merge to the template repository registers a version, and publish ' +
        'from the same reviewed pipeline.',
    },
    references: [
      { title: 'AWS Proton User Guide: versions become Recommended when approved', url: 'https://docs.aws.amazon.com/proton/latest/userguide/ag-create-svc.html' },
      { title: 'AWS Proton User Guide: Register and publish templates', url: 'https://docs.aws.amazon.com/proton/latest/userguide/template-create.html' },
      { title: 'AWS Proton User Guide: Versioned templates', url: 'https://docs.aws.amazon.com/proton/latest/userguide/ag-template-versions.html' },
    ],
    messages: TEMPLATE_PUBLICATION_MESSAGES,
  },
  requires: ['proton'],
  check(resource, ctx) {
    return checkTemplatePublication(resource, ctx, { label: 'Service template', versionType: 'serviceTemplateVersion' });
  },
});
