/**
 * Builds a complete, valid one-account, one-region Snapshot from a case's partial estate, so a
 * case states only what it is about. Defaults: account 111122223333, region us-east-1, ARNs from
 * names, versions 1.0 PUBLISHED, deployments SUCCEEDED, services ACTIVE, every family collected.
 * A list the estate gives is taken as the whole list; a list it omits is derived from what other
 * records reference (an environment on template `web` implies template `web` and its version).
 */
import { PROTON_REGION_OPERATIONS } from '../knowledge/operations.ts';
import { createHash } from 'node:crypto';
import type { DataFamily } from '../facts/coverage.ts';
import {
  DOCUMENTED_QUOTAS,
  SNAPSHOT_SCHEMA_VERSION,
  type CodeBuildProject,
  type CoverageEntry,
  type IamData,
  type ProtonData,
  type Quota,
  type QuotaName,
  type Snapshot,
  type Stack,
  type Tag,
  type TaggedResource,
} from '../model/index.ts';

export const CASE_ACCOUNT = '111122223333';
export const CASE_REGION = 'us-east-1';
/** The clock cases run at unless they set `now`. */
export const CASE_NOW = '2026-06-01T00:00:00Z';

type Rec = Record<string, unknown>;

export interface CaseEstate {
  accountId?: string;
  region?: string;
  accountName?: string;
  iam?: { roles?: Rec[]; policies?: Rec[]; policyEntities?: Rec[] };
  proton?: Partial<Record<keyof ProtonData, unknown>>;
  tagging?: { protonResources?: Rec[]; provisionedResources?: Rec[] };
  quotas?: Rec[] | Partial<Record<QuotaName, number>>;
  /** CloudFormation stacks (DescribeStacks shapes; StackId and StackStatus filled in when absent). */
  cloudformation?: { stacks?: Rec[] };
  /** CodeBuild projects (BatchGetProjects shapes; arn filled in when absent). */
  codebuild?: { projects?: Rec[] };
  /** Extra coverage entries, e.g. one with failedResources. */
  coverage?: Rec[];
}

function str(v: unknown, fallback: string): string {
  return typeof v === 'string' && v !== '' ? v : v === undefined || v === null ? fallback : String(v);
}

function list(v: unknown): Rec[] {
  return Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Rec[]).map((x) => ({ ...x })) : [];
}

