/**
 * The estate, indexed for serving: per account and region, every record with the values AWS
 * would have filled in (ARNs, IAM ids, policy attachment counts), in a stable order.
 */
import { iamArn, iamUniqueId, isAwsManagedPolicyArn, protonArn, protonResource, stableUuid } from './derive.ts';
import type {
  AccountSettingsRecord,
  ComponentRecord,
  EnvironmentAccountConnectionRecord,
  EnvironmentRecord,
  Estate,
  EstateAccount,
  EstateQuota,
  GroupRecord,
  ManagedPolicyRecord,
  ProjectRecord,
  RepositoryBranchRecord,
  RepositoryRecord,
  RoleRecord,
  ServiceInstanceRecord,
  ServiceRecord,
  StackRecord,
  TemplateRecord,
  TemplateVersionRecord,
  UserRecord,
} from './estate.ts';

export interface ProtonIndex {
  accountSettings?: AccountSettingsRecord;
  environmentTemplates: TemplateRecord[];
  environmentTemplateVersions: TemplateVersionRecord[];
  serviceTemplates: TemplateRecord[];
  serviceTemplateVersions: TemplateVersionRecord[];
  environments: EnvironmentRecord[];
  services: ServiceRecord[];
  serviceInstances: ServiceInstanceRecord[];
  components: ComponentRecord[];
  repositories: RepositoryRecord[];
}

export interface RegionView {
  region: string;
  protonAvailable: boolean;
  proton: ProtonIndex;
  tags: ReadonlyMap<string, Readonly<Record<string, string>>>;
  quotas: EstateQuota[];
  /** Sorted by StackName; StackId filled in. */
  stacks: Array<StackRecord & { StackId: string }>;
  /** Sorted by name; arn filled in. */
  projects: Array<ProjectRecord & { arn: string }>;
}

export interface IamIndex {
  roles: RoleRecord[];
  policies: ManagedPolicyRecord[];
  users: UserRecord[];
  groups: GroupRecord[];
}

export interface AccountView {
  account: EstateAccount;
  regions: ReadonlyMap<string, RegionView>;
  iam: IamIndex;
  /** True when the estate's deny list answers this `service:Operation` with AccessDenied. */
  denies(action: string): boolean;
}

const byString = <T>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
const versionOrder = (a: TemplateVersionRecord, b: TemplateVersionRecord) =>
  a.templateName < b.templateName ? -1 : a.templateName > b.templateName ? 1 : Number(a.majorVersion) - Number(b.majorVersion) || Number(a.minorVersion) - Number(b.minorVersion);

export class World {
  readonly accounts: ReadonlyMap<string, AccountView>;
  readonly first: AccountView;
  private readonly connectionsByRegion: ReadonlyMap<string, EnvironmentAccountConnectionRecord[]>;

  constructor(readonly estate: Estate) {
    const accounts = new Map<string, AccountView>();
    const connections = new Map<string, Map<string, EnvironmentAccountConnectionRecord>>();
    for (const account of estate.accounts) {
      accounts.set(account.accountId, accountView(account));
      for (const region of account.regions) {
        const seen = connections.get(region.region) ?? new Map<string, EnvironmentAccountConnectionRecord>();
        for (const c of region.proton?.environmentAccountConnections ?? []) {
          if (!seen.has(c.id)) seen.set(c.id, { ...c, arn: c.arn ?? protonArn(region.region, account.accountId, protonResource.environmentAccountConnection(c.id)) });
        }
        connections.set(region.region, seen);
      }
    }
    this.accounts = accounts;
    const first = estate.accounts[0];
    const firstView = first ? accounts.get(first.accountId) : undefined;
    if (!firstView) throw new Error('an estate has at least one account');
    this.first = firstView;
    this.connectionsByRegion = new Map([...connections].map(([region, m]) => [region, [...m.values()].sort(byString((c) => c.id))]));
  }

  /** Environment account connections in a region, whichever account's block they were written in. */
  connections(region: string): EnvironmentAccountConnectionRecord[] {
    return this.connectionsByRegion.get(region) ?? [];
  }
}

