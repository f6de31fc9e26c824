/**
 * Proton's read operations over one account and region of the estate. Get operations return
 * the detail shapes, List operations the summary shapes, both limited to the model's members.
 */
import { ApiError } from '../../api-error.ts';
import { toDate } from '../../derive.ts';
import type { DeployedRecord, TemplateRecord, TemplateVersionRecord, Timestamp } from '../../estate.ts';
import { paginate, queryDigest } from '../../paging.ts';
import type { ProtonIndex, RegionView } from '../../world.ts';
import { lookup, memo } from '../../memo.ts';
import type { CallContext, JsonOperation, JsonService } from '../context.ts';
import { INPUTS, OUTPUT, TIMESTAMP_MEMBERS, type ProtonOperation } from './model.ts';
import { majorRepresentatives, versionLag } from './versions.ts';

const DEFAULT_PAGE = 100;

const notFound = (message: string) => new ApiError('ResourceNotFoundException', message, 404);
const invalidToken = () => new ApiError('ValidationException', 'The nextToken is not valid for this request.', 400);

function region(ctx: CallContext): RegionView {
  const view = ctx.account.regions.get(ctx.region);
  // The server resets Proton connections for regions the account lacks, so this is a bug guard.
  if (!view) throw new ApiError('InternalFailure', `no Proton data for ${ctx.region}`, 500);
  return view;
}
const proton = (ctx: CallContext): ProtonIndex => region(ctx).proton;

type Json = Record<string, unknown>;

/** Keeps the model's members, in model order, with timestamps as dates and nested shapes trimmed. */
function shapeOf(record: object, members: readonly string[]): Json {
  const source = record as Json;
  const out: Json = {};
  for (const m of members) {
    const v = source[m];
    if (v === undefined || v === null) continue;
    if (TIMESTAMP_MEMBERS.has(m)) out[m] = toDate(v as Timestamp);
    else if (m === 'pipeline' && typeof v === 'object') out[m] = shapeOf(v, OUTPUT.pipeline);
    else if ((m === 'provisioningRepository' || m === 'pipelineProvisioningRepository') && typeof v === 'object') out[m] = shapeOf(v, OUTPUT.repositoryBranch);
    else out[m] = v;
  }
  return out;
}

