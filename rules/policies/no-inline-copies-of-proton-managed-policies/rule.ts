/**
 * PA-POL-006: inline role policies that copy an AWS managed AWSProton* policy. The same frozen
 * copy as PA-POL-002, pasted into a role instead of a customer managed policy, where access
 * reviews of managed policies do not see it.
 */
import { accountReferenceIndex, defineRule, policyFingerprint, type RuleVerdict } from '../../../src/rule-api/index.ts';

export default defineRule({
  meta: {
    id: 'PA-POL-006',
    title: 'No inline role policy is a frozen copy of an AWS managed AWSProton* policy',
    severity: 'low',
    resource: 'role',
    family: 'policies',
    rationale:
      'AWS maintains the AWSProton* managed policies and updates them when Proton gains operations or a permission bug is ' +
      'fixed. An inline role policy whose statements are exactly those of an AWSProton* version freezes that version: it ' +
      'misses later fixes, does not show up where managed policies and their holders are reviewed, and survives clean-ups ' +
      'that detach the AWS managed policy after the Proton retirement (2026-10-07). Statements are compared after ' +
      'normalisation (Sid ignored, order and case of actions ignored) against every AWSProton* document in the snapshot and ' +
      'every version AWS has published, as PA-POL-002 does for customer managed policies.',
    remediation: {
      text:
        'Attach the AWS managed policy instead of the inline copy, or replace the copy with a least-privilege policy; after ' +
        'the Proton retirement, delete it.',
      cli: 'aws iam delete-role-policy --role-name <role> --policy-name <policy>',
      iac: 'Reference arn:aws:iam::aws:policy/<AWSProton policy> in the role\'s ManagedPolicyArns instead of an inline Policies entry.',
    },
    references: [
      { title: 'AWS managed policies for AWS Proton: use them as starting points; AWS updates them', url: 'https://docs.aws.amazon.com/proton/latest/userguide/security-iam-awsmanpol.html' },
      { title: 'IAM: managed policies and inline policies', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html' },
    ],
    messages: {
      noInlinePolicy: "Role {{role}} has no inline policy.",
      copy: "Inline policy {{policy}} of role {{role}} is a copy of AWS managed policy {{original}} ({{version}}) and no longer follows AWS's updates.",
    },
  },
  requires: ['iam'],
  check(resource, ctx) {
    const role = resource.data;
    const inline = role.RolePolicyList ?? [];
    if (inline.length === 0) return { status: 'pass', messageId: 'noInlinePolicy', data: { role: role.RoleName } };
    const index = accountReferenceIndex(ctx.view.ofType('managedPolicy'), resource.accountId);
    return inline.map((p): RuleVerdict<'copy'> => {
      const fingerprint = policyFingerprint(p.PolicyDocument);
      const original = index.get(fingerprint);
      if (original === undefined) return { status: 'pass', subKey: p.PolicyName };
      const [name = '', version = ''] = original.split(' ');
      return {
        status: 'fail',
        subKey: p.PolicyName,
        messageId: 'copy',
        data: { policy: p.PolicyName, role: role.RoleName, original: name, version },
        evidence: { role: role.Arn, policyName: p.PolicyName, copyOf: `arn:aws:iam::aws:policy/${name}`, copyOfVersion: version, fingerprint },
      };
    });
  },
});