function accountView(account: EstateAccount): AccountView {
  const regions = new Map<string, RegionView>();
  for (const r of account.regions) {
    const stacks = (r.cloudformation?.Stacks ?? [])
      .map((st) => ({ ...st, StackId: st.StackId ?? stackId(r.region, account.accountId, st.StackName) }))
      .sort(byString((st) => st.StackName));
    const projects = (r.codebuild?.projects ?? [])
      .map((pr) => ({ ...pr, arn: pr.arn ?? `arn:aws:codebuild:${r.region}:${account.accountId}:project/${pr.name}` }))
      .sort(byString((pr) => pr.name));
    // A stack's own tags are what the Tagging API reports for it; the region's map may add more.
    const tags = new Map(Object.entries(r.tags ?? {}));
    for (const st of stacks) {
      if (!st.Tags?.length) continue;
      tags.set(st.StackId, { ...Object.fromEntries(st.Tags.map((t) => [t.Key, t.Value])), ...tags.get(st.StackId) });
    }
    regions.set(r.region, {
      region: r.region,
      protonAvailable: r.protonAvailable !== false,
      proton: protonIndex(r.region, account.accountId, r.proton ?? {}),
      tags,
      quotas: [...(r.serviceQuotas ?? [])].sort(byString((q) => q.QuotaCode)),
      stacks,
      projects,
    });
  }
  const deny = account.deny ?? [];
  return {
    account,
    regions,
    iam: iamIndex(account),
    denies: (action) => {
      const service = action.slice(0, action.indexOf(':'));
      return deny.includes(action) || deny.includes(`${service}:*`);
    },
  };
}

/** A stack id as CloudFormation forms it: the name, then a UUID (here derived from the name, so runs agree). */
export function stackId(region: string, accountId: string, name: string): string {
  return `arn:aws:cloudformation:${region}:${accountId}:stack/${name}/${stableUuid(`${region}/${accountId}/${name}`)}`;
}

function protonIndex(region: string, accountId: string, p: NonNullable<EstateAccount['regions'][number]['proton']>): ProtonIndex {
  const arn = (resource: string) => protonArn(region, accountId, resource);
  const branch = (b: RepositoryBranchRecord | undefined) => (b ? { ...b, arn: b.arn ?? arn(protonResource.repository(b.provider, b.name)) } : undefined);
  const settings = p.accountSettings;
  const pipelineRepo = branch(settings?.pipelineProvisioningRepository);
  return {
    ...(settings ? { accountSettings: { ...settings, ...(pipelineRepo ? { pipelineProvisioningRepository: pipelineRepo } : {}) } } : {}),
    environmentTemplates: (p.environmentTemplates ?? [])
      .map((t) => ({ ...t, arn: t.arn ?? arn(protonResource.environmentTemplate(t.name)) }))
      .sort(byString((t) => t.name)),
    environmentTemplateVersions: (p.environmentTemplateVersions ?? [])
      .map((v) => ({ ...v, arn: v.arn ?? arn(protonResource.environmentTemplateVersion(v.templateName, v.majorVersion, v.minorVersion)) }))
      .sort(versionOrder),
    serviceTemplates: (p.serviceTemplates ?? []).map((t) => ({ ...t, arn: t.arn ?? arn(protonResource.serviceTemplate(t.name)) })).sort(byString((t) => t.name)),
    serviceTemplateVersions: (p.serviceTemplateVersions ?? [])
      .map((v) => ({ ...v, arn: v.arn ?? arn(protonResource.serviceTemplateVersion(v.templateName, v.majorVersion, v.minorVersion)) }))
      .sort(versionOrder),
    environments: (p.environments ?? [])
      .map((e) => {
        const repo = branch(e.provisioningRepository);
        return { ...e, arn: e.arn ?? arn(protonResource.environment(e.name)), ...(repo ? { provisioningRepository: repo } : {}) };
      })
      .sort(byString((e) => e.name)),
    services: (p.services ?? [])
      .map((s) => ({
        ...s,
        arn: s.arn ?? arn(protonResource.service(s.name)),
        ...(s.pipeline ? { pipeline: { ...s.pipeline, arn: s.pipeline.arn ?? arn(protonResource.pipeline(s.name)) } } : {}),
      }))
      .sort(byString((s) => s.name)),
    serviceInstances: (p.serviceInstances ?? [])
      .map((i) => ({ ...i, arn: i.arn ?? arn(protonResource.serviceInstance(i.serviceName, i.name)) }))
      .sort(byString((i) => `${i.serviceName}\u0000${i.name}`)),
    components: (p.components ?? []).map((c) => ({ ...c, arn: c.arn ?? arn(protonResource.component(c.name)) })).sort(byString((c) => c.name)),
    repositories: (p.repositories ?? [])
      .map((r) => ({ ...r, arn: r.arn ?? arn(protonResource.repository(r.provider, r.name)) }))
      .sort(byString((r) => `${r.provider}:${r.name}`)),
  };
}

