/**
 * Builds examples/demo-estate.json: a realistic, mostly clean Proton estate with one planted
 * example of every problem the rule pack looks for (listed in examples/README.md). Deterministic:
 * a seeded PRNG and a fixed "now" (2026-11-23), so regenerating gives the same bytes.
 *
 *   node --import tsx examples/generate-demo-estate.ts [output path]
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type {
  ComponentRecord,
  EnvironmentAccountConnectionRecord,
  EnvironmentRecord,
  Estate,
  EstateQuota,
  GroupRecord,
  ManagedPolicyRecord,
  ProjectRecord,
  RoleRecord,
  ServiceInstanceRecord,
  ServiceRecord,
  StackRecord,
  TemplateRecord,
  TemplateVersionRecord,
  UserRecord,
} from '../src/emulator/estate.ts';
import { parseEstate } from '../src/emulator/load.ts';
import managedPolicies from './demo/aws-managed-policies.json' with { type: 'json' };

export const DEMO_NOW = Date.UTC(2026, 10, 23, 0, 0, 0);
export const DEMO_ACCOUNT = '111122223333';
const ACCOUNT = DEMO_ACCOUNT;
const ACCOUNT_ARN = `arn:aws:iam::${ACCOUNT}:root`;
const KMS_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b`;
const KMS_KEY_EU = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d`;
const CONNECTION = `arn:aws:codestar-connections:us-east-1:${ACCOUNT}:connection/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`;

// ---------------------------------------------------------------- deterministic helpers

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Dice {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)] as T;
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.int(0, 15)];
    return s;
  }
  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.pick(['8', '9', 'a', 'b'])}${this.hex(3)}-${this.hex(12)}`;
  }
  /** An ISO time `days` days before DEMO_NOW, at a random minute of that day. */
  ago(days: number): string {
    return new Date(DEMO_NOW - days * 86_400_000 - this.int(0, 1_439) * 60_000).toISOString().replace('.000Z', 'Z');
  }
}

const exactly = (days: number) => new Date(DEMO_NOW - days * 86_400_000).toISOString().replace('.000Z', 'Z');

// ---------------------------------------------------------------- tags

type Tags = Record<string, string>;

const arnOf = (region: string, resource: string) => `arn:aws:proton:${region}:${ACCOUNT}:${resource}`;

function customer(owner: string, costCenter: string, app: string, environment: string, classification: string): Tags {
  return { Owner: owner, CostCenter: costCenter, App: app, Environment: environment, DataClassification: classification };
}

// ---------------------------------------------------------------- the estate model

interface TeamPlan {
  team: string;
  envTemplate: string;
  costCenter: string;
  classification: string;
  services: Array<[name: string, template: string]>;
}

const TEAMS: TeamPlan[] = [
  { team: 'payments', envTemplate: 'ecs-cluster', costCenter: 'CC-1010', classification: 'confidential', services: [['payments-api', 'fargate-web'], ['payments-ledger', 'worker-queue'], ['payments-reports', 'batch-job'], ['payments-webhooks', 'fargate-web'], ['payments-fraud', 'batch-job']] },
  { team: 'checkout', envTemplate: 'ecs-cluster', costCenter: 'CC-1020', classification: 'confidential', services: [['checkout-web', 'fargate-web'], ['checkout-cart', 'fargate-web'], ['checkout-events', 'worker-queue'], ['checkout-promotions', 'fargate-web']] },
  { team: 'search', envTemplate: 'ecs-cluster', costCenter: 'CC-1030', classification: 'internal', services: [['search-api', 'fargate-web'], ['search-indexer', 'worker-queue'], ['search-suggest', 'fargate-web'], ['search-ranking', 'batch-job']] },
  { team: 'identity', envTemplate: 'serverless-base', costCenter: 'CC-1040', classification: 'restricted', services: [['identity-auth', 'lambda-api'], ['identity-profile', 'lambda-api'], ['identity-audit', 'lambda-api'], ['identity-tokens', 'lambda-api'], ['identity-mfa', 'lambda-api']] },
  { team: 'analytics', envTemplate: 'eks-cluster', costCenter: 'CC-1050', classification: 'internal', services: [['analytics-etl', 'ml-inference'], ['analytics-models', 'ml-inference'], ['analytics-scoring', 'ml-inference'], ['analytics-dashboards', 'ml-inference']] },
  { team: 'media', envTemplate: 'ecs-cluster', costCenter: 'CC-1060', classification: 'public', services: [['media-transcoder', 'worker-queue'], ['media-thumbnails', 'worker-queue'], ['media-cdn-api', 'fargate-web'], ['media-archive', 'batch-job']] },
  { team: 'notifications', envTemplate: 'serverless-base', costCenter: 'CC-1070', classification: 'internal', services: [['notifications-email', 'lambda-api'], ['notifications-sms', 'lambda-api'], ['notifications-push', 'lambda-api']] },
  { team: 'inventory', envTemplate: 'ecs-cluster', costCenter: 'CC-1080', classification: 'internal', services: [['inventory-api', 'fargate-web'], ['inventory-sync', 'worker-queue'], ['inventory-forecast', 'batch-job'], ['inventory-pricing', 'fargate-web']] },
  { team: 'marketing', envTemplate: 'vpc-standard', costCenter: 'CC-1090', classification: 'public', services: [['marketing-site', 'static-site'], ['marketing-landing', 'static-site'], ['marketing-blog', 'static-site'], ['marketing-forms', 'static-site']] },
  { team: 'platform', envTemplate: 'ecs-cluster', costCenter: 'CC-1000', classification: 'internal', services: [['platform-gateway', 'fargate-web'], ['platform-edge-cache', 'fargate-web'], ['platform-scheduler', 'batch-job']] },
];

const STAGES = ['dev', 'staging', 'prod'] as const;

/** [major, minor, status, daysAgo created] per template; the last PUBLISHED minor of each major is recommended. */
type VersionPlan = Array<[string, string, 'PUBLISHED' | 'DRAFT' | 'REGISTRATION_FAILED', number]>;

interface TemplatePlan {
  name: string;
  displayName: string;
  description: string;
  recommendedVersion?: string;
  encrypted: boolean;
  versions: VersionPlan;
  /** Service templates: compatible environment templates and their majors. */
  compatible?: Array<[string, string]>;
  pipeline?: boolean;
  tagged?: boolean;
}

const ENV_TEMPLATES: TemplatePlan[] = [
  {
    name: 'vpc-standard', displayName: 'Standard VPC', description: 'Three-tier VPC with NAT and flow logs', recommendedVersion: '2', encrypted: true,
    versions: [['1', '0', 'PUBLISHED', 690], ['1', '1', 'PUBLISHED', 610], ['1', '2', 'PUBLISHED', 540], ['1', '3', 'PUBLISHED', 470], ['2', '0', 'PUBLISHED', 300], ['2', '1', 'PUBLISHED', 210], ['2', '2', 'PUBLISHED', 95]],
  },
  {
    name: 'ecs-cluster', displayName: 'ECS cluster', description: 'ECS on Fargate with a shared ALB', recommendedVersion: '2', encrypted: true,
    versions: [['1', '0', 'PUBLISHED', 700], ['1', '1', 'PUBLISHED', 640], ['1', '2', 'PUBLISHED', 580], ['1', '3', 'PUBLISHED', 520], ['1', '4', 'PUBLISHED', 460], ['2', '0', 'PUBLISHED', 330], ['2', '1', 'PUBLISHED', 180], ['3', '0', 'DRAFT', 120]],
  },
  {
    name: 'eks-cluster', displayName: 'EKS cluster', description: 'EKS with managed node groups', recommendedVersion: '1', encrypted: true,
    versions: [['1', '0', 'PUBLISHED', 520], ['1', '1', 'PUBLISHED', 400], ['1', '2', 'PUBLISHED', 240], ['2', '0', 'REGISTRATION_FAILED', 40]],
  },
  {
    name: 'serverless-base', displayName: 'Serverless base', description: 'API Gateway, Lambda layers and shared KMS', recommendedVersion: '1', encrypted: true,
    versions: [['1', '0', 'PUBLISHED', 480], ['1', '1', 'PUBLISHED', 260], ['1', '2', 'PUBLISHED', 150]],
  },
  {
    name: 'shared-network', displayName: 'Shared network', description: 'Transit gateway attachments for shared services', recommendedVersion: '2', encrypted: false,
    versions: [['1', '0', 'PUBLISHED', 600], ['1', '1', 'PUBLISHED', 500], ['2', '0', 'PUBLISHED', 200]],
  },
  {
    name: 'data-platform', displayName: 'Data platform', description: 'Lake Formation and Glue catalog (work in progress)', encrypted: true,
    versions: [['1', '0', 'DRAFT', 20]],
  },
];

