/**
 * PA-XACC-004: an environment provisioned through an environment account connection names one that
 * exists and is CONNECTED. The environment carries only the connection id, so the rule looks the
 * connection up among the snapshot's connections (either account of the pair may have listed it).
 */
import { defineRule, nonEmpty } from '../../../src/rule-api/index.ts';

export default defineRule({
  meta: {
    id: 'PA-XACC-004',
    title: 'Environments deployed through an environment account connection use a CONNECTED connection',
    severity: 'medium',
    resource: 'environment',
    family: 'cross-account',
    rationale:
      'An environment created in a management account and provisioned in an environment account reaches that account ' +
      'only through its environment account connection and the role the connection names. When the connection was ' +
      'rejected, deleted or never accepted, Proton can no longer deploy or update the environment, its instances drift ' +
      'from their templates, and nobody notices until an urgent fix fails. The connection is looked up by id among the ' +
      'connections in the snapshot.',
    remediation: {
      text:
        'Accept (from the environment account) or recreate the connection and point the environment at it, or migrate ' +
        'the environment to a local role. After the AWS Proton end of support (2026-10-07) record the environment for the ' +
        'migration of its infrastructure.',
      cli: 'aws proton update-environment --name <environment> --deployment-type NONE --environment-account-connection-id <connection-id>',
      iac: 'Manage environment account connections and the environments that use them from one reviewed stack.',
    },
    references: [
      { title: 'AWS Proton User Guide: Environment account connections', url: 'https://docs.aws.amazon.com/proton/latest/userguide/ag-env-account-connections.html' },
      { title: 'AWS Proton User Guide: cross-account environments at GA', url: 'https://docs.aws.amazon.com/proton/latest/userguide/doc-history.html' },
    ],
    messages: {
      missingConnection: "Environment {{environment}} is deployed through environment account connection {{connection}}, which does not exist in the snapshot.",
      notConnected: "Environment {{environment}} is deployed through environment account connection {{connection}}, which is {{status}}, not CONNECTED.",
    },
  },
  requires: ['proton'],
  check(resource, ctx) {
    const id = nonEmpty(resource.data.environmentAccountConnectionId);
    if (id === undefined) return { status: 'skip', reason: 'the environment is not deployed through an environment account connection' };
    if (/^DELETE_(COMPLETE|IN_PROGRESS)$/.test(resource.data.deploymentStatus ?? '')) {
      return { status: 'skip', reason: 'the environment is deleted or being deleted' };
    }
    const connection = ctx.view.ofType('environmentAccountConnection').find((c) => c.region === resource.region && c.data.id === id);
    if (connection === undefined) {
      const gap = ctx.view.listingGap(resource.accountId, resource.region, 'environmentAccountConnection');
      if (!gap.ok) return { status: 'skip', reason: gap.reason, notCollected: true };
      return {
        status: 'fail',
        messageId: 'missingConnection',
        data: { environment: resource.name, connection: id },
        evidence: { environmentAccountConnectionId: id, environmentAccountId: resource.data.environmentAccountId ?? null },
      };
    }
    const status = nonEmpty(connection.data.status) ?? 'unknown';
    if (status === 'CONNECTED') return { status: 'pass', evidence: { connectionArn: connection.arn, status } };
    return {
      status: 'fail',
      messageId: 'notConnected',
      data: { environment: resource.name, connection: id, status },
      evidence: {
        connectionArn: connection.arn,
        status,
        environmentAccountId: connection.data.environmentAccountId ?? null,
        roleArn: connection.data.roleArn ?? null,
      },
    };
  },
});