function iamIndex(account: EstateAccount): IamIndex {
  const id = account.accountId;
  const iam = account.iam ?? {};
  const roles = (iam.RoleDetailList ?? [])
    .map((r) => {
      const roleArn = r.Arn ?? iamArn(id, 'role', r.Path, r.RoleName);
      return { ...r, Path: r.Path ?? '/', Arn: roleArn, RoleId: r.RoleId ?? iamUniqueId('AROA', roleArn) };
    })
    .sort(byString((r) => r.RoleName));
  const users = (iam.UserDetailList ?? [])
    .map((u) => {
      const userArn = u.Arn ?? iamArn(id, 'user', u.Path, u.UserName);
      return { ...u, Path: u.Path ?? '/', Arn: userArn, UserId: u.UserId ?? iamUniqueId('AIDA', userArn) };
    })
    .sort(byString((u) => u.UserName));
  const groups = (iam.GroupDetailList ?? [])
    .map((g) => {
      const groupArn = g.Arn ?? iamArn(id, 'group', g.Path, g.GroupName);
      return { ...g, Path: g.Path ?? '/', Arn: groupArn, GroupId: g.GroupId ?? iamUniqueId('AGPA', groupArn) };
    })
    .sort(byString((g) => g.GroupName));

  const attached = new Map<string, number>();
  const boundaries = new Map<string, number>();
  const count = (m: Map<string, number>, arn: string) => m.set(arn, (m.get(arn) ?? 0) + 1);
  for (const e of [...roles, ...users, ...groups]) for (const a of e.AttachedManagedPolicies ?? []) count(attached, a.PolicyArn);
  for (const e of [...roles, ...users]) if (e.PermissionsBoundary) count(boundaries, e.PermissionsBoundary.PermissionsBoundaryArn);

  const policies = (iam.Policies ?? [])
    .map((p) => {
      const policyArn = p.Arn ?? iamArn(id, 'policy', p.Path, p.PolicyName);
      const versions = p.PolicyVersionList.map((v, i) => ({ ...v, VersionId: v.VersionId ?? `v${i + 1}` }));
      const defaultId = p.DefaultVersionId ?? versions.find((v) => v.IsDefaultVersion)?.VersionId ?? versions[versions.length - 1]?.VersionId ?? 'v1';
      return {
        ...p,
        Arn: policyArn,
        Path: p.Path ?? (isAwsManagedPolicyArn(policyArn) ? pathOf(policyArn) : '/'),
        PolicyId: p.PolicyId ?? iamUniqueId('ANPA', policyArn),
        DefaultVersionId: defaultId,
        AttachmentCount: attached.get(policyArn) ?? 0,
        PermissionsBoundaryUsageCount: boundaries.get(policyArn) ?? 0,
        IsAttachable: p.IsAttachable ?? true,
        PolicyVersionList: versions.map((v) => ({ ...v, IsDefaultVersion: v.VersionId === defaultId })),
      };
    })
    .sort(byString((p) => p.Arn));
  return { roles, policies, users, groups };
}

/** `arn:aws:iam::aws:policy/service-role/X` → `/service-role/`. */
function pathOf(policyArn: string): string {
  const resource = policyArn.slice(policyArn.indexOf(':policy/') + ':policy'.length);
  return resource.slice(0, resource.lastIndexOf('/') + 1) || '/';
}
