/**
 * The snapshot: the product's durable interface. Resources keep AWS's own shapes and field
 * names (Proton Get and List outputs, IAM GetAccountAuthorizationDetails shapes, Tagging
 * GetResources shapes); timestamps are ISO-8601 strings. These types are hand-written
 * mirrors so the engine never imports @aws-sdk/*; unknown extra fields are kept as-is.
 */

/**
 * Version 2 added CloudFormation stacks and CodeBuild projects per region, last-known Proton
 * records (`RegionSnapshot.lastKnown`, coverage status `last-known`) and the `cloudformation`
 * and `codebuild` coverage services. Version 1 files are a subset and are read as they are.
 */
export const SNAPSHOT_SCHEMA_VERSION = 2;
/** Versions this tool reads. */
export const READABLE_SNAPSHOT_VERSIONS: readonly number[] = [1, 2];
export type SnapshotSchemaVersion = 1 | 2;

export type Iso = string;

export interface Snapshot {
  /** Written as SNAPSHOT_SCHEMA_VERSION; version 1 files are read too. */
  schemaVersion: SnapshotSchemaVersion;
  tool: { name: 'proton-audit'; version: string };
  /** When collection finished (or the import/merge ran). */
  collectedAt: Iso;
  collection: CollectionInfo;
  /** Sorted by accountId. */
  accounts: AccountSnapshot[];
  /** Every operation tried, sorted by accountId, region, service, operation. */
  coverage: CoverageEntry[];
  /** Secrets found in specs and template schemas when the snapshot was made (docs/snapshot-format.md). */
  secrets?: SnapshotSecrets;
  /**
   * Written by `collect`, `audit`, `import` and `merge`: the digest of everything above, and with
   * `--sign` an Ed25519 signature over it, so an edited snapshot is told from a collected one
   * (docs/evidence.md, "Snapshot integrity").
   */
  integrity?: SnapshotIntegrity;
}

/**
 * What collection (or import) found in specs: where each secret was and a salted hash of it.
 * By default each value was replaced in the snapshot by `<redacted:kind:hash8>` and scrubbed from
 * every other string; the secret rules judge these records, so they still fail.
 */
export interface SnapshotSecrets {
  /** 'replaced' (the default) or 'kept' (`--keep-secrets`: the raw values are still in the snapshot). */
  values: 'replaced' | 'kept';
  /** Hex salt of every record's hash, random per snapshot (shown so an owner can confirm a value). */
  salt: string;
  /** Sorted by arn, field, line, kind. */
  found: SecretRecord[];
  /** `--redact`: spec fields scanned and then dropped, so a spec without a secret still passes. */
  scanned?: Array<{ arn: string; field: string }>;
}

export interface SecretRecord {
  /** The resource the rules judge (a pipeline is its service's ARN + '/pipeline'). */
  arn: string;
  kind: 'aws-access-key-id' | 'aws-secret-access-key' | 'private-key' | 'token' | 'password' | 'high-entropy';
  /** 'spec' | 'pipeline.spec' | 'serviceSpec' | 'schema'. */
  field: string;
  key?: string;
  line: number;
  /** At most four characters, then asterisks. */
  preview: string;
  windowed?: boolean;
  /** sha256 (hex) of the salt's bytes followed by the value's UTF-8 bytes. */
  sha256: string;
  /** Merged snapshots only: this record's own salt, when its shard's differs from `salt`. */
  salt?: string;
}

export interface SnapshotIntegrity {
  /** sha256 (hex) of the snapshot's canonical JSON with `integrity` left out. */
  digest: string;
  signature?: {
    algorithm: 'ed25519';
    /** Base64 Ed25519 signature over the UTF-8 bytes 'proton-audit snapshot digest v1\n' + digest + '\n'. */
    value: string;
    /** The signer's public key (PEM, SPKI). It proves integrity only; trust needs the key given to evaluate. */
    publicKey: string;
    /** sha256 of the DER SPKI public key. */
    publicKeySha256: string;
  };
}

