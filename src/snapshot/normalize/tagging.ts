/** Tagging API ResourceTagMappings → snapshot TaggedResources: tags sorted, Proton ARNs told apart. */
import type { Tag, TaggedResource } from '../../model/index.ts';
import { sortBy } from './plain.ts';

interface MappingLike {
  ResourceARN?: string | undefined;
  Tags?: ReadonlyArray<{ Key?: string | undefined; Value?: string | undefined }> | undefined;
}

export function sortTags(tags: ReadonlyArray<{ Key?: string | undefined; Value?: string | undefined }> | undefined): Tag[] {
  const out: Tag[] = [];
  for (const t of tags ?? []) if (t.Key !== undefined) out.push({ Key: t.Key, Value: t.Value ?? '' });
  return sortBy(out, (t) => t.Key);
}

export function taggedResourceFrom(mapping: MappingLike): TaggedResource | undefined {
  if (!mapping.ResourceARN) return undefined;
  return { ResourceARN: mapping.ResourceARN, Tags: sortTags(mapping.Tags) };
}

/** arn:<partition>:proton:... — Proton's own resources, in any partition. */
export function isProtonArn(arn: string): boolean {
  return /^arn:[^:]+:proton:/.test(arn);
}

/** Union by ARN (first seen wins), sorted by ARN. */
export function unionByArn(lists: ReadonlyArray<readonly TaggedResource[]>): TaggedResource[] {
  const byArn = new Map<string, TaggedResource>();
  for (const list of lists) for (const r of list) if (!byArn.has(r.ResourceARN)) byArn.set(r.ResourceARN, r);
  return sortBy([...byArn.values()], (r) => r.ResourceARN);
}

/**
 * The tag keys whose presence marks a resource as provisioned by Proton: the customer-managed
 * copies of every AWS managed `aws:proton:*` key the User Guide lists. The Tagging API filters on
 * a key, not a prefix, so each is one query; a resource that kept only some of them (say only
 * proton:account after someone pruned tags) is still found.
 */
export const PROVISIONED_TAG_KEYS = ['proton:account', 'proton:environment', 'proton:service', 'proton:service-instance', 'proton:template'] as const;

/** Whether a resource's tags mark it as provisioned by Proton. */
export function hasProvisionedTag(tags: ReadonlyArray<{ Key: string }>): boolean {
  return tags.some((t) => (PROVISIONED_TAG_KEYS as readonly string[]).includes(t.Key));
}
