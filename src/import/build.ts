/**
 * Detected AWS CLI outputs → a Snapshot, as a live collection of the same account would have
 * produced it: the same normalizers, the same IAM selection, the same sort order. Coverage says
 * what the export held: an operation whose output is absent is `unavailable` (rules then skip),
 * and a Get missing for some listed resources names them in failedResources.
 */
import { CLOUDFORMATION_OPERATIONS, CODEBUILD_OPERATIONS, PROTON_OPERATIONS } from '../knowledge/operations.ts';
import { rolesNamedByProton, rolesNamedByResidue } from '../knowledge/roles.ts';
import { isProtonProjectName, isProtonStack } from '../knowledge/signatures.ts';
import { sortCoverage } from '../snapshot/coverage.ts';
import { projectFrom, stackFrom } from '../snapshot/normalize/cloudformation.ts';
import { selectIam } from '../snapshot/normalize/iam-select.ts';
import { accountOfArn, entitiesFrom, isAwsProtonManagedPolicy } from '../snapshot/normalize/iam.ts';
import { sortBy, uniqueBy } from '../snapshot/normalize/plain.ts';
import { accountSettingsFrom, connectionFrom, mergeRecord, resourcesSummaryFrom, serviceTemplateVersionFrom, sortProton } from '../snapshot/normalize/proton.ts';
import { quotasFrom } from '../snapshot/normalize/quotas.ts';
import { hasProvisionedTag, isProtonArn, taggedResourceFrom, unionByArn } from '../snapshot/normalize/tagging.ts';
import type {
  AccountSnapshot,
  CodeBuildProject,
  CoverageEntry,
  IamData,
  PolicyEntities,
  ProtonData,
  RegionSnapshot,
  Stack,
  TaggedResource,
} from '../model/index.ts';
import { PROTON_EXPORTS, type Detected, type ProtonExport, type Record_ } from './detect.ts';
import { normalizeTimestamps } from './timestamps.ts';
import { emptyProtonData } from '../snapshot/empty.ts';

export interface DetectedFile {
  file: string;
  detected: Exclude<Detected, { kind: 'unused' }>;
}

export interface BuildOptions {
  accountId: string;
  defaultRegion: string;
}