const SERVICE_TEMPLATES: TemplatePlan[] = [
  {
    name: 'fargate-web', displayName: 'Fargate web service', description: 'Load-balanced Fargate service with a CodePipeline pipeline', recommendedVersion: '3', encrypted: true, pipeline: true,
    compatible: [['ecs-cluster', '1'], ['ecs-cluster', '2']],
    versions: [['1', '0', 'PUBLISHED', 680], ['1', '1', 'PUBLISHED', 600], ['1', '2', 'PUBLISHED', 560], ['1', '3', 'PUBLISHED', 500], ['2', '0', 'PUBLISHED', 400], ['2', '1', 'PUBLISHED', 330], ['2', '2', 'PUBLISHED', 260], ['3', '0', 'PUBLISHED', 150], ['3', '1', 'PUBLISHED', 60]],
  },
  {
    name: 'lambda-api', displayName: 'Lambda API', description: 'API Gateway and Lambda functions with a pipeline', recommendedVersion: '2', encrypted: true, pipeline: true,
    compatible: [['serverless-base', '1']],
    versions: [['1', '0', 'PUBLISHED', 470], ['1', '1', 'PUBLISHED', 420], ['1', '2', 'PUBLISHED', 380], ['2', '0', 'PUBLISHED', 300], ['2', '1', 'PUBLISHED', 220], ['2', '2', 'PUBLISHED', 140], ['2', '3', 'PUBLISHED', 50]],
  },
  {
    name: 'worker-queue', displayName: 'Queue worker', description: 'SQS-driven Fargate worker', recommendedVersion: '1', encrypted: true, pipeline: true,
    compatible: [['ecs-cluster', '2']],
    versions: [['1', '0', 'PUBLISHED', 400], ['1', '1', 'PUBLISHED', 350], ['1', '2', 'PUBLISHED', 300], ['1', '3', 'PUBLISHED', 240], ['1', '4', 'PUBLISHED', 170], ['1', '5', 'PUBLISHED', 90]],
  },
  {
    name: 'static-site', displayName: 'Static site', description: 'S3 and CloudFront; pipelines managed by the team', recommendedVersion: '1', encrypted: true, pipeline: false,
    compatible: [['vpc-standard', '1'], ['vpc-standard', '2']],
    versions: [['1', '0', 'PUBLISHED', 380], ['1', '1', 'PUBLISHED', 200]],
  },
  {
    name: 'batch-job', displayName: 'Batch job', description: 'Scheduled Fargate tasks', recommendedVersion: '1', encrypted: true, pipeline: true,
    compatible: [['ecs-cluster', '1'], ['ecs-cluster', '2']],
    versions: [['1', '0', 'PUBLISHED', 360], ['1', '1', 'PUBLISHED', 200], ['2', '0', 'DRAFT', 120], ['2', '1', 'REGISTRATION_FAILED', 100]],
  },
  {
    name: 'ml-inference', displayName: 'ML inference', description: 'Model serving on EKS', recommendedVersion: '1', encrypted: false, pipeline: true, tagged: false,
    compatible: [['eks-cluster', '1']],
    versions: [['1', '0', 'PUBLISHED', 330], ['1', '1', 'PUBLISHED', 120]],
  },
];

// ---------------------------------------------------------------- IAM

const TRUST_PROTON_WITH_CONDITIONS = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'proton.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': `arn:aws:proton:*:${ACCOUNT}:environment/*` } },
    },
  ],
};
const TRUST_PROTON_PIPELINE = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'proton.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': `arn:aws:proton:*:${ACCOUNT}:service/*` } },
    },
  ],
};
const TRUST_CODEBUILD = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }],
};

