/**
 * Synthetic estates for benchmarks and scale tests: deterministic from a seed (a different seed
 * is an estate no test has seen), sized by `scale`. At scale 1 an account holds 1 environment,
 * 10 services with 100 instances each (the per-service quota), 5 roles; at 100: 100
 * environments, 1,000 services, 100,000 instances, 500 roles. Problems are planted at fixed
 * rates (failed deployments, outdated versions, missing tags, a secret in a spec, admin roles,
 * trust without conditions, orphaned infrastructure) so the rule pack has findings to make.
 */
import { readFileSync } from 'node:fs';
import type {
  ComponentRecord,
  EnvironmentRecord,
  Estate,
  EstateAccount,
  EstateRegion,
  ManagedPolicyRecord,
  RoleRecord,
  ServiceInstanceRecord,
  ServiceRecord,
  TemplateRecord,
  TemplateVersionRecord,
} from '../src/emulator/estate.ts';

export interface SyntheticOptions {
  scale: number;
  seed: number;
  /** Accounts, each with the full estate; default 1. */
  accounts?: number;
  regions?: string[];
  /** Default 100 (the Proton quota). */
  instancesPerService?: number;
  /** Accounts (by index) that cannot be assumed. */
  unassumable?: number[];
}

/** mulberry32: small, fast, and the same sequence on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AWS_MANAGED: ManagedPolicyRecord[] = (
  JSON.parse(readFileSync(new URL('../examples/demo/aws-managed-policies.json', import.meta.url), 'utf8')) as Array<{ PolicyName: string; Arn: string; Path?: string; Document: Record<string, unknown> }>
).map((p) => ({ PolicyName: p.PolicyName, Arn: p.Arn, Path: p.Path ?? '/', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: p.Document }] }));
const ADMIN: ManagedPolicyRecord = {
  PolicyName: 'AdministratorAccess',
  Arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
  Path: '/',
  PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
};

const QUOTAS = [
  ['L-SYN00001', 'Environments per account', 100, 'None'],
  ['L-SYN00002', 'Services per account', 1000, 'None'],
  ['L-SYN00003', 'Service instances per service', 100, 'None'],
  ['L-SYN00004', 'Maximum size of spec file', 200, 'Kilobytes'],
] as const;

const ENV_TEMPLATES = ['vpc', 'ecs-cluster', 'eks-cluster'];
const SVC_TEMPLATES = ['web', 'worker', 'api', 'batch', 'lambda'];
const ACTIONS = ['s3:GetObject', 's3:PutObject', 'dynamodb:Query', 'sqs:SendMessage', 'logs:PutLogEvents', 'ecr:GetAuthorizationToken', 'iam:PassRole', 'ec2:*', 'cloudformation:*', 'kms:Decrypt'];

export function accountIdOf(index: number): string {
  return String(100000000000 + index * 111111111).padStart(12, '0').slice(0, 12);
}

function iso(base: number, offsetMinutes: number): string {
  return new Date(base + offsetMinutes * 60_000).toISOString().replace(/\.000Z$/, 'Z');
}

export function syntheticEstate(opts: SyntheticOptions): Estate {
  const accounts: EstateAccount[] = [];
  const n = opts.accounts ?? 1;
  for (let i = 0; i < n; i++) accounts.push(syntheticAccount(opts, i));
  return {
    estateVersion: 1,
    description: `synthetic estate: scale ${opts.scale}, seed ${opts.seed}, ${n} account(s)`,
    accounts,
    ...(n > 1 ? { organization: { managementAccountId: accountIdOf(0) } } : {}),
  };
}

function syntheticAccount(opts: SyntheticOptions, index: number): EstateAccount {
  const rnd = prng(opts.seed * 7919 + index * 104729 + 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const chance = (p: number): boolean => rnd() < p;
  const account = accountIdOf(index);
  const base = Date.UTC(2025, 0, 1) + Math.floor(rnd() * 30) * 86_400_000;
  const scale = Math.max(1, Math.round(opts.scale));
  const perService = opts.instancesPerService ?? 100;
  const roleCount = 5 * scale;
  const role = (name: string): string => `arn:aws:iam::${account}:role/${name}`;
  const regions: EstateRegion[] = [];

  // ---- IAM (account-wide)
  const roles: RoleRecord[] = [];
  for (let r = 0; r < roleCount; r++) {
    const conditioned = chance(0.6);
    const admin = chance(0.1);
    roles.push({
      RoleName: `proton-env-role-${r}`,
      CreateDate: iso(base, -r * 60),
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'proton.amazonaws.com' },
            Action: 'sts:AssumeRole',
            ...(conditioned ? { Condition: { StringEquals: { 'aws:SourceAccount': account } } } : {}),
          },
        ],
      },
      RolePolicyList: [
        {
          PolicyName: 'provisioning',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: [pick(ACTIONS), pick(ACTIONS), 'cloudformation:*'], Resource: chance(0.5) ? '*' : `arn:aws:s3:::bucket-${r}/*` }],
          },
        },
      ],
      AttachedManagedPolicies: admin ? [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN.Arn as string }] : [],
      Tags: chance(0.7) ? [{ Key: 'Owner', Value: `team-${r % 7}` }] : [],
      ...(chance(0.8) ? { RoleLastUsed: { LastUsedDate: iso(base, 400 * 24 * 60 + r), Region: 'us-east-1' } } : {}),
    });
  }
  roles.push({
    RoleName: 'proton-pipeline-role',
    CreateDate: iso(base, 0),
    AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'proton.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    RolePolicyList: [],
    AttachedManagedPolicies: [{ PolicyName: 'AWSProtonCodeBuildProvisioningBasicAccess', PolicyArn: 'arn:aws:iam::aws:policy/AWSProtonCodeBuildProvisioningBasicAccess' }],
    Tags: [],
  });

  const regionNames = opts.regions ?? ['us-east-1'];
  for (const region of regionNames) {
    const arn = (rest: string): string => `arn:aws:proton:${region}:${account}:${rest}`;
    const tags: Record<string, Record<string, string>> = {};
    const tag = (resourceArn: string, owner: string): void => {
      if (chance(0.85)) tags[resourceArn] = { Owner: owner, CostCenter: `CC-${Math.floor(rnd() * 9000 + 1000)}` };
    };

    const envTemplates: TemplateRecord[] = [];
    const envVersions: TemplateVersionRecord[] = [];
    for (const name of ENV_TEMPLATES) {
      envTemplates.push({ name, displayName: name, description: `${name} environment`, recommendedVersion: '2', createdAt: iso(base, 1), lastModifiedAt: iso(base, 2) });
      tag(arn(`environment-template/${name}`), 'platform');
      for (const major of ['1', '2']) {
        for (const minor of ['0', '1', '2']) {
          envVersions.push({
            templateName: name,
            majorVersion: major,
            minorVersion: minor,
            status: minor === '2' && major === '2' && chance(0.5) ? 'DRAFT' : 'PUBLISHED',
            ...(minor === '1' ? { recommendedMinorVersion: '1' } : {}),
            createdAt: iso(base, 3),
            lastModifiedAt: iso(base, 4),
            schema: 'schema:\n  format:\n    openapi: "3.0.0"\n  environment_input_type: "Input"\n',
          });
        }
      }
    }
    const svcTemplates: TemplateRecord[] = [];
    const svcVersions: TemplateVersionRecord[] = [];
    for (const name of SVC_TEMPLATES) {
      svcTemplates.push({ name, displayName: name, description: `${name} service`, recommendedVersion: '2', createdAt: iso(base, 1), lastModifiedAt: iso(base, 2), ...(chance(0.5) ? { pipelineProvisioning: 'CUSTOMER_MANAGED' } : {}) });
      tag(arn(`service-template/${name}`), 'platform');
      for (const major of ['1', '2']) {
        for (const minor of ['0', '1', '2']) {
          svcVersions.push({
            templateName: name,
            majorVersion: major,
            minorVersion: minor,
            status: 'PUBLISHED',
            ...(minor === '1' ? { recommendedMinorVersion: '1' } : {}),
            createdAt: iso(base, 3),
            lastModifiedAt: iso(base, 4),
            compatibleEnvironmentTemplates: ENV_TEMPLATES.map((t) => ({ templateName: t, majorVersion: major })),
            supportedComponentSources: chance(0.3) ? ['DIRECTLY_DEFINED'] : [],
            schema: 'schema:\n  format:\n    openapi: "3.0.0"\n  service_input_type: "Input"\n',
          });
        }
      }
    }

    const version = (): { templateMajorVersion: string; templateMinorVersion: string } => ({
      templateMajorVersion: chance(0.2) ? '1' : '2',
      templateMinorVersion: String(Math.floor(rnd() * 2)),
    });
    const deployed = (minute: number) => {
      const failed = chance(0.03);
      return {
        createdAt: iso(base, minute),
        lastDeploymentAttemptedAt: iso(base, minute + 600),
        lastDeploymentSucceededAt: iso(base, failed ? minute + 10 : minute + 600),
        deploymentStatus: failed ? 'FAILED' : 'SUCCEEDED',
        ...(failed ? { deploymentStatusMessage: 'Stack update failed: resource limit exceeded' } : {}),
        lastAttemptedDeploymentId: `d-${Math.floor(rnd() * 1e9).toString(16)}`,
      };
    };

    const envCount = scale;
    const environments: EnvironmentRecord[] = [];
    for (let e = 0; e < envCount; e++) {
      const name = `env-${e}`;
      const secret = e % 50 === 7;
      environments.push({
        name,
        description: `environment ${e}`,
        templateName: pick(ENV_TEMPLATES),
        ...version(),
        ...deployed(e),
        protonServiceRoleArn: role(`proton-env-role-${e % roleCount}`),
        spec: `proton: EnvironmentSpec\nspec:\n  vpc_cidr: "10.${e % 256}.0.0/16"\n${secret ? '  db_password: "hunter2-Synthetic-Secret-9f8e7d"\n' : ''}`,
      });
      tag(arn(`environment/${name}`), `team-${e % 7}`);
      tags[`arn:aws:cloudformation:${region}:${account}:stack/AWSProton-${name}/x${e}`] = { 'proton:environment': arn(`environment/${name}`), 'proton:account': account };
    }
    // Infrastructure whose environment is gone: Proton residue.
    tags[`arn:aws:cloudformation:${region}:${account}:stack/AWSProton-retired/x0`] = { 'proton:environment': arn('environment/retired') };

    const services: ServiceRecord[] = [];
    const instances: ServiceInstanceRecord[] = [];
    for (let s = 0; s < 10 * scale; s++) {
      const name = `svc-${s}`;
      const templateName = SVC_TEMPLATES[s % SVC_TEMPLATES.length] as string;
      const pipeline = s % 2 === 0;
      services.push({
        name,
        description: `service ${s}`,
        templateName,
        createdAt: iso(base, s),
        lastModifiedAt: iso(base, s + 30),
        status: chance(0.02) ? 'UPDATE_FAILED' : 'ACTIVE',
        spec: `proton: ServiceSpec\ninstances: ${perService}\n`,
        ...(pipeline ? { pipeline: { templateName, ...version(), ...deployed(s), spec: 'proton: ServiceSpec\npipeline:\n  unit_test_command: "npm test"\n' } } : {}),
      });
      tag(arn(`service/${name}`), `team-${s % 7}`);
      if (pipeline) tags[`arn:aws:cloudformation:${region}:${account}:stack/AWSProton-${name}-pipeline/p${s}`] = { 'proton:service': arn(`service/${name}`) };
      for (let i = 0; i < perService; i++) {
        const instance = `i${i}`;
        instances.push({
          name: instance,
          serviceName: name,
          environmentName: `env-${Math.floor(rnd() * envCount)}`,
          templateName,
          ...version(),
          ...deployed(s * perService + i),
          spec: `proton: ServiceSpec\nport: ${8000 + (i % 100)}\n`,
        });
        if (chance(0.3)) tag(arn(`service/${name}/service-instance/${instance}`), `team-${s % 7}`);
      }
    }

    const components: ComponentRecord[] = [];
    for (let c = 0; c < 2 * scale; c++) {
      components.push({
        name: `component-${c}`,
        environmentName: `env-${c % envCount}`,
        ...deployed(c),
        lastModifiedAt: iso(base, c + 5),
        serviceSpec: 'proton: ServiceSpec\n',
      });
    }

    regions.push({
      region,
      proton: {
        accountSettings: { pipelineServiceRoleArn: role('proton-pipeline-role') },
        environmentTemplates: envTemplates,
        environmentTemplateVersions: envVersions,
        serviceTemplates: svcTemplates,
        serviceTemplateVersions: svcVersions,
        environments,
        services,
        serviceInstances: instances,
        components,
        repositories: [
          { provider: 'GITHUB', name: `org-${index}/infra`, connectionArn: `arn:aws:codestar-connections:${region}:${account}:connection/c-${index}` },
          { provider: 'GITHUB', name: `org-${index}/pipelines`, connectionArn: `arn:aws:codestar-connections:${region}:${account}:connection/c-${index}`, encryptionKey: `arn:aws:kms:${region}:${account}:key/k-${index}` },
        ],
      },
      tags,
      serviceQuotas: QUOTAS.map(([QuotaCode, QuotaName, Value, Unit]) => ({ ServiceCode: 'proton' as const, QuotaCode, QuotaName, Value, Unit })),
    });
  }

  return {
    accountId: account,
    name: `synthetic-${index}`,
    ...(opts.unassumable?.includes(index) ? { assumable: false } : {}),
    iam: {
      RoleDetailList: roles,
      Policies: [...AWS_MANAGED, ADMIN],
      UserDetailList: [
        { UserName: 'deployer', AttachedManagedPolicies: [{ PolicyName: 'AWSProtonFullAccess', PolicyArn: 'arn:aws:iam::aws:policy/AWSProtonFullAccess' }] },
      ],
    },
    regions,
  };
}

/** Resource counts of one account's estate (for reports). */
export function estateCounts(estate: Estate): { environments: number; services: number; instances: number; roles: number } {
  const out = { environments: 0, services: 0, instances: 0, roles: 0 };
  for (const a of estate.accounts) {
    out.roles += a.iam?.RoleDetailList?.length ?? 0;
    for (const r of a.regions) {
      out.environments += r.proton?.environments?.length ?? 0;
      out.services += r.proton?.services?.length ?? 0;
      out.instances += r.proton?.serviceInstances?.length ?? 0;
    }
  }
  return out;
}