export interface CollectionInfo {
  source: 'live' | 'import' | 'merge';
  startedAt: Iso;
  finishedAt: Iso;
  /** Endpoint overrides in force, so a reviewer can tell an emulator run from a live one. */
  endpoints?: Record<string, string>;
  /** Set by `collect --since`: sha256 of the previous snapshot and how many details were reused. */
  incremental?: { previousSha256: string; reused: number; fetched: number };
  /** `--redact`: spec contents were dropped after scanning. */
  redacted?: boolean;
  /** Import only: files that were read and files that could not be used. */
  files?: { used: string[]; unused: Array<{ file: string; reason: string }> };
  /** Merge only: sha256 of each shard snapshot joined into this one. */
  shards?: string[];
}

export interface AccountSnapshot {
  accountId: string;
  /** Friendly name from --accounts CSV or Organizations. */
  name?: string;
  /** STS GetCallerIdentity output (Account, Arn, UserId). */
  identity?: { Account: string; Arn: string; UserId: string };
  /** Absent when IAM was not collected (see coverage). IAM is global, so it lives per account. */
  iam?: IamData;
  /** Sorted by region. */
  regions: RegionSnapshot[];
}

export interface RegionSnapshot {
  region: string;
  /**
   * Absent when Proton did not answer in this region (see coverage). When `lastKnown` is set,
   * these records were not collected now: they were carried from an earlier snapshot.
   */
  proton?: ProtonData;
  /** Set when `proton` holds last-known records carried from an earlier snapshot. */
  lastKnown?: LastKnown;
  /** CloudFormation stacks AWS Proton created (name AWSProton-* or proton:* tags). Absent when not collected. */
  cloudformation?: CloudFormationData;
  /** CodeBuild projects AWS Proton created (name AWSProton-*). Absent when not collected. */
  codebuild?: CodeBuildData;
  /** Absent when the Tagging API was not collected. */
  tagging?: TaggingData;
  /** Always present: Service Quotas values, or the documented defaults. */
  quotas: Quota[];
}

/**
 * Where last-known Proton records came from: the snapshot that collected them while Proton still
 * answered. Carrying them again (a chain of --last-known runs) keeps the original block.
 */
export interface LastKnown {
  /** `collectedAt` of the snapshot in which Proton answered. */
  collectedAt: Iso;
  /** sha256 of that snapshot file. */
  sha256: string;
  /** How that snapshot was made. */
  source: CollectionInfo['source'];
}

// ---------------------------------------------------------------- coverage

/**
 * `last-known`: the service did not answer now and the data is carried from an earlier
 * snapshot (the entry's `lastKnown` says which). Never `ok`: nothing was collected now.
 */
export type CoverageStatus = 'ok' | 'last-known' | 'denied' | 'unavailable' | 'error';

export interface CoverageEntry {
  accountId: string;
  /** 'global' for IAM, STS, Organizations and EC2 DescribeRegions (an account-wide answer). */
  region: string;
  service: 'proton' | 'tagging' | 'iam' | 'sts' | 'servicequotas' | 'organizations' | 'ec2' | 'cloudformation' | 'codebuild';
  /** The API operation name, e.g. ListEnvironments. */
  operation: string;
  /** The worst outcome seen for this operation (error > unavailable > denied > ok). */
  status: CoverageStatus;
  /** API calls made (pages and retries' final attempts; not SDK-internal retries). */
  calls: number;
  /** Calls that ended in failure after retries. */
  failures: number;
  /** Failure detail, one per distinct code, sorted by code. */
  errors?: Array<{ code: string; message: string; count: number }>;
  /** ARNs/names whose detail call failed, so rules can skip exactly those. Sorted. */
  failedResources?: string[];
  /** Status `last-known` (or a gap the last-known snapshot already had): where the data came from. */
  lastKnown?: LastKnown;
}

// ---------------------------------------------------------------- Proton (AWS shapes)

export interface RepositoryBranch {
  arn?: string;
  provider?: string;
  name?: string;
  branch?: string;
}

export interface AccountSettings {
  pipelineServiceRoleArn?: string;
  pipelineProvisioningRepository?: RepositoryBranch;
  pipelineCodebuildRoleArn?: string;
}

