/**
 * A snapshot built straight from an estate, without HTTP, for the evaluation and render
 * benchmarks (collecting 100,000 instances through the emulator is bench:collect's job and takes
 * minutes). It uses the emulator's own indexing (derived ARNs and IAM ids) and the collectors'
 * normalisers and IAM selection, so the records match what a collection of the same estate holds;
 * bench:evaluate checks that at 1× against a real collection.
 */
import { rolesNamedByProton } from '../src/knowledge/roles.ts';
import { entitiesFrom, isAwsProtonManagedPolicy, policyFromParts } from '../src/snapshot/normalize/iam.ts';
import { selectIam } from '../src/snapshot/normalize/iam-select.ts';
import { plainRecord, sortBy } from '../src/snapshot/normalize/plain.ts';
import { sortProton } from '../src/snapshot/normalize/proton.ts';
import { quotasFrom } from '../src/snapshot/normalize/quotas.ts';
import { projectFrom, stackFrom } from '../src/snapshot/normalize/cloudformation.ts';
import { isProtonProjectName, isProtonStack } from '../src/knowledge/signatures.ts';
import { isProtonArn, taggedResourceFrom } from '../src/snapshot/normalize/tagging.ts';
import { isAwsManagedPolicyArn } from '../src/emulator/derive.ts';
import type { Estate } from '../src/emulator/estate.ts';
import { parseEstate } from '../src/emulator/load.ts';
import { World } from '../src/emulator/world.ts';
import { SNAPSHOT_SCHEMA_VERSION, type AccountSnapshot, type ProtonData, type RegionSnapshot, type Snapshot, type TaggedResource } from '../src/model/index.ts';

/** Timestamps as a collection writes them: epoch seconds and ISO text alike become toISOString(). */
function plain<T>(value: object): T {
  return plainRecord<T>(
    JSON.parse(JSON.stringify(value), (key, v: unknown) => {
      if (!/(At|Date)$/.test(key)) return v;
      if (typeof v === 'number') return new Date(v * 1000).toISOString();
      if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return new Date(v).toISOString();
      return v;
    }) as object,
  );
}