export interface Built {
  account: AccountSnapshot;
  coverage: CoverageEntry[];
  notes: string[];
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export function regionOfArn(arn: string): string | undefined {
  const region = arn.split(':')[3];
  return region && REGION.test(region) ? region : undefined;
}

/** 'ListEnvironmentTemplates' → 'list-environment-templates', for messages that name the command. */
export function cliName(operation: string): string {
  return operation.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
}

interface ProtonState {
  listed: Map<string, boolean>;
  summaries: Map<string, Map<string, Record_>>;
  details: Map<string, Map<string, Record_>>;
  settings?: Record<string, unknown>;
  counts?: Record<string, unknown>;
}

interface RegionState {
  proton?: ProtonState;
  tags?: TaggedResource[][];
  quotas?: Array<Record<string, unknown>>;
  stacks?: Stack[];
  projects?: CodeBuildProject[];
}

export function buildImport(files: readonly DetectedFile[], opts: BuildOptions): Built {
  const { accountId, defaultRegion } = opts;
  const notes: string[] = [];
  const regions = new Map<string, RegionState>();
  const region = (name: string): RegionState => {
    let r = regions.get(name);
    if (!r) {
      r = {};
      regions.set(name, r);
    }
    return r;
  };
  const proton = (name: string): ProtonState => {
    const r = region(name);
    r.proton ??= { listed: new Map(), summaries: new Map(), details: new Map() };
    return r.proton;
  };
  const bucket = (m: Map<string, Map<string, Record_>>, type: string): Map<string, Record_> => {
    let b = m.get(type);
    if (!b) {
      b = new Map();
      m.set(type, b);
    }
    return b;
  };
  const regionOf = (arn: string): string => regionOfArn(arn) ?? defaultRegion;

  let identity: AccountSnapshot['identity'];
  const gaads: Array<Record<string, unknown>> = [];
  for (const { detected: d } of files) {
    switch (d.kind) {
      case 'proton-list': {
        if (d.items.length === 0) proton(defaultRegion).listed.set(d.spec.type, true);
        for (const item of d.items) {
          const state = proton(regionOf(item.arn));
          state.listed.set(d.spec.type, true);
          bucket(state.summaries, d.spec.type).set(item.arn, item);
        }
        break;
      }
      case 'proton-get':
        bucket(proton(regionOf(d.record.arn)).details, d.spec.type).set(d.record.arn, d.record);
        break;
      case 'account-settings':
        proton(defaultRegion).settings = d.settings;
        break;
      case 'resources-summary':
        proton(defaultRegion).counts = d.counts;
        break;
      case 'iam':
        gaads.push(d.gaad);
        break;
      case 'tags': {
        const byRegion = new Map<string, TaggedResource[]>();
        byRegion.set(defaultRegion, []);
        for (const m of d.mappings) {
          const r = taggedResourceFrom(m as { ResourceARN?: string; Tags?: Array<{ Key?: string; Value?: string }> });
          if (!r) continue;
          const name = regionOf(r.ResourceARN);
          byRegion.set(name, [...(byRegion.get(name) ?? []), r]);
        }
        for (const [name, list] of byRegion) (region(name).tags ??= []).push(list);
        break;
      }
      case 'identity':
        identity = d.identity;
        break;
      case 'stacks':
        for (const raw of d.stacks) {
          const st = stackFrom(normalizeTimestamps(raw));
          if (st) (region(regionOfArn(st.StackId) ?? defaultRegion).stacks ??= []).push(st);
        }
        // An empty export still says the region has no stacks.
        if (d.stacks.length === 0) region(defaultRegion).stacks ??= [];
        break;
      case 'codebuild-projects':
        for (const raw of d.projects) {
          const pr = projectFrom(normalizeTimestamps(raw));
          if (pr) (region(regionOfArn(pr.arn) ?? defaultRegion).projects ??= []).push(pr);
        }
        if (d.projects.length === 0) region(defaultRegion).projects ??= [];
        break;
      case 'quotas': {
        const arn = d.quotas.map((q) => q.QuotaArn).find((a): a is string => typeof a === 'string');
        region((arn && regionOfArn(arn)) || defaultRegion).quotas = d.quotas;
        break;
      }
    }
  }
  if (regions.size === 0) region(defaultRegion);

  const coverage: CoverageEntry[] = [];
  const entry = (regionName: string, service: CoverageEntry['service'], operation: string, ok: boolean, failedResources: string[] = []): void => {
    const e: CoverageEntry = { accountId, region: regionName, service, operation, status: ok ? 'ok' : 'unavailable', calls: 0, failures: 0 };
    if (!ok) e.errors = [{ code: 'NotExported', message: `no ${cliName(operation)} output in the export`, count: 1 }];
    if (failedResources.length > 0) e.failedResources = [...failedResources].sort();
    coverage.push(e);
  };

  const regionSnapshots: RegionSnapshot[] = [];
  for (const [name, state] of [...regions.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const snap: RegionSnapshot = { region: name, quotas: quotasFrom(state.quotas as Parameters<typeof quotasFrom>[0]) };
    entry(name, 'servicequotas', 'ListServiceQuotas', state.quotas !== undefined);
    if (state.proton) snap.proton = buildProton(state.proton, name, accountId, entry);
    else for (const op of PROTON_OPERATIONS) entry(name, 'proton', op, false);
    if (state.tags) {
      const all = state.tags.flat();
      snap.tagging = {
        protonResources: unionByArn([all.filter((r) => isProtonArn(r.ResourceARN))]),
        provisionedResources: unionByArn([
          all.filter((r) => !isProtonArn(r.ResourceARN) && hasProvisionedTag(r.Tags)),
        ]),
      };
    }
    entry(name, 'tagging', 'GetResources', state.tags !== undefined);
    // describe-stacks prints every stack: it stands for ListStacks and DescribeStacks both.
    if (state.stacks) {
      const tagged = new Set(snap.tagging?.provisionedResources.map((r) => r.ResourceARN) ?? []);
      const mine = uniqueBy(state.stacks, (st) => st.StackId).filter((st) => isProtonStack(st, tagged) || hasProvisionedTag(st.Tags ?? []));
      snap.cloudformation = { stacks: sortBy(mine, (st) => st.StackId) };
    }
    for (const op of CLOUDFORMATION_OPERATIONS) entry(name, 'cloudformation', op, state.stacks !== undefined);
    if (state.projects) {
      const mine = uniqueBy(state.projects, (pr) => pr.arn).filter((pr) => isProtonProjectName(pr.name));
      snap.codebuild = { projects: sortBy(mine, (pr) => pr.arn) };
    }
    for (const op of CODEBUILD_OPERATIONS) entry(name, 'codebuild', op, state.projects !== undefined);
    regionSnapshots.push(snap);
  }

  entry('global', 'sts', 'GetCallerIdentity', identity !== undefined);
  const account: AccountSnapshot = { accountId, regions: regionSnapshots };
  if (identity) account.identity = identity;

  const named = [...new Set([...rolesNamedByProton(regionSnapshots.map((r) => r.proton).filter((p): p is ProtonData => p !== undefined)), ...rolesNamedByResidue(regionSnapshots)])].sort();
  if (gaads.length === 0) entry('global', 'iam', 'GetAccountAuthorizationDetails', false);
  else {
    const { iam, missing, outOfAccount, missingPolicies, unknownHolders, problems } = buildIam(gaads, named, accountId);
    account.iam = iam;
    entry('global', 'iam', 'GetAccountAuthorizationDetails', true);
    if (problems.length > 0) {
      // Documents that did not decode: a gap naming each role or policy, as a live collection records it.
      const gaad = coverage.at(-1) as CoverageEntry;
      gaad.status = 'error';
      gaad.errors = [{ code: 'MalformedPolicyDocument', message: problems[0]?.[1] ?? '', count: problems.length }];
      gaad.failedResources = [...new Set(problems.map(([arn]) => arn))].sort();
      for (const [, what] of problems) notes.push(`IAM document not read: ${what}`);
    }
    entry('global', 'iam', 'GetPolicyVersion', true, missingPolicies);
    if (iam.policyEntities.length > 0 || unknownHolders.length > 0) entry('global', 'iam', 'ListEntitiesForPolicy', true, unknownHolders);
    if (outOfAccount.length > 0) notes.push(`${outOfAccount.length} role(s) named by Proton resources are in other accounts: ${outOfAccount.join(', ')}`);
    if (missing.length > 0) notes.push(`${missing.length} role(s) named by Proton resources are not in the IAM export: ${missing.join(', ')}`);
    if (missingPolicies.length > 0) notes.push(`${missingPolicies.length} managed policy(ies) held by kept roles are not in the IAM export (export without --filter to include them)`);
  }
  return { account, coverage: sortCoverage(coverage), notes };
}

type EntryFn = (region: string, service: CoverageEntry['service'], operation: string, ok: boolean, failedResources?: string[]) => void;

function buildProton(state: ProtonState, regionName: string, accountId: string, entry: EntryFn): ProtonData {
  const data: ProtonData = emptyProtonData();
  const listOk = new Map<string, boolean>();
  const getFailed = new Map<string, { any: boolean; missing: string[]; summaries: number }>();
  for (const spec of PROTON_EXPORTS) {
    const summaries = state.summaries.get(spec.type) ?? new Map<string, Record_>();
    const details = state.details.get(spec.type) ?? new Map<string, Record_>();
    const arns = [...new Set([...summaries.keys(), ...details.keys()])].sort();
    const records = arns.map((arn) => recordOf(spec, summaries.get(arn), details.get(arn), accountId));
    (data[spec.type] as unknown[]).push(...records);
    listOk.set(spec.listOp, (listOk.get(spec.listOp) ?? false) || (state.listed.get(spec.type) ?? false));
    const g = getFailed.get(spec.getOp) ?? { any: false, missing: [], summaries: 0 };
    g.any ||= details.size > 0;
    g.summaries += summaries.size;
    g.missing.push(...[...summaries.keys()].filter((arn) => !details.has(arn)));
    getFailed.set(spec.getOp, g);
  }
  const settings = accountSettingsFrom(state.settings ? normalizeTimestamps(state.settings) : undefined);
  if (settings) data.accountSettings = settings;
  const summary = resourcesSummaryFrom(state.counts);
  if (summary) data.resourcesSummary = summary;

  for (const op of PROTON_OPERATIONS) {
    if (op === 'GetAccountSettings') entry(regionName, 'proton', op, state.settings !== undefined);
    else if (op === 'GetResourcesSummary') entry(regionName, 'proton', op, state.counts !== undefined);
    else if (listOk.has(op)) entry(regionName, 'proton', op, listOk.get(op) ?? false);
    else {
      const g = getFailed.get(op);
      if (!g) continue;
      const listed = PROTON_EXPORTS.filter((s) => s.getOp === op).some((s) => listOk.get(s.listOp));
      // No Get output at all: unavailable when something was listed or nothing was (the export
      // says nothing either way); some missing: ok, naming the resources without detail.
      if (!g.any && (g.summaries > 0 || !listed)) entry(regionName, 'proton', op, false);
      else entry(regionName, 'proton', op, true, g.missing);
    }
  }
  return sortProton(data);
}

function recordOf(spec: ProtonExport, summary: Record_ | undefined, detail: Record_ | undefined, accountId: string): unknown {
  const s: Record<string, unknown> = normalizeTimestamps(summary ?? {});
  const d: Record<string, unknown> | undefined = detail ? normalizeTimestamps(detail) : undefined;
  if (spec.type === 'serviceTemplateVersions') return serviceTemplateVersionFrom(s, d);
  if (spec.type === 'environmentAccountConnections') {
    const merged = { ...s, ...d };
    const side =
      merged.managementAccountId === accountId ? 'MANAGEMENT_ACCOUNT' : merged.environmentAccountId === accountId ? 'ENVIRONMENT_ACCOUNT' : undefined;
    return side ? connectionFrom(s, d, side) : mergeRecord(s, d);
  }
  return mergeRecord(s, d);
}

interface GaadLike {
  RoleDetailList?: Array<{ AttachedManagedPolicies?: Array<{ PolicyArn?: string }>; RoleName?: string; RoleId?: string }>;
  UserDetailList?: Array<{ AttachedManagedPolicies?: Array<{ PolicyArn?: string }>; UserName?: string; UserId?: string }>;
  GroupDetailList?: Array<{ AttachedManagedPolicies?: Array<{ PolicyArn?: string }>; GroupName?: string; GroupId?: string }>;
  Policies?: Array<Record<string, unknown>>;
}

function buildIam(
  gaads: ReadonlyArray<Record<string, unknown>>,
  named: string[],
  accountId: string,
): { iam: IamData; missing: string[]; outOfAccount: string[]; missingPolicies: string[]; unknownHolders: string[]; problems: Array<[string, string]> } {
  const parts = gaads.map((g) => normalizeTimestamps(g) as GaadLike);
  const roles = parts.flatMap((g) => g.RoleDetailList ?? []);
  const users = parts.flatMap((g) => g.UserDetailList ?? []);
  const groups = parts.flatMap((g) => g.GroupDetailList ?? []);
  const policies = parts.flatMap((g) => g.Policies ?? []);
  const sel = selectIam(roles as never[], policies as never[], named, accountId);
  const have = new Set(sel.policies.map((p) => p.Arn));
  const missingPolicies = [...sel.held].filter((arn) => !have.has(arn)).sort();

  // Who holds each AWSProton* policy, from every role, user and group in the export.
  const complete = parts.some((g) => Array.isArray(g.UserDetailList)) && parts.some((g) => Array.isArray(g.GroupDetailList));
  const holds = (list: ReadonlyArray<{ AttachedManagedPolicies?: Array<{ PolicyArn?: string }> }> , arn: string) =>
    list.filter((x) => (x.AttachedManagedPolicies ?? []).some((a) => a.PolicyArn === arn));
  const policyEntities: PolicyEntities[] = [];
  const unknownHolders: string[] = [];
  for (const p of sel.policies) {
    if (!p.Arn.startsWith('arn:aws') || accountOfArn(p.Arn) !== undefined || !isAwsProtonManagedPolicy(p.PolicyName)) continue;
    if (!complete) {
      unknownHolders.push(p.Arn);
      continue;
    }
    policyEntities.push(
      entitiesFrom(p.Arn, [
        {
          PolicyRoles: holds(roles, p.Arn) as Array<{ RoleName?: string; RoleId?: string }>,
          PolicyUsers: holds(users, p.Arn) as Array<{ UserName?: string; UserId?: string }>,
          PolicyGroups: holds(groups, p.Arn) as Array<{ GroupName?: string; GroupId?: string }>,
        },
      ]),
    );
  }
  return {
    iam: {
      roles: sortBy(sel.roles, (r) => r.Arn),
      policies: sortBy(sel.policies, (p) => p.Arn),
      policyEntities: sortBy(policyEntities, (e) => e.PolicyArn),
    },
    missing: sel.missing,
    outOfAccount: sel.outOfAccount,
    missingPolicies,
    unknownHolders: unknownHolders.sort(),
    problems: sel.problems,
  };
}
