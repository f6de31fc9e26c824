/**
 * `--org`: Organizations ListAccounts, called with the management account's credentials. Every
 * account is returned; those that are not ACTIVE cannot be assumed and are reported as such by
 * the caller instead of being dropped silently.
 */
import { paginateListAccounts, type Account, type OrganizationsClient } from '@aws-sdk/client-organizations';
import { listAll, type Listed, type Scope } from './call.ts';
import type { AccountTarget } from './targets.ts';

export interface OrgAccount extends AccountTarget {
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE... */
  status: string;
}

export async function listOrganizationAccounts(client: OrganizationsClient, scope: Scope): Promise<Listed<OrgAccount>> {
  const listed = await listAll<{ Accounts?: Account[] }, Account>(
    scope,
    'organizations',
    'ListAccounts',
    () => paginateListAccounts({ client }, { MaxResults: 20 }),
    (page) => page.Accounts,
  );
  const accounts: OrgAccount[] = [];
  for (const a of listed.items) {
    if (!a.Id || !/^\d{12}$/.test(a.Id)) continue;
    // Status is deprecated in favour of State in newer APIs; either may be present.
    const state = (a as { State?: string }).State ?? a.Status ?? 'ACTIVE';
    accounts.push({ accountId: a.Id, status: state, ...(a.Name ? { name: a.Name } : {}) });
  }
  accounts.sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
  return { ...listed, items: accounts };
}
