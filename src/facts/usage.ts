/**
 * Role usage: which Proton resources name each role, and for what. Connections in a management
 * account name roles in environment accounts, so the index spans every account in the snapshot.
 */
import type { AccountSnapshot, RoleDetail, RoleUsage, RoleUse } from '../model/index.ts';
import { daysBetween } from './age.ts';

export interface RoleReference {
  roleArn: string;
  use: RoleUse;
  /** ARN of the Proton resource naming the role. */
  by: string;
}

/** Every role reference in the snapshot's Proton data. `accountArn` builds the account pseudo-ARN. */
export function roleReferences(accounts: readonly AccountSnapshot[], accountArn: (accountId: string, region: string) => string): RoleReference[] {
  const refs: RoleReference[] = [];
  const push = (roleArn: string | undefined, use: RoleUse, by: string): void => {
    if (roleArn) refs.push({ roleArn, use, by });
  };
  for (const account of accounts) {
    for (const region of account.regions) {
      const p = region.proton;
      if (!p) continue;
      const settings = p.accountSettings;
      const acctArn = accountArn(account.accountId, region.region);
      push(settings?.pipelineServiceRoleArn, 'pipeline', acctArn);
      push(settings?.pipelineCodebuildRoleArn, 'pipelineCodebuild', acctArn);
      for (const e of p.environments) {
        push(e.protonServiceRoleArn, 'environment', e.arn);
        push(e.codebuildRoleArn, 'environmentCodebuild', e.arn);
        push(e.componentRoleArn, 'environmentComponent', e.arn);
      }
      for (const c of p.environmentAccountConnections) {
        push(c.roleArn, 'connection', c.arn);
        push(c.codebuildRoleArn, 'connectionCodebuild', c.arn);
        push(c.componentRoleArn, 'connectionComponent', c.arn);
      }
    }
  }
  return refs;
}

/** account id and role name of a role ARN (the path is ignored: names are unique per account). */
export function roleKey(arn: string): string | undefined {
  const m = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? `${m[1]}/${m[2]}` : undefined;
}

export function indexRoleReferences(refs: readonly RoleReference[]): Map<string, RoleReference[]> {
  const index = new Map<string, RoleReference[]>();
  for (const r of refs) {
    const key = roleKey(r.roleArn) ?? r.roleArn;
    const list = index.get(key) ?? [];
    list.push(r);
    index.set(key, list);
  }
  return index;
}

const USE_ORDER: readonly RoleUse[] = [
  'environment', 'environmentCodebuild', 'environmentComponent', 'pipeline', 'pipelineCodebuild',
  'connection', 'connectionCodebuild', 'connectionComponent',
];

export function roleUsage(role: RoleDetail, index: ReadonlyMap<string, RoleReference[]>, now: Date): RoleUsage {
  const refs = index.get(roleKey(role.Arn) ?? role.Arn) ?? [];
  const uses = USE_ORDER.filter((u) => refs.some((r) => r.use === u));
  const usedBy = [...new Set(refs.map((r) => r.by))].sort();
  const last = role.RoleLastUsed?.LastUsedDate;
  return {
    uses,
    usedBy,
    daysSinceLastUsed: last ? daysBetween(last, now) : null,
    // RoleLastUsed present without a date is IAM saying "not used within the tracking window".
    neverUsed: role.RoleLastUsed !== undefined && !last,
  };
}