function listed<T extends object>(op: ProtonOperation, input: Json, all: readonly T[], members: readonly string[], key: string): Json {
  const page = paginate(all, {
    operation: op,
    digest: queryDigest(input, ['nextToken', 'maxResults']),
    ...(typeof input.nextToken === 'string' ? { token: input.nextToken } : {}),
    size: typeof input.maxResults === 'number' ? input.maxResults : DEFAULT_PAGE,
    invalid: invalidToken,
  });
  return { [key]: page.items.map((r) => shapeOf(r, members)), ...(page.next ? { nextToken: page.next } : {}) };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function findTemplate(templates: readonly TemplateRecord[], name: unknown, kind: string): TemplateRecord {
  const t = templates.find((x) => x.name === name);
  if (!t) throw notFound(`The ${kind} template '${String(name)}' does not exist.`);
  return t;
}

function versionList(
  op: ProtonOperation,
  input: Json,
  templates: readonly TemplateRecord[],
  versions: readonly TemplateVersionRecord[],
  kind: string,
  members: readonly string[],
): Json {
  const template = findTemplate(templates, input.templateName, kind);
  const major = str(input.majorVersion);
  const chosen = major === undefined ? majorRepresentatives(versions, template.name) : versions.filter((v) => v.templateName === template.name && v.majorVersion === major);
  return listed(op, input, chosen, members, 'templateVersions');
}

function versionGet(input: Json, templates: readonly TemplateRecord[], versions: readonly TemplateVersionRecord[], kind: string): TemplateVersionRecord {
  const template = findTemplate(templates, input.templateName, kind);
  const v = versions.find((x) => x.templateName === template.name && x.majorVersion === input.majorVersion && x.minorVersion === input.minorVersion);
  if (!v) throw notFound(`Version ${String(input.majorVersion)}.${String(input.minorVersion)} of ${kind} template '${template.name}' does not exist.`);
  return v;
}

// ---------------------------------------------------------------- service instances

function instanceFilter(p: ProtonIndex, filter: { key?: unknown; value?: unknown }): (i: ProtonIndex['serviceInstances'][number]) => boolean {
  const key = str(filter.key);
  const value = str(filter.value) ?? '';
  const moment = (): number => {
    const t = Date.parse(value);
    if (Number.isNaN(t)) throw new ApiError('ValidationException', `1 validation error detected: filter ${String(key)} needs a timestamp, got '${value}'`, 400);
    return t;
  };
  const time = (v: Timestamp | undefined) => toDate(v)?.getTime() ?? Number.NaN;
  switch (key) {
    case 'name':
    case 'deploymentStatus':
    case 'templateName':
    case 'serviceName':
    case 'environmentName':
      return (i) => i[key] === value;
    case 'deployedTemplateVersionStatus':
      return (i) =>
        p.serviceTemplateVersions.some(
          (v) => v.templateName === i.templateName && v.majorVersion === i.templateMajorVersion && v.minorVersion === i.templateMinorVersion && v.status === value,
        );
    case 'lastDeploymentAttemptedAtBefore': {
      const t = moment();
      return (i) => time(i.lastDeploymentAttemptedAt) < t;
    }
    case 'lastDeploymentAttemptedAtAfter': {
      const t = moment();
      return (i) => time(i.lastDeploymentAttemptedAt) > t;
    }
    case 'createdAtBefore': {
      const t = moment();
      return (i) => time(i.createdAt) < t;
    }
    case 'createdAtAfter': {
      const t = moment();
      return (i) => time(i.createdAt) > t;
    }
    default:
      return () => true;
  }
}

function sortInstances<T extends DeployedRecord & { name: string; serviceName: string; environmentName: string }>(items: T[], sortBy: string, order: string): T[] {
  const value = (i: T): string | number => {
    if (sortBy === 'createdAt' || sortBy === 'lastDeploymentAttemptedAt') return toDate(i[sortBy])?.getTime() ?? 0;
    return String(i[sortBy as keyof T] ?? '');
  };
  const sorted = [...items].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x !== y) return x < y ? -1 : 1;
    const byService = a.serviceName.localeCompare(b.serviceName);
    return byService || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  });
  return order === 'DESCENDING' ? sorted.reverse() : sorted;
}

// ---------------------------------------------------------------- resources summary

function countsFor(
  items: readonly DeployedRecord[],
  templates: readonly TemplateRecord[],
  versions: readonly TemplateVersionRecord[],
): { total: number; failed: number; upToDate: number; behindMajor: number; behindMinor: number } {
  const counts = { total: items.length, failed: 0, upToDate: 0, behindMajor: 0, behindMinor: 0 };
  for (const item of items) {
    if (item.deploymentStatus === 'FAILED' || item.deploymentStatus === 'DELETE_FAILED') counts.failed++;
    counts[versionLag(templates.find((t) => t.name === item.templateName), versions, item)]++;
  }
  return counts;
}

function knownArns(ctx: CallContext): Set<string> {
  const p = proton(ctx);
  const arns = new Set<string>();
  const add = (arn: string | undefined) => arn && arns.add(arn);
  for (const list of [p.environmentTemplates, p.environmentTemplateVersions, p.serviceTemplates, p.serviceTemplateVersions, p.environments, p.serviceInstances, p.components, p.repositories]) {
    for (const r of list) add(r.arn);
  }
  for (const s of p.services) {
    add(s.arn);
    add(s.pipeline?.arn);
  }
  for (const c of ctx.world.connections(ctx.region)) {
    if (c.managementAccountId === ctx.account.account.accountId || c.environmentAccountId === ctx.account.account.accountId) add(c.arn);
  }
  return arns;
}

// ---------------------------------------------------------------- operations

const op = (name: ProtonOperation, handle: JsonOperation['handle']): [string, JsonOperation] => [name, { input: INPUTS[name], handle }];