export type TemplateVersionStatus = 'REGISTRATION_IN_PROGRESS' | 'REGISTRATION_FAILED' | 'DRAFT' | 'PUBLISHED';
export type DeploymentStatus =
  | 'IN_PROGRESS' | 'FAILED' | 'SUCCEEDED' | 'DELETE_IN_PROGRESS' | 'DELETE_FAILED'
  | 'DELETE_COMPLETE' | 'CANCELLING' | 'CANCELLED';

export interface EnvironmentTemplate {
  name: string;
  arn: string;
  createdAt?: Iso;
  lastModifiedAt?: Iso;
  displayName?: string;
  description?: string;
  /** The recommended major version, e.g. "2". */
  recommendedVersion?: string;
  encryptionKey?: string;
  provisioning?: 'CUSTOMER_MANAGED';
}

export interface EnvironmentTemplateVersion {
  templateName: string;
  majorVersion: string;
  minorVersion: string;
  recommendedMinorVersion?: string;
  status: TemplateVersionStatus | string;
  statusMessage?: string;
  description?: string;
  arn: string;
  createdAt?: Iso;
  lastModifiedAt?: Iso;
  schema?: string;
}

export interface ServiceTemplate {
  name: string;
  arn: string;
  createdAt?: Iso;
  lastModifiedAt?: Iso;
  displayName?: string;
  description?: string;
  recommendedVersion?: string;
  encryptionKey?: string;
  pipelineProvisioning?: 'CUSTOMER_MANAGED' | string;
}

export interface CompatibleEnvironmentTemplate {
  templateName: string;
  majorVersion: string;
}

export interface ServiceTemplateVersion {
  templateName: string;
  majorVersion: string;
  minorVersion: string;
  recommendedMinorVersion?: string;
  status: TemplateVersionStatus | string;
  statusMessage?: string;
  description?: string;
  arn: string;
  createdAt?: Iso;
  lastModifiedAt?: Iso;
  compatibleEnvironmentTemplates?: CompatibleEnvironmentTemplate[];
  schema?: string;
  supportedComponentSources?: string[];
}

export interface Environment {
  name: string;
  arn: string;
  description?: string;
  createdAt?: Iso;
  lastDeploymentAttemptedAt?: Iso;
  lastDeploymentSucceededAt?: Iso;
  templateName: string;
  templateMajorVersion: string;
  templateMinorVersion: string;
  deploymentStatus: DeploymentStatus | string;
  deploymentStatusMessage?: string;
  protonServiceRoleArn?: string;
  environmentAccountConnectionId?: string;
  environmentAccountId?: string;
  spec?: string;
  provisioning?: 'CUSTOMER_MANAGED' | string;
  provisioningRepository?: RepositoryBranch;
  componentRoleArn?: string;
  codebuildRoleArn?: string;
  lastAttemptedDeploymentId?: string;
  lastSucceededDeploymentId?: string;
}

export interface ServicePipeline {
  arn: string;
  createdAt?: Iso;
  lastDeploymentAttemptedAt?: Iso;
  lastDeploymentSucceededAt?: Iso;
  templateName: string;
  templateMajorVersion: string;
  templateMinorVersion: string;
  deploymentStatus: DeploymentStatus | string;
  deploymentStatusMessage?: string;
  spec?: string;
  lastAttemptedDeploymentId?: string;
  lastSucceededDeploymentId?: string;
}

export interface Service {
  name: string;
  arn: string;
  description?: string;
  templateName: string;
  createdAt?: Iso;
  lastModifiedAt?: Iso;
  status: string;
  statusMessage?: string;
  spec?: string;
  pipeline?: ServicePipeline;
  repositoryConnectionArn?: string;
  repositoryId?: string;
  branchName?: string;
}

export interface ServiceInstance {
  name: string;
  arn: string;
  createdAt?: Iso;
  lastDeploymentAttemptedAt?: Iso;
  lastDeploymentSucceededAt?: Iso;
  serviceName: string;
  environmentName: string;
  templateName: string;
  templateMajorVersion: string;
  templateMinorVersion: string;
  deploymentStatus: DeploymentStatus | string;
  deploymentStatusMessage?: string;
  spec?: string;
  lastClientRequestToken?: string;
  lastAttemptedDeploymentId?: string;
  lastSucceededDeploymentId?: string;
}