const SCOPED_ENVIRONMENT_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ProtonStacks',
      Effect: 'Allow',
      Action: ['cloudformation:CreateStack', 'cloudformation:UpdateStack', 'cloudformation:DeleteStack', 'cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents', 'cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet', 'cloudformation:DeleteChangeSet', 'cloudformation:DescribeChangeSet'],
      Resource: `arn:aws:cloudformation:*:${ACCOUNT}:stack/AWSProton-*`,
    },
    { Sid: 'Describe', Effect: 'Allow', Action: ['ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups', 'ecs:DescribeClusters', 'elasticloadbalancing:DescribeLoadBalancers'], Resource: '*' },
    { Sid: 'Networking', Effect: 'Allow', Action: ['ec2:CreateVpc', 'ec2:CreateSubnet', 'ec2:CreateSecurityGroup', 'ec2:AuthorizeSecurityGroupIngress', 'ec2:CreateTags'], Resource: `arn:aws:ec2:*:${ACCOUNT}:*` },
    { Sid: 'Clusters', Effect: 'Allow', Action: ['ecs:CreateCluster', 'ecs:DeleteCluster', 'ecs:TagResource'], Resource: `arn:aws:ecs:*:${ACCOUNT}:cluster/*` },
    {
      Sid: 'PassTaskRoles',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: `arn:aws:iam::${ACCOUNT}:role/app-*`,
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    },
  ],
};
const SCOPED_PIPELINE_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['cloudformation:CreateStack', 'cloudformation:UpdateStack', 'cloudformation:DescribeStacks', 'cloudformation:DeleteStack'],
      Resource: `arn:aws:cloudformation:*:${ACCOUNT}:stack/AWSProton-*`,
    },
    { Effect: 'Allow', Action: ['codepipeline:CreatePipeline', 'codepipeline:UpdatePipeline', 'codepipeline:GetPipeline', 'codepipeline:DeletePipeline'], Resource: `arn:aws:codepipeline:*:${ACCOUNT}:*` },
    { Effect: 'Allow', Action: ['codebuild:CreateProject', 'codebuild:UpdateProject', 'codebuild:BatchGetProjects'], Resource: `arn:aws:codebuild:*:${ACCOUNT}:project/AWSProton*` },
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::acme-proton-pipeline-artifacts-${ACCOUNT}/*` },
    {
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: `arn:aws:iam::${ACCOUNT}:role/app-pipeline-*`,
      Condition: { StringEquals: { 'iam:PassedToService': ['codepipeline.amazonaws.com', 'codebuild.amazonaws.com'] } },
    },
  ],
};

const ADMIN_DOCUMENT = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

function buildIam(d: Dice): { roles: RoleRecord[]; policies: ManagedPolicyRecord[]; users: UserRecord[]; groups: GroupRecord[] } {
  const policy = (name: string, doc: object, created: number, description: string): ManagedPolicyRecord => ({
    PolicyName: name,
    Arn: `arn:aws:iam::${ACCOUNT}:policy/${name}`,
    Path: '/',
    Description: description,
    CreateDate: d.ago(created),
    UpdateDate: d.ago(Math.max(1, created - 30)),
    PolicyVersionList: [{ Document: doc as Record<string, unknown>, VersionId: 'v1', IsDefaultVersion: true, CreateDate: d.ago(created) }],
  });
  const fullAccessDoc = managedPolicies.find((p) => p.PolicyName === 'AWSProtonFullAccess')?.Document ?? {};
  const customerPolicies: ManagedPolicyRecord[] = [
    policy('ProtonEnvironmentScoped', SCOPED_ENVIRONMENT_POLICY, 420, 'Scoped permissions for Proton environment provisioning'),
    policy('ProtonPipelineScoped', SCOPED_PIPELINE_POLICY, 415, 'Scoped permissions for Proton service pipelines'),
    // Planted: a customer managed copy of the AWS managed AWSProtonFullAccess.
    policy('ProtonFullAccessCopy', fullAccessDoc, 500, 'Copy of AWSProtonFullAccess made before the managed policy was updated'),
    // Planted: the PDF-conversion typo `cloudformation>DeleteStack` from the old user guide.
    policy(
      'ProtonLegacyStackCleanup',
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['cloudformation>DeleteStack', 'cloudformation:DescribeStacks'], Resource: `arn:aws:cloudformation:*:${ACCOUNT}:stack/AWSProton-*` }] },
      650,
      'Cleanup of Proton stacks, copied from the user guide',
    ),
  ];
  const awsPolicies: ManagedPolicyRecord[] = [
    ...managedPolicies.map((p) => ({
      PolicyName: p.PolicyName,
      Arn: p.Arn,
      Path: p.Path,
      Description: `AWS managed policy ${p.PolicyName} (document from ${p.source})`,
      CreateDate: '2021-06-09T17:00:00Z',
      UpdateDate: '2023-03-31T17:00:00Z',
      PolicyVersionList: [{ Document: p.Document as Record<string, unknown>, VersionId: 'v3', IsDefaultVersion: true, CreateDate: '2023-03-31T17:00:00Z' }],
    })),
    {
      PolicyName: 'AdministratorAccess',
      Arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      Path: '/',
      Description: 'Provides full access to AWS services and resources.',
      CreateDate: '2015-02-06T18:39:46Z',
      UpdateDate: '2015-02-06T18:39:46Z',
      PolicyVersionList: [{ Document: ADMIN_DOCUMENT, VersionId: 'v1', IsDefaultVersion: true, CreateDate: '2015-02-06T18:39:46Z' }],
    },
  ];

  const used = (days: number) => ({ LastUsedDate: d.ago(days), Region: 'us-east-1' });
  const tags = (owner: string) => [
    { Key: 'Owner', Value: owner },
    { Key: 'CostCenter', Value: 'CC-1000' },
  ];
  const attach = (name: string, arn = `arn:aws:iam::${ACCOUNT}:policy/${name}`) => ({ PolicyName: name, PolicyArn: arn });
  const roles: RoleRecord[] = [
    {
      RoleName: 'ProtonEnvironmentRole',
      Description: 'Proton environment provisioning (scoped)',
      CreateDate: d.ago(430),
      AssumeRolePolicyDocument: TRUST_PROTON_WITH_CONDITIONS,
      RolePolicyList: [],
      AttachedManagedPolicies: [attach('ProtonEnvironmentScoped')],
      Tags: tags('platform-team'),
      RoleLastUsed: used(1),
    },
    {
      RoleName: 'ProtonPipelineRole',
      Description: 'Proton service pipelines (scoped)',
      CreateDate: d.ago(425),
      AssumeRolePolicyDocument: TRUST_PROTON_PIPELINE,
      RolePolicyList: [],
      AttachedManagedPolicies: [attach('ProtonPipelineScoped')],
      Tags: tags('platform-team'),
      RoleLastUsed: used(2),
    },
    {
      // Planted: AdministratorAccess, and a trust policy without aws:SourceAccount / aws:SourceArn.
      RoleName: 'ProtonAdminEnvRole',
      Description: 'Created by the Proton console with administrative privileges',
      CreateDate: d.ago(640),
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { Service: 'proton.amazonaws.com' }, Action: 'sts:AssumeRole' } },
      RolePolicyList: [],
      AttachedManagedPolicies: [attach('AdministratorAccess', 'arn:aws:iam::aws:policy/AdministratorAccess')],
      Tags: tags('platform-team'),
      RoleLastUsed: used(3),
    },
    {
      // Planted: an Allow with NotAction on every resource, and the malformed `arn:aws::proton:` SourceArn from the docs.
      RoleName: 'ProtonPowerEnvRole',
      Description: 'Analytics environments',
      CreateDate: d.ago(380),
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: {
          Sid: 'ExampleTrustRelationshipWithProtonConfusedDeputyPrevention',
          Effect: 'Allow',
          Principal: { Service: 'proton.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': `arn:aws::proton:*:${ACCOUNT}:environment/*` } },
        },
      },
      RolePolicyList: [
        { PolicyName: 'everything-but-account-settings', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: ['account:*', 'aws-portal:*'], Resource: '*' }] } },
      ],
      AttachedManagedPolicies: [],
      Tags: tags('analytics-team'),
      RoleLastUsed: used(4),
    },
    {
      // Planted: s3:* on every resource and iam:PassRole on every role.
      RoleName: 'ProtonDataEnvRole',
      Description: 'Inventory environments',
      CreateDate: d.ago(350),
      AssumeRolePolicyDocument: TRUST_PROTON_WITH_CONDITIONS,
      RolePolicyList: [
        {
          PolicyName: 'data-access',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: 's3:*', Resource: '*' },
              { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
            ],
          },
        },
      ],
      AttachedManagedPolicies: [attach('ProtonEnvironmentScoped')],
      Tags: tags('inventory-team'),
      RoleLastUsed: used(1),
    },
    {
      // Planted: iam:PassRole together with cloudformation:CreateStack (escalation through a stack).
      RoleName: 'ProtonStackDeployerRole',
      Description: 'Search environments',
      CreateDate: d.ago(340),
      AssumeRolePolicyDocument: TRUST_PROTON_WITH_CONDITIONS,
      RolePolicyList: [
        {
          PolicyName: 'stack-deployer',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: ['cloudformation:CreateStack', 'cloudformation:UpdateStack'], Resource: '*' },
              { Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${ACCOUNT}:role/search-*` },
            ],
          },
        },
      ],
      AttachedManagedPolicies: [],
      Tags: tags('search-team'),
      RoleLastUsed: used(2),
    },
    {
      // Planted: the environment role of eu-shared and the pipeline role of eu-west-1.
      RoleName: 'ProtonSharedRole',
      Description: 'EU environments and pipelines',
      CreateDate: d.ago(300),
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'proton.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': [`arn:aws:proton:eu-west-1:${ACCOUNT}:environment/*`, `arn:aws:proton:eu-west-1:${ACCOUNT}:service/*`] } },
          },
        ],
      },
      RolePolicyList: [],
      AttachedManagedPolicies: [attach('ProtonEnvironmentScoped'), attach('ProtonPipelineScoped')],
      Tags: tags('platform-team'),
      RoleLastUsed: { LastUsedDate: d.ago(2), Region: 'eu-west-1' },
    },
    {
      RoleName: 'ProtonCodeBuildRole',
      Description: 'CodeBuild provisioning for identity environments',
      CreateDate: d.ago(320),
      AssumeRolePolicyDocument: TRUST_CODEBUILD,
      RolePolicyList: [
        { PolicyName: 'serverless-iac', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:UpdateFunctionCode', 'apigateway:POST', 'apigateway:GET'], Resource: `arn:aws:*:*:${ACCOUNT}:*` }] } },
      ],
      AttachedManagedPolicies: [attach('AWSProtonCodeBuildProvisioningBasicAccess', 'arn:aws:iam::aws:policy/AWSProtonCodeBuildProvisioningBasicAccess')],
      Tags: tags('identity-team'),
      RoleLastUsed: used(1),
    },
    {
      // Planted: a CodeBuild provisioning role without AWSProtonCodeBuildProvisioningBasicAccess.
      RoleName: 'ProtonCodeBuildLegacyRole',
      Description: 'CodeBuild provisioning for notifications environments',
      CreateDate: d.ago(310),
      AssumeRolePolicyDocument: TRUST_CODEBUILD,
      RolePolicyList: [
        { PolicyName: 'serverless-iac', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:UpdateFunctionCode', 'sns:CreateTopic'], Resource: `arn:aws:*:*:${ACCOUNT}:*` }] } },
      ],
      AttachedManagedPolicies: [],
      Tags: tags('notifications-team'),
      RoleLastUsed: used(3),
    },
    {
      // Planted: last used 200 days ago; trusts a foreign account without sts:ExternalId; holds the
      // policy with the malformed `cloudformation>DeleteStack` action.
      RoleName: 'ProtonLegacyEnvRole',
      Description: 'Marketing dev environment (legacy)',
      CreateDate: d.ago(700),
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'proton.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } },
          { Sid: 'AgencyAccess', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: 'sts:AssumeRole' },
        ],
      },
      RolePolicyList: [],
      AttachedManagedPolicies: [attach('ProtonEnvironmentScoped'), attach('ProtonLegacyStackCleanup')],
      Tags: tags('marketing-team'),
      RoleLastUsed: { LastUsedDate: exactly(200), Region: 'us-east-1' },
    },
    {
      // Planted: trusts proton.amazonaws.com but no Proton resource uses it; also trusts every AWS principal.
      RoleName: 'ProtonOrphanRole',
      Description: 'Left over from the 2024 pilot',
      CreateDate: d.ago(720),
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'proton.amazonaws.com' }, Action: 'sts:AssumeRole' },
          { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' },
        ],
      },
      RolePolicyList: [],
      AttachedManagedPolicies: [attach('ProtonEnvironmentScoped')],
      Tags: [],
      RoleLastUsed: {},
    },
    {
      RoleName: 'ProtonComponentRole',
      Description: 'Directly defined components',
      CreateDate: d.ago(260),
      AssumeRolePolicyDocument: TRUST_PROTON_WITH_CONDITIONS,
      RolePolicyList: [
        {
          PolicyName: 'component-resources',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: ['sqs:CreateQueue', 'sqs:DeleteQueue', 'sqs:TagQueue', 'elasticache:CreateCacheCluster', 'elasticache:DeleteCacheCluster'], Resource: `arn:aws:*:*:${ACCOUNT}:*` },
              { Effect: 'Allow', Action: ['cloudformation:CreateStack', 'cloudformation:DeleteStack', 'cloudformation:DescribeStacks'], Resource: `arn:aws:cloudformation:*:${ACCOUNT}:stack/AWSProton-*` },
            ],
          },
        },
      ],
      AttachedManagedPolicies: [],
      Tags: tags('platform-team'),
      RoleLastUsed: used(5),
    },
    {
      // Residue of the retired service: the CodeBuild provisioning service-linked role.
      RoleName: 'AWSServiceRoleForProtonCodeBuildProvisioning',
      Path: '/aws-service-role/codebuild.proton.amazonaws.com/',
      Description: 'Service-linked role for AWS Proton CodeBuild provisioning',
      CreateDate: d.ago(320),
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'codebuild.proton.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      RolePolicyList: [],
      AttachedManagedPolicies: [attach('AWSProtonCodeBuildProvisioningServiceRolePolicy', 'arn:aws:iam::aws:policy/aws-service-role/AWSProtonCodeBuildProvisioningServiceRolePolicy')],
      Tags: [],
      RoleLastUsed: used(1),
    },
  ];

  const users: UserRecord[] = [
    {
      UserName: 'platform-admin',
      CreateDate: d.ago(800),
      GroupList: ['platform-admins'],
      AttachedManagedPolicies: [attach('AWSProtonFullAccess', 'arn:aws:iam::aws:policy/AWSProtonFullAccess')],
      UserPolicyList: [],
      Tags: tags('platform-team'),
    },
    {
      // Planted: AWSProtonFullAccess on a developer outside the admin set.
      UserName: 'dev-jane',
      CreateDate: d.ago(300),
      GroupList: ['proton-readers'],
      AttachedManagedPolicies: [attach('AWSProtonFullAccess', 'arn:aws:iam::aws:policy/AWSProtonFullAccess')],
      UserPolicyList: [],
      Tags: tags('checkout-team'),
    },
    {
      UserName: 'ci-deployer',
      CreateDate: d.ago(400),
      GroupList: [],
      AttachedManagedPolicies: [attach('AWSProtonDeveloperAccess', 'arn:aws:iam::aws:policy/AWSProtonDeveloperAccess')],
      UserPolicyList: [],
      Tags: tags('platform-team'),
    },
  ];
  const groups: GroupRecord[] = [
    { GroupName: 'platform-admins', CreateDate: d.ago(800), GroupPolicyList: [], AttachedManagedPolicies: [attach('ProtonFullAccessCopy')] },
    { GroupName: 'proton-readers', CreateDate: d.ago(700), GroupPolicyList: [], AttachedManagedPolicies: [attach('AWSProtonReadOnlyAccess', 'arn:aws:iam::aws:policy/AWSProtonReadOnlyAccess')] },
  ];
  roles.push(...residueRoles());
  return { roles, policies: [...customerPolicies, ...awsPolicies], users, groups };
}

/**
 * Roles that only what Proton left behind points at (fixed dates, no dice: the rest of the estate
 * keeps its values). Each trusts CodeBuild or CloudFormation only, never proton.amazonaws.com, so
 * without Proton's records they are found through a CodeBuild project, a stack or a Proton
 * signature in their policies.
 */
