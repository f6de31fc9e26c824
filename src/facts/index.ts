/**
 * The snapshot as rules see it: one ResourceView per resource of every type, each with its facts
 * computed once (IAM and trust analysis, usage, version lag, tags, quota use, secrets, ages), plus
 * `collected(...)` so rules skip — never pass — where data was not collected.
 */
import { RESOURCE_TYPES, type ResourceType, type ResourceView, type SecretHit, type Config, type AccountSnapshot, type LastKnown, type ManagedPolicyDetail, type ProtonData, type RegionSnapshot, type Service, type Snapshot, type Tag, type QuotaUse, type ResourceFacts } from '../model/index.ts';
import { requiredTagKeys } from '../config/defaults.ts';
import { defaultPolicyDocument } from '../knowledge/policies.ts';
import { isServiceLinkedRole } from '../knowledge/roles.ts';
import { daysSince, hoursSince } from './age.ts';
import { CoverageIndex, type Collected, type DataFamily } from './coverage.ts';
import { defaultAnalyzers, type FactAnalyzers } from './analyzers.ts';
import { countsTowardQuota, quotaUse, specBytes } from './quotas.ts';
import { SecretScrubber, scanSpec } from './secrets.ts';
import { tagFacts } from './tags.ts';
import { indexResidueNamers, protonRoleFacts, type ResidueNamer } from './proton-role.ts';
import { roleSignatures } from '../knowledge/signatures.ts';
import { indexProton, scanOutputs, serviceRoleFacts, stackFacts, type ProtonIndex } from './stacks.ts';
import { roleKey } from '../knowledge/roles.ts';
import { indexRoleReferences, roleReferences, roleUsage } from './usage.ts';
import { versionLag } from './versions.ts';
import type { VersionLag } from '../model/index.ts';

export type { Collected, DataFamily } from './coverage.ts';
export { DATA_FAMILIES, familyOfType } from './coverage.ts';
export type { FactAnalyzers } from './analyzers.ts';

export interface SnapshotView {
  readonly snapshot: Snapshot;
  /** Sorted by resource type (RESOURCE_TYPES order), then ARN. */
  readonly resources: readonly ResourceView[];
  byArn(arn: string): ResourceView | undefined;
  ofType(type: ResourceType): readonly ResourceView[];
  /** Whether `family` was collected where a resource lives (see CoverageIndex.collected). */
  collected(family: DataFamily, accountId: string, region: string, arn?: string, type?: ResourceType): Collected;
  /** Whether `collected(family, ...)` at a place can differ by resource (then ask it per resource). */
  dependsOnResource(family: DataFamily, accountId: string, region: string): boolean;
  /** Whether a type's listing failed in a region, hiding all its resources there. */
  listingGap(accountId: string, region: string, type: ResourceType): Collected;
  /** Resources whose detail call (e.g. GetService) failed in a region, with the reason. */
  failedDetails(accountId: string, region: string, operation: string): { names: string[]; reason: string };
  /**
   * Resources of a type whose data field (a string) equals `value`, e.g. the service instances
   * of a service: ('serviceInstance', 'serviceName', name). Indexed on first use, so a rule that
   * relates resources stays linear in the estate.
   */
  lookup(type: ResourceType, field: string, value: string): readonly ResourceView[];
  /**
   * Output text with every secret value found in any spec of the snapshot removed (and anything
   * shaped like an access key or a private key): a value from one resource's spec is scrubbed
   * from every resource's messages.
   */
  scrub(text: string): string;
  /** Analyses that threw for a resource (the fact is then absent), for error messages. */
  factErrors(arn: string): readonly string[];
}

export function accountArn(accountId: string, region: string): string {
  return `arn:aws:proton:${region}:${accountId}:account`;
}

export function pipelineArn(service: Service): string {
  return service.pipeline?.arn || `${service.arn}/pipeline`;
}

export function buildResources(snapshot: Snapshot, config: Config, now: Date): ResourceView[] {
  return [...createSnapshotView(snapshot, config, now).resources];
}

export function createSnapshotView(snapshot: Snapshot, config: Config, now: Date, analyzers: FactAnalyzers = defaultAnalyzers): SnapshotView {
  const builder = new ViewBuilder(snapshot, config, now, analyzers);
  return builder.build();
}

