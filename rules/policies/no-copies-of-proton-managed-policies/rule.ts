/**
 * PA-POL-002: customer managed copies of the AWS managed AWSProton* policies (the comparison is in
 * the rule API's policy-copies helper, shared with PA-POL-006 for inline copies).
 */
import { accountReferenceIndex, AWS_MANAGED, defaultPolicyDocument, defineRule, policyFingerprint } from '../../../src/rule-api/index.ts';

export default defineRule({
  meta: {
    id: 'PA-POL-002',
    title: 'No customer managed policy is a frozen copy of an AWS managed AWSProton* policy',
    severity: 'low',
    resource: 'managedPolicy',
    family: 'policies',
    rationale:
      'AWS maintains the AWSProton* managed policies and updates them when Proton gains operations or a permission bug is ' +
      'fixed; the guide suggests them "as starting points for creating your own policies". A customer managed policy whose ' +
      'statements are exactly those of an AWSProton* version freezes that version: it misses later fixes, hides the grant ' +
      'behind an innocuous name in access reviews, and outlives the AWS managed policy in clean-ups after the Proton ' +
      'retirement (2026-10-07). Statements are compared after normalisation (Sid ignored, order and case of actions ' +
      'ignored) against every AWSProton* document in the snapshot and every version AWS has published.',
    remediation: {
      text:
        'Attach the AWS managed policy instead of the copy, or turn the copy into a real least-privilege policy (for example ' +
        'scoped with proton:ServiceTemplate); after the Proton retirement, detach and delete it.',
      cli:
        'aws iam list-entities-for-policy --policy-arn <policy-arn> && aws iam detach-role-policy --role-name <role> ' +
        '--policy-arn <policy-arn> && aws iam delete-policy --policy-arn <policy-arn>',
      iac: 'Reference arn:aws:iam::aws:policy/<AWSProton policy> in ManagedPolicyArns instead of declaring an AWS::IAM::ManagedPolicy copy.',
    },
    references: [
      { title: 'AWS managed policies for AWS Proton: use them as starting points; AWS updates them', url: 'https://docs.aws.amazon.com/proton/latest/userguide/security-iam-awsmanpol.html' },
      { title: 'IAM: AWS managed policies', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies' },
    ],
    messages: {
      copy: "Customer managed policy {{policy}} is a copy of AWS managed policy {{original}} ({{version}}) and no longer follows AWS's updates.",
    },
  },
  requires: ['iam'],
  check(resource, ctx) {
    const policy = resource.data;
    if (policy.Arn.includes(AWS_MANAGED)) return { status: 'skip', reason: 'AWS managed policy (AWS maintains it)' };
    const doc = defaultPolicyDocument(policy);
    if (!doc) return { status: 'skip', reason: 'the default policy version document was not collected' };
    const fingerprint = policyFingerprint(doc);
    const original = accountReferenceIndex(ctx.view.ofType('managedPolicy'), resource.accountId).get(fingerprint);
    if (original === undefined) return { status: 'pass' };
    const [name = '', version = ''] = original.split(' ');
    return {
      status: 'fail',
      messageId: 'copy',
      data: { policy: policy.PolicyName, original: name, version },
      evidence: {
        policyArn: policy.Arn,
        copyOf: `arn:aws:iam::aws:policy/${name}`,
        copyOfVersion: version,
        fingerprint,
        attachmentCount: policy.AttachmentCount ?? null,
      },
    };
  },
});
