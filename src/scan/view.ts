/**
 * A scan as the rule engine sees it: the scanned repository, its bundles, its spec files and
 * the resources its templates render, as resource views (the same interface the snapshot view
 * offers), each with the issues the analyses report about it in `facts.scan.issues`. Nothing
 * here is collected from AWS, so no rule over these types is ever skipped as "not collected".
 */
import type { SnapshotView } from '../facts/index.ts';
import type { Collected, FindingLocation, IacResourceData, ResourceType, ResourceView, ScanIssue, Snapshot, TemplateBundleData, TemplateRepositoryData, TemplateSpecData } from '../model/index.ts';
import type { ScanResult } from './scan.ts';

/** Scanned resources have no account or region; the result schema wants a region, so this one. */
export const SCAN_REGION = 'repository';

export const scanArn = {
  repository: (): string => 'scan:repository',
  bundle: (root: string): string => `scan:bundle:${root || '.'}`,
  spec: (file: string): string => `scan:spec:${file}`,
  resource: (file: string, anchor: string): string => `scan:resource:${file}#${anchor}`,
};

function subjectArn(issue: ScanIssue): string {
  const s = issue.subject;
  if (!s || s.kind === 'repository') return scanArn.repository();
  if (s.kind === 'bundle') return scanArn.bundle(s.root);
  if (s.kind === 'spec') return scanArn.spec(s.file);
  return scanArn.resource(s.file, s.anchor);
}

/** An empty snapshot: the result format wants one; its source is reported as 'scan'. */
export function scanSnapshot(now: Date, toolVersion: string): Snapshot {
  const iso = now.toISOString();
  return { schemaVersion: 1, tool: { name: 'proton-audit', version: toolVersion }, collectedAt: iso, collection: { source: 'import', startedAt: iso, finishedAt: iso }, accounts: [], coverage: [] } as Snapshot;
}

export interface ScanView extends SnapshotView {
  /** Where a resource is, for findings whose rule gave no location of its own. */
  locationOf(arn: string): FindingLocation | undefined;
}

const ALWAYS: Collected = { ok: true };

export function createScanView(result: ScanResult, snapshot: Snapshot, extraIssues: readonly ScanIssue[] = []): ScanView {
  const issuesByArn = new Map<string, ScanIssue[]>();
  for (const issue of [...result.issues, ...extraIssues]) {
    const arn = subjectArn(issue);
    const list = issuesByArn.get(arn) ?? [];
    list.push(issue);
    issuesByArn.set(arn, list);
  }
  const views: ResourceView[] = [];
  const locations = new Map<string, FindingLocation>();
  const add = (type: ResourceType, arn: string, name: string, data: object, location: FindingLocation | undefined): void => {
    views.push({ type, arn, name, accountId: '', region: SCAN_REGION, data: data as Record<string, unknown>, facts: { scan: { issues: issuesByArn.get(arn) ?? [] } } });
    if (location) locations.set(arn, location);
  };

  const { inventory } = result;
  const repository: TemplateRepositoryData = { root: '.', files: 0, bundles: inventory.bundles.length, specs: inventory.specs.length };
  add('templateRepository', scanArn.repository(), 'repository', repository, undefined);
  for (const b of inventory.bundles) {
    const data: TemplateBundleData = {
      root: b.root,
      kind: b.kind,
      name: b.name,
      ...(b.major !== undefined ? { major: b.major } : {}),
      preGa: b.preGa,
      parts: b.parts.map((p) => ({ role: p.role, dir: p.dir, engine: p.engine, files: p.iacFiles })),
      files: b.files.length,
      bytes: b.files.reduce((n, f) => n + f.size, 0),
    };
    const anchor = b.schema?.file ?? b.parts.find((p) => p.manifest)?.manifest?.file;
    add('templateBundle', scanArn.bundle(b.root), b.root || '.', data, anchor ? { file: anchor, line: 1 } : undefined);
  }
  for (const binding of result.bindings) {
    const spec = binding.spec;
    const data: TemplateSpecData = {
      file: spec.file,
      kind: spec.kind,
      ...(binding.bundle ? { boundTo: binding.bundle.root || '.' } : {}),
      ...(binding.via ? { via: binding.via } : {}),
      instances: spec.instances.map((i) => i.name ?? ''),
    };
    add('templateSpec', scanArn.spec(spec.file), spec.file, data, { file: spec.file, line: 1 });
  }
  for (const r of result.resources) {
    const { anchor, ...data } = r;
    const record: IacResourceData = data;
    add('iacResource', scanArn.resource(r.file, anchor), anchor, record, { file: r.file, ...(r.line !== undefined ? { line: r.line } : {}), logical: r.language === 'cloudformation' ? `Resources.${r.instances[0] ?? anchor}` : (r.instances[0] ?? anchor), ...(r.instances.length > 1 ? { instances: r.instances } : {}) });
  }
  // Issues whose subject has no view (a resource that failed to render, say) go to the repository.
  const known = new Set(views.map((v) => v.arn));
  const orphans = [...issuesByArn.entries()].filter(([arn]) => !known.has(arn)).flatMap(([, list]) => list);
  if (orphans.length > 0) {
    const repo = views.find((v) => v.type === 'templateRepository');
    repo?.facts.scan?.issues.push(...orphans);
  }

  views.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  const byArn = new Map(views.map((v) => [v.arn, v]));
  const byType = new Map<ResourceType, ResourceView[]>();
  for (const v of views) byType.set(v.type, [...(byType.get(v.type) ?? []), v]);
  const lookups = new Map<string, Map<string, ResourceView[]>>();
  return {
    snapshot,
    resources: views,
    byArn: (arn) => byArn.get(arn),
    ofType: (type) => byType.get(type) ?? [],
    collected: () => ALWAYS,
    dependsOnResource: () => false,
    listingGap: () => ALWAYS,
    failedDetails: () => ({ names: [], reason: '' }),
    lookup: (type, field, value) => {
      const key = `${type}\u0000${field}`;
      let index = lookups.get(key);
      if (!index) {
        index = new Map();
        for (const v of byType.get(type) ?? []) {
          const f = v.data[field];
          if (typeof f === 'string') index.set(f, [...(index.get(f) ?? []), v]);
        }
        lookups.set(key, index);
      }
      return index.get(value) ?? [];
    },
    secretValues: () => [],
    factErrors: () => [],
    locationOf: (arn) => locations.get(arn),
  };
}
