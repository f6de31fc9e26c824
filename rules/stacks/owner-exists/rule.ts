/**
 * PA-STK-006: the Proton environment, service and service instance a stack's proton:* tags name
 * still exist in the Proton records — collected now or, after the retirement, last-known (the
 * engine then says "as of" when). A stack whose owner is gone runs for nobody.
 */
import { defineRule, type StackOwner } from '../../../src/rule-api/index.ts';

const KIND: Readonly<Record<string, string>> = {
  'proton:environment': 'environment',
  'proton:service': 'service',
  'proton:service-instance': 'service instance',
};

export default defineRule({
  meta: {
    id: 'PA-STK-006',
    title: 'The Proton owner a stack names still exists in the Proton records',
    severity: 'medium',
    resource: 'stack',
    family: 'stacks',
    rationale:
      'AWS Proton tags the stacks it deploys with the environment, service and service instance they belong to ' +
      '(proton:environment, proton:service, proton:service-instance). When that owner is no longer in the Proton ' +
      'records — deleted while the delete of its stack failed, or removed from Proton by hand — the stack keeps ' +
      'running and costing money with nobody responsible for it. After the retirement of Proton (2026-10-07) the ' +
      'records are the last-known ones from an earlier snapshot, and the finding says as of when.',
    remediation: {
      text:
        'Find who used the owner (its name is in the tag value), then either hand the stack to that team under the IaC ' +
        'that replaces Proton, or delete it after checking that nothing depends on its resources or exports.',
      cli: 'aws cloudformation describe-stacks --stack-name <stack> --query "Stacks[0].[Tags,Outputs]"',
      iac: 'Adopt the stack into the IaC project of the team that owns it, with an Owner tag.',
    },
    references: [
      { title: 'AWS Proton: resources and tagging', url: 'https://docs.aws.amazon.com/proton/latest/userguide/resources.html' },
      { title: 'AWS Proton end of support (2026-10-07)', url: 'https://docs.aws.amazon.com/proton/latest/userguide/proton-end-of-support.html' },
      { title: 'AWS CloudFormation: delete a stack', url: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-console-delete-stack.html' },
    ],
    messages: {
      ownerGone: 'Stack {{stack}} belongs to {{owners}} (its proton:* tags), which the Proton records no longer hold.',
    },
  },
  requires: ['cloudformation', 'proton'],
  check(resource) {
    const owners: readonly StackOwner[] = resource.facts.stack?.owners ?? [];
    if (owners.length === 0) return { status: 'skip', reason: 'the stack carries no proton:environment, proton:service or proton:service-instance tag' };
    const unknown = owners.filter((o) => o.exists === null);
    if (unknown.length > 0 && unknown.length === owners.length) {
      return { status: 'skip', reason: `the Proton records of ${unknown.map((o) => o.arn).join(', ')} are not in the snapshot (another account or region, or not collected)`, notCollected: true };
    }
    const gone = owners.filter((o) => o.exists === false);
    const evidence = { owners: owners.map((o) => ({ tag: o.key, arn: o.arn, exists: o.exists })) };
    if (gone.length === 0) return { status: 'pass', evidence };
    return {
      status: 'fail',
      messageId: 'ownerGone',
      data: { stack: resource.name, owners: gone.map((o) => `${KIND[o.key] ?? o.key} ${o.arn}`).join(' and ') },
      evidence,
    };
  },
});
