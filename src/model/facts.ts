/**
 * Facts: computed once per snapshot by pure functions, then handed to rules (CEL sees them as
 * `facts`). Every verdict carries its evidence, so a finding can show the statement that
 * caused it. Field names here are the contract between facts, rules and renderers.
 */
import type { ScanFacts } from './scan.ts';
import type { LastKnown, PolicyStatement } from './snapshot.ts';

/** A policy statement quoted as evidence, with where it came from. */
export interface StatementRef {
  /** 'inline:<PolicyName>' | 'managed:<PolicyArn>' | 'trust' | 'boundary:<PolicyArn>' */
  source: string;
  index: number;
  statement: PolicyStatement;
}

// ---------------------------------------------------------------- IAM permissions analysis (per role)

export interface EscalationFinding {
  /** Stable id of the escalation path, e.g. 'passrole+cloudformation:CreateStack'. */
  id: string;
  /** 'pass-role' | 'existing-resource' | 'iam-policy' | 'role-creation' */
  kind: string;
  description: string;
  /** The actions that together make the path, as allowed by the role. */
  actions: string[];
  evidence: StatementRef[];
  /** 'all': on every resource the path needs; 'named': only through named resources (see escalations.ts). */
  scope: 'all' | 'named';
  /** The roles it can pass when PassRole is pinned, else the resource patterns its first step reaches. */
  resources: string[];
  /** Its stack steps reach only stacks named AWSProton-*, which act with AWS Proton's own roles. */
  onlyProtonStacks: boolean;
}

export interface ActionGrant {
  action: string;
  evidence: StatementRef[];
}

export interface WildcardFinding {
  /** e.g. 's3'; a prefix the service reference data does not know is reported too (unknown: true). */
  service: string;
  unknown?: boolean;
  /** Access levels reached through the wildcard: 'Write' | 'Permissions management' | ... */
  accessLevels: string[];
  evidence: StatementRef[];
}

export interface IamAnalysis {
  /** Allow of Action '*' on '*', NotAction allow on '*', or AdministratorAccess attached, and no Deny that removes it. */
  adminEquivalent: boolean;
  adminEvidence: StatementRef[];
  /** Service-wide wildcards (service:* or equivalent) on Resource '*' reaching write or permissions-management actions. */
  serviceWildcards: WildcardFinding[];
  /** iam:PassRole allowed on '*' with no iam:PassedToService condition. */
  passRoleOnStar: boolean;
  passRoleEvidence: StatementRef[];
  /** Privilege-escalation combinations. */
  escalations: EscalationFinding[];
  /** IAM permissions-management actions (policy, role, user, group administration) allowed on every resource of their type. */
  unconstrainedPermissionsManagement: ActionGrant[];
  /** Actions that return credentials or secret values, allowed on every resource of their type (credential-actions.ts). */
  credentialExposure: ActionGrant[];
  /** Allow statements written with NotAction (whatever their resource or condition). */
  notActionAllows: StatementRef[];
  /** Malformed action strings, e.g. 'cloudformation>DeleteStack' copied from the PDF guide. */
  malformedActions: Array<{ value: string; evidence: StatementRef }>;
  /** Actions allowed (expanded against AWS service reference data), for rules that ask "can it do X". */
  allowedActionCount: number;
  /** Whether the role holds the permissions AWSProtonCodeBuildProvisioningBasicAccess grants. */
  hasCodeBuildBasicAccess: boolean;
  /** Policies that could not be analysed (document missing because collection failed). */
  unresolvedPolicies: string[];
  /** Statements that would make the role admin-equivalent but for a narrowing condition (e.g. the console's NotAction gated by aws:CalledVia). */
  conditionalAdminEvidence?: StatementRef[];
  /** Deny statements carrying a condition: the analysis does not subtract them; listed so a reviewer sees them. */
  conditionalDenies?: StatementRef[];
}

// ---------------------------------------------------------------- trust analysis (per role)

export interface TrustPrincipal {
  kind: 'Service' | 'AWS' | 'Federated' | 'CanonicalUser' | '*';
  value: string;
  /** For AWS principals: the 12-digit account, if one can be read from the value. */
  accountId?: string;
  /** Statement index in the trust policy. */
  statementIndex: number;
}