function residueRoles(): RoleRecord[] {
  const TRUST_CLOUDFORMATION = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudformation.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  return [
    {
      // Planted: an administrator-equivalent CodeBuild provisioning role (codebuildRoleArn of inventory-*; service role of the AWSProton-inventory-* CodeBuild projects).
      RoleName: 'ProtonCodeBuildAdminRole',
      Description: 'CodeBuild provisioning for inventory environments',
      CreateDate: exactly(290),
      AssumeRolePolicyDocument: TRUST_CODEBUILD,
      RolePolicyList: [],
      AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
      Tags: [{ Key: 'Owner', Value: 'inventory-team' }],
      RoleLastUsed: { LastUsedDate: exactly(6), Region: 'us-east-1' },
    },
    {
      // Planted: iam:PassRole on * — the service role of the orphaned stack AWSProton-retired-analytics-*; nothing else names it.
      RoleName: 'ProtonStackCleanupRole',
      Description: 'Service role of a retired analytics stack',
      CreateDate: exactly(500),
      AssumeRolePolicyDocument: TRUST_CLOUDFORMATION,
      RolePolicyList: [
        {
          PolicyName: 'stack-operations',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: ['cloudformation:UpdateStack', 'cloudformation:DeleteStack', 'cloudformation:DescribeStacks'], Resource: `arn:aws:cloudformation:*:${ACCOUNT}:stack/AWSProton-*` },
              { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
            ],
          },
        },
      ],
      AttachedManagedPolicies: [],
      Tags: [],
      RoleLastUsed: { LastUsedDate: exactly(90), Region: 'us-east-1' },
    },
    {
      // Planted: s3:* on every bucket — a pipeline CodeBuild role left from a deleted service, known only by its Proton signatures.
      RoleName: 'ProtonPipelineBuildRole',
      Description: 'Pipeline builds (service deleted)',
      CreateDate: exactly(410),
      AssumeRolePolicyDocument: TRUST_CODEBUILD,
      RolePolicyList: [
        {
          PolicyName: 'pipeline-build',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:*:${ACCOUNT}:log-group:/aws/codebuild/AWSProton-*` },
              { Effect: 'Allow', Action: 'proton:NotifyResourceDeploymentStatusChange', Resource: `arn:aws:proton:*:${ACCOUNT}:*` },
              { Effect: 'Allow', Action: 's3:*', Resource: '*' },
            ],
          },
        },
      ],
      AttachedManagedPolicies: [],
      Tags: [],
      RoleLastUsed: { LastUsedDate: exactly(150), Region: 'us-east-1' },
    },
  ];
}

// ---------------------------------------------------------------- Proton, per region

const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

interface RegionBuild {
  tags: Record<string, Tags>;
  envTemplates: TemplateRecord[];
  envVersions: TemplateVersionRecord[];
  svcTemplates: TemplateRecord[];
  svcVersions: TemplateVersionRecord[];
}

function templates(d: Dice, region: string, kind: 'environment' | 'service', plans: readonly TemplatePlan[], key: string, build: RegionBuild): void {
  for (const t of plans) {
    const templateArn = arnOf(region, `${kind}-template/${t.name}`);
    const created = Math.max(...t.versions.map((v) => v[3])) + 5;
    const record: TemplateRecord = {
      name: t.name,
      arn: templateArn,
      displayName: t.displayName,
      description: t.description,
      createdAt: d.ago(created),
      lastModifiedAt: d.ago(Math.min(...t.versions.map((v) => v[3]))),
      ...(t.recommendedVersion ? { recommendedVersion: t.recommendedVersion } : {}),
      ...(t.encrypted ? { encryptionKey: key } : {}),
      ...(kind === 'service' && t.pipeline === false ? { pipelineProvisioning: 'CUSTOMER_MANAGED' } : {}),
    };
    (kind === 'environment' ? build.envTemplates : build.svcTemplates).push(record);
    const managed = { 'aws:proton:account': ACCOUNT_ARN, 'aws:proton:template': templateArn };
    if (t.tagged !== false) build.tags[templateArn] = { ...customer('platform-team', 'CC-1000', t.name, 'shared', 'internal'), ...managed };
    // Planted: 48 customer tags (the quota is 50) on a template, which no child inherits from.
    if (kind === 'service' && t.name === 'fargate-web') {
      const tags = build.tags[templateArn] ?? {};
      for (let k = 1; Object.keys(tags).filter((key) => !key.startsWith('aws:')).length < 48; k++) tags[`acme:attr-${String(k).padStart(2, '0')}`] = `value-${k}`;
    }
    const recommendedMinor = new Map<string, string>();
    for (const [major, minor, status] of t.versions) if (status === 'PUBLISHED') recommendedMinor.set(major, minor);
    for (const [major, minor, status, days] of t.versions) {
      const versionArn = `${templateArn}:${major}.${minor}`;
      const v: TemplateVersionRecord = {
        templateName: t.name,
        majorVersion: major,
        minorVersion: minor,
        status,
        arn: versionArn,
        createdAt: exactly(days),
        lastModifiedAt: status === 'DRAFT' ? exactly(days) : d.ago(Math.max(1, days - 1)),
        description: `${t.displayName} ${major}.${minor}`,
        ...(recommendedMinor.has(major) ? { recommendedMinorVersion: recommendedMinor.get(major) } : {}),
        ...(status === 'REGISTRATION_FAILED' ? { statusMessage: 'Template bundle is missing schema/schema.yaml' } : {}),
        ...(status === 'DRAFT' ? { statusMessage: 'Awaiting review' } : {}),
        schema: templateSchema(kind, t.name, major),
        ...(kind === 'service' ? { compatibleEnvironmentTemplates: (t.compatible ?? []).map(([templateName, m]) => ({ templateName, majorVersion: m })), supportedComponentSources: ['DIRECTLY_DEFINED'] } : {}),
      };
      (kind === 'environment' ? build.envVersions : build.svcVersions).push(v);
      if (t.tagged !== false) build.tags[versionArn] = { ...customer('platform-team', 'CC-1000', t.name, 'shared', 'internal'), ...managed };
    }
  }
}

function templateSchema(kind: 'environment' | 'service', name: string, major: string): string {
  const input = kind === 'environment' ? 'environment_input_type: "EnvironmentInput"' : 'service_input_type: "ServiceInput"\n  pipeline_input_type: "PipelineInput"';
  return `schema:\n  format:\n    openapi: "3.0.0"\n  ${input}\n  types:\n    ${kind === 'environment' ? 'EnvironmentInput' : 'ServiceInput'}:\n      type: object\n      description: "Inputs for ${name} v${major}"\n      properties:\n        size:\n          type: string\n          default: "small"\n`;
}

/** The recommended [major, minor] of a template plan. */
function recommended(t: TemplatePlan): [string, string] {
  const major = t.recommendedVersion ?? '1';
  const minors = t.versions.filter((v) => v[0] === major && v[2] === 'PUBLISHED').map((v) => v[1]);
  return [major, minors[minors.length - 1] ?? '0'];
}

const envPlan = (name: string) => ENV_TEMPLATES.find((t) => t.name === name) as TemplatePlan;
const svcPlan = (name: string) => SERVICE_TEMPLATES.find((t) => t.name === name) as TemplatePlan;

function environmentSpec(name: string, extra = ''): string {
  return `proton: EnvironmentSpec\nspec:\n  vpc_cidr: "10.${name.length * 3}.0.0/16"\n  log_retention_days: 30\n${extra}`;
}

function instanceSpec(instance: string, environment: string, extra = ''): string {
  return `proton: ServiceSpec\ninstances:\n  - name: "${instance}"\n    environment: "${environment}"\n    spec:\n      desired_count: 2\n      port: 8080\n${extra}`;
}

const FAKE_PRIVATE_KEY = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9OiJjRazXBZ1BjP5CE/WmB0EXAMPLE',
  'q0ujPDNtlOzIoZwNA4tsYhfRVdpD1EXAMPLEKEYDONOTUSEr5eCPvnBaBeGDoEXAMPLE',
  '-----END RSA PRIVATE KEY-----',
].join('\n');

interface EnvStack {
  environment: string;
  team: string;
  stackArn: string;
  roleArn: string | undefined;
  codebuildRole: string | undefined;
  tags: Tags;
}

type Region = Estate['accounts'][number]['regions'][number];

/**
 * What Proton left running in us-east-1: one CloudFormation stack per environment, two orphans,
 * one stack Proton did not create, and the CodeBuild projects of the CodeBuild-provisioned
 * environments. Its own dice, so the Proton records keep their values.
 */
function residueUsEast1(envStacks: readonly EnvStack[]): Pick<Region, 'cloudformation' | 'codebuild'> {
  const s = new Dice(20261124);
  const region = 'us-east-1';
  const stack = (arn: string, over: Partial<StackRecord>): StackRecord => {
    const name = arn.split('/')[1] ?? arn;
    const created = s.ago(s.int(300, 600));
    return {
      StackName: name,
      StackId: arn,
      StackStatus: 'UPDATE_COMPLETE',
      Description: 'Deployed by AWS Proton',
      CreationTime: created,
      LastUpdatedTime: s.ago(s.int(20, 90)),
      EnableTerminationProtection: true,
      DriftInformation: { StackDriftStatus: 'IN_SYNC', LastCheckTimestamp: s.ago(s.int(3, 30)) },
      Capabilities: ['CAPABILITY_IAM'],
      ...over,
    };
  };
  const stacks: StackRecord[] = envStacks.map((e) => {
    const over: Partial<StackRecord> = {
      Description: `AWS Proton environment ${e.environment}`,
      ...(e.roleArn ? { RoleARN: e.roleArn } : {}),
      Outputs: [
        { OutputKey: 'ClusterName', OutputValue: `${e.environment}-cluster` },
        { OutputKey: 'VpcId', OutputValue: `vpc-0${s.hex(16)}` },
      ],
      Tags: Object.entries(e.tags).map(([Key, Value]) => ({ Key, Value })),
    };
    // Planted: left in failed or rolled-back states (the Proton deployments failed and nothing retried them).
    if (e.environment === 'checkout-staging') Object.assign(over, { StackStatus: 'UPDATE_ROLLBACK_COMPLETE', StackStatusReason: 'The maximum number of VPCs has been reached.' });
    if (e.environment === 'analytics-staging') Object.assign(over, { StackStatus: 'UPDATE_ROLLBACK_FAILED', StackStatusReason: 'The following resource(s) failed to update: [NodeGroup].' });
    if (e.environment === 'legacy-sandbox') Object.assign(over, { StackStatus: 'DELETE_FAILED', StackStatusReason: 'The following resource(s) failed to delete: [ArtifactBucket].' });
    // Planted: no termination protection.
    if (e.team === 'media' || e.environment === 'legacy-sandbox') over.EnableTerminationProtection = false;
    // Planted: drifted at the last detection; never checked; checked too long ago to trust.
    if (e.environment === 'search-prod') over.DriftInformation = { StackDriftStatus: 'DRIFTED', LastCheckTimestamp: exactly(12) };
    if (e.team === 'marketing') over.DriftInformation = { StackDriftStatus: 'NOT_CHECKED' };
    if (e.environment === 'inventory-dev') over.DriftInformation = { StackDriftStatus: 'IN_SYNC', LastCheckTimestamp: exactly(200) };
    // Planted: a database password in an output.
    if (e.environment === 'payments-staging') over.Outputs = [...(over.Outputs ?? []), { OutputKey: 'DbMasterPassword', OutputValue: 'Lefto3er-Pr0ton-Passw0rd-EXAMPLE' }];
    return stack(e.stackArn, over);
  });
  // Planted: stacks whose Proton owner no longer exists.
  stacks.push(
    stack(`arn:aws:cloudformation:${region}:${ACCOUNT}:stack/AWSProton-retired-analytics-cloudformation-${s.hex(8)}/${s.uuid()}`, {
      Description: 'AWS Proton environment retired-analytics',
      RoleARN: roleArn('ProtonStackCleanupRole'),
      EnableTerminationProtection: false,
      DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
      Tags: [
        { Key: 'proton:account', Value: ACCOUNT_ARN },
        { Key: 'proton:environment', Value: arnOf(region, 'environment/retired-analytics') },
      ],
    }),
    stack(`arn:aws:cloudformation:${region}:${ACCOUNT}:stack/AWSProton-search-api-canary-cloudformation-${s.hex(8)}/${s.uuid()}`, {
      Description: 'AWS Proton service instance search-api/canary',
      RoleARN: roleArn('ProtonStackDeployerRole'),
      Tags: [
        { Key: 'Owner', Value: 'search-team' },
        { Key: 'proton:account', Value: ACCOUNT_ARN },
        { Key: 'proton:service', Value: arnOf(region, 'service/search-api') },
        { Key: 'proton:service-instance', Value: arnOf(region, 'service/search-api/service-instance/canary') },
      ],
    }),
    // Not Proton's: never collected.
    stack(`arn:aws:cloudformation:${region}:${ACCOUNT}:stack/acme-shared-dns/${s.uuid()}`, { Description: 'Shared DNS zone', Outputs: [{ OutputKey: 'ZoneId', OutputValue: 'Z0123456789ABCDEFGHIJ' }] }),
  );
  const projects: ProjectRecord[] = envStacks
    .filter((e) => e.codebuildRole && e.team !== 'identity') // identity's CodeBuild role is found by its policy signature alone
    .map((e) => ({
      name: `AWSProton-${e.environment}-${s.hex(10)}`,
      description: `AWS Proton CodeBuild provisioning for ${e.environment}`,
      serviceRole: roleArn(e.codebuildRole ?? ''),
      created: s.ago(s.int(200, 400)),
      lastModified: s.ago(s.int(10, 60)),
      source: { type: 'S3', location: `acme-proton-templates-111122223333/${e.environment}/source.zip` },
      environment: { type: 'LINUX_CONTAINER', image: 'aws/codebuild/amazonlinux2-x86_64-standard:5.0', computeType: 'BUILD_GENERAL1_SMALL' },
      tags: [{ key: 'proton:environment', value: arnOf(region, `environment/${e.environment}`) }],
    }));
  projects.push({ name: 'nightly-integration-tests', description: 'Not Proton: never collected', serviceRole: roleArn('CiRunnerRole'), created: exactly(700) });
  return { cloudformation: { Stacks: stacks }, codebuild: { projects } };
}

function buildUsEast1(d: Dice): { proton: NonNullable<Estate['accounts'][number]['regions'][number]['proton']>; tags: Record<string, Tags> } & Pick<Region, 'cloudformation' | 'codebuild'> {
  const region = 'us-east-1';
  const build: RegionBuild = { tags: {}, envTemplates: [], envVersions: [], svcTemplates: [], svcVersions: [] };
  templates(d, region, 'environment', ENV_TEMPLATES, KMS_KEY, build);
  templates(d, region, 'service', SERVICE_TEMPLATES, KMS_KEY, build);
  const tags = build.tags;

  // Environment account connections (management side: this account).
  const connection = (id: string, envAccount: string, environmentName: string, status: string, requestedDays: number): EnvironmentAccountConnectionRecord => ({
    id,
    arn: arnOf(region, `environment-account-connection/${id}`),
    managementAccountId: ACCOUNT,
    environmentAccountId: envAccount,
    roleArn: `arn:aws:iam::${envAccount}:role/ProtonEnvironmentAccountRole`,
    environmentName,
    requestedAt: d.ago(requestedDays),
    lastModifiedAt: d.ago(Math.max(1, requestedDays - 2)),
    status,
  });
  const connections = [
    connection('4d2c1b0a-9e8f-4a7b-8c6d-5e4f3a2b1c0d', '444455556666', 'payments-prod', 'CONNECTED', 400),
    connection('7a6b5c4d-3e2f-4a1b-9c0d-8e7f6a5b4c3d', '555566667777', 'search-prod', 'PENDING', 45),
    connection('1e2d3c4b-5a69-4788-9a7b-6c5d4e3f2a1b', '666677778888', 'analytics-prod', 'REJECTED', 200),
    connection('9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a', '999988887777', 'media-prod', 'CONNECTED', 150),
  ];
  const connectionFor = (env: string) => connections.find((c) => c.environmentName === env && c.status === 'CONNECTED');

  // Environments: one per team and stage, plus a sandbox left in DELETE_FAILED.
  const environments: EnvironmentRecord[] = [];
  const envRole: Record<string, { service?: string; codebuild?: string }> = {
    payments: { service: 'ProtonEnvironmentRole' },
    checkout: { service: 'ProtonEnvironmentRole' },
    search: { service: 'ProtonStackDeployerRole' },
    identity: { codebuild: 'ProtonCodeBuildRole' },
    analytics: { service: 'ProtonPowerEnvRole' },
    media: { service: 'ProtonEnvironmentRole' },
    notifications: { codebuild: 'ProtonCodeBuildLegacyRole' },
    inventory: { service: 'ProtonDataEnvRole', codebuild: 'ProtonCodeBuildAdminRole' },
    marketing: { service: 'ProtonEnvironmentRole' },
    platform: { service: 'ProtonAdminEnvRole' },
  };
  const withComponents = new Set(['payments-prod', 'checkout-prod', 'search-prod', 'identity-prod', 'platform-prod']);
  const addEnvironment = (team: TeamPlan, stage: string, name: string) => {
    const plan = envPlan(team.envTemplate);
    let [major, minor] = recommended(plan);
    let deploymentStatus = 'SUCCEEDED';
    let message: string | undefined;
    let spec = environmentSpec(name);
    let role = envRole[team.team] ?? { service: 'ProtonEnvironmentRole' };
    if (name === 'search-dev') minor = '0'; // Planted: behind the recommended minor (2.0 < 2.1).
    if (name === 'media-dev') [major, minor] = ['1', '4']; // Planted: behind the recommended major.
    if (name === 'checkout-staging') [deploymentStatus, message] = ['FAILED', 'Resource handler returned message: "The maximum number of VPCs has been reached."'];
    if (name === 'legacy-sandbox') [deploymentStatus, message] = ['DELETE_FAILED', 'Stack AWSProton-legacy-sandbox-cloudformation-r2d2 failed to delete: bucket not empty'];
    if (name === 'identity-prod') spec = environmentSpec(name, `  signing_key: |\n${FAKE_PRIVATE_KEY.split('\n').map((l) => `    ${l}`).join('\n')}\n`); // Planted secret.
    if (name === 'marketing-dev') role = { service: 'ProtonLegacyEnvRole' };
    const conn = connectionFor(name);
    const env: EnvironmentRecord = {
      name,
      arn: arnOf(region, `environment/${name}`),
      description: `${team.team} ${stage}`,
      createdAt: d.ago(d.int(300, 600)),
      lastDeploymentAttemptedAt: d.ago(d.int(5, 40)),
      lastDeploymentSucceededAt: d.ago(d.int(41, 80)),
      templateName: team.envTemplate,
      templateMajorVersion: major,
      templateMinorVersion: minor,
      deploymentStatus,
      ...(message ? { deploymentStatusMessage: message } : {}),
      spec,
      ...(conn
        ? { environmentAccountConnectionId: conn.id, environmentAccountId: conn.environmentAccountId }
        : role.service
          ? { protonServiceRoleArn: roleArn(role.service) }
          : {}),
      ...(role.codebuild ? { codebuildRoleArn: roleArn(role.codebuild) } : {}),
      ...(withComponents.has(name) ? { componentRoleArn: conn ? `arn:aws:iam::${conn.environmentAccountId}:role/ProtonComponentRole` : roleArn('ProtonComponentRole') } : {}),
      lastAttemptedDeploymentId: d.uuid(),
      lastSucceededDeploymentId: d.uuid(),
    };
    if (deploymentStatus === 'SUCCEEDED') env.lastSucceededDeploymentId = env.lastAttemptedDeploymentId;
    environments.push(env);
    const customerTags = customer(`${team.team}-team`, team.costCenter, team.team, stage, team.classification);
    // Planted: an environment without Owner and CostCenter.
    if (name === 'analytics-dev') {
      delete customerTags.Owner;
      delete customerTags.CostCenter;
    }
    const envArn = env.arn as string;
    tags[envArn] = { ...customerTags, 'aws:proton:account': ACCOUNT_ARN, 'aws:proton:template': arnOf(region, `environment-template/${team.envTemplate}`), 'aws:proton:environment': envArn };
    // What the environment's stack left behind, tagged by Proton's propagation.
    const stackArn = `arn:aws:cloudformation:${region}:${ACCOUNT}:stack/AWSProton-${name}-cloudformation-${d.hex(8)}/${d.uuid()}`;
    tags[stackArn] = { Owner: `${team.team}-team`, 'proton:account': ACCOUNT_ARN, 'proton:template': arnOf(region, `environment-template/${team.envTemplate}`), 'proton:environment': envArn };
    envStacks.push({ environment: name, team: team.team, stackArn, roleArn: conn ? conn.roleArn : env.protonServiceRoleArn, codebuildRole: role.codebuild, tags: tags[stackArn] as Tags });
  };
  const envStacks: EnvStack[] = [];
  for (const team of TEAMS) for (const stage of STAGES) addEnvironment(team, stage, `${team.team}-${stage}`);
  addEnvironment(TEAMS[TEAMS.length - 1] as TeamPlan, 'sandbox', 'legacy-sandbox');

  // Services and their instances.
  const services: ServiceRecord[] = [];
  const instances: ServiceInstanceRecord[] = [];
  for (const team of TEAMS) {
    for (const [serviceName, templateName] of team.services) {
      const plan = svcPlan(templateName);
      const [major, minor] = recommended(plan);
      const serviceArn = arnOf(region, `service/${serviceName}`);
      const stagesAndCounts: Array<[string, number]> =
        serviceName === 'platform-edge-cache'
          ? [['dev', 5], ['staging', 10], ['prod', 70]] // Planted: 85 instances against a quota of 100.
          : [['dev', 1], ['staging', d.int(1, 2)], ['prod', d.int(2, 4)]];
      const instanceNames: Array<[string, string]> = [];
      for (const [stage, count] of stagesAndCounts) {
        for (let k = 1; k <= count; k++) instanceNames.push([count > 9 ? `${stage}-${String(k).padStart(3, '0')}` : `${stage}-${k}`, `${team.team}-${stage}`]);
      }
      let status = 'ACTIVE';
      let statusMessage: string | undefined;
      if (serviceName === 'search-indexer') [status, statusMessage] = ['CREATE_FAILED', 'Service instance dev-1 failed to deploy: ECS task definition rejected'];
      const serviceCustomer = customer(`${team.team}-team`, team.costCenter, serviceName, 'all', team.classification);
      let serviceSpec = `proton: ServiceSpec\n${plan.pipeline ? 'pipeline:\n  unit_test_command: "npm test"\n' : ''}instances:\n${instanceNames
        .map(([inst, env]) => `  - name: "${inst}"\n    environment: "${env}"\n    spec:\n      desired_count: 2\n`)
        .join('')}`;
      // Planted: a `password:` value in a service spec.
      if (serviceName === 'checkout-web') serviceSpec += 'database:\n  user: "checkout"\n  password: "Hunter2-EXAMPLE-not-real"\n';
      // Planted: a spec over 180 KB (the quota is 200 KB).
      if (serviceName === 'analytics-etl') {
        const columns: string[] = [];
        for (let c = 0; columns.join('').length < 186_000; c++) columns.push(`    - name: "feature_${String(c).padStart(5, '0')}"\n      type: "double"\n      nullable: true\n`);
        serviceSpec += `feature_columns:\n${columns.join('')}`;
      }
      let pipeline: ServiceRecord['pipeline'];
      if (plan.pipeline) {
        let [pMajor, pMinor] = [major, minor];
        let pStatus = 'SUCCEEDED';
        let pMessage: string | undefined;
        if (serviceName === 'checkout-web') [pMajor, pMinor] = ['2', '2']; // Planted: behind major, and not the instances' version.
        if (serviceName === 'identity-auth') pMinor = '1'; // Planted: behind the recommended minor (2.1 < 2.3).
        if (serviceName === 'notifications-email') [pStatus, pMessage] = ['FAILED', 'CodeBuild project AWSProton-notifications-email failed: exit status 2'];
        if (serviceName === 'inventory-sync') [pStatus, pMessage] = ['DELETE_FAILED', 'Stack AWSProton-inventory-sync-pipeline failed to delete: role is missing'];
        const attempted = d.uuid();
        pipeline = {
          arn: arnOf(region, `service/${serviceName}/pipeline`),
          createdAt: d.ago(d.int(200, 400)),
          lastDeploymentAttemptedAt: d.ago(d.int(2, 30)),
          lastDeploymentSucceededAt: d.ago(d.int(31, 60)),
          templateName,
          templateMajorVersion: pMajor,
          templateMinorVersion: pMinor,
          deploymentStatus: pStatus,
          ...(pMessage ? { deploymentStatusMessage: pMessage } : {}),
          spec: 'proton: ServiceSpec\npipeline:\n  unit_test_command: "npm test"\n',
          lastAttemptedDeploymentId: attempted,
          lastSucceededDeploymentId: pStatus === 'SUCCEEDED' ? attempted : d.uuid(),
        };
      }
      const service: ServiceRecord = {
        name: serviceName,
        arn: serviceArn,
        description: `${serviceName} (${team.team})`,
        templateName,
        createdAt: d.ago(d.int(250, 450)),
        lastModifiedAt: d.ago(d.int(1, 60)),
        status,
        ...(statusMessage ? { statusMessage } : {}),
        spec: serviceSpec,
        ...(pipeline ? { pipeline, repositoryConnectionArn: CONNECTION, repositoryId: `acme/${serviceName}`, branchName: 'main' } : {}),
      };
      services.push(service);
      // Planted: a service that lost DataClassification after its instances were created (they keep it).
      const serviceTagsBase = { ...serviceCustomer };
      if (serviceName === 'marketing-site') delete serviceTagsBase.DataClassification;
      const serviceTags: Tags = { ...serviceTagsBase, 'aws:proton:account': ACCOUNT_ARN, 'aws:proton:template': arnOf(region, `service-template/${templateName}`), 'aws:proton:service': serviceArn };
      tags[serviceArn] = serviceTags;

      for (const [instanceName, environmentName] of instanceNames) {
        const full = `${serviceName}/${instanceName}`;
        let [iMajor, iMinor] = [major, minor];
        let iStatus = 'SUCCEEDED';
        let iMessage: string | undefined;
        let attemptedDays = d.int(1, 30);
        let env = environmentName;
        let spec = instanceSpec(instanceName, env);
        if (full === 'search-api/dev-1') iMinor = '0'; // Planted: behind minor (3.0 < 3.1).
        if (full === 'search-api/staging-1') [iMajor, iMinor] = ['2', '2']; // Planted: behind major.
        if (full === 'payments-api/staging-1') [iStatus, iMessage] = ['FAILED', 'Deployment failed: health checks failed on target group'];
        if (full === 'analytics-etl/dev-1') [iStatus, iMessage] = ['DELETE_FAILED', 'Stack deletion failed: ENI still in use'];
        if (serviceName === 'search-indexer') [iStatus, iMessage] = ['FAILED', 'ECS task definition rejected'];
        if (full === 'inventory-api/prod-1') [iStatus, attemptedDays] = ['IN_PROGRESS', 3]; // Planted: in progress for 3 days.
        if (full === 'notifications-email/prod-1') {
          // Planted: an access key pair in a spec (AWS's documentation example values).
          spec = instanceSpec(instanceName, env, '      aws_access_key_id: "AKIAIOSFODNN7EXAMPLE"\n      aws_secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"\n');
        }
        if (full === 'media-transcoder/dev-1') env = 'media-dev'; // Planted: worker-queue 1.x supports ecs-cluster 2 only; media-dev runs 1.4.
        const instanceArn = arnOf(region, `service/${serviceName}/service-instance/${instanceName}`);
        const attempted = d.uuid();
        instances.push({
          name: instanceName,
          arn: instanceArn,
          createdAt: d.ago(d.int(100, 240)),
          lastDeploymentAttemptedAt: attemptedDays === 3 ? exactly(3) : d.ago(attemptedDays),
          lastDeploymentSucceededAt: d.ago(attemptedDays + d.int(0, 20)),
          serviceName,
          environmentName: env,
          templateName,
          templateMajorVersion: iMajor,
          templateMinorVersion: iMinor,
          deploymentStatus: iStatus,
          ...(iMessage ? { deploymentStatusMessage: iMessage } : {}),
          spec,
          lastAttemptedDeploymentId: attempted,
          lastSucceededDeploymentId: iStatus === 'SUCCEEDED' ? attempted : d.uuid(),
        });
        const stage = environmentName.slice(environmentName.lastIndexOf('-') + 1);
        const instanceTags: Tags = {
          ...serviceCustomer,
          Environment: stage,
          'aws:proton:account': ACCOUNT_ARN,
          'aws:proton:template': arnOf(region, `service-template/${templateName}`),
          'aws:proton:service': serviceArn,
          'aws:proton:service-instance': instanceArn,
          'aws:proton:environment': arnOf(region, `environment/${env}`),
        };
        if (full === 'search-api/prod-1') delete instanceTags.App; // Planted: missing its service's App tag.
        if (full === 'payments-api/dev-1') instanceTags['proton:environment'] = arnOf(region, `environment/${env}`); // Planted: imitates a Proton tag.
        tags[instanceArn] = instanceTags;
        // Provisioned ECS services of production web instances, tagged by propagation.
        if (templateName === 'fargate-web' && stage === 'prod' && instanceName.endsWith('-1')) {
          tags[`arn:aws:ecs:${region}:${ACCOUNT}:service/${env}-cluster/${serviceName}-${instanceName}`] = {
            Owner: `${team.team}-team`,
            'proton:account': ACCOUNT_ARN,
            'proton:service': serviceArn,
            'proton:service-instance': instanceArn,
            'proton:environment': arnOf(region, `environment/${env}`),
          };
        }
      }
    }
  }

  // Artifact buckets; the legacy one lost its owner.
  for (const bucket of ['acme-proton-pipeline-artifacts-111122223333', 'acme-proton-templates-111122223333']) {
    tags[`arn:aws:s3:::${bucket}`] = { Owner: 'platform-team', CostCenter: 'CC-1000', 'proton:account': ACCOUNT_ARN };
  }
  tags['arn:aws:s3:::proton-artifacts-legacy-111122223333'] = { 'proton:account': ACCOUNT_ARN, 'proton:environment': arnOf(region, 'environment/legacy-sandbox') };

  const components: ComponentRecord[] = [
    ['payments-api-cache', 'payments-prod', 'payments-api', 'prod-1', 'FAILED', 'ElastiCache subnet group not found'],
    ['checkout-web-flags', 'checkout-prod', 'checkout-web', 'prod-1', 'DELETE_FAILED', 'Stack deletion failed: parameter store key is protected'],
    ['search-api-queue', 'search-prod', 'search-api', 'prod-1', 'SUCCEEDED', undefined],
    ['identity-auth-secrets', 'identity-prod', 'identity-auth', 'prod-1', 'SUCCEEDED', undefined],
    ['shared-dns', 'platform-prod', undefined, undefined, 'SUCCEEDED', undefined],
  ].map(([name, environmentName, serviceName, serviceInstanceName, status, message]) => {
    const c: ComponentRecord = {
      name: name as string,
      arn: arnOf(region, `component/${name as string}`),
      description: `Component ${name as string}`,
      environmentName: environmentName as string,
      ...(serviceName ? { serviceName } : {}),
      ...(serviceInstanceName ? { serviceInstanceName } : {}),
      createdAt: d.ago(d.int(60, 200)),
      lastModifiedAt: d.ago(d.int(1, 59)),
      lastDeploymentAttemptedAt: d.ago(d.int(1, 20)),
      lastDeploymentSucceededAt: d.ago(d.int(21, 40)),
      deploymentStatus: status as string,
      ...(message ? { deploymentStatusMessage: message } : {}),
      serviceSpec: 'proton: ComponentSpec\nspec:\n  retention_days: 7\n',
    };
    tags[c.arn as string] = { ...customer('platform-team', 'CC-1000', name as string, 'prod', 'internal'), 'aws:proton:account': ACCOUNT_ARN, 'aws:proton:environment': arnOf(region, `environment/${environmentName as string}`) };
    return c;
  });

  return {
    ...residueUsEast1(envStacks),
    proton: {
      accountSettings: { pipelineServiceRoleArn: roleArn('ProtonPipelineRole') },
      environmentTemplates: build.envTemplates,
      environmentTemplateVersions: build.envVersions,
      serviceTemplates: build.svcTemplates,
      serviceTemplateVersions: build.svcVersions,
      environments,
      services,
      serviceInstances: instances,
      components,
      environmentAccountConnections: connections,
      repositories: [
        { arn: arnOf(region, 'repository/github:acme/proton-templates'), provider: 'GITHUB', name: 'acme/proton-templates', connectionArn: CONNECTION, encryptionKey: KMS_KEY },
        { arn: arnOf(region, 'repository/github_enterprise:acme-platform/service-pipelines'), provider: 'GITHUB_ENTERPRISE', name: 'acme-platform/service-pipelines', connectionArn: CONNECTION },
      ],
    },
    tags,
  };
}

function buildEuWest1(d: Dice): { proton: NonNullable<Estate['accounts'][number]['regions'][number]['proton']>; tags: Record<string, Tags> } {
  const region = 'eu-west-1';
  const build: RegionBuild = { tags: {}, envTemplates: [], envVersions: [], svcTemplates: [], svcVersions: [] };
  const envPlans: TemplatePlan[] = [{ name: 'eu-network', displayName: 'EU network', description: 'VPC for EU workloads', recommendedVersion: '1', encrypted: true, versions: [['1', '0', 'PUBLISHED', 300], ['1', '1', 'PUBLISHED', 120]] }];
  const svcPlans: TemplatePlan[] = [
    { name: 'eu-web', displayName: 'EU web service', description: 'Fargate service for EU customers', recommendedVersion: '1', encrypted: true, pipeline: true, compatible: [['eu-network', '1']], versions: [['1', '0', 'PUBLISHED', 280], ['1', '1', 'PUBLISHED', 100]] },
  ];
  templates(d, region, 'environment', envPlans, KMS_KEY_EU, build);
  templates(d, region, 'service', svcPlans, KMS_KEY_EU, build);
  const tags = build.tags;
  const environments: EnvironmentRecord[] = ['eu-shared', 'eu-prod'].map((name) => {
    const arn = arnOf(region, `environment/${name}`);
    tags[arn] = { ...customer('platform-team', 'CC-1000', name, name === 'eu-prod' ? 'prod' : 'shared', 'confidential'), 'aws:proton:account': ACCOUNT_ARN, 'aws:proton:template': arnOf(region, 'environment-template/eu-network'), 'aws:proton:environment': arn };
    const attempted = d.uuid();
    return {
      name,
      arn,
      description: `EU ${name}`,
      createdAt: d.ago(d.int(200, 280)),
      lastDeploymentAttemptedAt: d.ago(d.int(5, 30)),
      lastDeploymentSucceededAt: d.ago(d.int(5, 30)),
      templateName: 'eu-network',
      templateMajorVersion: '1',
      templateMinorVersion: '1',
      deploymentStatus: 'SUCCEEDED',
      spec: environmentSpec(name),
      // Planted: eu-shared's environment role is also the region's pipeline role.
      protonServiceRoleArn: roleArn(name === 'eu-shared' ? 'ProtonSharedRole' : 'ProtonEnvironmentRole'),
      lastAttemptedDeploymentId: attempted,
      lastSucceededDeploymentId: attempted,
    };
  });
  const services: ServiceRecord[] = [];
  const instances: ServiceInstanceRecord[] = [];
  for (const serviceName of ['eu-checkout', 'eu-catalog']) {
    const serviceArn = arnOf(region, `service/${serviceName}`);
    const serviceCustomer = customer('eu-team', 'CC-2000', serviceName, 'all', 'confidential');
    tags[serviceArn] = { ...serviceCustomer, 'aws:proton:account': ACCOUNT_ARN, 'aws:proton:template': arnOf(region, 'service-template/eu-web'), 'aws:proton:service': serviceArn };
    const attempted = d.uuid();
    services.push({
      name: serviceName,
      arn: serviceArn,
      templateName: 'eu-web',
      createdAt: d.ago(d.int(150, 250)),
      lastModifiedAt: d.ago(d.int(1, 30)),
      status: 'ACTIVE',
      spec: `proton: ServiceSpec\ninstances:\n  - name: "prod-1"\n    environment: "eu-prod"\n`,
      pipeline: {
        arn: arnOf(region, `service/${serviceName}/pipeline`),
        createdAt: d.ago(150),
        lastDeploymentAttemptedAt: d.ago(d.int(2, 20)),
        lastDeploymentSucceededAt: d.ago(d.int(2, 20)),
        templateName: 'eu-web',
        templateMajorVersion: '1',
        templateMinorVersion: '1',
        deploymentStatus: 'SUCCEEDED',
        spec: 'proton: ServiceSpec\npipeline:\n  unit_test_command: "npm test"\n',
        lastAttemptedDeploymentId: attempted,
        lastSucceededDeploymentId: attempted,
      },
      repositoryConnectionArn: CONNECTION,
      repositoryId: `acme/${serviceName}`,
      branchName: 'main',
    });
    for (const [name, env] of [['prod-1', 'eu-prod'], ['prod-2', 'eu-prod'], ['shared-1', 'eu-shared']] as const) {
      const arn = arnOf(region, `service/${serviceName}/service-instance/${name}`);
      tags[arn] = { ...serviceCustomer, Environment: env === 'eu-prod' ? 'prod' : 'shared', 'aws:proton:account': ACCOUNT_ARN, 'aws:proton:service': serviceArn, 'aws:proton:service-instance': arn, 'aws:proton:environment': arnOf(region, `environment/${env}`) };
      const id = d.uuid();
      instances.push({
        name,
        arn,
        createdAt: d.ago(d.int(100, 150)),
        lastDeploymentAttemptedAt: d.ago(d.int(1, 10)),
        lastDeploymentSucceededAt: d.ago(d.int(1, 10)),
        serviceName,
        environmentName: env,
        templateName: 'eu-web',
        templateMajorVersion: '1',
        templateMinorVersion: '1',
        deploymentStatus: 'SUCCEEDED',
        spec: instanceSpec(name, env),
        lastAttemptedDeploymentId: id,
        lastSucceededDeploymentId: id,
      });
    }
  }
  return {
    proton: {
      accountSettings: { pipelineServiceRoleArn: roleArn('ProtonSharedRole') },
      environmentTemplates: build.envTemplates,
      environmentTemplateVersions: build.envVersions,
      serviceTemplates: build.svcTemplates,
      serviceTemplateVersions: build.svcVersions,
      environments,
      services,
      serviceInstances: instances,
      components: [],
      environmentAccountConnections: [],
      repositories: [],
    },
    tags,
  };
}

function quotas(region: string): EstateQuota[] {
  const q = (code: string, name: string, value: number, unit = 'None'): EstateQuota => ({
    ServiceCode: 'proton',
    ServiceName: 'AWS Proton',
    QuotaArn: `arn:aws:servicequotas:${region}:${ACCOUNT}:proton/${code}`,
    QuotaCode: code,
    QuotaName: name,
    Value: value,
    Unit: unit,
    Adjustable: true,
    GlobalQuota: false,
  });
  // Quota codes are placeholders for the demo; collectors match quotas by name.
  return [
    q('L-DE000001', 'Environments per account', 100),
    q('L-DE000002', 'Services per account', 1000),
    q('L-DE000003', 'Service instances per service', 100),
    q('L-DE000004', 'Maximum size of spec file', 200, 'Kilobytes'),
  ];
}

export function buildDemoEstate(): Estate {
  const d = new Dice(20261123);
  const iam = buildIam(d);
  const east = buildUsEast1(d);
  const west = buildEuWest1(d);
  const estate: Estate = {
    estateVersion: 1,
    description:
      'proton-audit demo estate: one account (111122223333) with a large Proton footprint in us-east-1 and a small one in eu-west-1, as of 2026-11-23. ' +
      'Mostly clean; examples/README.md lists every planted problem. Generated by examples/generate-demo-estate.ts.',
    accounts: [
      {
        accountId: ACCOUNT,
        name: 'platform',
        email: 'aws-platform@example.com',
        iam: { RoleDetailList: iam.roles, Policies: iam.policies, UserDetailList: iam.users, GroupDetailList: iam.groups },
        regions: [
          { region: 'us-east-1', proton: east.proton, tags: east.tags, serviceQuotas: quotas('us-east-1'), ...(east.cloudformation ? { cloudformation: east.cloudformation } : {}), ...(east.codebuild ? { codebuild: east.codebuild } : {}) },
          { region: 'eu-west-1', proton: west.proton, tags: west.tags, serviceQuotas: quotas('eu-west-1') },
        ],
      },
    ],
    organization: {
      managementAccountId: ACCOUNT,
      accounts: [
        { Id: ACCOUNT, Name: 'platform', Email: 'aws-platform@example.com', Status: 'ACTIVE', JoinedMethod: 'CREATED', JoinedTimestamp: '2019-03-01T09:00:00Z' },
        { Id: '444455556666', Name: 'workloads-prod', Email: 'aws-workloads-prod@example.com', Status: 'ACTIVE', JoinedMethod: 'CREATED', JoinedTimestamp: '2020-05-12T09:00:00Z' },
        { Id: '555566667777', Name: 'workloads-dev', Email: 'aws-workloads-dev@example.com', Status: 'ACTIVE', JoinedMethod: 'CREATED', JoinedTimestamp: '2020-05-12T09:30:00Z' },
        { Id: '666677778888', Name: 'data-lake', Email: 'aws-data-lake@example.com', Status: 'ACTIVE', JoinedMethod: 'INVITED', JoinedTimestamp: '2021-01-20T09:00:00Z' },
      ],
    },
  };
  // Fails loudly if the generator drifts from the estate format.
  return parseEstate('demo-estate (generated)', estate);
}

export function demoEstateJson(): string {
  return `${JSON.stringify(buildDemoEstate(), null, 1)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2] ?? fileURLToPath(new URL('./demo-estate.json', import.meta.url));
  const text = demoEstateJson();
  writeFileSync(out, text);
  process.stdout.write(`wrote ${out} (${Buffer.byteLength(text)} bytes)\n`);
}
