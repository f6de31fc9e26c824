/** A resource as rules see it: identity, the AWS-shaped record and its precomputed facts. */
import type { ResourceFacts } from './facts.ts';
import type { ResourceType } from './rule.ts';

/** A resource as rules and CEL see it. */
export interface ResourceView {
  type: ResourceType;
  arn: string;
  name: string;
  accountId: string;
  /** 'global' for IAM resources. */
  region: string;
  /** The AWS-shaped record from the snapshot. */
  data: Record<string, unknown>;
  facts: ResourceFacts;
}

