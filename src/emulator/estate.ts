/**
 * The estate file: what the emulator serves. Records keep AWS's response shapes (Proton Get*
 * outputs, IAM GetAccountAuthorizationDetails), so AWS CLI output pastes in; extra AWS fields
 * are allowed on records, hence the open index signatures. See docs/estate-format.md.
 */

export const ESTATE_VERSION = 1;

/** ISO-8601 with a zone, or epoch seconds. */
export type Timestamp = string | number;

/** A policy document as JSON, JSON text, or IAM's URL-encoded JSON text. */
export type PolicyDocumentInput = Record<string, unknown> | string;

export interface Estate {
  estateVersion: typeof ESTATE_VERSION;
  description?: string;
  /** The first account answers requests signed with credentials the emulator did not issue. */
  accounts: EstateAccount[];
  organization?: EstateOrganization;
}

export interface EstateOrganization {
  managementAccountId: string;
  /** Organizations Account shapes; derived from `accounts` when absent. */
  accounts?: Array<{ Id: string; Arn?: string; Email?: string; Name?: string; Status?: string; JoinedMethod?: string; JoinedTimestamp?: Timestamp }>;
}

export interface EstateAccount {
  accountId: string;
  name?: string;
  email?: string;
  /** Default true; false makes sts:AssumeRole into this account AccessDenied. */
  assumable?: boolean;
  /** When set, sts:AssumeRole into this account must pass this ExternalId (else AccessDenied). */
  externalId?: string;
  /** What EC2 DescribeRegions answers for this account; default the regions listed below. */
  enabledRegions?: string[];
  /** `service:Operation` (or `service:*`) answered AccessDenied. */
  deny?: string[];
  iam?: EstateIam;
  regions: EstateRegion[];
}

export interface EstateRegion {
  region: string;
  /** Default true; false: Proton requests get their connection destroyed. */
  protonAvailable?: boolean;
  proton?: EstateProton;
  /** ARN → tag key → value, for any resource, Proton or not. */
  tags?: Record<string, Record<string, string>>;
  serviceQuotas?: EstateQuota[];
  /** `aws cloudformation describe-stacks` output. Stack tags are also served by the Tagging API. */
  cloudformation?: { Stacks: StackRecord[] };
  /** `aws codebuild batch-get-projects` output. */
  codebuild?: { projects: ProjectRecord[] };
}

// ---------------------------------------------------------------- CloudFormation and CodeBuild records

/** A CloudFormation Stack as DescribeStacks returns it; StackId is derived from the name when absent. */
export interface StackRecord {
  StackName: string;
  StackId?: string;
  StackStatus: string;
  StackStatusReason?: string;
  Description?: string;
  CreationTime?: Timestamp;
  LastUpdatedTime?: Timestamp;
  RoleARN?: string;
  EnableTerminationProtection?: boolean;
  DriftInformation?: { StackDriftStatus: string; LastCheckTimestamp?: Timestamp };
  Outputs?: Array<{ OutputKey: string; OutputValue: string; Description?: string; ExportName?: string }>;
  Parameters?: Array<{ ParameterKey: string; ParameterValue?: string }>;
  Tags?: Array<{ Key: string; Value: string }>;
  Capabilities?: string[];
  [extra: string]: unknown;
}

/** A CodeBuild Project as BatchGetProjects returns it; arn is derived from the name when absent. */
export interface ProjectRecord {
  name: string;
  arn?: string;
  description?: string;
  serviceRole?: string;
  created?: Timestamp;
  lastModified?: Timestamp;
  tags?: Array<{ key: string; value: string }>;
  [extra: string]: unknown;
}

export interface EstateQuota {
  QuotaCode: string;
  QuotaName?: string;
  Value: number;
  Unit?: string;
  Adjustable?: boolean;
  GlobalQuota?: boolean;
  ServiceCode?: 'proton';
  ServiceName?: string;
  QuotaArn?: string;
  [extra: string]: unknown;
}

// ---------------------------------------------------------------- Proton records

export interface RepositoryBranchRecord {
  arn?: string;
  provider: string;
  name: string;
  branch: string;
}

export interface AccountSettingsRecord {
  pipelineServiceRoleArn?: string;
  pipelineProvisioningRepository?: RepositoryBranchRecord;
  pipelineCodebuildRoleArn?: string;
  [extra: string]: unknown;
}

export interface TemplateRecord {
  name: string;
  arn?: string;
  createdAt?: Timestamp;
  lastModifiedAt?: Timestamp;
  displayName?: string;
  description?: string;
  recommendedVersion?: string;
  encryptionKey?: string;
  /** Environment templates. */
  provisioning?: string;
  /** Service templates. */
  pipelineProvisioning?: string;
  [extra: string]: unknown;
}

export interface TemplateVersionRecord {
  templateName: string;
  majorVersion: string;
  minorVersion: string;
  recommendedMinorVersion?: string;
  status: string;
  statusMessage?: string;
  description?: string;
  arn?: string;
  createdAt?: Timestamp;
  lastModifiedAt?: Timestamp;
  schema?: string;
  /** Service template versions only. */
  compatibleEnvironmentTemplates?: Array<{ templateName: string; majorVersion: string }>;
  supportedComponentSources?: string[];
  [extra: string]: unknown;
}

/** Fields shared by everything deployed from a template version. */
export interface DeployedRecord {
  arn?: string;
  createdAt?: Timestamp;
  lastDeploymentAttemptedAt?: Timestamp;
  lastDeploymentSucceededAt?: Timestamp;
  templateName: string;
  templateMajorVersion: string;
  templateMinorVersion: string;
  deploymentStatus: string;
  deploymentStatusMessage?: string;
  spec?: string;
  lastAttemptedDeploymentId?: string;
  lastSucceededDeploymentId?: string;
  [extra: string]: unknown;
}

