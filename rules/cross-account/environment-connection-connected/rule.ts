/**
 * PA-XACC-004: an environment provisioned through an environment account connection names one that
 * exists and is CONNECTED. The environment carries only the connection id, so the rule looks the
 * connection up among the snapshot's connections (either account of the pair may have listed it).
 */
import { defineRule } from '../../../src/engine/define-rule.ts';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

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
      { title: 'Third-party overview: environment account connections', url: 'seeds/001_f7a7285751cae40d.txt:175-179' },
      { title: 'AWS Proton User Guide: cross-account environments at GA', url: 'seeds/000_78c13fbce100391d.txt:2990' },
      { title: 'AWS Proton: environment account connections', url: 'https://docs.aws.amazon.com/proton/latest/userguide/ag-env-account-connections.html' },
    ],
    compliance: { 'nist-800-53': ['CA-3', 'CM-6'] },
  },
  requires: ['proton'],
  check(resource, ctx) {
    const id = text(resource.data['environmentAccountConnectionId']);
    if (id === undefined) return { status: 'skip', reason: 'the environment is not deployed through an environment account connection' };
    if (/^DELETE_(COMPLETE|IN_PROGRESS)$/.test(text(resource.data['deploymentStatus']) ?? '')) {
      return { status: 'skip', reason: 'the environment is deleted or being deleted' };
    }
    const connection = ctx.view
      .ofType('environmentAccountConnection')
      .find((c) => c.region === resource.region && c.data['id'] === id);
    if (connection === undefined) {
      const gap = ctx.view.listingGap(resource.accountId, resource.region, 'environmentAccountConnection');
      if (!gap.ok) return { status: 'skip', reason: gap.reason, notCollected: true };
      return {
        status: 'fail',
        message: `Environment ${resource.name} is deployed through environment account connection ${id}, which does not exist in the snapshot.`,
        evidence: { environmentAccountConnectionId: id, environmentAccountId: resource.data['environmentAccountId'] ?? null },
      };
    }
    const status = text(connection.data['status']) ?? 'unknown';
    if (status === 'CONNECTED') return { status: 'pass', evidence: { connectionArn: connection.arn, status } };
    return {
      status: 'fail',
      message: `Environment ${resource.name} is deployed through environment account connection ${id}, which is ${status}, not CONNECTED.`,
      evidence: {
        connectionArn: connection.arn,
        status,
        environmentAccountId: connection.data['environmentAccountId'] ?? null,
        roleArn: connection.data['roleArn'] ?? null,
      },
    };
  },
});
