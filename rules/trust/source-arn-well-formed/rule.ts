/**
 * PA-TRUST-003: each aws:SourceArn in a Proton trust policy is a well-formed ARN of the role's own
 * Proton resources. The trust facts list the bad values; a well-formed ARN of a management account
 * that deploys through this role (see PA-TRUST-002) or of an allowed account is accepted.
 */
import { defineRule, deployingAccounts, type RuleVerdict } from '../../../src/rule-api/index.ts';

const PROTON_ARN = /^arn:aws[a-z-]*:proton:[a-z0-9*-]*:(\d{12}):/;

export default defineRule({
  meta: {
    id: 'PA-TRUST-003',
    title: "The aws:SourceArn condition in Proton trust policies is a well-formed ARN of the role's own Proton resources",
    severity: 'medium',
    resource: 'role',
    family: 'trust',
    rationale:
      'AWS\'s reference trust policy prints aws:SourceArn as "arn:aws::proton:*:123456789012:environment/*", with the ' +
      'service in the region field. Copied as-is the ArnLike condition never matches and Proton can no longer assume the ' +
      'role; fixed by hand into "*" or a wildcard account it stops narrowing anything. A SourceArn should read ' +
      'arn:aws:proton:<region or *>:<own account>:<resource type>/*; the management account of a connection naming the ' +
      'role, or an account in config allowedAccounts, is accepted in place of the own account.',
    remediation: {
      text:
        'Rewrite each reported aws:SourceArn as arn:aws:proton:<region or *>:<account>:environment/* (or the resource type ' +
        "the role serves) with the role's own account id.",
      cli: 'aws iam update-assume-role-policy --role-name <role> --policy-document file://proton-trust.json',
      iac: 'In AssumeRolePolicyDocument use "aws:SourceArn": !Sub "arn:${AWS::Partition}:proton:*:${AWS::AccountId}:environment/*".',
    },
    references: [
      { title: 'AWS managed policies for AWS Proton: the malformed SourceArn example', url: 'https://docs.aws.amazon.com/proton/latest/userguide/security_iam_service-role-policy-examples.html' },
      { title: 'IAM: aws:SourceArn', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcearn' },
      { title: 'IAM: ARN format', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html' },
    ],
    messages: {
      badSourceArn: "Role {{role}} has aws:SourceArn \"{{value}}\" in its Proton trust policy: {{reason}}.",
    },
  },
  requires: ['iam'],
  check(resource, ctx) {
    const trust = resource.facts.trust;
    if (!trust?.trustsProton) return { status: 'skip', reason: 'the role does not trust proton.amazonaws.com' };
    const accepted = new Set([...ctx.config.allowedAccounts, ...deployingAccounts(resource, ctx.view)]);
    const bad = trust.badSourceArns.filter((b) => {
      const account = PROTON_ARN.exec(b.value)?.[1];
      return account === undefined || !accepted.has(account);
    });
    if (bad.length === 0) return { status: 'pass' };
    return bad.map(
      (b): RuleVerdict<'badSourceArn'> => ({
        status: 'fail',
        subKey: b.value,
        messageId: 'badSourceArn',
        data: { role: resource.name, value: b.value, reason: b.reason },
        evidence: { value: b.value, reason: b.reason, statements: trust.evidence },
      }),
    );
  },
});
