/**
 * Resource Groups Tagging API GetResources over a region's tag map: resource-type and tag
 * filters, an ARN list, pages of 1–100, and an empty PaginationToken on the last page. Untagged
 * resources never appear, as with AWS.
 */
import { ApiError } from '../api-error.ts';
import { memo } from '../memo.ts';
import { paginate, queryDigest } from '../paging.ts';
import { bool, int, list, str, struct } from '../shape.ts';
import type { JsonOperation, JsonService } from './context.ts';

const input = struct('GetResourcesInput', {
  PaginationToken: str({ max: 2048 }),
  TagFilters: list(struct('TagFilter', { Key: str({ min: 1, max: 128 }), Values: list(str({ max: 256 }), 0, 20) }, ['Key']), 0, 50),
  ResourcesPerPage: int(1, 100),
  TagsPerPage: int(100, 500),
  ResourceTypeFilters: list(str({ pattern: /^[a-z0-9-]+(:[A-Za-z0-9-]+)?$/ })),
  IncludeComplianceDetails: bool,
  ExcludeCompliantResources: bool,
  ResourceARNList: list(str({ min: 1, max: 1011, pattern: /^arn:/ }), 1, 100),
});

/** `arn:aws:proton:r:a:environment/x` → ['proton', 'environment']; S3 bucket ARNs have type 'bucket'. */
export function resourceType(arn: string): [string, string] {
  const parts = arn.split(':');
  const service = parts[2] ?? '';
  const resource = parts.slice(5).join(':');
  const cut = resource.search(/[/:]/);
  if (cut > 0) return [service, resource.slice(0, cut)];
  return [service, service === 's3' ? 'bucket' : ''];
}

function matchesType(arn: string, filters: readonly string[]): boolean {
  if (filters.length === 0) return true;
  const [service, type] = resourceType(arn);
  return filters.some((f) => {
    const [fs, ft] = f.split(':');
    return fs === service && (ft === undefined || ft === type);
  });
}

const getResources: JsonOperation = {
  input,
  handle: (i, ctx) => {
    const arnList = Array.isArray(i.ResourceARNList) ? (i.ResourceARNList as string[]) : undefined;
    if (arnList && (i.PaginationToken !== undefined || i.ResourcesPerPage !== undefined || i.TagsPerPage !== undefined)) {
      throw new ApiError('InvalidParameterException', 'ResourceARNList cannot be used with PaginationToken, ResourcesPerPage or TagsPerPage.');
    }
    const typeFilters = Array.isArray(i.ResourceTypeFilters) ? (i.ResourceTypeFilters as string[]) : [];
    const tagFilters = Array.isArray(i.TagFilters) ? (i.TagFilters as Array<{ Key: string; Values?: string[] }>) : [];
    const tags = ctx.account.regions.get(ctx.region)?.tags ?? new Map<string, Record<string, string>>();
    const select = () => [...tags.entries()]
      .filter(([, t]) => Object.keys(t).length > 0)
      .filter(([arn]) => !arnList || arnList.includes(arn))
      .filter(([arn]) => matchesType(arn, typeFilters))
      .filter(([, t]) => tagFilters.every((f) => f.Key in t && (!f.Values || f.Values.length === 0 || f.Values.includes(t[f.Key] ?? ''))))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([arn, t]) => ({
        ResourceARN: arn,
        Tags: Object.entries(t)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([Key, Value]) => ({ Key, Value })),
      }));
    // The same query is asked once per page: its answer is built once (the tag map is immutable).
    const matching = arnList ? select() : memo(tags, JSON.stringify([typeFilters, tagFilters]), select);
    const page = paginate(matching, {
      operation: 'GetResources',
      digest: queryDigest(i, ['PaginationToken', 'ResourcesPerPage', 'TagsPerPage']),
      ...(typeof i.PaginationToken === 'string' && i.PaginationToken !== '' ? { token: i.PaginationToken } : {}),
      size: typeof i.ResourcesPerPage === 'number' ? i.ResourcesPerPage : 50,
      invalid: () => new ApiError('PaginationTokenExpiredException', 'The PaginationToken is not valid or has expired.'),
    });
    return { PaginationToken: page.next ?? '', ResourceTagMappingList: page.items };
  },
};

export const taggingService: JsonService = {
  operations: { GetResources: getResources },
  codes: { validation: 'InvalidParameterException', accessDenied: 'AccessDeniedException', throttling: 'ThrottledException', serverError: 'InternalFailure' },
};
