/**
 * PA-TRUST-002: aws:SourceAccount in a Proton trust policy names the role's own account. A role in
 * an environment account legitimately names the management account that deploys through it, so
 * the management accounts of the snapshot's connections that name this role are accepted too,
 * which one CEL expression over the role alone cannot know.
 */
import { defineRule, deployingAccounts } from '../../../src/rule-api/index.ts';

export default defineRule({
  meta: {
    id: 'PA-TRUST-002',
    title: "The aws:SourceAccount condition in Proton trust policies names the role's own account",
    severity: 'high',
    resource: 'role',
    family: 'trust',
    rationale:
      "aws:SourceAccount tells IAM which account's Proton resources may make Proton assume the role. AWS's reference trust " +
      'policy sets it to your own account ("123456789012" in the example). A copied example account id, or another ' +
      "account's id, lets Proton act for that other account with your role's permissions, while your own deployments " +
      'fail. A role in an environment account legitimately names the management account that deploys into it: the ' +
      'management accounts of environment account connections naming the role, and the accounts in config ' +
      'allowedAccounts, are accepted.',
    remediation: {
      text: 'Set aws:SourceAccount to the id of the account that owns the role, or to the management account that deploys through it when that is intended and documented.',
      cli: 'aws iam update-assume-role-policy --role-name <role> --policy-document file://proton-trust.json',
      iac: 'In AssumeRolePolicyDocument use "aws:SourceAccount": !Ref AWS::AccountId.',
    },
    references: [
      { title: 'AWS managed policies for AWS Proton: trust relationship with aws:SourceAccount', url: 'https://docs.aws.amazon.com/proton/latest/userguide/security-iam-awsmanpol.html' },
      { title: 'AWS Proton User Guide: Environment account connections', url: 'https://docs.aws.amazon.com/proton/latest/userguide/ag-env-account-connections.html' },
      { title: 'IAM: aws:SourceAccount', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceaccount' },
      { title: 'IAM: the confused deputy problem', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html' },
    ],
    messages: {
      foreignSourceAccount: "Role {{role}} trusts proton.amazonaws.com for aws:SourceAccount {{accounts}}, neither its own account {{account}} nor an allowed or deploying account.",
    },
  },
  requires: ['iam'],
  check(resource, ctx) {
    const trust = resource.facts.trust;
    if (!trust?.trustsProton) return { status: 'skip', reason: 'the role does not trust proton.amazonaws.com' };
    const accepted = new Set([resource.accountId, ...ctx.config.allowedAccounts, ...deployingAccounts(resource, ctx.view)]);
    const foreign = trust.foreignSourceAccounts.filter((a) => !accepted.has(a));
    if (foreign.length === 0) return { status: 'pass', evidence: { sourceAccountsAccepted: [...accepted].sort() } };
    return {
      status: 'fail',
      messageId: 'foreignSourceAccount',
      data: { role: resource.name, accounts: foreign.join(', '), account: resource.accountId },
      evidence: { foreignSourceAccounts: foreign, accepted: [...accepted].sort(), statements: trust.evidence },
    };
  },
});