export interface Component {
  name: string;
  arn: string;
  description?: string;
  environmentName: string;
  serviceName?: string;
  serviceInstanceName?: string;
  createdAt?: Iso;
  lastModifiedAt?: Iso;
  lastDeploymentAttemptedAt?: Iso;
  lastDeploymentSucceededAt?: Iso;
  deploymentStatus: DeploymentStatus | string;
  deploymentStatusMessage?: string;
  serviceSpec?: string;
  lastAttemptedDeploymentId?: string;
  lastSucceededDeploymentId?: string;
}

export interface EnvironmentAccountConnection {
  id: string;
  arn: string;
  managementAccountId: string;
  environmentAccountId: string;
  roleArn: string;
  environmentName: string;
  requestedAt?: Iso;
  lastModifiedAt?: Iso;
  status: 'PENDING' | 'CONNECTED' | 'REJECTED' | string;
  componentRoleArn?: string;
  codebuildRoleArn?: string;
  /** Which listing found it: connections this account requested or received. */
  requestedBy?: 'MANAGEMENT_ACCOUNT' | 'ENVIRONMENT_ACCOUNT';
}

export interface Repository {
  arn: string;
  provider: string;
  name: string;
  connectionArn?: string;
  encryptionKey?: string;
}

export interface ResourceCountsSummary {
  total: number;
  failed?: number;
  upToDate?: number;
  behindMajor?: number;
  behindMinor?: number;
}

export type ResourcesSummary = Partial<Record<
  'components' | 'environmentTemplates' | 'environments' | 'serviceInstances' | 'services' | 'serviceTemplates' | 'pipelines',
  ResourceCountsSummary
>>;

export interface ProtonData {
  accountSettings?: AccountSettings;
  /** Each list sorted by arn. */
  environmentTemplates: EnvironmentTemplate[];
  environmentTemplateVersions: EnvironmentTemplateVersion[];
  serviceTemplates: ServiceTemplate[];
  serviceTemplateVersions: ServiceTemplateVersion[];
  environments: Environment[];
  services: Service[];
  serviceInstances: ServiceInstance[];
  components: Component[];
  environmentAccountConnections: EnvironmentAccountConnection[];
  repositories: Repository[];
  resourcesSummary?: ResourcesSummary;
}

// ---------------------------------------------------------------- CloudFormation and CodeBuild (AWS shapes)

/** A CloudFormation DescribeStacks `Stack`, timestamps as ISO strings. Extra AWS fields are kept. */
export interface Stack {
  StackId: string;
  StackName: string;
  StackStatus: string;
  StackStatusReason?: string;
  Description?: string;
  CreationTime?: Iso;
  LastUpdatedTime?: Iso;
  DeletionTime?: Iso;
  /** The service role CloudFormation assumes for stack operations. */
  RoleARN?: string;
  EnableTerminationProtection?: boolean;
  /** From the last drift detection, if any was run (proton-audit never starts one). */
  DriftInformation?: { StackDriftStatus: 'DRIFTED' | 'IN_SYNC' | 'UNKNOWN' | 'NOT_CHECKED' | string; LastCheckTimestamp?: Iso };
  Outputs?: Array<{ OutputKey?: string; OutputValue?: string; Description?: string; ExportName?: string }>;
  Parameters?: Array<{ ParameterKey?: string; ParameterValue?: string; UsePreviousValue?: boolean; ResolvedValue?: string }>;
  /** Sorted by Key. */
  Tags?: Tag[];
  Capabilities?: string[];
  ParentId?: string;
  RootId?: string;
  [extra: string]: unknown;
}

export interface CloudFormationData {
  /** Sorted by StackId. */
  stacks: Stack[];
}

/** A CodeBuild BatchGetProjects `Project`, timestamps as ISO strings. Extra AWS fields are kept. */
export interface CodeBuildProject {
  name: string;
  arn: string;
  description?: string;
  /** The role CodeBuild assumes to run builds of this project. */
  serviceRole?: string;
  created?: Iso;
  lastModified?: Iso;
  /** CodeBuild's own tag shape (lower-case key/value), as the API returns it. */
  tags?: Array<{ key?: string; value?: string }>;
  [extra: string]: unknown;
}