type Facts = ResourceFacts;

class ViewBuilder {
  private readonly views: ResourceView[] = [];
  private readonly secretValues = new Set<string>();
  /** Secret records the snapshot carries, by `${arn}\u0000${field}`; and fields scanned then dropped. */
  private readonly secretRecords = new Map<string, SecretHit[]>();
  private readonly scannedFields = new Set<string>();
  private readonly errors = new Map<string, string[]>();
  private readonly coverage: CoverageIndex;
  private readonly roleRefs;
  private readonly residueNamers: Map<string, ResidueNamer[]>;
  private readonly protonIndex: ProtonIndex;
  /** Stacks whose service-role facts are filled in once every role is analysed. */
  private readonly stacks: ResourceView[] = [];

  constructor(
    private readonly snapshot: Snapshot,
    private readonly config: Config,
    private readonly now: Date,
    private readonly analyzers: FactAnalyzers,
  ) {
    this.coverage = new CoverageIndex(snapshot);
    this.roleRefs = indexRoleReferences(roleReferences(snapshot.accounts, accountArn));
    this.residueNamers = indexResidueNamers(snapshot.accounts);
    this.protonIndex = indexProton(snapshot);
    for (const r of snapshot.secrets?.found ?? []) {
      const k = `${r.arn}\u0000${r.field}`;
      const hit: SecretHit = { kind: r.kind, field: r.field, ...(r.key !== undefined ? { key: r.key } : {}), line: r.line, preview: r.preview };
      if (r.windowed) hit.windowed = true;
      const list = this.secretRecords.get(k);
      if (list) list.push(hit);
      else this.secretRecords.set(k, [hit]);
    }
    for (const f of snapshot.secrets?.scanned ?? []) this.scannedFields.add(`${f.arn}\u0000${f.field}`);
  }