export interface TrustAnalysis {
  principals: TrustPrincipal[];
  trustsProton: boolean;
  /** Any Allow statement trusting '*' (or AWS: '*') without a narrowing condition. */
  trustsAnyone: boolean;
  /** Statements trusting proton.amazonaws.com lacking aws:SourceAccount and aws:SourceArn. */
  missingConfusedDeputyConditions: boolean;
  /** aws:SourceAccount values that are not the role's own account. */
  foreignSourceAccounts: string[];
  /** aws:SourceArn values that are malformed (e.g. 'arn:aws::proton:...') or too broad ('*', wildcard account). */
  badSourceArns: Array<{ value: string; reason: string }>;
  /** AWS principals in other accounts whose statement has no sts:ExternalId condition. */
  foreignAccountsWithoutExternalId: string[];
  /** Malformed strings in the trust policy, e.g. 'cloudformation>DeleteStack' or 'arn:aws::proton:'. */
  malformed: Array<{ value: string; reason: string }>;
  evidence: StatementRef[];
}

// ---------------------------------------------------------------- usage (per role)

export type RoleUse =
  | 'environment' // Environment.protonServiceRoleArn
  | 'environmentCodebuild' // Environment.codebuildRoleArn
  | 'environmentComponent' // Environment.componentRoleArn
  | 'pipeline' // AccountSettings.pipelineServiceRoleArn
  | 'pipelineCodebuild' // AccountSettings.pipelineCodebuildRoleArn
  | 'connection' // EnvironmentAccountConnection.roleArn
  | 'connectionCodebuild'
  | 'connectionComponent';

export interface RoleUsage {
  uses: RoleUse[];
  /** ARNs of the Proton resources naming this role, sorted. */
  usedBy: string[];
  /** Set when some of the records naming this role are last-known (the earliest of them). */
  lastKnown?: LastKnown;
  /** Days since RoleLastUsed.LastUsedDate at the evaluation clock; null when never used or unknown. */
  daysSinceLastUsed: number | null;
  neverUsed: boolean;
}

// ---------------------------------------------------------------- why a role is a Proton role

export type ProtonRoleReasonKind = 'named' | 'trust' | 'codebuild-project' | 'stack' | 'signature';

/** One reason a role is judged as a role AWS Proton used; `detail` is the sentence reports show. */
export interface ProtonRoleReason {
  kind: ProtonRoleReasonKind;
  detail: string;
  /** The resource that names the role (a Proton record, a stack, a CodeBuild project), or the policy carrying a signature. */
  source?: string;
  /** 'named': the record field that names the role, e.g. codebuildRoleArn. */
  field?: string;
  /** 'named' from a last-known record: when and where that record was collected. */
  lastKnown?: LastKnown;
}

export interface ProtonRoleFacts {
  /** Sorted by kind, then source. Never empty (the fact is absent for other roles). */
  reasons: ProtonRoleReason[];
  /** Service-linked (path /aws-service-role/): AWS manages it; most rules leave it alone. */
  serviceLinked: boolean;
}

// ---------------------------------------------------------------- CloudFormation stacks Proton created

export interface StackOwner {
  /** proton:environment, proton:service or proton:service-instance. */
  key: string;
  /** The tag's value: the owner's Proton ARN. */
  arn: string;
  /** Whether the Proton records (collected now or last-known) hold it; null when they are unknown. */
  exists: boolean | null;
}

export interface StackFacts {
  /** Why the stack is taken as Proton's: its name (AWSProton-*) and/or its proton:* tags. */
  protonBy: Array<'name' | 'tag'>;
  /** The stack's service role (RoleARN) as IAM knows it. */
  serviceRole?: {
    arn: string;
    /** IAM has the role (false: deleted, or in another account). */
    found: boolean;
    adminEquivalent?: boolean;
    adminEvidence?: StatementRef[];
    trustsProton?: boolean;
    /** Proton may assume it without aws:SourceAccount / aws:SourceArn (the confused deputy). */
    missingConfusedDeputyConditions?: boolean;
    trustEvidence?: StatementRef[];
  };
  /** The Proton owners its tags name, checked against the Proton records. */
  owners: StackOwner[];
  /** The Proton records owners were checked against are last-known. */
  ownersLastKnown?: LastKnown;
  /** Days since the last drift detection, null when none was ever run. */
  daysSinceDriftCheck: number | null;
}