const operations: Record<string, JsonOperation> = Object.fromEntries([
  op('GetAccountSettings', (_i, ctx) => ({ accountSettings: shapeOf(proton(ctx).accountSettings ?? {}, OUTPUT.accountSettings) })),

  op('ListEnvironmentTemplates', (i, ctx) => listed('ListEnvironmentTemplates', i, proton(ctx).environmentTemplates, OUTPUT.environmentTemplateSummary, 'templates')),
  op('GetEnvironmentTemplate', (i, ctx) => ({
    environmentTemplate: shapeOf(findTemplate(proton(ctx).environmentTemplates, i.name, 'environment'), OUTPUT.environmentTemplate),
  })),
  op('ListEnvironmentTemplateVersions', (i, ctx) =>
    versionList('ListEnvironmentTemplateVersions', i, proton(ctx).environmentTemplates, proton(ctx).environmentTemplateVersions, 'environment', OUTPUT.environmentTemplateVersionSummary),
  ),
  op('GetEnvironmentTemplateVersion', (i, ctx) => ({
    environmentTemplateVersion: shapeOf(versionGet(i, proton(ctx).environmentTemplates, proton(ctx).environmentTemplateVersions, 'environment'), OUTPUT.environmentTemplateVersion),
  })),

  op('ListServiceTemplates', (i, ctx) => listed('ListServiceTemplates', i, proton(ctx).serviceTemplates, OUTPUT.serviceTemplateSummary, 'templates')),
  op('GetServiceTemplate', (i, ctx) => ({ serviceTemplate: shapeOf(findTemplate(proton(ctx).serviceTemplates, i.name, 'service'), OUTPUT.serviceTemplate) })),
  op('ListServiceTemplateVersions', (i, ctx) =>
    versionList('ListServiceTemplateVersions', i, proton(ctx).serviceTemplates, proton(ctx).serviceTemplateVersions, 'service', OUTPUT.serviceTemplateVersionSummary),
  ),
  op('GetServiceTemplateVersion', (i, ctx) => ({
    serviceTemplateVersion: shapeOf(versionGet(i, proton(ctx).serviceTemplates, proton(ctx).serviceTemplateVersions, 'service'), OUTPUT.serviceTemplateVersion),
  })),

  op('ListEnvironments', (i, ctx) => {
    const filters = Array.isArray(i.environmentTemplates) ? (i.environmentTemplates as Array<{ templateName?: string; majorVersion?: string }>) : undefined;
    const all = proton(ctx).environments.filter(
      (e) => !filters || filters.length === 0 || filters.some((f) => f.templateName === e.templateName && f.majorVersion === e.templateMajorVersion),
    );
    return listed('ListEnvironments', i, all, OUTPUT.environmentSummary, 'environments');
  }),
  op('GetEnvironment', (i, ctx) => {
    const e = lookup(proton(ctx).environments, 'name', (x) => x.name, String(i.name));
    if (!e) throw notFound(`The environment '${String(i.name)}' does not exist.`);
    return { environment: shapeOf(e, OUTPUT.environment) };
  }),

  op('ListServices', (i, ctx) => listed('ListServices', i, proton(ctx).services, OUTPUT.serviceSummary, 'services')),
  op('GetService', (i, ctx) => {
    const s = lookup(proton(ctx).services, 'name', (x) => x.name, String(i.name));
    if (!s) throw notFound(`The service '${String(i.name)}' does not exist.`);
    return { service: shapeOf(s, OUTPUT.service) };
  }),

  op('ListServiceInstances', (i, ctx) => {
    const p = proton(ctx);
    const serviceName = str(i.serviceName);
    if (serviceName !== undefined && !lookup(p.services, 'name', (s) => s.name, serviceName)) throw notFound(`The service '${serviceName}' does not exist.`);
    const rawFilters = Array.isArray(i.filters) ? (i.filters as Array<{ key?: unknown; value?: unknown }>) : [];
    const filters = rawFilters.map((f) => instanceFilter(p, f));
    const select = () =>
      sortInstances(
        p.serviceInstances.filter((x) => (serviceName === undefined || x.serviceName === serviceName) && filters.every((f) => f(x))),
        str(i.sortBy) ?? 'serviceName',
        str(i.sortOrder) ?? 'ASCENDING',
      );
    // Filters may be relative to the current time, so only unfiltered listings are kept.
    const sorted = rawFilters.length > 0 ? select() : memo(p.serviceInstances, `list:${serviceName ?? ''}\u0000${str(i.sortBy) ?? ''}\u0000${str(i.sortOrder) ?? ''}`, select);
    return listed('ListServiceInstances', i, sorted, OUTPUT.serviceInstanceSummary, 'serviceInstances');
  }),
  op('GetServiceInstance', (i, ctx) => {
    const s = lookup(proton(ctx).serviceInstances, 'serviceName/name', (x) => `${x.serviceName}\u0000${x.name}`, `${String(i.serviceName)}\u0000${String(i.name)}`);
    if (!s) throw notFound(`The service instance '${String(i.name)}' of service '${String(i.serviceName)}' does not exist.`);
    return { serviceInstance: shapeOf(s, OUTPUT.serviceInstance) };
  }),

  op('ListComponents', (i, ctx) => {
    const all = proton(ctx).components.filter(
      (c) =>
        (i.environmentName === undefined || c.environmentName === i.environmentName) &&
        (i.serviceName === undefined || c.serviceName === i.serviceName) &&
        (i.serviceInstanceName === undefined || c.serviceInstanceName === i.serviceInstanceName),
    );
    return listed('ListComponents', i, all, OUTPUT.componentSummary, 'components');
  }),
  op('GetComponent', (i, ctx) => {
    const c = lookup(proton(ctx).components, 'name', (x) => x.name, String(i.name));
    if (!c) throw notFound(`The component '${String(i.name)}' does not exist.`);
    return { component: shapeOf(c, OUTPUT.component) };
  }),

  op('ListEnvironmentAccountConnections', (i, ctx) => {
    const me = ctx.account.account.accountId;
    const statuses = Array.isArray(i.statuses) ? (i.statuses as string[]) : [];
    const all = ctx.world
      .connections(ctx.region)
      .filter(
        (c) =>
          (i.requestedBy === 'MANAGEMENT_ACCOUNT' ? c.managementAccountId : c.environmentAccountId) === me &&
          (i.environmentName === undefined || c.environmentName === i.environmentName) &&
          (statuses.length === 0 || statuses.includes(c.status)),
      );
    return listed('ListEnvironmentAccountConnections', i, all, OUTPUT.environmentAccountConnectionSummary, 'environmentAccountConnections');
  }),
  op('GetEnvironmentAccountConnection', (i, ctx) => {
    const me = ctx.account.account.accountId;
    const c = ctx.world.connections(ctx.region).find((x) => x.id === i.id && (x.managementAccountId === me || x.environmentAccountId === me));
    if (!c) throw notFound(`The environment account connection '${String(i.id)}' does not exist.`);
    return { environmentAccountConnection: shapeOf(c, OUTPUT.environmentAccountConnection) };
  }),

  op('ListRepositories', (i, ctx) => listed('ListRepositories', i, proton(ctx).repositories, OUTPUT.repositorySummary, 'repositories')),
  op('GetRepository', (i, ctx) => {
    const r = proton(ctx).repositories.find((x) => x.provider === i.provider && x.name === i.name);
    if (!r) throw notFound(`The repository '${String(i.name)}' (${String(i.provider)}) does not exist.`);
    return { repository: shapeOf(r, OUTPUT.repository) };
  }),

  op('GetResourcesSummary', (_i, ctx) => {
    const p = proton(ctx);
    const pipelines = p.services.flatMap((s) => (s.pipeline ? [s.pipeline] : []));
    return {
      counts: {
        components: { total: p.components.length, failed: p.components.filter((c) => c.deploymentStatus === 'FAILED' || c.deploymentStatus === 'DELETE_FAILED').length },
        environments: countsFor(p.environments, p.environmentTemplates, p.environmentTemplateVersions),
        environmentTemplates: { total: p.environmentTemplates.length },
        serviceInstances: countsFor(p.serviceInstances, p.serviceTemplates, p.serviceTemplateVersions),
        services: { total: p.services.length, failed: p.services.filter((s) => s.status.includes('FAILED')).length },
        serviceTemplates: { total: p.serviceTemplates.length },
        pipelines: countsFor(pipelines, p.serviceTemplates, p.serviceTemplateVersions),
      },
    };
  }),

  op('ListTagsForResource', (i, ctx) => {
    const arn = String(i.resourceArn);
    if (!knownArns(ctx).has(arn)) throw notFound(`The resource '${arn}' does not exist.`);
    const tags = Object.entries(region(ctx).tags.get(arn) ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => ({ key, value }));
    return listed('ListTagsForResource', i, tags, ['key', 'value'], 'tags');
  }),
]);

export const protonService: JsonService = {
  operations,
  codes: { validation: 'ValidationException', accessDenied: 'AccessDeniedException', throttling: 'ThrottlingException', serverError: 'InternalFailure' },
};
