/**
 * Comparing two snapshots of an estate: resources added and removed (by ARN, per type),
 * template versions moved, role policies changed (trust, inline, attached, boundary), managed
 * policy documents changed, and tags changed. Regions or services not collected on either side
 * are left out of the comparison instead of showing up as mass removals.
 */
import type { ResourceType, PolicyDocument, RoleDetail, Snapshot, Tag } from '../model/index.ts';
import { canonicalJson } from '../util/canonical-json.ts';
import { defaultPolicyVersion } from '../knowledge/policies.ts';

export interface ResourceRef {
  type: ResourceType;
  arn: string;
  name: string;
  accountId: string;
  region: string;
}

export interface VersionChange extends ResourceRef {
  before: string;
  after: string;
}

export interface RoleChange extends ResourceRef {
  trustChanged: boolean;
  inline: { added: string[]; removed: string[]; changed: string[] };
  attached: { added: string[]; removed: string[] };
  boundary?: { before: string | null; after: string | null };
}

export interface PolicyChange extends ResourceRef {
  defaultVersion: { before: string | null; after: string | null };
  documentChanged: boolean;
}

export interface TagChange {
  arn: string;
  added: Tag[];
  removed: Tag[];
  changed: Array<{ Key: string; before: string; after: string }>;
}

export interface SnapshotDiff {
  kind: 'snapshots';
  old: { file: string; sha256: string; collectedAt: string };
  new: { file: string; sha256: string; collectedAt: string };
  added: ResourceRef[];
  removed: ResourceRef[];
  versions: VersionChange[];
  roles: RoleChange[];
  policies: PolicyChange[];
  tags: TagChange[];
  /** Account/region/service scopes present on only one side, so not compared. */
  notCompared: string[];
  counts: { added: number; removed: number; versions: number; roles: number; policies: number; tags: number };
}

interface Entry {
  ref: ResourceRef;
  version?: string;
  role?: RoleDetail;
  policy?: { defaultVersion: string | null; document: string | null };
}

interface Inventory {
  entries: Map<string, Entry>;
  /** Scopes that were collected: 'acct/region/proton', 'acct/region/tagging', 'acct/global/iam'. */
  scopes: Set<string>;
  tags: Map<string, Tag[]>;
}

function add(inv: Inventory, ref: ResourceRef, extra: Omit<Entry, 'ref'> = {}): void {
  inv.entries.set(ref.arn, { ref, ...extra });
}

function version(t: { templateName: string; templateMajorVersion: string; templateMinorVersion: string }): string {
  return `${t.templateName} ${t.templateMajorVersion}.${t.templateMinorVersion}`;
}

function canonicalDoc(doc: PolicyDocument | undefined): string | null {
  return doc === undefined ? null : canonicalJson(doc);
}

