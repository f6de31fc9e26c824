/**
 * Tags from the Resource Groups Tagging API, per region: the Proton resources that carry tags,
 * and the infrastructure Proton provisioned (Proton propagates its managed tags to it as
 * customer tags: proton:account, proton:template, proton:environment, proton:service,
 * proton:service-instance). Any failed query leaves `tagging`
 * absent: a partial list would make untagged-looking resources that are merely unseen.
 */
import { paginateGetResources, type ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import type { TaggedResource, TaggingData } from '../model/index.ts';
import { listAll, type Scope } from './call.ts';
import { isProtonArn, PROVISIONED_TAG_KEYS, taggedResourceFrom, unionByArn } from '../snapshot/normalize/tagging.ts';

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