export interface CodeBuildData {
  /** Sorted by arn. */
  projects: CodeBuildProject[];
}

// ---------------------------------------------------------------- tags

export interface Tag {
  Key: string;
  Value: string;
}

/** A Tagging API ResourceTagMapping. */
export interface TaggedResource {
  ResourceARN: string;
  /** Sorted by Key. */
  Tags: Tag[];
}

export interface TaggingData {
  /** Proton resources that carry at least one tag (the Tagging API omits untagged ones). Sorted by ARN. */
  protonResources: TaggedResource[];
  /** Non-Proton resources carrying proton:* tags: the infrastructure Proton provisioned. Sorted by ARN. */
  provisionedResources: TaggedResource[];
}

// ---------------------------------------------------------------- quotas

export type QuotaName =
  | 'environmentsPerAccount'
  | 'servicesPerAccount'
  | 'instancesPerService'
  | 'specSizeBytes'
  | 'customerTagsPerResource';

export interface Quota {
  name: QuotaName;
  value: number;
  source: 'service-quotas' | 'documented-default';
  /** Service Quotas QuotaCode when the value came from there. */
  quotaCode?: string;
}

export const DOCUMENTED_QUOTAS: Readonly<Record<QuotaName, number>> = {
  environmentsPerAccount: 100,
  servicesPerAccount: 1000,
  instancesPerService: 100,
  specSizeBytes: 200 * 1024,
  customerTagsPerResource: 50,
};

// ---------------------------------------------------------------- IAM (GetAccountAuthorizationDetails shapes)

/** A decoded IAM policy document. */
export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement[] | PolicyStatement;
}

export type StringOrList = string | string[];
export type Principal = '*' | Record<string, StringOrList>;

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny' | string;
  Action?: StringOrList;
  NotAction?: StringOrList;
  Resource?: StringOrList;
  NotResource?: StringOrList;
  Principal?: Principal;
  NotPrincipal?: Principal;
  Condition?: Record<string, Record<string, StringOrList | boolean | number>>;
}

export interface RoleDetail {
  Path: string;
  RoleName: string;
  RoleId: string;
  Arn: string;
  CreateDate?: Iso;
  Description?: string;
  MaxSessionDuration?: number;
  /** URL-decoded and parsed. */
  AssumeRolePolicyDocument?: PolicyDocument;
  RolePolicyList: Array<{ PolicyName: string; PolicyDocument: PolicyDocument }>;
  AttachedManagedPolicies: Array<{ PolicyName?: string; PolicyArn: string }>;
  PermissionsBoundary?: { PermissionsBoundaryType?: string; PermissionsBoundaryArn: string };
  Tags: Tag[];
  RoleLastUsed?: { LastUsedDate?: Iso; Region?: string };
}

export interface ManagedPolicyDetail {
  PolicyName: string;
  PolicyId?: string;
  Arn: string;
  Path?: string;
  DefaultVersionId?: string;
  AttachmentCount?: number;
  IsAttachable?: boolean;
  Description?: string;
  CreateDate?: Iso;
  UpdateDate?: Iso;
  /** Only the default version is collected; Document is decoded JSON. */
  PolicyVersionList: Array<{ VersionId: string; IsDefaultVersion: boolean; CreateDate?: Iso; Document: PolicyDocument }>;
}

/** ListEntitiesForPolicy output for one policy. */
export interface PolicyEntities {
  PolicyArn: string;
  PolicyGroups: Array<{ GroupName: string; GroupId?: string }>;
  PolicyUsers: Array<{ UserName: string; UserId?: string }>;
  PolicyRoles: Array<{ RoleName: string; RoleId?: string }>;
}

export interface IamData {
  /** Roles named by a Proton resource or trusting proton.amazonaws.com. Sorted by Arn. */
  roles: RoleDetail[];
  /**
   * Managed policies attached to those roles, the AWS managed AWSProton* policies, and customer
   * managed policies whose name mentions Proton (to spot copies). Sorted by Arn.
   */
  policies: ManagedPolicyDetail[];
  /** Who holds each AWS managed AWSProton* policy. Sorted by PolicyArn. */
  policyEntities: PolicyEntities[];
}