function inventory(snapshot: Snapshot): Inventory {
  const inv: Inventory = { entries: new Map(), scopes: new Set(), tags: new Map() };
  for (const account of snapshot.accounts) {
    const acct = account.accountId;
    if (account.iam) {
      inv.scopes.add(`${acct}/global/iam`);
      for (const role of account.iam.roles) {
        add(inv, { type: 'role', arn: role.Arn, name: role.RoleName, accountId: acct, region: 'global' }, { role });
        inv.tags.set(role.Arn, role.Tags ?? []);
      }
      for (const p of account.iam.policies) {
        const def = defaultPolicyVersion(p);
        add(inv, { type: 'managedPolicy', arn: p.Arn, name: p.PolicyName, accountId: acct, region: 'global' }, {
          policy: { defaultVersion: p.DefaultVersionId ?? def?.VersionId ?? null, document: canonicalDoc(def?.Document) },
        });
      }
    }
    for (const r of account.regions) {
      const region = r.region;
      const ref = (type: ResourceType, arn: string, name: string): ResourceRef => ({ type, arn, name, accountId: acct, region });
      const p = r.proton;
      if (p) {
        inv.scopes.add(`${acct}/${region}/proton`);
        for (const t of p.environmentTemplates) add(inv, ref('environmentTemplate', t.arn, t.name));
        for (const v of p.environmentTemplateVersions) add(inv, ref('environmentTemplateVersion', v.arn, `${v.templateName} ${v.majorVersion}.${v.minorVersion}`), { version: v.status });
        for (const t of p.serviceTemplates) add(inv, ref('serviceTemplate', t.arn, t.name));
        for (const v of p.serviceTemplateVersions) add(inv, ref('serviceTemplateVersion', v.arn, `${v.templateName} ${v.majorVersion}.${v.minorVersion}`), { version: v.status });
        for (const e of p.environments) add(inv, ref('environment', e.arn, e.name), { version: version(e) });
        for (const s of p.services) {
          add(inv, ref('service', s.arn, s.name));
          if (s.pipeline) add(inv, ref('servicePipeline', s.pipeline.arn, `${s.name} pipeline`), { version: version(s.pipeline) });
        }
        for (const i of p.serviceInstances) add(inv, ref('serviceInstance', i.arn, `${i.serviceName}/${i.name}`), { version: version(i) });
        for (const c of p.components) add(inv, ref('component', c.arn, c.name));
        for (const c of p.environmentAccountConnections) add(inv, ref('environmentAccountConnection', c.arn, c.id));
        for (const repo of p.repositories) add(inv, ref('repository', repo.arn, `${repo.provider}/${repo.name}`));
      }
      if (r.tagging) {
        inv.scopes.add(`${acct}/${region}/tagging`);
        for (const t of r.tagging.protonResources) inv.tags.set(t.ResourceARN, t.Tags);
        for (const t of r.tagging.provisionedResources) {
          inv.tags.set(t.ResourceARN, t.Tags);
          add(inv, ref('provisionedResource', t.ResourceARN, t.ResourceARN.split(/[:/]/).pop() ?? t.ResourceARN));
        }
      }
    }
  }
  return inv;
}

