/**
 * Which IAM records a snapshot keeps, from a GetAccountAuthorizationDetails answer (live) or
 * export (import): roles that Proton names (its records, the stacks and CodeBuild projects it
 * created), that trust proton.amazonaws.com or that carry a Proton signature in their policies
 * (src/facts/proton-signatures.ts), and managed
 * policies those roles hold, that are published for Proton, or that look like copies of them.
 */
import type { ManagedPolicyDetail, RoleDetail } from '../../model/index.ts';
import { roleNameOfArn } from '../../knowledge/roles.ts';
import { defaultPolicyDocument } from '../../knowledge/policies.ts';
import { roleSignatures } from '../../knowledge/signatures.ts';
import { accountOfArn, gaadPolicyFrom, mentionsProtonActions, roleFrom, trustsProton } from './iam.ts';

export interface Selection {
  roles: RoleDetail[];
  /** GAAD policies kept (customer managed, and AWS managed when the answer carried them). */
  policies: ManagedPolicyDetail[];
  /** ARNs of every managed policy a kept role holds, as permissions or as its boundary. */
  held: Set<string>;
  /** Named roles in the account that the answer does not contain. */
  missing: string[];
  /** Named roles in other accounts. */
  outOfAccount: string[];
  /** Documents that did not decode: [ARN, what]. */
  problems: Array<[string, string]>;
}

type RawRole = Parameters<typeof roleFrom>[0];
type RawPolicy = Parameters<typeof gaadPolicyFrom>[0];

export function selectIam(rawRoles: readonly RawRole[], rawPolicies: readonly RawPolicy[], namedRoleArns: readonly string[], accountId: string | undefined): Selection {
  const inAccount = namedRoleArns.filter((arn) => accountId === undefined || accountOfArn(arn) === accountId);
  const outOfAccount = namedRoleArns.filter((arn) => !inAccount.includes(arn));
  const wantedArns = new Set(inAccount);
  // A role ARN written with another path still names the role: names are unique per account.
  const wantedNames = new Set(inAccount.map(roleNameOfArn).filter((n): n is string => n !== undefined));
  const problems: Array<[string, string]> = [];

  // Customer policies decoded first: a role holding one that carries a Proton signature is kept.
  const decoded = rawPolicies.map((raw) => gaadPolicyFrom(raw));
  const documents = new Map(decoded.map(({ value: p }) => [p.Arn, defaultPolicyDocument(p)]));

  const roles: RoleDetail[] = [];
  const found = new Set<string>();
  for (const raw of rawRoles) {
    const { value: role, problems: roleProblems } = roleFrom(raw);
    const named = wantedArns.has(role.Arn) || wantedNames.has(role.RoleName);
    // A trust policy that does not decode may trust Proton: the role is kept, and the gap named,
    // never dropped while coverage says every role was read.
    const unreadableTrust = raw.AssumeRolePolicyDocument !== undefined && role.AssumeRolePolicyDocument === undefined;
    if (!named && !unreadableTrust && !trustsProton(role.AssumeRolePolicyDocument) && roleSignatures(role, (arn) => documents.get(arn)).length === 0) continue;
    if (named) found.add(role.RoleName);
    for (const p of roleProblems) problems.push([role.Arn, `role ${role.RoleName}: ${p}`]);
    roles.push(role);
  }
  const missing = inAccount.filter((arn) => !found.has(roleNameOfArn(arn) ?? arn));

  const held = new Set<string>();
  for (const r of roles) {
    for (const a of r.AttachedManagedPolicies) held.add(a.PolicyArn);
    if (r.PermissionsBoundary?.PermissionsBoundaryArn) held.add(r.PermissionsBoundary.PermissionsBoundaryArn);
  }

  const policies: ManagedPolicyDetail[] = [];
  for (const { value: p, problems: policyProblems } of decoded) {
    const doc = p.PolicyVersionList[0]?.Document;
    if (!held.has(p.Arn) && !/proton/i.test(p.PolicyName) && !mentionsProtonActions(doc)) continue;
    for (const problem of policyProblems) problems.push([p.Arn, `policy ${p.PolicyName}: ${problem}`]);
    policies.push(p);
  }
  return { roles, policies, held, missing, outOfAccount, problems };
}
