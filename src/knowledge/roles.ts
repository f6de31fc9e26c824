/**
 * Which Proton fields name an IAM role, and how a role ARN is read. Collection (which roles to
 * fetch), import, facts (role usage) and rules all ask here.
 */
import type { AccountSettings, Environment, EnvironmentAccountConnection, ProtonData, RegionSnapshot, RoleUse } from '../model/index.ts';

/** Every field of a Proton record that names a role, and the use it names the role for. */
export const ROLE_FIELDS = {
  accountSettings: [
    { field: 'pipelineServiceRoleArn', use: 'pipeline' },
    { field: 'pipelineCodebuildRoleArn', use: 'pipelineCodebuild' },
  ],
  environment: [
    { field: 'protonServiceRoleArn', use: 'environment' },
    { field: 'codebuildRoleArn', use: 'environmentCodebuild' },
    { field: 'componentRoleArn', use: 'environmentComponent' },
  ],
  environmentAccountConnection: [
    { field: 'roleArn', use: 'connection' },
    { field: 'codebuildRoleArn', use: 'connectionCodebuild' },
    { field: 'componentRoleArn', use: 'connectionComponent' },
  ],
} as const satisfies {
  accountSettings: ReadonlyArray<{ field: keyof AccountSettings; use: RoleUse }>;
  environment: ReadonlyArray<{ field: keyof Environment; use: RoleUse }>;
  environmentAccountConnection: ReadonlyArray<{ field: keyof EnvironmentAccountConnection; use: RoleUse }>;
};

/** The order uses are listed in (role usage facts, messages). */
export const ROLE_USES: readonly RoleUse[] = [...ROLE_FIELDS.environment, ...ROLE_FIELDS.accountSettings, ...ROLE_FIELDS.environmentAccountConnection].map((f) => f.use);

/** An IAM role ARN: partition, 12-digit account, optional path, name. */
const ROLE_ARN = /^arn:(aws[\w-]*):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;

export function parseRoleArn(arn: unknown): { partition: string; accountId: string; name: string } | undefined {
  if (typeof arn !== 'string') return undefined;
  const m = ROLE_ARN.exec(arn);
  return m ? { partition: m[1] as string, accountId: m[2] as string, name: m[3] as string } : undefined;
}

/** Account id and role name ('111122223333/name'): role names are unique per account whatever the path. */
export function roleKey(arn: unknown): string | undefined {
  const r = parseRoleArn(arn);
  return r ? `${r.accountId}/${r.name}` : undefined;
}

/** The role name (last path segment) of an IAM role ARN. */
export function roleNameOfArn(arn: string): string | undefined {
  return parseRoleArn(arn)?.name;
}

/** Role ARNs a record names through the fields of its kind, with the use and field of each. */
export function rolesNamedBy(kind: keyof typeof ROLE_FIELDS, record: object | undefined): Array<{ arn: string; use: RoleUse; field: string }> {
  if (!record) return [];
  const out: Array<{ arn: string; use: RoleUse; field: string }> = [];
  for (const { field, use } of ROLE_FIELDS[kind]) {
    const arn = (record as Record<string, unknown>)[field];
    if (typeof arn === 'string' && arn !== '') out.push({ arn, use, field });
  }
  return out;
}

/** Every role ARN the Proton data of some regions names, sorted and unique. */
export function rolesNamedByProton(regions: readonly ProtonData[]): string[] {
  const arns = new Set<string>();
  for (const p of regions) {
    for (const r of rolesNamedBy('accountSettings', p.accountSettings)) arns.add(r.arn);
    for (const e of p.environments) for (const r of rolesNamedBy('environment', e)) arns.add(r.arn);
    for (const c of p.environmentAccountConnections) for (const r of rolesNamedBy('environmentAccountConnection', c)) arns.add(r.arn);
  }
  return [...arns].sort();
}

/** IAM puts service-linked roles under this path; they belong to AWS, not to the account. */
export const SERVICE_LINKED_ROLE_PATH = '/aws-service-role/';

export function isServiceLinkedRole(role: { Path?: string | undefined }): boolean {
  return typeof role.Path === 'string' && role.Path.startsWith(SERVICE_LINKED_ROLE_PATH);
}

/**
 * Roles that the infrastructure Proton left behind names: the service role (RoleARN) of each
 * Proton stack and the service role of each AWSProton-* CodeBuild project. Both stay in the
 * account after Proton was retired, so they are found without asking Proton.
 */
export function rolesNamedByResidue(regions: ReadonlyArray<Pick<RegionSnapshot, 'cloudformation' | 'codebuild'>>): string[] {
  const arns = new Set<string>();
  for (const r of regions) {
    for (const s of r.cloudformation?.stacks ?? []) if (s.RoleARN) arns.add(s.RoleARN);
    for (const p of r.codebuild?.projects ?? []) if (p.serviceRole?.startsWith('arn:')) arns.add(p.serviceRole);
  }
  return [...arns].sort();
}
