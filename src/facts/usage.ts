/**
 * Role usage: which Proton resources name each role, and for what. Connections in a management
 * account name roles in environment accounts, so the index spans every account in the snapshot.
 */
import type { AccountSnapshot, LastKnown, RoleDetail, RoleUsage, RoleUse } from '../model/index.ts';
import { ROLE_USES, roleKey, rolesNamedBy } from '../knowledge/roles.ts';
import { daysBetween } from './age.ts';

export interface RoleReference {
  roleArn: string;
  use: RoleUse;
  /** ARN of the Proton resource naming the role. */
  by: string;
  /** The record field that names it, e.g. codebuildRoleArn. */
  field: string;
  /** Set when the naming record is last-known (carried from an earlier snapshot). */
  lastKnown?: LastKnown;
}

/** Every role reference in the snapshot's Proton data. `accountArn` builds the account pseudo-ARN. */
export function roleReferences(accounts: readonly AccountSnapshot[], accountArn: (accountId: string, region: string) => string): RoleReference[] {
  const refs: RoleReference[] = [];
  for (const account of accounts) {
    for (const region of account.regions) {
      const p = region.proton;
      if (!p) continue;
      const acctArn = accountArn(account.accountId, region.region);
      // A carried region's records are last-known: every reference they make says so.
      const lastKnown = region.lastKnown;
      const push = (r: { arn: string; use: RoleUse; field: string }, by: string): void => {
        refs.push({ roleArn: r.arn, use: r.use, by, field: r.field, ...(lastKnown ? { lastKnown } : {}) });
      };
      for (const r of rolesNamedBy('accountSettings', p.accountSettings)) push(r, acctArn);
      for (const e of p.environments) for (const r of rolesNamedBy('environment', e)) push(r, e.arn);
      for (const c of p.environmentAccountConnections) for (const r of rolesNamedBy('environmentAccountConnection', c)) push(r, c.arn);
    }
  }
  return refs;
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

export function roleUsage(role: RoleDetail, index: ReadonlyMap<string, RoleReference[]>, now: Date): RoleUsage {
  const refs = index.get(roleKey(role.Arn) ?? role.Arn) ?? [];
  const uses = ROLE_USES.filter((u) => refs.some((r) => r.use === u));
  const usedBy = [...new Set(refs.map((r) => r.by))].sort();
  const last = role.RoleLastUsed?.LastUsedDate;
  const lastKnown = oldestLastKnown(refs.map((r) => r.lastKnown));
  return {
    uses,
    usedBy,
    ...(lastKnown ? { lastKnown } : {}),
    daysSinceLastUsed: last ? daysBetween(last, now) : null,
    // RoleLastUsed present without a date is IAM saying "not used within the tracking window".
    neverUsed: role.RoleLastUsed !== undefined && !last,
  };
}

/** The earliest of some last-known marks (the stalest data used), or undefined if there is none. */
export function oldestLastKnown(marks: ReadonlyArray<LastKnown | undefined>): LastKnown | undefined {
  let oldest: LastKnown | undefined;
  for (const m of marks) if (m && (!oldest || m.collectedAt < oldest.collectedAt)) oldest = m;
  return oldest;
}