/** The collected scope an entry belongs to: only compared when both sides collected it. */
function scopeOf(ref: ResourceRef): string {
  if (ref.type === 'role' || ref.type === 'managedPolicy') return `${ref.accountId}/global/iam`;
  if (ref.type === 'provisionedResource') return `${ref.accountId}/${ref.region}/tagging`;
  return `${ref.accountId}/${ref.region}/proton`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
function byTypeArn(a: ResourceRef, b: ResourceRef): number {
  return cmp(a.type, b.type) || cmp(a.arn, b.arn);
}

function roleChange(ref: ResourceRef, a: RoleDetail, b: RoleDetail): RoleChange | undefined {
  const trustChanged = canonicalDoc(a.AssumeRolePolicyDocument) !== canonicalDoc(b.AssumeRolePolicyDocument);
  const inlineA = new Map((a.RolePolicyList ?? []).map((p) => [p.PolicyName, canonicalDoc(p.PolicyDocument)]));
  const inlineB = new Map((b.RolePolicyList ?? []).map((p) => [p.PolicyName, canonicalDoc(p.PolicyDocument)]));
  const inline = {
    added: [...inlineB.keys()].filter((k) => !inlineA.has(k)).sort(cmp),
    removed: [...inlineA.keys()].filter((k) => !inlineB.has(k)).sort(cmp),
    changed: [...inlineB.keys()].filter((k) => inlineA.has(k) && inlineA.get(k) !== inlineB.get(k)).sort(cmp),
  };
  const attA = new Set((a.AttachedManagedPolicies ?? []).map((p) => p.PolicyArn));
  const attB = new Set((b.AttachedManagedPolicies ?? []).map((p) => p.PolicyArn));
  const attached = { added: [...attB].filter((x) => !attA.has(x)).sort(cmp), removed: [...attA].filter((x) => !attB.has(x)).sort(cmp) };
  const boundaryA = a.PermissionsBoundary?.PermissionsBoundaryArn ?? null;
  const boundaryB = b.PermissionsBoundary?.PermissionsBoundaryArn ?? null;
  const changed = trustChanged || inline.added.length + inline.removed.length + inline.changed.length + attached.added.length + attached.removed.length > 0 || boundaryA !== boundaryB;
  if (!changed) return undefined;
  return { ...ref, trustChanged, inline, attached, ...(boundaryA !== boundaryB ? { boundary: { before: boundaryA, after: boundaryB } } : {}) };
}

function tagChange(arn: string, a: Tag[], b: Tag[]): TagChange | undefined {
  const ma = new Map(a.map((t) => [t.Key, t.Value]));
  const mb = new Map(b.map((t) => [t.Key, t.Value]));
  const added = b.filter((t) => !ma.has(t.Key)).sort((x, y) => cmp(x.Key, y.Key));
  const removed = a.filter((t) => !mb.has(t.Key)).sort((x, y) => cmp(x.Key, y.Key));
  const changed = b
    .filter((t) => ma.has(t.Key) && ma.get(t.Key) !== t.Value)
    .map((t) => ({ Key: t.Key, before: ma.get(t.Key) ?? '', after: t.Value }))
    .sort((x, y) => cmp(x.Key, y.Key));
  return added.length + removed.length + changed.length ? { arn, added, removed, changed } : undefined;
}

export interface SnapshotSide {
  file: string;
  sha256: string;
  snapshot: Snapshot;
}

export function diffSnapshots(oldSide: SnapshotSide, newSide: SnapshotSide): SnapshotDiff {
  const a = inventory(oldSide.snapshot);
  const b = inventory(newSide.snapshot);
  const both = new Set([...a.scopes].filter((s) => b.scopes.has(s)));
  const notCompared = [...new Set([...a.scopes, ...b.scopes])].filter((s) => !both.has(s)).sort(cmp);

  const added: ResourceRef[] = [];
  const removed: ResourceRef[] = [];
  const versions: VersionChange[] = [];
  const roles: RoleChange[] = [];
  const policies: PolicyChange[] = [];
  for (const [arn, e] of b.entries) {
    if (!both.has(scopeOf(e.ref))) continue;
    const old = a.entries.get(arn);
    if (!old) {
      added.push(e.ref);
      continue;
    }
    const versioned = e.ref.type === 'environment' || e.ref.type === 'serviceInstance' || e.ref.type === 'servicePipeline';
    if (versioned && old.version !== e.version) versions.push({ ...e.ref, before: old.version ?? '', after: e.version ?? '' });
    if (e.role && old.role) {
      const change = roleChange(e.ref, old.role, e.role);
      if (change) roles.push(change);
    }
    if (e.policy && old.policy && (e.policy.document !== old.policy.document || e.policy.defaultVersion !== old.policy.defaultVersion)) {
      policies.push({ ...e.ref, defaultVersion: { before: old.policy.defaultVersion, after: e.policy.defaultVersion }, documentChanged: e.policy.document !== old.policy.document });
    }
  }
  for (const [arn, e] of a.entries) if (both.has(scopeOf(e.ref)) && !b.entries.has(arn)) removed.push(e.ref);

  // Tags are compared where both sides hold tag data for the ARN's scope; a resource absent from
  // the Tagging API output has no tags, so its tags count as empty on that side.
  const tags: TagChange[] = [];
  const arns = new Set([...a.tags.keys(), ...b.tags.keys()]);
  for (const arn of [...arns].sort(cmp)) {
    const entry = b.entries.get(arn) ?? a.entries.get(arn);
    const scope = entry && (entry.ref.type === 'role' || entry.ref.type === 'managedPolicy') ? scopeOf(entry.ref) : tagScope(arn, entry?.ref);
    if (scope === undefined || !both.has(scope)) continue;
    const change = tagChange(arn, a.tags.get(arn) ?? [], b.tags.get(arn) ?? []);
    if (change) tags.push(change);
  }

  added.sort(byTypeArn);
  removed.sort(byTypeArn);
  versions.sort(byTypeArn);
  roles.sort(byTypeArn);
  policies.sort(byTypeArn);
  return {
    kind: 'snapshots',
    old: { file: oldSide.file, sha256: oldSide.sha256, collectedAt: oldSide.snapshot.collectedAt },
    new: { file: newSide.file, sha256: newSide.sha256, collectedAt: newSide.snapshot.collectedAt },
    added,
    removed,
    versions,
    roles,
    policies,
    tags,
    notCompared,
    counts: { added: added.length, removed: removed.length, versions: versions.length, roles: roles.length, policies: policies.length, tags: tags.length },
  };
}

/** Tagging scope of a Proton or provisioned ARN: arn:partition:service:region:account:... */
function tagScope(arn: string, ref: ResourceRef | undefined): string | undefined {
  const parts = arn.split(':');
  const region = ref?.region ?? parts[3];
  const account = ref?.accountId ?? parts[4];
  if (!region || !account) return undefined;
  return `${account}/${region}/tagging`;
}