export function snapshotOfEstate(input: Estate, collectedAt: string): Snapshot {
  const estate = parseEstate('(estate)', input);
  const world = new World(estate);
  const accounts: AccountSnapshot[] = [];
  for (const account of estate.accounts) {
    const view = world.accounts.get(account.accountId);
    if (!view) continue;
    const id = account.accountId;
    const regions: RegionSnapshot[] = [];
    for (const r of view.regions.values()) {
      const p = r.proton;
      const connections = world
        .connections(r.region)
        .flatMap((c) => [
          ...(c.managementAccountId === id ? [{ ...c, requestedBy: 'MANAGEMENT_ACCOUNT' as const }] : []),
          ...(c.environmentAccountId === id ? [{ ...c, requestedBy: 'ENVIRONMENT_ACCOUNT' as const }] : []),
        ]);
      const proton: ProtonData | undefined = r.protonAvailable
        ? sortProton({
            ...(p.accountSettings ? { accountSettings: plain(p.accountSettings) } : {}),
            environmentTemplates: p.environmentTemplates.map((x) => plain(x)),
            environmentTemplateVersions: p.environmentTemplateVersions.map((x) => plain(x)),
            serviceTemplates: p.serviceTemplates.map((x) => plain(x)),
            serviceTemplateVersions: p.serviceTemplateVersions.map((x) => plain(x)),
            environments: p.environments.map((x) => plain(x)),
            services: p.services.map((x) => plain(x)),
            serviceInstances: p.serviceInstances.map((x) => plain(x)),
            components: p.components.map((x) => plain(x)),
            environmentAccountConnections: connections.map((x) => plain(x)),
            repositories: p.repositories.map((x) => plain(x)),
          })
        : undefined;
      const mappings: TaggedResource[] = [];
      for (const [arn, tags] of r.tags) {
        const m = taggedResourceFrom({ ResourceARN: arn, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) });
        if (m && m.Tags.length > 0) mappings.push(m);
      }
      const region: RegionSnapshot = {
        region: r.region,
        quotas: quotasFrom(r.quotas),
        tagging: {
          protonResources: sortBy(mappings.filter((m) => isProtonArn(m.ResourceARN)), (m) => m.ResourceARN),
          provisionedResources: sortBy(
            mappings.filter((m) => !isProtonArn(m.ResourceARN) && m.Tags.some((t) => t.Key === 'proton:environment' || t.Key === 'proton:service')),
            (m) => m.ResourceARN,
          ),
        },
      };
      if (proton) region.proton = proton;
      // Stacks and projects as collectStacks/collectProjects select them: Proton's by name or proton:* tag.
      const tagged = new Set(region.tagging?.provisionedResources.map((m) => m.ResourceARN));
      const stacks = r.stacks.filter((st) => st.StackStatus !== 'DELETE_COMPLETE' && isProtonStack(st, tagged)).flatMap((st) => stackFrom(plain(st)) ?? []);
      region.cloudformation = { stacks: sortBy(stacks, (st) => st.StackId) };
      region.codebuild = { projects: sortBy(r.projects.filter((pr) => isProtonProjectName(pr.name)).flatMap((pr) => projectFrom(plain(pr)) ?? []), (pr) => pr.arn) };
      regions.push(region);
    }
    regions.sort((a, b) => (a.region < b.region ? -1 : 1));

    // IAM as the collector keeps it: GAAD roles and customer managed policies through the same
    // selection, AWS managed ones that are Proton's or held, and who holds the Proton ones.
    const named = rolesNamedByProton(regions.map((r) => r.proton).filter((x): x is ProtonData => x !== undefined));
    const local = view.iam.policies.filter((x) => !isAwsManagedPolicyArn(x.Arn ?? ''));
    // GetAccountAuthorizationDetails answers an empty RoleLastUsed for a role never used.
    const roles = view.iam.roles.map((x) => plain<Parameters<typeof selectIam>[0][number]>({ RoleLastUsed: {}, ...x }));
    const selection = selectIam(roles, local.map((x) => plain<Parameters<typeof selectIam>[1][number]>(x)), named, id);
    const policies = [...selection.policies];
    const policyEntities = [];
    for (const aws of view.iam.policies.filter((x) => isAwsManagedPolicyArn(x.Arn ?? ''))) {
      if (!isAwsProtonManagedPolicy(aws.PolicyName) && !selection.held.has(aws.Arn ?? '')) continue;
      const { PolicyVersionList, ...listed } = aws;
      const version = PolicyVersionList.find((v) => v.IsDefaultVersion);
      policies.push(policyFromParts(plain(listed), version ? plain<Parameters<typeof policyFromParts>[1] & object>(version) : undefined).value);
      if (!isAwsProtonManagedPolicy(aws.PolicyName)) continue;
      const holds = (list: ReadonlyArray<{ AttachedManagedPolicies?: Array<{ PolicyArn: string }> }>) => list.filter((e) => (e.AttachedManagedPolicies ?? []).some((a) => a.PolicyArn === aws.Arn));
      policyEntities.push(
        entitiesFrom(aws.Arn ?? '', [
          {
            PolicyRoles: holds(view.iam.roles).map((x) => ({ RoleName: (x as { RoleName: string }).RoleName })),
            PolicyUsers: holds(view.iam.users).map((x) => ({ UserName: (x as { UserName: string }).UserName })),
            PolicyGroups: holds(view.iam.groups).map((x) => ({ GroupName: (x as { GroupName: string }).GroupName })),
          },
        ]),
      );
    }
    accounts.push({
      accountId: id,
      ...(account.name ? { name: account.name } : {}),
      identity: { Account: id, Arn: `arn:aws:iam::${id}:user/proton-audit-emulator`, UserId: 'AIDABENCHMARKUSER00' },
      iam: {
        roles: sortBy(selection.roles, (x) => x.Arn),
        policies: sortBy(policies, (x) => x.Arn),
        policyEntities: sortBy(policyEntities, (x) => x.PolicyArn),
      },
      regions,
    });
  }
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: { name: 'proton-audit', version: 'bench' },
    collectedAt,
    collection: { source: 'import', startedAt: collectedAt, finishedAt: collectedAt },
    accounts: accounts.sort((a, b) => (a.accountId < b.accountId ? -1 : 1)),
    coverage: [],
  };
}
