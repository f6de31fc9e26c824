/** A resource as rules see it: identity, the AWS-shaped record and its precomputed facts. */
import type { ResourceFacts } from './facts.ts';
import type { ResourceType } from './rule.ts';
import type { IacResourceData, TemplateBundleData, TemplateRepositoryData, TemplateSpecData } from './scan.ts';
import type {
  AccountSettings,
  LastKnown,
  Component,
  Environment,
  EnvironmentAccountConnection,
  EnvironmentTemplate,
  EnvironmentTemplateVersion,
  ManagedPolicyDetail,
  PolicyEntities,
  Quota,
  Repository,
  ResourcesSummary,
  RoleDetail,
  Service,
  ServiceInstance,
  ServicePipeline,
  ServiceTemplate,
  ServiceTemplateVersion,
  Stack,
  TaggedResource,
} from './snapshot.ts';

/** A resource as the engine and CEL see it: `resource.data` is the AWS-shaped record. */
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
  /**
   * Set when the resource's Proton data is last-known (a Proton record carried from an earlier
   * snapshot), or when what makes it a Proton resource came from such records (a role named by
   * them, a stack whose owners are checked against them).
   */
  lastKnown?: LastKnown;
}

/** The `account` resource (one per account and region): what the snapshot knows of the account there. */
export interface AccountData {
  accountId: string;
  region: string;
  name?: string;
  identity?: { Account: string; Arn: string; UserId: string };
  accountSettings?: AccountSettings;
  resourcesSummary?: ResourcesSummary;
  quotas: Quota[];
}

/** A managed policy with ListEntitiesForPolicy's answer flattened in, when it was collected. */
export type ManagedPolicyData = ManagedPolicyDetail & Partial<Pick<PolicyEntities, 'PolicyGroups' | 'PolicyUsers' | 'PolicyRoles'>>;

/** The record behind each resource type. */
export interface ResourceData {
  account: AccountData;
  environmentTemplate: EnvironmentTemplate;
  environmentTemplateVersion: EnvironmentTemplateVersion;
  serviceTemplate: ServiceTemplate;
  serviceTemplateVersion: ServiceTemplateVersion;
  environment: Environment;
  service: Service;
  servicePipeline: ServicePipeline;
  serviceInstance: ServiceInstance;
  component: Component;
  environmentAccountConnection: EnvironmentAccountConnection;
  repository: Repository;
  role: RoleDetail;
  managedPolicy: ManagedPolicyData;
  provisionedResource: TaggedResource;
  templateRepository: TemplateRepositoryData;
  templateBundle: TemplateBundleData;
  templateSpec: TemplateSpecData;
  iacResource: IacResourceData;
  stack: Stack;
}

/** A resource of one type, its record typed: what TypeScript rules get. */
export interface ResourceViewOf<T extends ResourceType> extends Omit<ResourceView, 'type' | 'data'> {
  type: T;
  data: ResourceData[T];
}

/** Any resource, narrowed by its `type`. */
export type AnyResourceView = { [T in ResourceType]: ResourceViewOf<T> }[ResourceType];
