/**
 * PA-IAM-012: an account whose services have Proton-provisioned pipelines names a pipeline role.
 * The pipeline role is an account setting while pipelines belong to services, so the rule relates
 * the account resource to the services of its region.
 */
import { defineRule, nonEmpty, type AnyResourceView } from '../../../src/rule-api/index.ts';

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
      { title: 'AWS Proton User Guide: AWS Proton pipeline service role', url: 'https://docs.aws.amazon.com/proton/latest/userguide/security_iam_service-role-policy-examples.html' },
      { title: 'Setting up with IAM: pipeline roles and account CI/CD pipeline settings', url: 'https://docs.aws.amazon.com/proton/latest/userguide/ag-setting-up-iam.html' },
      { title: 'AWS Proton API: UpdateAccountSettings', url: 'https://docs.aws.amazon.com/proton/latest/APIReference/API_UpdateAccountSettings.html' },
    ],
    messages: {
      roleSet: "Pipeline role {{role}} is set.",
      noPipelines: "No service in this account and region has a Proton-provisioned pipeline.",
      noRole: "Account {{account}} in {{region}} names no pipeline role, yet {{count}} service(s) have Proton-provisioned pipelines ({{services}}).",
    },
  },
  requires: ['proton'],
  check(resource, ctx) {
    const settings = resource.data.accountSettings ?? {};
    if (settings.pipelineProvisioningRepository?.name) {
      return { status: 'skip', reason: 'pipelines are provisioned through a repository (self-managed); Proton assumes no pipeline role' };
    }
    const here = (v: AnyResourceView): boolean => v.accountId === resource.accountId && v.region === resource.region;
    const customerManaged = new Set(
      ctx.view.ofType('serviceTemplate').filter(here).filter((t) => t.data.pipelineProvisioning === 'CUSTOMER_MANAGED').map((t) => t.name),
    );
    const withPipelines = ctx.view
      .ofType('service')
      .filter(here)
      .filter((s) => s.data.pipeline !== undefined && !GONE.test(nonEmpty(s.data.status) ?? '') && !customerManaged.has(nonEmpty(s.data.templateName) ?? ''))
      .map((s) => s.name)
      .sort();
    const role = nonEmpty(settings.pipelineServiceRoleArn) ?? nonEmpty(settings.pipelineCodebuildRoleArn);
    if (role !== undefined) return { status: 'pass', messageId: 'roleSet', data: { role } };
    if (withPipelines.length === 0) return { status: 'pass', messageId: 'noPipelines' };
    const listed = withPipelines.slice(0, 5).join(', ') + (withPipelines.length > 5 ? `, and ${withPipelines.length - 5} more` : '');
    return {
      status: 'fail',
      messageId: 'noRole',
      data: { account: resource.accountId, region: resource.region, count: withPipelines.length, services: listed },
      evidence: { services: withPipelines, accountSettings: settings },
    };
  },
});