  build(): SnapshotView {
    for (const account of this.snapshot.accounts) {
      for (const region of account.regions) this.addRegion(account, region);
      this.addIam(account);
    }
    this.linkStackRoles();
    const order = new Map(RESOURCE_TYPES.map((t, i) => [t, i]));
    this.views.sort((a, b) => (order.get(a.type) ?? 0) - (order.get(b.type) ?? 0) || (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
    const byArn = new Map<string, ResourceView>();
    const byType = new Map<ResourceType, ResourceView[]>();
    for (const v of this.views) {
      if (!byArn.has(v.arn)) byArn.set(v.arn, v);
      const list = byType.get(v.type) ?? [];
      list.push(v);
      byType.set(v.type, list);
    }
    const coverage = this.coverage;
    const scrubber = new SecretScrubber(this.secretValues);
    const indexes = new Map<string, Map<string, ResourceView[]>>();
    const errors = this.errors;
    return {
      snapshot: this.snapshot,
      resources: this.views,
      byArn: (arn) => byArn.get(arn),
      ofType: (type) => byType.get(type) ?? [],
      collected: (family, accountId, region, arn, type) => {
        const v = arn !== undefined ? byArn.get(arn) : undefined;
        const names = arn === undefined ? [] : v ? [arn, v.name] : [arn];
        return coverage.collected(family, accountId, region, names, type ?? v?.type);
      },
      dependsOnResource: (family, accountId, region) => coverage.dependsOnResource(family, accountId, region),
      listingGap: (accountId, region, type) => coverage.listingGap(accountId, region, type),
      failedDetails: (accountId, region, operation) => coverage.failedDetails(accountId, region, operation),
      lookup: (type, field, value) => {
        const key = `${type}\u0000${field}`;
        let index = indexes.get(key);
        if (!index) {
          index = new Map();
          for (const v of byType.get(type) ?? []) {
            const x = v.data[field];
            if (typeof x !== 'string') continue;
            const list = index.get(x);
            if (list) list.push(v);
            else index.set(x, [v]);
          }
          indexes.set(key, index);
        }
        return index.get(value) ?? [];
      },
      scrub: (text) => scrubber.scrub(text),
      factErrors: (arn) => errors.get(arn) ?? [],
    };
  }

  private add(type: ResourceType, arn: string, name: string, accountId: string, region: string, data: object, facts: Facts, lastKnown?: LastKnown): ResourceView {
    const view: ResourceView = { type, arn, name, accountId, region, data: data as Record<string, unknown>, facts };
    if (lastKnown) view.lastKnown = lastKnown;
    this.views.push(view);
    return view;
  }

  // Memoised fact functions: a large estate deploys few template versions and repeats specs, so
  // most resources share their version lag and scan with others. Shared values are frozen.
  private readonly lags = new Map<object, Map<string, VersionLag>>();
  private readonly scans = new Map<string, ReturnType<typeof scanSpec>>();

  private lag(input: Parameters<typeof versionLag>[0]): VersionLag {
    const d = input.deployed;
    const e = input.environment;
    const key = `${input.kind}\u0000${input.templatesCollected}\u0000${d.templateName}\u0000${d.templateMajorVersion}\u0000${d.templateMinorVersion}\u0000${e === undefined ? '-' : e === null ? 'null' : `${e.templateName}\u0000${e.templateMajorVersion}`}`;
    // Per list of versions (one per region and kind): the answer depends on what that region holds.
    let byKey = this.lags.get(input.versions);
    if (!byKey) this.lags.set(input.versions, (byKey = new Map()));
    let lag = byKey.get(key);
    if (!lag) {
      lag = deepFreeze(versionLag(input));
      byKey.set(key, lag);
    }
    return lag;
  }

  private scan(spec: string, field: string): ReturnType<typeof scanSpec> {
    const key = `${field}\u0000${spec}`;
    let scan = this.scans.get(key);
    if (!scan) {
      scan = deepFreeze(scanSpec(spec, field));
      this.scans.set(key, scan);
    }
    return scan;
  }

  private attempt<T>(arn: string, what: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      const list = this.errors.get(arn) ?? [];
      list.push(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
      this.errors.set(arn, list);
      return undefined;
    }
  }

  private addRegion(account: AccountSnapshot, region: RegionSnapshot): void {
    const { accountId } = account;
    const r = region.region;
    const p = region.proton;
    const tagMap = region.tagging ? new Map(region.tagging.protonResources.map((t) => [t.ResourceARN, t.Tags])) : undefined;
    const tagsOf = (arn: string): Tag[] | undefined => (tagMap ? (tagMap.get(arn) ?? []) : undefined);
    const quotas = region.quotas;
    const tagged = (type: ResourceType, arn: string, parents: string[] = []): Pick<Facts, 'tags' | 'quotas'> => {
      const tags = tagFacts({
        tags: tagsOf(arn),
        requiredKeys: requiredKeysFor(this.config, type),
        patterns: this.config.requiredTags.patterns,
        parents: parents.map((pa) => ({ arn: pa, tags: tagsOf(pa) })),
        isProtonResource: true,
      });
      return { tags, ...(tags.collected ? { quotas: { customerTagsPerResource: quotaUse('customerTagsPerResource', tags.customerCount, quotas) } } : {}) };
    };
    const withSpec = (arn: string, spec: string | undefined, field: string, facts: Facts): Facts => {
      const k = `${arn}\u0000${field}`;
      const records = this.secretRecords.get(k);
      if (spec === undefined) {
        // Dropped by --redact: what the scan found then is all there is to judge.
        return records || this.scannedFields.has(k) ? { ...facts, secrets: records ?? [] } : facts;
      }
      // Memoised per spec text; every value still joins the scrubber's set (a repeated spec adds nothing new).
      const scan = this.scan(spec, field);
      for (const v of scan.values) this.secretValues.add(v);
      const bytes = specBytes(spec) ?? 0;
      return { ...facts, secrets: mergeHits(records, scan.hits), specSizeBytes: bytes, quotas: { ...facts.quotas, specSizeBytes: quotaUse('specSizeBytes', bytes, quotas) } };
    };

    // The account resource exists for every collected region, Proton or not.
    const environmentsCounted = p ? p.environments.filter((e) => countsTowardQuota(e.deploymentStatus)).length : 0;
    const accountQuotas: Record<string, QuotaUse> | undefined = p
      ? {
          environmentsPerAccount: quotaUse('environmentsPerAccount', environmentsCounted, quotas),
          servicesPerAccount: quotaUse('servicesPerAccount', p.services.length, quotas),
        }
      : undefined;
    this.add('account', accountArn(accountId, r), `${accountId}/${r}`, accountId, r, {
      accountId,
      region: r,
      ...(account.name !== undefined ? { name: account.name } : {}),
      ...(account.identity ? { identity: account.identity } : {}),
      ...(p?.accountSettings ? { accountSettings: p.accountSettings } : {}),
      ...(p?.resourcesSummary ? { resourcesSummary: p.resourcesSummary } : {}),
      quotas,
    }, accountQuotas ? { quotas: accountQuotas } : {}, p ? region.lastKnown : undefined);

    if (p) this.addProton(accountId, r, p, tagged, withSpec, region.lastKnown);

    for (const res of region.tagging?.provisionedResources ?? []) {
      const tags = tagFacts({ tags: res.Tags, requiredKeys: requiredTagKeys(this.config, 'provisionedResource'), patterns: this.config.requiredTags.patterns, parents: [], isProtonResource: false });
      this.add('provisionedResource', res.ResourceARN, lastSegment(res.ResourceARN), accountId, r, res, { tags });
    }

    const taggedArns = new Set(region.tagging?.provisionedResources.map((t) => t.ResourceARN) ?? []);
    for (const stack of region.cloudformation?.stacks ?? []) {
      const facts: Facts = { stack: stackFacts(stack, taggedArns, this.protonIndex, undefined, this.now), ageDays: daysSince(stack.CreationTime, this.now) };
      // Output values hold secrets too (PA-STK-007): the snapshot's records, with what a scan finds now.
      const records = this.secretRecords.get(`${stack.StackId}\u0000Outputs`);
      const scan = scanOutputs(stack);
      for (const v of scan.values) this.secretValues.add(v);
      facts.secrets = mergeHits(records, scan.hits);
      this.stacks.push(this.add('stack', stack.StackId, stack.StackName, accountId, r, stack, facts, facts.stack?.ownersLastKnown));
    }
  }

  /** A stack's service role, as the role's own analyses judge it (roles are analysed per account, after the regions). */
  private linkStackRoles(): void {
    if (this.stacks.length === 0) return;
    const roles = new Map<string, ResourceView>();
    for (const v of this.views) if (v.type === 'role') roles.set(roleKey(v.arn) ?? v.arn, v);
    for (const view of this.stacks) {
      const facts = view.facts.stack;
      const roleArn = facts?.serviceRole?.arn;
      if (!facts || !roleArn) continue;
      const role = roles.get(roleKey(roleArn) ?? roleArn);
      facts.serviceRole = serviceRoleFacts(roleArn, role ? { ...(role.facts.iam ? { iam: role.facts.iam } : {}), ...(role.facts.trust ? { trust: role.facts.trust } : {}) } : undefined);
    }
  }

  private addProton(
    accountId: string,
    r: string,
    p: ProtonData,
    tagged: (type: ResourceType, arn: string, parents?: string[]) => Pick<Facts, 'tags' | 'quotas'>,
    withSpec: (arn: string, spec: string | undefined, field: string, facts: Facts) => Facts,
    lastKnown: LastKnown | undefined,
  ): void {
    const now = this.now;
    // Every record of a carried region is last-known: mark the views, the engine marks what it computes from them.
    const first = this.views.length;
    const envTemplatesCollected = this.coverage.collected('proton', accountId, r, [], 'environmentTemplateVersion').ok;
    const svcTemplatesCollected = this.coverage.collected('proton', accountId, r, [], 'serviceTemplateVersion').ok;
    const age = (rec: { createdAt?: string; lastModifiedAt?: string }): Facts => ({ ageDays: daysSince(rec.createdAt ?? rec.lastModifiedAt, now) });
    const deployAge = (rec: { lastDeploymentAttemptedAt?: string }): Facts => ({ hoursSinceDeploymentAttempt: hoursSince(rec.lastDeploymentAttemptedAt, now) });

    for (const t of p.environmentTemplates) this.add('environmentTemplate', t.arn, t.name, accountId, r, t, { ...tagged('environmentTemplate', t.arn), ...age(t) });
    for (const v of p.environmentTemplateVersions) {
      this.add('environmentTemplateVersion', v.arn, `${v.templateName}:${v.majorVersion}.${v.minorVersion}`, accountId, r, v, { ...tagged('environmentTemplateVersion', v.arn), ...age(v) });
    }
    for (const t of p.serviceTemplates) this.add('serviceTemplate', t.arn, t.name, accountId, r, t, { ...tagged('serviceTemplate', t.arn), ...age(t) });
    for (const v of p.serviceTemplateVersions) {
      this.add('serviceTemplateVersion', v.arn, `${v.templateName}:${v.majorVersion}.${v.minorVersion}`, accountId, r, v, { ...tagged('serviceTemplateVersion', v.arn), ...age(v) });
    }

    const envByName = new Map(p.environments.map((e) => [e.name, e]));
    const svcByName = new Map(p.services.map((s) => [s.name, s]));
    for (const e of p.environments) {
      const version = this.lag({ kind: 'environment', deployed: e, templates: p.environmentTemplates, versions: p.environmentTemplateVersions, templatesCollected: envTemplatesCollected });
      const base: Facts = { ...tagged('environment', e.arn), version, ...age(e), ...deployAge(e) };
      this.add('environment', e.arn, e.name, accountId, r, e, withSpec(e.arn, e.spec, 'spec', base));
    }
    const instancesPerService = new Map<string, number>();
    for (const i of p.serviceInstances) {
      if (countsTowardQuota(i.deploymentStatus)) instancesPerService.set(i.serviceName, (instancesPerService.get(i.serviceName) ?? 0) + 1);
    }
    for (const s of p.services) {
      const instances = instancesPerService.get(s.name) ?? 0;
      const base = tagged('service', s.arn);
      const facts: Facts = { ...base, quotas: { ...base.quotas, instancesPerService: quotaUse('instancesPerService', instances, this.regionQuotas(accountId, r)) }, ...age(s) };
      this.add('service', s.arn, s.name, accountId, r, s, withSpec(s.arn, s.spec, 'spec', facts));
      if (s.pipeline) {
        const arn = pipelineArn(s);
        const version = this.lag({ kind: 'service', deployed: s.pipeline, templates: p.serviceTemplates, versions: p.serviceTemplateVersions, templatesCollected: svcTemplatesCollected });
        const pf: Facts = { ...tagged('servicePipeline', arn, [s.arn]), version, ...age(s.pipeline), ...deployAge(s.pipeline) };
        this.add('servicePipeline', arn, s.name, accountId, r, s.pipeline, withSpec(arn, s.pipeline.spec, 'pipeline.spec', pf));
      }
    }
    for (const i of p.serviceInstances) {
      const env = envByName.get(i.environmentName);
      const svc = svcByName.get(i.serviceName);
      const version = this.lag({
        kind: 'service',
        deployed: i,
        templates: p.serviceTemplates,
        versions: p.serviceTemplateVersions,
        templatesCollected: svcTemplatesCollected,
        environment: env ?? null,
      });
      const parents = [svc?.arn, env?.arn].filter((x): x is string => x !== undefined);
      const base: Facts = { ...tagged('serviceInstance', i.arn, parents), version, ...age(i), ...deployAge(i) };
      this.add('serviceInstance', i.arn, i.name, accountId, r, i, withSpec(i.arn, i.spec, 'spec', base));
    }
    for (const c of p.components) {
      const base: Facts = { ...tagged('component', c.arn), ...age(c), ...deployAge(c) };
      this.add('component', c.arn, c.name, accountId, r, c, withSpec(c.arn, c.serviceSpec, 'serviceSpec', base));
    }
    for (const c of p.environmentAccountConnections) {
      this.add('environmentAccountConnection', c.arn, c.id, accountId, r, c, { ageDays: daysSince(c.requestedAt ?? c.lastModifiedAt, now) });
    }
    for (const repo of p.repositories) this.add('repository', repo.arn, repo.name, accountId, r, repo, {});
    if (lastKnown) for (let i = first; i < this.views.length; i++) (this.views[i] as ResourceView).lastKnown = lastKnown;
  }

  private regionQuotas(accountId: string, region: string): RegionSnapshot['quotas'] {
    return this.snapshot.accounts.find((a) => a.accountId === accountId)?.regions.find((x) => x.region === region)?.quotas ?? [];
  }

  private addIam(account: AccountSnapshot): void {
    const iam = account.iam;
    if (!iam) return;
    const { accountId } = account;
    const policiesByArn = new Map<string, ManagedPolicyDetail>(iam.policies.map((pol) => [pol.Arn, pol]));
    for (const role of iam.roles) {
      const usage = roleUsage(role, this.roleRefs, this.now);
      const facts: Facts = { usage, ageDays: daysSince(role.CreateDate, this.now) };
      const perms = this.attempt(role.Arn, 'IAM permission analysis', () => this.analyzers.analyzeRolePermissions(role, policiesByArn));
      if (perms) facts.iam = perms;
      const trust = this.attempt(role.Arn, 'trust analysis', () => this.analyzers.analyzeTrust(role, accountId));
      if (trust) facts.trust = trust;
      facts.serviceLinked = isServiceLinkedRole(role);
      const key = roleKey(role.Arn) ?? role.Arn;
      const identified = protonRoleFacts({
        role,
        references: this.roleRefs.get(key) ?? [],
        residue: this.residueNamers.get(key) ?? [],
        trustsProton: trust?.trustsProton === true,
        signatures: roleSignatures(role, (arn) => {
          const policy = policiesByArn.get(arn);
          return policy ? defaultPolicyDocument(policy) : undefined;
        }),
      });
      if (identified) facts.protonRole = identified;
      // Named by a Proton record, or (service-linked roles aside) any other mark of Proton's use.
      facts.protonAssumable = usage.uses.length > 0 || (identified !== undefined && !facts.serviceLinked);
      this.add('role', role.Arn, role.RoleName, accountId, 'global', role, facts, usage.lastKnown);
    }
    const entities = new Map(iam.policyEntities.map((e) => [e.PolicyArn, e]));
    for (const pol of iam.policies) {
      const facts: Facts = { ageDays: daysSince(pol.CreateDate, this.now) };
      const doc = defaultPolicyDocument(pol);
      if (doc) {
        const analysis = this.attempt(pol.Arn, 'IAM policy analysis', () => this.analyzers.analyzePolicyDocument(doc, `managed:${pol.Arn}`));
        if (analysis) facts.iam = analysis;
      }
      const ent = entities.get(pol.Arn);
      // ListEntitiesForPolicy's own field names, flattened into the policy record.
      const data = ent ? { ...pol, PolicyGroups: ent.PolicyGroups, PolicyUsers: ent.PolicyUsers, PolicyRoles: ent.PolicyRoles } : pol;
      this.add('managedPolicy', pol.Arn, pol.PolicyName, accountId, 'global', data, facts);
    }
  }
}

/**
 * Required tag keys per type. Pipelines follow the default key set unless byType names them:
 * AWS tags a service rather than its pipeline, so the rule on pipelines (PA-TAG-015) judges only
 * pipelines that carry tags of their own, and those are held to the same standard.
 */
function requiredKeysFor(config: Config, type: ResourceType): string[] {
  if (type === 'servicePipeline') return config.requiredTags.byType.servicePipeline ?? config.requiredTags.keys;
  return requiredTagKeys(config, type);
}

/**
 * The snapshot's records (the values were replaced at collection) with what a scan of the spec
 * finds now (a snapshot made with --keep-secrets, or by an older version): one hit per place.
 */
function mergeHits(records: readonly SecretHit[] | undefined, scanned: SecretHit[]): SecretHit[] {
  if (!records || records.length === 0) return scanned;
  // Records come sorted (line, kind, hash): with nothing new scanned they are the answer as they are.
  if (scanned.length === 0 && records.every((h, i) => i === 0 || byLineKind(records[i - 1] as SecretHit, h) <= 0)) return records as SecretHit[];
  const key = (h: SecretHit): string => `${h.line}\u0000${h.kind}\u0000${h.preview}`;
  const seen = new Set(records.map(key));
  const out = [...records, ...scanned.filter((h) => !seen.has(key(h)))];
  return out.sort(byLineKind);
}

function byLineKind(a: SecretHit, b: SecretHit): number {
  return a.line - b.line || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function lastSegment(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  return resource.split('/').filter(Boolean).at(-1) ?? arn;
}

