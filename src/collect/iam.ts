/**
 * IAM, once per account. The call plan (docs/collection.md has the counts):
 *   1. GetAccountAuthorizationDetails, Filter [Role, LocalManagedPolicy], 1000 per page: every
 *      role with its trust policy, inline documents, attachments, boundary, tags and RoleLastUsed,
 *      and every customer managed policy with its documents — in a handful of pages, where the
 *      per-role route costs 3+ calls per role.
 *   2. ListPolicies, Scope AWS, 1000 per page (about two pages): AWS managed policy metadata,
 *      including DefaultVersionId and AttachmentCount, for the AWSProton* policies and any AWS
 *      managed policy a kept role holds.
 *   3. GetPolicyVersion (default version) for each of those AWS managed policies, once each.
 *   4. ListEntitiesForPolicy (attachments, not boundary uses) for each AWSProton* policy whose
 *      AttachmentCount is not zero (a zero count already says nobody holds it).
 * Steps 1 and 2 start at once and run while Proton is being collected; the roles Proton names
 * are only needed to choose what to keep.
 */
import {
  GetPolicyVersionCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListEntitiesForPolicy,
  paginateListPolicies,
  type GetAccountAuthorizationDetailsCommandOutput,
  type IAMClient,
  type ListEntitiesForPolicyCommandOutput,
  type ManagedPolicyDetail as SdkManagedPolicyDetail,
  type Policy,
  type RoleDetail as SdkRoleDetail,
} from '@aws-sdk/client-iam';
import type { IamData, PolicyEntities, ProtonData } from '../model/index.ts';
import { callOnce, listAll, type Scope } from './call.ts';
import type { PreviousSnapshot } from './incremental.ts';
import { accountOfArn, entitiesFrom, isAwsProtonManagedPolicy, policyFromParts } from '../snapshot/normalize/iam.ts';
import { selectIam } from '../snapshot/normalize/iam-select.ts';
import { sortBy } from '../snapshot/normalize/plain.ts';

export interface IamInput {
  client: IAMClient;
  scope: Scope;
  /** MaxItems for IAM lists (1000, the maximum, unless a test asks for smaller pages). */
  pageSize: number;
  log: (line: string) => void;
  /** collect --since: an AWS managed policy whose default version id is unchanged keeps its document. */
  previous?: PreviousSnapshot;
}

export interface IamOutcome {
  /** Absent when the authorization details sweep did not complete (see coverage). */
  iam?: IamData;
  /** Roles Proton names that live in other accounts: not collectable from here. */
  outOfAccount: string[];
  /** Roles Proton names in this account that IAM does not have (deleted since). */
  missing: string[];
}

export async function collectIam(
  input: IamInput,
  named: Promise<{ roleArns: string[]; accountId: string | undefined }>,
): Promise<IamOutcome> {
  const { client, scope } = input;
  const [gaad, awsPolicies] = await Promise.all([
    listAll<GetAccountAuthorizationDetailsCommandOutput, GetAccountAuthorizationDetailsCommandOutput>(
      scope,
      'iam',
      'GetAccountAuthorizationDetails',
      () => paginateGetAccountAuthorizationDetails({ client }, { Filter: ['Role', 'LocalManagedPolicy'], MaxItems: input.pageSize }),
      (page) => [page],
    ),
    listAll<{ Policies?: Policy[] }, Policy>(
      scope,
      'iam',
      'ListPolicies',
      () => paginateListPolicies({ client }, { Scope: 'AWS', MaxItems: input.pageSize }),
      (page) => page.Policies,
    ),
  ]);
  const { roleArns, accountId: knownAccount } = await named;

  const sdkRoles: SdkRoleDetail[] = gaad.items.flatMap((p) => p.RoleDetailList ?? []);
  const sdkPolicies: SdkManagedPolicyDetail[] = gaad.items.flatMap((p) => p.Policies ?? []);
  const accountId = knownAccount ?? sdkRoles.map((r) => accountOfArn(r.Arn ?? '')).find((a) => a !== undefined);

  if (!gaad.complete) {
    const inAccount = roleArns.filter((arn) => accountId === undefined || accountOfArn(arn) === accountId);
    return { outOfAccount: roleArns.filter((arn) => !inAccount.includes(arn)), missing: [] };
  }
  const selection = selectIam(sdkRoles, sdkPolicies, roleArns, accountId);
  for (const [arn, problem] of selection.problems) {
    scope.coverage.problem(scope.region, 'iam', 'GetAccountAuthorizationDetails', 'MalformedPolicyDocument', problem, arn);
  }
  const { roles, policies, held, missing, outOfAccount } = selection;

  // AWS managed: the Proton ones and those the kept roles hold.
  const fromGaad = new Set(policies.map((p) => p.Arn));
  const awsWanted = awsPolicies.items.filter(
    (p) => p.Arn && !fromGaad.has(p.Arn) && (isAwsProtonManagedPolicy(p.PolicyName ?? '') || held.has(p.Arn)),
  );
  const policyEntities: PolicyEntities[] = [];
  await Promise.all(
    awsWanted.map(async (listed) => {
      const arn = listed.Arn ?? '';
      const versionId = listed.DefaultVersionId;
      const reused = versionId ? input.previous?.policyVersion(arn, versionId) : undefined;
      if (reused && input.previous) {
        input.previous.reused += 1;
        if (scope.stats) scope.stats.reused += 1;
        policies.push({ ...policyFromParts(listed, undefined).value, PolicyVersionList: [reused] });
      } else {
        if (versionId && input.previous) input.previous.fetched += 1;
        const version = versionId
          ? await callOnce(scope, 'iam', 'GetPolicyVersion', () => client.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId })), arn)
          : undefined;
        if (!versionId) scope.coverage.problem(scope.region, 'iam', 'ListPolicies', 'MissingDefaultVersion', 'ListPolicies gave no DefaultVersionId', arn);
        const decoded = policyFromParts(listed, version?.ok ? version.value.PolicyVersion : undefined);
        for (const problem of decoded.problems) scope.coverage.problem(scope.region, 'iam', 'GetPolicyVersion', 'MalformedPolicyDocument', problem, arn);
        policies.push(decoded.value);
      }
      if (!isAwsProtonManagedPolicy(listed.PolicyName ?? '')) return;
      if (listed.AttachmentCount === 0) {
        policyEntities.push(entitiesFrom(arn, []));
        return;
      }
      const pages = await listAll<ListEntitiesForPolicyCommandOutput, ListEntitiesForPolicyCommandOutput>(
        scope,
        'iam',
        'ListEntitiesForPolicy',
        () => paginateListEntitiesForPolicy({ client }, { PolicyArn: arn, PolicyUsageFilter: 'PermissionsPolicy', MaxItems: input.pageSize }),
        (page) => [page],
        arn,
      );
      if (pages.complete) policyEntities.push(entitiesFrom(arn, pages.items));
    }),
  );

  return {
    iam: {
      roles: sortBy(roles, (r) => r.Arn),
      policies: sortBy(policies, (p) => p.Arn),
      policyEntities: sortBy(policyEntities, (e) => e.PolicyArn),
    },
    outOfAccount,
    missing,
  };
}
