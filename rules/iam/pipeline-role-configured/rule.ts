/**
 * PA-IAM-012: an account whose services have Proton-provisioned pipelines names a pipeline role.
 * The pipeline role is an account setting while pipelines belong to services, so the rule relates
 * the account resource to the services of its region.
 */
import { defineRule } from '../../../src/engine/define-rule.ts';
import type { ResourceView, AccountSettings } from '../../../src/model/index.ts';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Services being deleted no longer need their pipeline deployed. */
const GONE = /^DELETE_/;

export default defineRule({
  meta: {
    id: 'PA-IAM-012',
    title: 'Accounts whose services have Proton-provisioned pipelines name a pipeline role',
    severity: 'medium',
    resource: 'account',
    family: 'iam',
    rationale:
      'AWS Proton deploys service pipelines with the account-wide pipeline service role (CloudFormation provisioning) or ' +
      'the pipeline CodeBuild role (CodeBuild provisioning), set in the account CI/CD pipeline settings. When services ' +
      'have pipelines that Proton provisions but neither role is set, every pipeline deployment fails, so template ' +
      'updates and fixes never reach the pipelines. Pipelines provisioned through a repository (self-managed, ' +
      'pipelineProvisioningRepository) and services whose template excludes a Proton pipeline (pipelineProvisioning ' +
      'CUSTOMER_MANAGED) need no role.',
    remediation: {
      text:
        'Set the pipeline service role (or the pipeline CodeBuild role) in the account settings, scoped to the pipeline ' +
        'stacks. After the AWS Proton end of support (2026-10-07) record the gap for the pipelines migrated out of Proton.',
      cli: 'aws proton update-account-settings --pipeline-service-role-arn arn:aws:iam::<account>:role/<pipeline-role>',
      iac: 'Create the pipeline role (AWS::IAM::Role trusting proton.amazonaws.com) and set it with update-account-settings.',
    },
    references: [
      { title: 'AWS Proton User Guide: AWS Proton pipeline service role', url: 'seeds/000_78c13fbce100391d.txt:2315-2323' },
      { title: 'Setting up with IAM: pipeline roles and account CI/CD pipeline settings', url: 'seeds/003_4578cbc5fca3274a.txt:50' },
      { title: 'AWS Proton API: UpdateAccountSettings', url: 'https://docs.aws.amazon.com/proton/latest/APIReference/API_UpdateAccountSettings.html' },
    ],
    compliance: { 'nist-800-53': ['CM-6'] },
  },
  requires: ['proton'],
  check(resource, ctx) {
    const settings = (resource.data['accountSettings'] ?? {}) as AccountSettings;
    if (settings.pipelineProvisioningRepository?.name) {
      return { status: 'skip', reason: 'pipelines are provisioned through a repository (self-managed); Proton assumes no pipeline role' };
    }
    const here = (v: ResourceView): boolean => v.accountId === resource.accountId && v.region === resource.region;
    const customerManaged = new Set(
      ctx.view.ofType('serviceTemplate').filter(here).filter((t) => t.data['pipelineProvisioning'] === 'CUSTOMER_MANAGED').map((t) => t.name),
    );
    const withPipelines = ctx.view
      .ofType('service')
      .filter(here)
      .filter((s) => s.data['pipeline'] !== undefined && !GONE.test(text(s.data['status']) ?? '') && !customerManaged.has(text(s.data['templateName']) ?? ''))
      .map((s) => s.name)
      .sort();
    const role = text(settings.pipelineServiceRoleArn) ?? text(settings.pipelineCodebuildRoleArn);
    if (withPipelines.length === 0 || role !== undefined) {
      return { status: 'pass', message: role ? `Pipeline role ${role} is set.` : 'No service in this account and region has a Proton-provisioned pipeline.' };
    }
    const listed = withPipelines.slice(0, 5).join(', ') + (withPipelines.length > 5 ? `, and ${withPipelines.length - 5} more` : '');
    return {
      status: 'fail',
      message: `Account ${resource.accountId} in ${resource.region} names no pipeline role, yet ${withPipelines.length} service(s) have Proton-provisioned pipelines (${listed}).`,
      evidence: { services: withPipelines, accountSettings: settings },
    };
  },
});
