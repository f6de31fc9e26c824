/**
 * Tags from the Resource Groups Tagging API, per region: the Proton resources that carry tags,
 * and the infrastructure Proton provisioned (it carries proton:environment when an environment or
 * instance deployed it, proton:service when a pipeline did). Any failed query leaves `tagging`
 * absent: a partial list would make untagged-looking resources that are merely unseen.
 */
import { paginateGetResources, type ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import type { TaggedResource, TaggingData } from '../snapshot/types.ts';
import { listAll, type Scope } from './call.ts';
import { isProtonArn, taggedResourceFrom, unionByArn } from './normalize/tagging.ts';

/** The tag keys whose presence marks a resource as provisioned by Proton. */
export const PROVISIONED_TAG_KEYS = ['proton:environment', 'proton:service'] as const;

export async function collectTagging(client: ResourceGroupsTaggingAPIClient, scope: Scope, pageSize: number): Promise<TaggingData | undefined> {
  const query = (input: { ResourceTypeFilters?: string[]; TagFilters?: Array<{ Key: string }> }) =>
    listAll(
      scope,
      'tagging',
      'GetResources',
      () => paginateGetResources({ client }, { ...input, ResourcesPerPage: pageSize }),
      (page) => page.ResourceTagMappingList,
    );
  const [protonListing, ...provisionedListings] = await Promise.all([
    query({ ResourceTypeFilters: ['proton'] }),
    ...PROVISIONED_TAG_KEYS.map((Key) => query({ TagFilters: [{ Key }] })),
  ]);
  if (!protonListing || !protonListing.complete || provisionedListings.some((l) => !l.complete)) return undefined;

  const mapped = (items: readonly Parameters<typeof taggedResourceFrom>[0][]): TaggedResource[] =>
    items.map(taggedResourceFrom).filter((r): r is TaggedResource => r !== undefined);
  return {
    protonResources: unionByArn([mapped(protonListing.items)]),
    provisionedResources: unionByArn(provisionedListings.map((l) => mapped(l.items).filter((r) => !isProtonArn(r.ResourceARN)))),
  };
}
