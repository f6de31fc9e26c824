/** The snapshot as a TypeScript rule sees it: every resource, typed by its resource type. */
import type { SnapshotView } from '../../facts/index.ts';
import type { AnyResourceView, Collected, DataFamily, ResourceData, ResourceType, ResourceViewOf, Snapshot } from '../../model/index.ts';

export interface RuleSnapshotView {
  readonly snapshot: Snapshot;
  /** Every resource, sorted by type then ARN. */
  readonly resources: readonly AnyResourceView[];
  byArn(arn: string): AnyResourceView | undefined;
  /** Sorted by ARN. */
  ofType<T extends ResourceType>(type: T): readonly ResourceViewOf<T>[];
  /**
   * Resources of a type whose record field (a string) equals `value`, e.g. the service instances
   * of a service: lookup('serviceInstance', 'serviceName', name). Indexed on first use.
   */
  lookup<T extends ResourceType>(type: T, field: keyof ResourceData[T] & string, value: string): readonly ResourceViewOf<T>[];
  /** Whether `family` was collected where a resource lives. */
  collected(family: DataFamily, accountId: string, region: string, arn?: string, type?: ResourceType): Collected;
  /** Whether a type's listing failed in a region, hiding all its resources there. */
  listingGap(accountId: string, region: string, type: ResourceType): Collected;
}

/** The engine's snapshot view through the rule API's typed signatures: the same object, whose records are the snapshot's own. */
export function asRuleView(view: SnapshotView): RuleSnapshotView {
  return view as unknown as RuleSnapshotView;
}