function byArn<T extends Rec>(items: T[], key = 'arn'): T[] {
  return items.sort((a, b) => {
    const x = String(a[key]);
    const y = String(b[key]);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Tags as AWS lists; a case may write them as a { Key: Value } map. */
function toTags(v: unknown): Tag[] {
  if (Array.isArray(v)) return (v as Tag[]).map((t) => ({ Key: String(t.Key), Value: String(t.Value ?? '') })).sort((a, b) => (a.Key < b.Key ? -1 : 1));
  if (v && typeof v === 'object') return Object.entries(v as Rec).map(([Key, Value]) => ({ Key, Value: String(Value ?? '') })).sort((a, b) => (a.Key < b.Key ? -1 : 1));
  return [];
}

function highest(values: string[]): string | undefined {
  return [...values].sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : 1)).at(-1);
}

export function buildCaseSnapshot(estate: CaseEstate, notCollected: readonly DataFamily[] = [], now: string = CASE_NOW): Snapshot {
  const acct = str(estate.accountId, CASE_ACCOUNT);
  const region = str(estate.region, CASE_REGION);
  const P = `arn:aws:proton:${region}:${acct}`;
  const given = (estate.proton ?? {}) as Rec;
  const has = (k: string): boolean => Object.hasOwn(given, k);
  const extraTags: TaggedResource[] = [];
  /** Pulls the `tags` convenience off a Proton record into the Tagging data. */
  const takeTags = (rec: Rec): Rec => {
    if (rec.tags !== undefined) {
      extraTags.push({ ResourceARN: String(rec.arn), Tags: toTags(rec.tags) });
      delete rec.tags;
    }
    return rec;
  };

  // Deployed records first: their references drive the derived template lists.
  const environments = list(given.environments).map((e) => {
    const r: Rec = { ...e, name: str(e.name, 'env') };
    r.arn = str(e.arn, `${P}:environment/${String(r.name)}`);
    r.templateName = str(e.templateName, 'env-template');
    r.templateMajorVersion = str(e.templateMajorVersion, '1');
    r.templateMinorVersion = str(e.templateMinorVersion, '0');
    r.deploymentStatus = str(e.deploymentStatus, 'SUCCEEDED');
    return takeTags(r);
  });
  const services = list(given.services).map((s) => {
    const r: Rec = { ...s, name: str(s.name, 'svc') };
    r.arn = str(s.arn, `${P}:service/${String(r.name)}`);
    r.templateName = str(s.templateName, 'svc-template');
    r.status = str(s.status, 'ACTIVE');
    if (s.pipeline && typeof s.pipeline === 'object') {
      const p = s.pipeline as Rec;
      r.pipeline = {
        ...p,
        arn: str(p.arn, `${String(r.arn)}/pipeline`),
        templateName: str(p.templateName, String(r.templateName)),
        templateMajorVersion: str(p.templateMajorVersion, '1'),
        templateMinorVersion: str(p.templateMinorVersion, '0'),
        deploymentStatus: str(p.deploymentStatus, 'SUCCEEDED'),
      };
    }
    return takeTags(r);
  });
  const rawInstances = list(given.serviceInstances);
  const onlyName = (recs: Rec[], fallback: string): string => (recs.length === 1 ? String(recs[0]?.name) : fallback);
  // Instances may name services and environments the estate leaves out: create them.
  for (const i of rawInstances) {
    const svc = str(i.serviceName, onlyName(services, 'svc'));
    if (!has('services') && !services.some((s) => s.name === svc)) {
      services.push({ name: svc, arn: `${P}:service/${svc}`, templateName: str(i.templateName, 'svc-template'), status: 'ACTIVE' });
    }
    const env = str(i.environmentName, onlyName(environments, 'env'));
    if (!has('environments') && !environments.some((e) => e.name === env)) {
      environments.push({ name: env, arn: `${P}:environment/${env}`, templateName: 'env-template', templateMajorVersion: '1', templateMinorVersion: '0', deploymentStatus: 'SUCCEEDED' });
    }
  }
  const serviceInstances = rawInstances.map((i) => {
    const serviceName = str(i.serviceName, onlyName(services, 'svc'));
    const svc = services.find((s) => s.name === serviceName);
    const r: Rec = { ...i, name: str(i.name, 'instance'), serviceName, environmentName: str(i.environmentName, onlyName(environments, 'env')) };
    r.arn = str(i.arn, `${str(svc?.arn, `${P}:service/${serviceName}`)}/service-instance/${String(r.name)}`);
    r.templateName = str(i.templateName, str(svc?.templateName, 'svc-template'));
    r.templateMajorVersion = str(i.templateMajorVersion, '1');
    r.templateMinorVersion = str(i.templateMinorVersion, '0');
    r.deploymentStatus = str(i.deploymentStatus, 'SUCCEEDED');
    return takeTags(r);
  });

  const envRefs = environments.map((e) => ({ t: String(e.templateName), major: String(e.templateMajorVersion), minor: String(e.templateMinorVersion) }));
  const svcRefs = [
    ...serviceInstances.map((i) => ({ t: String(i.templateName), major: String(i.templateMajorVersion), minor: String(i.templateMinorVersion) })),
    ...services.filter((s) => s.pipeline).map((s) => {
      const p = s.pipeline as Rec;
      return { t: String(p.templateName), major: String(p.templateMajorVersion), minor: String(p.templateMinorVersion) };
    }),
  ];
  const envCompat = [...new Map(envRefs.map((r) => [`${r.t}|${r.major}`, { templateName: r.t, majorVersion: r.major }])).values()];

  const versions = (key: string, refs: Array<{ t: string; major: string; minor: string }>, kind: 'environment' | 'service'): Rec[] => {
    const out: Rec[] = has(key)
      ? list(given[key])
      : [...new Map(refs.map((r) => [`${r.t}|${r.major}|${r.minor}`, { templateName: r.t, majorVersion: r.major, minorVersion: r.minor } as Rec])).values()];
    for (const v of out) {
      v.templateName = str(v.templateName, kind === 'environment' ? 'env-template' : 'svc-template');
      v.majorVersion = str(v.majorVersion, '1');
      v.minorVersion = str(v.minorVersion, '0');
      v.status = str(v.status, 'PUBLISHED');
      if (kind === 'service' && v.compatibleEnvironmentTemplates === undefined) v.compatibleEnvironmentTemplates = envCompat;
    }
    // Each major's recommended minor: the newest PUBLISHED one, unless the case says otherwise.
    for (const v of out) {
      if (v.recommendedMinorVersion !== undefined) continue;
      const same = out.filter((x) => x.templateName === v.templateName && x.majorVersion === v.majorVersion);
      const declared = same.find((x) => x.recommendedMinorVersion !== undefined)?.recommendedMinorVersion;
      const rec = declared ?? highest(same.filter((x) => x.status === 'PUBLISHED').map((x) => String(x.minorVersion)));
      if (rec !== undefined) v.recommendedMinorVersion = rec;
    }
    return out;
  };
  const environmentTemplateVersions = versions('environmentTemplateVersions', envRefs, 'environment');
  const serviceTemplateVersions = versions('serviceTemplateVersions', svcRefs, 'service');

  const templates = (key: string, prefix: string, names: string[], vers: Rec[]): Rec[] => {
    const out: Rec[] = has(key) ? list(given[key]) : [...new Set([...names, ...vers.map((v) => String(v.templateName))])].map((name): Rec => ({ name }));
    return out.map((t) => {
      const r: Rec = { ...t, name: str(t.name, 'template') };
      r.arn = str(t.arn, `${P}:${prefix}/${String(r.name)}`);
      if (r.recommendedVersion === undefined) {
        const major = highest(vers.filter((v) => v.templateName === r.name && v.status === 'PUBLISHED').map((v) => String(v.majorVersion)));
        if (major !== undefined) r.recommendedVersion = major;
      }
      return takeTags(r);
    });
  };
  const environmentTemplates = templates('environmentTemplates', 'environment-template', envRefs.map((r) => r.t), environmentTemplateVersions);
  const serviceTemplates = templates('serviceTemplates', 'service-template', [...services.map((s) => String(s.templateName)), ...svcRefs.map((r) => r.t)], serviceTemplateVersions);
  const templateArn = (ts: Rec[], name: unknown, prefix: string): string => str(ts.find((t) => t.name === name)?.arn, `${P}:${prefix}/${String(name)}`);
  for (const v of environmentTemplateVersions) v.arn = str(v.arn, `${templateArn(environmentTemplates, v.templateName, 'environment-template')}:${String(v.majorVersion)}.${String(v.minorVersion)}`);
  for (const v of serviceTemplateVersions) v.arn = str(v.arn, `${templateArn(serviceTemplates, v.templateName, 'service-template')}:${String(v.majorVersion)}.${String(v.minorVersion)}`);

  const components = list(given.components).map((c) => {
    const r: Rec = { ...c, name: str(c.name, 'component'), environmentName: str(c.environmentName, onlyName(environments, 'env')), deploymentStatus: str(c.deploymentStatus, 'SUCCEEDED') };
    r.arn = str(c.arn, `${P}:component/${String(r.name)}`);
    return takeTags(r);
  });
  const environmentAccountConnections = list(given.environmentAccountConnections).map((c, i) => {
    const id = str(c.id, `connection-${i + 1}`);
    const envAcct = str(c.environmentAccountId, '444455556666');
    return {
      ...c,
      id,
      arn: str(c.arn, `${P}:environment-account-connection/${id}`),
      managementAccountId: str(c.managementAccountId, acct),
      environmentAccountId: envAcct,
      roleArn: str(c.roleArn, `arn:aws:iam::${envAcct}:role/proton-connection`),
      environmentName: str(c.environmentName, onlyName(environments, 'env')),
      status: str(c.status, 'CONNECTED'),
    };
  });
  const repositories = list(given.repositories).map((r) => {
    const provider = str(r.provider, 'GITHUB');
    const name = str(r.name, 'org/repo');
    return takeTags({ ...r, provider, name, arn: str(r.arn, `${P}:repository/${provider.toLowerCase()}:${name}`) });
  });

  const proton: ProtonData = {
    ...(given.accountSettings && typeof given.accountSettings === 'object' ? { accountSettings: given.accountSettings as ProtonData['accountSettings'] } : {}),
    environmentTemplates: byArn(environmentTemplates) as unknown as ProtonData['environmentTemplates'],
    environmentTemplateVersions: byArn(environmentTemplateVersions) as unknown as ProtonData['environmentTemplateVersions'],
    serviceTemplates: byArn(serviceTemplates) as unknown as ProtonData['serviceTemplates'],
    serviceTemplateVersions: byArn(serviceTemplateVersions) as unknown as ProtonData['serviceTemplateVersions'],
    environments: byArn(environments) as unknown as ProtonData['environments'],
    services: byArn(services) as unknown as ProtonData['services'],
    serviceInstances: byArn(serviceInstances) as unknown as ProtonData['serviceInstances'],
    components: byArn(components) as unknown as ProtonData['components'],
    environmentAccountConnections: byArn(environmentAccountConnections) as unknown as ProtonData['environmentAccountConnections'],
    repositories: byArn(repositories) as unknown as ProtonData['repositories'],
    ...(given.resourcesSummary && typeof given.resourcesSummary === 'object' ? { resourcesSummary: given.resourcesSummary as ProtonData['resourcesSummary'] } : {}),
  };

  const iam = buildIam(estate.iam ?? {}, acct);
  const protonNames = new Map<string, string>();
  for (const rec of [...environmentTemplates, ...serviceTemplates, ...environments, ...services, ...serviceInstances, ...components, ...repositories]) {
    protonNames.set(String(rec.name), String(rec.arn));
  }
  const tagged = (recs: Rec[] | undefined, resolveNames: boolean): TaggedResource[] =>
    list(recs).map((t) => {
      const raw = str(t.ResourceARN, '');
      return { ResourceARN: resolveNames && !raw.startsWith('arn:') ? (protonNames.get(raw) ?? raw) : raw, Tags: toTags(t.Tags) };
    });
  const protonTagged = new Map<string, TaggedResource>();
  for (const t of [...tagged(estate.tagging?.protonResources, true), ...extraTags]) {
    const prev = protonTagged.get(t.ResourceARN);
    protonTagged.set(t.ResourceARN, prev ? { ResourceARN: t.ResourceARN, Tags: toTags(Object.fromEntries([...prev.Tags, ...t.Tags].map((x) => [x.Key, x.Value]))) } : t);
  }
  const tagging = {
    protonResources: byArn([...protonTagged.values()].filter((t) => t.Tags.length > 0) as unknown as Rec[], 'ResourceARN') as unknown as TaggedResource[],
    provisionedResources: byArn(tagged(estate.tagging?.provisionedResources, false) as unknown as Rec[], 'ResourceARN') as unknown as TaggedResource[],
  };

  const coverage: CoverageEntry[] = [];
  const entry = (service: CoverageEntry['service'], operation: string, reg: string, denied: boolean): CoverageEntry => ({
    accountId: acct,
    region: reg,
    service,
    operation,
    status: denied ? 'denied' : 'ok',
    calls: 1,
    failures: denied ? 1 : 0,
    ...(denied ? { errors: [{ code: 'AccessDeniedException', message: 'not collected in this case', count: 1 }] } : {}),
  });
  for (const op of PROTON_REGION_OPERATIONS) coverage.push(entry('proton', op, region, notCollected.includes('proton')));
  for (const op of ['ListStacks', 'DescribeStacks']) coverage.push(entry('cloudformation', op, region, notCollected.includes('cloudformation')));
  for (const op of ['ListProjects', 'BatchGetProjects']) coverage.push(entry('codebuild', op, region, false));
  coverage.push(entry('tagging', 'GetResources', region, notCollected.includes('tagging')));
  coverage.push(entry('iam', 'GetAccountAuthorizationDetails', 'global', notCollected.includes('iam')));
  coverage.push(entry('servicequotas', 'ListServiceQuotas', region, notCollected.includes('quotas')));
  coverage.push(entry('sts', 'GetCallerIdentity', 'global', false));
  for (const extra of list(estate.coverage)) {
    coverage.push({ accountId: acct, region, calls: 1, failures: 0, status: 'ok', ...(extra as Partial<CoverageEntry>) } as CoverageEntry);
  }
  coverage.sort((a, b) => `${a.accountId}|${a.region}|${a.service}|${a.operation}`.localeCompare(`${b.accountId}|${b.region}|${b.service}|${b.operation}`));

  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: { name: 'proton-audit', version: 'case' },
    collectedAt: now,
    collection: { source: 'import', startedAt: now, finishedAt: now },
    accounts: [
      {
        accountId: acct,
        ...(estate.accountName !== undefined ? { name: estate.accountName } : {}),
        identity: { Account: acct, Arn: `arn:aws:iam::${acct}:role/auditor`, UserId: 'AROACASE:auditor' },
        iam,
        regions: [
          {
            region,
            proton,
            tagging,
            quotas: buildQuotas(estate.quotas, notCollected.includes('quotas')),
            ...(notCollected.includes('cloudformation') ? {} : { cloudformation: { stacks: buildStacks(estate.cloudformation?.stacks, acct, region) } }),
            codebuild: { projects: buildProjects(estate.codebuild?.projects, acct, region) },
          },
        ],
      },
    ],
    coverage,
  };
}