export interface EnvironmentRecord extends DeployedRecord {
  name: string;
  description?: string;
  protonServiceRoleArn?: string;
  environmentAccountConnectionId?: string;
  environmentAccountId?: string;
  provisioning?: string;
  provisioningRepository?: RepositoryBranchRecord;
  componentRoleArn?: string;
  codebuildRoleArn?: string;
}

export type PipelineRecord = DeployedRecord;

export interface ServiceRecord {
  name: string;
  arn?: string;
  description?: string;
  templateName: string;
  createdAt?: Timestamp;
  lastModifiedAt?: Timestamp;
  status: string;
  statusMessage?: string;
  spec?: string;
  pipeline?: PipelineRecord;
  repositoryConnectionArn?: string;
  repositoryId?: string;
  branchName?: string;
  [extra: string]: unknown;
}

export interface ServiceInstanceRecord extends DeployedRecord {
  name: string;
  serviceName: string;
  environmentName: string;
  lastClientRequestToken?: string;
}

export interface ComponentRecord {
  name: string;
  arn?: string;
  description?: string;
  environmentName: string;
  serviceName?: string;
  serviceInstanceName?: string;
  createdAt?: Timestamp;
  lastModifiedAt?: Timestamp;
  lastDeploymentAttemptedAt?: Timestamp;
  lastDeploymentSucceededAt?: Timestamp;
  deploymentStatus: string;
  deploymentStatusMessage?: string;
  serviceSpec?: string;
  lastClientRequestToken?: string;
  lastAttemptedDeploymentId?: string;
  lastSucceededDeploymentId?: string;
  [extra: string]: unknown;
}

export interface EnvironmentAccountConnectionRecord {
  id: string;
  arn?: string;
  managementAccountId: string;
  environmentAccountId: string;
  roleArn: string;
  environmentName: string;
  requestedAt?: Timestamp;
  lastModifiedAt?: Timestamp;
  status: string;
  componentRoleArn?: string;
  codebuildRoleArn?: string;
  [extra: string]: unknown;
}

export interface RepositoryRecord {
  arn?: string;
  provider: string;
  name: string;
  connectionArn: string;
  encryptionKey?: string;
  [extra: string]: unknown;
}

export interface EstateProton {
  accountSettings?: AccountSettingsRecord;
  environmentTemplates?: TemplateRecord[];
  environmentTemplateVersions?: TemplateVersionRecord[];
  serviceTemplates?: TemplateRecord[];
  serviceTemplateVersions?: TemplateVersionRecord[];
  environments?: EnvironmentRecord[];
  services?: ServiceRecord[];
  serviceInstances?: ServiceInstanceRecord[];
  components?: ComponentRecord[];
  environmentAccountConnections?: EnvironmentAccountConnectionRecord[];
  repositories?: RepositoryRecord[];
}

// ---------------------------------------------------------------- IAM records

export interface IamTagRecord {
  Key: string;
  Value: string;
}

export interface InlinePolicyRecord {
  PolicyName: string;
  PolicyDocument: PolicyDocumentInput;
}

export interface AttachedPolicyRecord {
  PolicyName?: string;
  PolicyArn: string;
}

export interface PermissionsBoundaryRecord {
  PermissionsBoundaryType?: string;
  PermissionsBoundaryArn: string;
}

export interface RoleRecord {
  Path?: string;
  RoleName: string;
  RoleId?: string;
  Arn?: string;
  CreateDate?: Timestamp;
  Description?: string;
  MaxSessionDuration?: number;
  AssumeRolePolicyDocument?: PolicyDocumentInput;
  RolePolicyList?: InlinePolicyRecord[];
  AttachedManagedPolicies?: AttachedPolicyRecord[];
  PermissionsBoundary?: PermissionsBoundaryRecord;
  Tags?: IamTagRecord[];
  RoleLastUsed?: { LastUsedDate?: Timestamp; Region?: string };
  [extra: string]: unknown;
}

export interface PolicyVersionRecord {
  Document: PolicyDocumentInput;
  VersionId?: string;
  IsDefaultVersion?: boolean;
  CreateDate?: Timestamp;
}

export interface ManagedPolicyRecord {
  PolicyName: string;
  PolicyId?: string;
  Arn?: string;
  Path?: string;
  DefaultVersionId?: string;
  AttachmentCount?: number;
  PermissionsBoundaryUsageCount?: number;
  IsAttachable?: boolean;
  Description?: string;
  CreateDate?: Timestamp;
  UpdateDate?: Timestamp;
  PolicyVersionList: PolicyVersionRecord[];
  [extra: string]: unknown;
}

export interface UserRecord {
  Path?: string;
  UserName: string;
  UserId?: string;
  Arn?: string;
  CreateDate?: Timestamp;
  UserPolicyList?: InlinePolicyRecord[];
  GroupList?: string[];
  AttachedManagedPolicies?: AttachedPolicyRecord[];
  PermissionsBoundary?: PermissionsBoundaryRecord;
  Tags?: IamTagRecord[];
  [extra: string]: unknown;
}

export interface GroupRecord {
  Path?: string;
  GroupName: string;
  GroupId?: string;
  Arn?: string;
  CreateDate?: Timestamp;
  GroupPolicyList?: InlinePolicyRecord[];
  AttachedManagedPolicies?: AttachedPolicyRecord[];
  [extra: string]: unknown;
}

export interface EstateIam {
  RoleDetailList?: RoleRecord[];
  Policies?: ManagedPolicyRecord[];
  UserDetailList?: UserRecord[];
  GroupDetailList?: GroupRecord[];
  IsTruncated?: boolean;
  Marker?: string;
}
