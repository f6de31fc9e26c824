/**
 * The snapshot as rules see it: one ResourceView per resource of every type, each with its facts
 * computed once (IAM and trust analysis, usage, version lag, tags, quota use, secrets, ages), plus
 * `collected(...)` so rules skip — never pass — where data was not collected.
 */
import { RESOURCE_TYPES, type ResourceType, type ResourceView, type SecretHit, type Config, type AccountSnapshot, type LastKnown, type ManagedPolicyDetail, type ProtonData, type RegionSnapshot, type Service, type ServiceInstance, type Snapshot, type Tag, type QuotaUse, type ResourceFacts, type Quota, type QuotaName, type TagFacts } from '../model/index.ts';
import { requiredTagKeys } from '../config/defaults.ts';
import { defaultPolicyDocument } from '../knowledge/policies.ts';
import { isServiceLinkedRole } from '../knowledge/roles.ts';
import { daysSince, hoursSince } from './age.ts';
import { CoverageIndex, type Collected, type DataFamily } from './coverage.ts';
import { defaultAnalyzers, RoleAnalysisCache, type FactAnalyzers } from './analyzers.ts';
import { countsTowardQuota, quotaUse, specBytes } from './quotas.ts';
import { SecretScrubber, scanSpec } from './secrets.ts';
import { ArnIndex } from './arn-index.ts';
import { SortedCursor } from './sorted-cursor.ts';
import { groupHighEntropyFloods } from './secret-floods.ts';
import { memoisedScrub } from './scrub-memo.ts';
import { inheritedKeys, tagFacts } from './tags.ts';
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
  /** Most snapshots carry no secret records: then no resource looks its fields up. */
  private readonly hasSecretRecords: boolean;
  private readonly hasScannedFields: boolean;
  private readonly errors = new Map<string, string[]>();
  private readonly roleAnalyses = new RoleAnalysisCache();
  private readonly coverage: CoverageIndex;
  private readonly roleRefs;
  private readonly residueNamers: Map<string, ResidueNamer[]>;
  private protonIndexCache: ProtonIndex | undefined;
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
    // Records come sorted by place: a run of one field's records shares its list (no key built per record).
    let lastArn: string | undefined;
    let lastField: string | undefined;
    let lastList: SecretHit[] = [];
    for (const r of snapshot.secrets?.found ?? []) {
      const hit: SecretHit = r.key !== undefined ? { kind: r.kind, field: r.field, key: r.key, line: r.line, preview: r.preview } : { kind: r.kind, field: r.field, line: r.line, preview: r.preview };
      if (r.windowed) hit.windowed = true;
      if (r.arn !== lastArn || r.field !== lastField) {
        const k = `${r.arn}\u0000${r.field}`;
        const list = this.secretRecords.get(k);
        if (list) lastList = list;
        else this.secretRecords.set(k, (lastList = []));
        lastArn = r.arn;
        lastField = r.field;
      }
      lastList.push(hit);
    }
    for (const f of snapshot.secrets?.scanned ?? []) this.scannedFields.add(`${f.arn}\u0000${f.field}`);
    this.hasSecretRecords = this.secretRecords.size > 0;
    this.hasScannedFields = this.scannedFields.size > 0;
  }

  build(): SnapshotView {
    for (const account of this.snapshot.accounts) {
      for (const region of account.regions) this.addRegion(account, region);
      this.addIam(account);
    }
    this.linkStackRoles();
    // Sorted by type, then ARN: bucketed by type in insertion order, each bucket stably by ARN
    // (the same order as one stable sort on both keys, without a type lookup per comparison).
    // Each type's list is a copy of its bucket (index loops: a 100,000-view estate made iterator objects here).
    const order = new Map(RESOURCE_TYPES.map((t, i) => [t, i]));
    const buckets: ResourceView[][] = RESOURCE_TYPES.map(() => []);
    const views = this.views;
    for (let i = 0; i < views.length; i++) {
      const v = views[i] as ResourceView;
      (buckets[order.get(v.type) as number] as ResourceView[]).push(v);
    }
    const sorted: ResourceView[] = [];
    const byType = new Map<ResourceType, ResourceView[]>();
    for (let t = 0; t < buckets.length; t++) {
      const bucket = buckets[t] as ResourceView[];
      if (bucket.length === 0) continue;
      bucket.sort(byArnOrder);
      for (let i = 0; i < bucket.length; i++) sorted.push(bucket[i] as ResourceView);
      byType.set(RESOURCE_TYPES[t] as ResourceType, [...bucket]);
    }
    const arnIndex = new ArnIndex(buckets.filter((b) => b.length > 0));
    const coverage = this.coverage;
    const scrubber = new SecretScrubber(this.secretValues);
    const indexes = new Map<string, Map<string, ResourceView[]>>();
    const errors = this.errors;
    return {
      snapshot: this.snapshot,
      resources: sorted,
      byArn: (arn) => arnIndex.get(arn),
      ofType: (type) => byType.get(type) ?? [],
      collected: (family, accountId, region, arn, type) => {
        const v = arn !== undefined ? arnIndex.get(arn) : undefined;
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
          const views = byType.get(type) ?? [];
          for (let i = 0; i < views.length; i++) {
            const v = views[i] as ResourceView;
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
      // With no value to look for, scrubbing is two substring tests: cheaper than remembering it.
      scrub: scrubber.size === 0 ? (text) => scrubber.scrub(text) : memoisedScrub((text) => scrubber.scrub(text), undefined, undefined, scrubber.unchangedBelow),
      factErrors: (arn) => errors.get(arn) ?? [],
    };
  }

  /** Every Proton ARN of the snapshot: only stacks need it, so it is built for the first one. */
  private get protonIndex(): ProtonIndex {
    return (this.protonIndexCache ??= indexProton(this.snapshot));
  }

  private add(type: ResourceType, arn: string, name: string, accountId: string, region: string, data: object, facts: Facts, lastKnown?: LastKnown): ResourceView {
    const view: ResourceView = { type, arn, name, accountId, region, data: data as Record<string, unknown>, facts };
    if (lastKnown) view.lastKnown = lastKnown;
    this.views.push(view);
    return view;
  }

  // Memoised fact functions: a large estate deploys few template versions and repeats specs, so
  // most resources share their version lag and scan with others. Shared values are frozen.
  private readonly lags = new Map<object, Map<string, Map<string, Map<object | string | null, VersionLag>>>>();
  private readonly environmentKeys = new Map<object, string>();
  private readonly scans = new Map<string, Map<string, SpecScan>>();

  private lag(input: Parameters<typeof versionLag>[0]): VersionLag {
    const d = input.deployed;
    const e = input.environment;
    // Per list of versions (one per region and kind): the answer depends on what that region holds;
    // then per deployed version, then per environment template major (NO_ENVIRONMENT when none is given).
    let byPlace = this.lags.get(input.versions);
    if (!byPlace) this.lags.set(input.versions, (byPlace = new Map()));
    const place = input.kind === 'environment' ? (input.templatesCollected ? 'environment+' : 'environment-') : input.templatesCollected ? 'service+' : 'service-';
    let byDeployed = byPlace.get(place);
    if (!byDeployed) byPlace.set(place, (byDeployed = new Map()));
    const deployed = `${d.templateName}\u0000${d.templateMajorVersion}\u0000${d.templateMinorVersion}`;
    let byEnv = byDeployed.get(deployed);
    if (!byEnv) byDeployed.set(deployed, (byEnv = new Map()));
    const envKey = e === undefined ? NO_ENVIRONMENT : e === null ? null : this.environmentKey(e);
    let lag = byEnv.get(envKey);
    if (!lag) {
      lag = deepFreeze(versionLag(input));
      byEnv.set(envKey, lag);
    }
    return lag;
  }

  /** What of an instance's environment its version lag depends on: the environment's template and major. */
  private environmentKey(e: NonNullable<Parameters<typeof versionLag>[0]['environment']>): string {
    let key = this.environmentKeys.get(e);
    if (key === undefined) this.environmentKeys.set(e, (key = `${e.templateName}\u0000${e.templateMajorVersion}`));
    return key;
  }

  private scan(spec: string, field: string): SpecScan {
    let byText = this.scans.get(field);
    if (!byText) this.scans.set(field, (byText = new Map()));
    let scan = byText.get(spec);
    if (!scan) {
      const found = scanSpec(spec, field);
      scan = deepFreeze({ hits: found.hits, reported: groupHighEntropyFloods(found.hits), values: found.values, bytes: specBytes(spec) ?? 0 });
      byText.set(spec, scan);
      // Every value joins the scrubber's set: a value from one resource's spec is scrubbed from every message.
      for (const v of found.values) this.secretValues.add(v);
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

  /**
   * Memoised pieces of facts, shared (and frozen) by every resource that has the same ones: a
   * large estate is mostly service instances with few distinct tag sets, parents, specs and
   * quota counts. Nothing here depends on anything but its key.
   */
  private readonly quotaUses = new Map<readonly Quota[], Map<QuotaName, Map<number, QuotaUse>>>();
  private readonly quotaRecords = new Map<QuotaUse | undefined, Map<QuotaUse, Record<string, QuotaUse>>>();
  private readonly requiredByType = new Map<ResourceType, string[]>();

  private quota(name: QuotaName, used: number, quotas: readonly Quota[]): QuotaUse {
    let byName = this.quotaUses.get(quotas);
    if (!byName) this.quotaUses.set(quotas, (byName = new Map()));
    let byUse = byName.get(name);
    if (!byUse) byName.set(name, (byUse = new Map()));
    let q = byUse.get(used);
    if (!q) byUse.set(used, (q = Object.freeze(quotaUse(name, used, quotas))));
    return q;
  }

  /** `{ customerTagsPerResource?, specSizeBytes }` for the resources whose quotas are exactly those two. */
  private tagAndSpecQuotas(tagQuota: QuotaUse | undefined, specQuota: QuotaUse): Record<string, QuotaUse> {
    let bySpec = this.quotaRecords.get(tagQuota);
    if (!bySpec) this.quotaRecords.set(tagQuota, (bySpec = new Map()));
    let record = bySpec.get(specQuota);
    if (!record) {
      record = tagQuota ? { customerTagsPerResource: tagQuota, specSizeBytes: specQuota } : { specSizeBytes: specQuota };
      bySpec.set(specQuota, Object.freeze(record));
    }
    return record;
  }

  private requiredKeys(type: ResourceType): string[] {
    let keys = this.requiredByType.get(type);
    if (!keys) this.requiredByType.set(type, (keys = requiredKeysFor(this.config, type)));
    return keys;
  }

  private addRegion(account: AccountSnapshot, region: RegionSnapshot): void {
    const { accountId } = account;
    const r = region.region;
    const p = region.proton;
    const quotas = region.quotas;
    const tags = region.tagging ? new RegionTags(region.tagging.protonResources, this.config.requiredTags.patterns) : undefined;

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

    if (p) this.addProton(accountId, r, p, tags, quotas, region.lastKnown);

    for (const res of region.tagging?.provisionedResources ?? []) {
      const tf = tagFacts({ tags: res.Tags, requiredKeys: requiredTagKeys(this.config, 'provisionedResource'), patterns: this.config.requiredTags.patterns, parents: [], isProtonResource: false });
      this.add('provisionedResource', res.ResourceARN, lastSegment(res.ResourceARN), accountId, r, res, { tags: tf });
    }

    const stacks = region.cloudformation?.stacks ?? [];
    if (stacks.length === 0) return;
    const taggedArns = new Set(region.tagging?.provisionedResources.map((t) => t.ResourceARN) ?? []);
    for (const stack of stacks) {
      const facts: Facts = { stack: stackFacts(stack, taggedArns, this.protonIndex, undefined, this.now), ageDays: daysSince(stack.CreationTime, this.now) };
      // Output values hold secrets too (PA-STK-007): the snapshot's records, with what a scan finds now.
      const records = this.secretRecords.get(`${stack.StackId}\u0000Outputs`);
      const scan = scanOutputs(stack);
      for (const v of scan.values) this.secretValues.add(v);
      facts.secrets = groupHighEntropyFloods(mergeHits(records, scan.hits));
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

  /** Tag facts, and the tag quota they imply, onto `facts` (in that key order). */
  private putTags(facts: Facts, tags: RegionTags | undefined, type: ResourceType, arn: string, quotas: readonly Quota[], parent1?: string, parent2?: string): void {
    if (!tags) {
      facts.tags = NOT_COLLECTED;
      return;
    }
    const tf = tags.factsOf(this.requiredKeys(type), arn, parent1, parent2);
    facts.tags = tf;
    facts.quotas = { customerTagsPerResource: this.quota('customerTagsPerResource', tf.customerCount, quotas) };
  }

  /**
   * A spec's secrets and size onto `facts` (see the scrubber): the snapshot's records for the
   * field, with what a scan of the spec finds now. Sets `quotas.specSizeBytes` when the spec is there.
   */
  private putSpec(facts: Facts, arn: string, spec: string | undefined, field: string, quotas: readonly Quota[]): void {
    const records = this.hasSecretRecords ? this.secretRecords.get(`${arn}\u0000${field}`) : undefined;
    if (spec === undefined) {
      // Dropped by --redact: what the scan found then is all there is to judge.
      if (records || (this.hasScannedFields && this.scannedFields.has(`${arn}\u0000${field}`))) facts.secrets = records ? groupHighEntropyFloods(records) : [];
      return;
    }
    const scan = this.scan(spec, field);
    facts.secrets = records ? groupHighEntropyFloods(mergeHits(records, scan.hits)) : scan.reported;
    facts.specSizeBytes = scan.bytes;
    const specQuota = this.quota('specSizeBytes', scan.bytes, quotas);
    const current = facts.quotas;
    if (current === undefined) facts.quotas = this.tagAndSpecQuotas(undefined, specQuota);
    else if (current.customerTagsPerResource !== undefined && Object.keys(current).length === 1) facts.quotas = this.tagAndSpecQuotas(current.customerTagsPerResource, specQuota);
    else facts.quotas = { ...current, specSizeBytes: specQuota };
  }

  private addProton(accountId: string, r: string, p: ProtonData, tags: RegionTags | undefined, quotas: readonly Quota[], lastKnown: LastKnown | undefined): void {
    const now = this.now;
    // Every record of a carried region is last-known: mark the views, the engine marks what it computes from them.
    const first = this.views.length;
    const envTemplatesCollected = this.coverage.collected('proton', accountId, r, [], 'environmentTemplateVersion').ok;
    const svcTemplatesCollected = this.coverage.collected('proton', accountId, r, [], 'serviceTemplateVersion').ok;
    const ageOf = (rec: { createdAt?: string; lastModifiedAt?: string }): number | null => daysSince(rec.createdAt ?? rec.lastModifiedAt, now);

    // Facts are filled in key by key, in one order per type (the order rules and evidence see them in).
    for (const t of p.environmentTemplates) {
      const facts: Facts = {};
      this.putTags(facts, tags, 'environmentTemplate', t.arn, quotas);
      facts.ageDays = ageOf(t);
      this.add('environmentTemplate', t.arn, t.name, accountId, r, t, facts);
    }
    for (const v of p.environmentTemplateVersions) {
      const facts: Facts = {};
      this.putTags(facts, tags, 'environmentTemplateVersion', v.arn, quotas);
      facts.ageDays = ageOf(v);
      this.add('environmentTemplateVersion', v.arn, `${v.templateName}:${v.majorVersion}.${v.minorVersion}`, accountId, r, v, facts);
    }
    for (const t of p.serviceTemplates) {
      const facts: Facts = {};
      this.putTags(facts, tags, 'serviceTemplate', t.arn, quotas);
      facts.ageDays = ageOf(t);
      this.add('serviceTemplate', t.arn, t.name, accountId, r, t, facts);
    }
    for (const v of p.serviceTemplateVersions) {
      const facts: Facts = {};
      this.putTags(facts, tags, 'serviceTemplateVersion', v.arn, quotas);
      facts.ageDays = ageOf(v);
      this.add('serviceTemplateVersion', v.arn, `${v.templateName}:${v.majorVersion}.${v.minorVersion}`, accountId, r, v, facts);
    }

    const envByName = new Map(p.environments.map((e) => [e.name, e]));
    const svcByName = new Map(p.services.map((s) => [s.name, s]));
    for (const e of p.environments) {
      const facts: Facts = {};
      this.putTags(facts, tags, 'environment', e.arn, quotas);
      facts.version = this.lag({ kind: 'environment', deployed: e, templates: p.environmentTemplates, versions: p.environmentTemplateVersions, templatesCollected: envTemplatesCollected });
      facts.ageDays = ageOf(e);
      facts.hoursSinceDeploymentAttempt = hoursSince(e.lastDeploymentAttemptedAt, now);
      this.putSpec(facts, e.arn, e.spec, 'spec', quotas);
      this.add('environment', e.arn, e.name, accountId, r, e, facts);
    }
    const instancesPerService = new Map<string, number>();
    // Index loops over the instances: a large estate's hundred thousand made iterator objects.
    const instances = p.serviceInstances;
    for (let n = 0; n < instances.length; n++) {
      const i = instances[n] as ServiceInstance;
      if (countsTowardQuota(i.deploymentStatus)) instancesPerService.set(i.serviceName, (instancesPerService.get(i.serviceName) ?? 0) + 1);
    }
    const serviceQuotas = this.regionQuotas(accountId, r);
    for (const s of p.services) {
      const facts: Facts = {};
      this.putTags(facts, tags, 'service', s.arn, quotas);
      facts.quotas = { ...facts.quotas, instancesPerService: this.quota('instancesPerService', instancesPerService.get(s.name) ?? 0, serviceQuotas) };
      facts.ageDays = ageOf(s);
      this.putSpec(facts, s.arn, s.spec, 'spec', quotas);
      this.add('service', s.arn, s.name, accountId, r, s, facts);
      if (s.pipeline) {
        const arn = pipelineArn(s);
        const pf: Facts = {};
        this.putTags(pf, tags, 'servicePipeline', arn, quotas, s.arn);
        pf.version = this.lag({ kind: 'service', deployed: s.pipeline, templates: p.serviceTemplates, versions: p.serviceTemplateVersions, templatesCollected: svcTemplatesCollected });
        pf.ageDays = ageOf(s.pipeline);
        pf.hoursSinceDeploymentAttempt = hoursSince(s.pipeline.lastDeploymentAttemptedAt, now);
        this.putSpec(pf, arn, s.pipeline.spec, 'pipeline.spec', quotas);
        this.add('servicePipeline', arn, s.name, accountId, r, s.pipeline, pf);
      }
    }
    for (let n = 0; n < instances.length; n++) {
      const i = instances[n] as ServiceInstance;
      const env = envByName.get(i.environmentName);
      const svc = svcByName.get(i.serviceName);
      // Parents in this order: the service, then the environment (either may be absent).
      const parent1 = svc?.arn ?? env?.arn;
      const parent2 = svc ? env?.arn : undefined;
      const version = this.lag({
        kind: 'service',
        deployed: i,
        templates: p.serviceTemplates,
        versions: p.serviceTemplateVersions,
        templatesCollected: svcTemplatesCollected,
        environment: env ?? null,
      });
      let facts: Facts;
      if (tags && i.spec !== undefined && !this.hasSecretRecords) {
        // The common case in one literal, the keys in the order putTags and putSpec give them.
        const tf = tags.factsOf(this.requiredKeys('serviceInstance'), i.arn, parent1, parent2);
        const scan = this.scan(i.spec, 'spec');
        facts = {
          tags: tf,
          quotas: this.tagAndSpecQuotas(this.quota('customerTagsPerResource', tf.customerCount, quotas), this.quota('specSizeBytes', scan.bytes, quotas)),
          version,
          ageDays: ageOf(i),
          hoursSinceDeploymentAttempt: hoursSince(i.lastDeploymentAttemptedAt, now),
          secrets: scan.reported,
          specSizeBytes: scan.bytes,
        };
      } else {
        facts = {};
        this.putTags(facts, tags, 'serviceInstance', i.arn, quotas, parent1, parent2);
        facts.version = version;
        facts.ageDays = ageOf(i);
        facts.hoursSinceDeploymentAttempt = hoursSince(i.lastDeploymentAttemptedAt, now);
        this.putSpec(facts, i.arn, i.spec, 'spec', quotas);
      }
      this.add('serviceInstance', i.arn, i.name, accountId, r, i, facts);
    }
    for (const c of p.components) {
      const facts: Facts = {};
      this.putTags(facts, tags, 'component', c.arn, quotas);
      facts.ageDays = ageOf(c);
      facts.hoursSinceDeploymentAttempt = hoursSince(c.lastDeploymentAttemptedAt, now);
      this.putSpec(facts, c.arn, c.serviceSpec, 'serviceSpec', quotas);
      this.add('component', c.arn, c.name, accountId, r, c, facts);
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
      const perms = this.attempt(role.Arn, 'IAM permission analysis', () => this.analyzers.analyzeRolePermissions(role, policiesByArn, this.roleAnalyses));
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

/** The key of "no environment given" (environments, pipelines), apart from null ("not in the snapshot"). */
const NO_ENVIRONMENT: object = Object.freeze({});

/** A spec's scan, memoised per spec text and field, with its size in bytes. */
interface SpecScan {
  readonly hits: SecretHit[];
  /** The hits as rules see them, a flooded field's high-entropy ones grouped (secret-floods.ts). */
  readonly reported: SecretHit[];
  readonly values: readonly string[];
  readonly bytes: number;
}

const NO_TAGS: readonly Tag[] = Object.freeze([]);
/** One frozen empty list for every empty list of facts (typed mutable as the model is; frozen, so never changed). */
const NO_ENTRIES = Object.freeze([]) as unknown as never[];
const NO_RECORD: Readonly<Record<string, string>> = Object.freeze({});

type ParentEntry = TagFacts['missingFromParent'][number];
const byKeyThenParent = (a: ParentEntry, b: ParentEntry): number =>
  a.key === b.key ? (a.parentArn < b.parentArn ? -1 : a.parentArn > b.parentArn ? 1 : 0) : a.key < b.key ? -1 : 1;

/**
 * Two lists each sorted by key then parent, as one: what a stable sort of `[...a, ...b]` gives
 * (on a tie `a` first), without its working copy. An estate has as many pairs of parents as
 * instances, nearly.
 */
function mergeSorted(a: readonly ParentEntry[], b: readonly ParentEntry[]): ParentEntry[] {
  const out: ParentEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(byKeyThenParent(a[i] as ParentEntry, b[j] as ParentEntry) <= 0 ? (a[i++] as ParentEntry) : (b[j++] as ParentEntry));
  while (i < a.length) out.push(a[i++] as ParentEntry);
  while (j < b.length) out.push(b[j++] as ParentEntry);
  return out;
}

type TaggedEntry = { ResourceARN: string; Tags: Tag[] };
const arnOfEntry = (t: TaggedEntry): string => t.ResourceARN;

/** Facts of a resource in a region whose tags were not collected: one frozen value for all. */
const NOT_COLLECTED: TagFacts = deepFreeze(tagFacts({ tags: undefined, requiredKeys: [], patterns: {}, parents: [], isProtonResource: true }));

/**
 * A region's Proton resource tags by ARN, and the tag facts of its Proton resources. A resource
 * without tags of its own (most service instances of a large estate) lacks exactly its parents'
 * keys and every required key: those lists are built once per parent and per type and shared,
 * frozen; the result is what tagFacts gives for an empty tag list. Parents: the service, then the environment.
 */
class RegionTags {
  /**
   * A snapshot lists tags in ARN order, one entry per ARN: then a resource's own tags (asked in
   * its type's ARN order) and its parents' (asked again and again for consecutive children) are
   * found by two cursors over the list; any other list is looked up in a Map (the last entry of
   * an ARN answering).
   */
  private readonly own: SortedCursor<TaggedEntry> | undefined;
  private readonly parents: SortedCursor<TaggedEntry> | undefined;
  private readonly byArn: Map<string, readonly Tag[]> | undefined;
  private readonly parentEntries = new Map<string, readonly ParentEntry[]>();
  private readonly missingAll = new Map<readonly string[], string[]>();

  constructor(
    resources: readonly TaggedEntry[],
    private readonly patterns: Readonly<Record<string, string>>,
  ) {
    this.own = SortedCursor.over(resources, arnOfEntry);
    this.parents = this.own ? SortedCursor.over(resources, arnOfEntry) : undefined;
    if (!this.own) {
      this.byArn = new Map();
      for (const t of resources) this.byArn.set(t.ResourceARN, t.Tags);
    }
  }

  /** A parent's tags. */
  private tagsOf(arn: string): readonly Tag[] {
    return (this.parents ? this.parents.find(arn)?.Tags : this.byArn?.get(arn)) ?? NO_TAGS;
  }

  /** A resource's own tags. */
  private ownTagsOf(arn: string): readonly Tag[] {
    return (this.own ? this.own.find(arn)?.Tags : this.byArn?.get(arn)) ?? NO_TAGS;
  }

  /** What an untagged child lacks of one parent's tags, sorted as tagFacts sorts. */
  private entriesOf(parentArn: string): readonly ParentEntry[] {
    let entries = this.parentEntries.get(parentArn);
    if (!entries) {
      const keys = inheritedKeys(this.tagsOf(parentArn), true);
      entries = keys.length === 0 ? NO_ENTRIES : Object.freeze(keys.map((key) => Object.freeze({ key, parentArn })).sort(byKeyThenParent));
      this.parentEntries.set(parentArn, entries);
    }
    return entries;
  }

  /** Both parents' entries in one sorted list, once per pair of parents (their children share it). */
  private merged(a: readonly ParentEntry[], b: readonly ParentEntry[]): readonly ParentEntry[] {
    let byB = this.mergedOf.get(a);
    if (!byB) this.mergedOf.set(a, (byB = new WeakMap()));
    let both = byB.get(b);
    if (!both) byB.set(b, (both = Object.freeze(mergeSorted(a, b))));
    return both;
  }
  private readonly mergedOf = new WeakMap<readonly ParentEntry[], WeakMap<readonly ParentEntry[], readonly ParentEntry[]>>();

  private missingAllOf(requiredKeys: readonly string[]): string[] {
    let missing = this.missingAll.get(requiredKeys);
    if (!missing) {
      missing = Object.freeze([...new Set(requiredKeys)].sort()) as string[];
      this.missingAll.set(requiredKeys, missing);
    }
    return missing;
  }

  factsOf(requiredKeys: readonly string[], arn: string, parent1?: string, parent2?: string): TagFacts {
    const own = this.ownTagsOf(arn);
    if (own.length > 0) {
      const parents: Array<{ arn: string; tags: readonly Tag[] }> = [];
      if (parent1 !== undefined) parents.push({ arn: parent1, tags: this.tagsOf(parent1) });
      if (parent2 !== undefined) parents.push({ arn: parent2, tags: this.tagsOf(parent2) });
      return tagFacts({ tags: own, requiredKeys, patterns: this.patterns, parents, isProtonResource: true });
    }
    const a = parent1 !== undefined ? this.entriesOf(parent1) : NO_ENTRIES;
    const b = parent2 !== undefined ? this.entriesOf(parent2) : NO_ENTRIES;
    const missingFromParent = b.length === 0 ? a : a.length === 0 ? b : this.merged(a, b);
    const missingRequired = this.missingAllOf(requiredKeys);
    // One value for every untagged resource with the same parents' keys: rules that read only
    // these facts (CEL results are cached per identical frozen facts) then judge them once.
    let byParents = this.untagged.get(missingRequired);
    if (!byParents) this.untagged.set(missingRequired, (byParents = new WeakMap()));
    let facts = byParents.get(missingFromParent);
    if (!facts) {
      facts = Object.freeze({
        collected: true,
        customer: NO_RECORD as Record<string, string>,
        managed: NO_RECORD as Record<string, string>,
        customerCount: 0,
        missingRequired,
        badValues: NO_ENTRIES,
        missingFromParent: missingFromParent as ParentEntry[],
        imitations: NO_ENTRIES,
      });
      byParents.set(missingFromParent, facts);
    }
    return facts;
  }
  private readonly untagged = new WeakMap<readonly string[], WeakMap<readonly ParentEntry[], TagFacts>>();
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

function byArnOrder(a: ResourceView, b: ResourceView): number {
  return a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0;
}

function lastSegment(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  return resource.split('/').filter(Boolean).at(-1) ?? arn;
}