function stableId(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function buildStacks(given: Rec[] | undefined, acct: string, region: string): Stack[] {
  const stacks = list(given).map((st, i) => {
    const name = str(st.StackName, `AWSProton-stack-${i + 1}`);
    const out: Rec = {
      ...st,
      StackName: name,
      StackId: str(st.StackId, `arn:aws:cloudformation:${region}:${acct}:stack/${name}/${stableId(name)}`),
      StackStatus: str(st.StackStatus, 'CREATE_COMPLETE'),
    };
    if (st.Tags !== undefined) out.Tags = toTags(st.Tags);
    return out;
  });
  return byArn(stacks, 'StackId') as unknown as Stack[];
}

function buildProjects(given: Rec[] | undefined, acct: string, region: string): CodeBuildProject[] {
  const projects = list(given).map((p, i) => {
    const name = str(p.name, `AWSProton-project-${i + 1}`);
    return { ...p, name, arn: str(p.arn, `arn:aws:codebuild:${region}:${acct}:project/${name}`) };
  });
  return byArn(projects) as unknown as CodeBuildProject[];
}

function roleId(name: string): string {
  return `AROA${createHash('sha256').update(name).digest('hex').slice(0, 17).toUpperCase()}`;
}

function buildIam(given: NonNullable<CaseEstate['iam']>, acct: string): IamData {
  const roles = list(given.roles).map((r) => {
    const name = str(r.RoleName, 'role');
    const path = str(r.Path, '/');
    const out: Rec = {
      ...r,
      RoleName: name,
      Path: path,
      RoleId: str(r.RoleId, roleId(name)),
      Arn: str(r.Arn, `arn:aws:iam::${acct}:role${path}${name}`),
      RolePolicyList: list(r.RolePolicyList),
      AttachedManagedPolicies: list(r.AttachedManagedPolicies).map((a) => ({ ...a, PolicyName: str(a.PolicyName, String(a.PolicyArn ?? '').split('/').at(-1) ?? '') })),
      Tags: toTags(r.Tags),
    };
    // GetAccountAuthorizationDetails always returns RoleLastUsed ({} when unused); null drops it.
    if (r.RoleLastUsed === undefined) out.RoleLastUsed = {};
    else if (r.RoleLastUsed === null) delete out.RoleLastUsed;
    return out;
  });
  const policies = list(given.policies).map((p) => {
    const name = str(p.PolicyName, 'policy');
    const out: Rec = { ...p, PolicyName: name, Arn: str(p.Arn, `arn:aws:iam::${acct}:policy/${name}`) };
    // Convenience: `Document` stands for a single default version.
    if (p.Document !== undefined && p.PolicyVersionList === undefined) {
      out.PolicyVersionList = [{ VersionId: 'v1', IsDefaultVersion: true, Document: p.Document }];
      out.DefaultVersionId = 'v1';
    }
    delete out.Document;
    out.PolicyVersionList = list(out.PolicyVersionList);
    return out;
  });
  const policyEntities = list(given.policyEntities).map((e) => ({
    ...e,
    PolicyArn: str(e.PolicyArn, ''),
    PolicyGroups: list(e.PolicyGroups),
    PolicyUsers: list(e.PolicyUsers),
    PolicyRoles: list(e.PolicyRoles),
  }));
  return {
    roles: byArn(roles, 'Arn') as unknown as IamData['roles'],
    policies: byArn(policies, 'Arn') as unknown as IamData['policies'],
    policyEntities: byArn(policyEntities, 'PolicyArn') as unknown as IamData['policyEntities'],
  };
}

function buildQuotas(given: CaseEstate['quotas'], notCollected: boolean): Quota[] {
  const names = Object.keys(DOCUMENTED_QUOTAS) as QuotaName[];
  const fromCase = new Map<string, Quota>();
  if (Array.isArray(given)) {
    for (const q of given) fromCase.set(String(q.name), { ...(q as unknown as Quota), source: (q.source as Quota['source'] | undefined) ?? 'service-quotas' });
  } else if (given && typeof given === 'object') {
    for (const [name, value] of Object.entries(given)) fromCase.set(name, { name: name as QuotaName, value: Number(value), source: 'service-quotas' });
  }
  return names.map((name) => (!notCollected && fromCase.get(name)) || { name, value: DOCUMENTED_QUOTAS[name], source: 'documented-default' as const });
}

/**
 * The snapshot as the collector leaves it when Proton's endpoint does not answer (retired on
 * 2026-10-07): no Proton data, GetAccountSettings tried and unavailable, every other Proton
 * operation unavailable without a call. For cases (`protonRetired: true`) and tests.
 */
export function retireProton(snapshot: Snapshot): Snapshot {
  for (const a of snapshot.accounts) for (const r of a.regions) delete r.proton;
  for (const e of snapshot.coverage) {
    if (e.service !== 'proton') continue;
    const probe = e.operation === 'GetAccountSettings';
    delete e.failedResources;
    Object.assign(e, {
      status: 'unavailable',
      calls: probe ? 1 : 0,
      failures: probe ? 1 : 0,
      errors: [probe ? { code: 'ECONNRESET', message: 'socket hang up', count: 1 } : { code: 'EndpointUnavailable', message: 'not called: ECONNRESET on GetAccountSettings', count: 1 }],
    });
  }
  return snapshot;
}

/** The sha256 cases give the snapshot their last-known records come from. */
export const CASE_LAST_KNOWN_SHA256 = 'c'.repeat(64);

/**
 * The snapshot as the collector leaves it when Proton does not answer and an earlier snapshot
 * (collected at `collectedAt`) supplied the records: they are kept, marked last-known, and the
 * Proton coverage says `last-known`. For cases (`protonLastKnown: <time>`) and tests.
 */
export function carryProtonLastKnown(snapshot: Snapshot, collectedAt: string): Snapshot {
  const lastKnown = { collectedAt: new Date(collectedAt).toISOString(), sha256: CASE_LAST_KNOWN_SHA256, source: 'live' as const };
  for (const a of snapshot.accounts) for (const r of a.regions) if (r.proton) r.lastKnown = lastKnown;
  for (const e of snapshot.coverage) {
    if (e.service !== 'proton' || e.status !== 'ok') continue;
    const probe = e.operation === 'GetAccountSettings';
    Object.assign(e, {
      status: 'last-known',
      calls: probe ? 1 : 0,
      failures: probe ? 1 : 0,
      errors: [probe ? { code: 'ECONNRESET', message: 'socket hang up', count: 1 } : { code: 'EndpointUnavailable', message: 'not called: ECONNRESET on GetAccountSettings', count: 1 }],
      lastKnown,
    });
  }
  return snapshot;
}