// ---------------------------------------------------------------- version lag (environment, instance, pipeline)

export interface VersionLag {
  templateName: string;
  /** 'environment' | 'service' template kind. */
  templateKind: 'environment' | 'service';
  current: { major: string; minor: string };
  /** The template's recommended major and that major's recommended minor, when known. */
  recommended?: { major: string; minor: string };
  /** Recommended minor of the *current* major. */
  recommendedMinorOfCurrentMajor?: string;
  behindMinor: boolean;
  behindMajor: boolean;
  /** Status of the version in use; 'MISSING' when the version no longer exists. */
  versionStatus: string;
  /** Instances only: the environment's template is among the version's compatible templates. null if unknown. */
  compatibleWithEnvironment: boolean | null;
  /** False when the template or its versions were not collected: rules then skip. */
  known: boolean;
}

// ---------------------------------------------------------------- tags

export interface TagFacts {
  /** Tags were collected for this resource's region (absence then means "no tags"). */
  collected: boolean;
  customer: Record<string, string>;
  managed: Record<string, string>;
  customerCount: number;
  /** Required tag keys (from config, per resource type) that are absent. */
  missingRequired: string[];
  /** Required tags present whose value does not match the configured pattern. */
  badValues: Array<{ key: string; value: string; pattern: string }>;
  /** Customer tags of the parent (service → instance/pipeline, environment → instance) this resource lacks. */
  missingFromParent: Array<{ key: string; parentArn: string }>;
  /** Customer-set keys that imitate AWS managed keys (proton:*, aws:proton:* lookalikes). */
  imitations: string[];
}

// ---------------------------------------------------------------- quotas (per account+region, and per service)

export interface QuotaUse {
  name: string;
  used: number;
  limit: number;
  ratio: number;
  source: 'service-quotas' | 'documented-default';
}

// ---------------------------------------------------------------- secrets in specs

export interface SecretHit {
  kind: 'aws-access-key-id' | 'aws-secret-access-key' | 'private-key' | 'token' | 'password' | 'high-entropy';
  /** The spec field: 'spec' | 'pipeline.spec' | 'serviceSpec', or 'Outputs' for stack outputs. */
  field: string;
  /** The YAML/JSON key path where it was found, when known. */
  key?: string;
  line: number;
  /** Redacted preview: first 4 characters then asterisks, never the value. */
  preview: string;
  /** The field was over the scan window (1 MiB) and was scanned in windows: key paths stop at window edges. */
  windowed?: boolean;
  /**
   * A flooded field's high-entropy hits grouped into this one (facts/secret-floods.ts): how many,
   * from `line` to `lastLine`; `preview` is the first one's, `key` the path they all share.
   */
  count?: number;
  lastLine?: number;
}

// ---------------------------------------------------------------- what rules see

/** Facts attached to one resource; absent members do not apply to that resource type. */
export interface ResourceFacts {
  iam?: IamAnalysis;
  trust?: TrustAnalysis;
  usage?: RoleUsage;
  /** Roles only: present when the role is a role AWS Proton used, with every reason why. */
  protonRole?: ProtonRoleFacts;
  /** Stacks only. */
  stack?: StackFacts;
  version?: VersionLag;
  tags?: TagFacts;
  quotas?: Record<string, QuotaUse>;
  secrets?: SecretHit[];
  specSizeBytes?: number;
  /** Hours since the last deployment attempt, for stuck IN_PROGRESS checks. */
  hoursSinceDeploymentAttempt?: number | null;
  /** Days since createdAt / lastModifiedAt, for DRAFT-age checks. */
  ageDays?: number | null;
  /**
   * Roles: a role judged as one AWS Proton used — a Proton record names it (collected now or
   * last-known), or, service-linked roles aside, it trusts proton.amazonaws.com, is the RoleARN of
   * a stack or the service role of a CodeBuild project Proton created, or carries a Proton
   * signature in its policies. `protonRole.reasons` says which.
   */
  protonAssumable?: boolean;
  /** Roles: a service-linked role (path /aws-service-role/), which AWS owns and the account cannot change. */
  serviceLinked?: boolean;
  /** Scanned resources: the issues the scanner's analyses report about them. */
  scan?: ScanFacts;
}
